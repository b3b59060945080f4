/* Control Room intelligence layers: an area drawn on the map for a search, the captures a search
 * found, and where an entity was seen. They plug into crLive.apply as the diff keys "area",
 * "found" and "seen"; crLive.drawArea() starts drawing (drag a rectangle; Esc cancels) and the
 * page posts {type: "area_drawn", bbox: [W, S, E, N]} when the button is let go.
 *
 *   area:  [W, S, E, N] | null                            (the searched area, dashed)
 *   found: {points: [{id, lat, lon, label}], selected, fit} | null
 *   seen:  {points: [{id, lat, lon, label}], selected, fit} | null
 */
(function () {
  "use strict";

  var AREA_STYLE = { pane: "crIntel", color: "#f5b342", weight: 2, dashArray: "6 4",
    fillColor: "#f5b342", fillOpacity: 0.06, interactive: false };
  var PIN_COLOURS = { found: "#f5b342", seen: "#2dd4bf" };
  var layers = null;
  var shownSets = {}; // layer -> the ids it last showed: a new set is fitted into view, once
  var drawing = null; // {start: LatLng | null, rect: L.Rectangle | null}

  function setup() {
    if (layers) return layers;
    var map = crLive.map();
    map.createPane("crIntel").style.zIndex = 620;
    layers = { area: L.layerGroup().addTo(map), found: L.layerGroup().addTo(map),
      seen: L.layerGroup().addTo(map) };
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") stopDrawing(); });
    return layers;
  }

  function showArea(b) {
    var group = setup().area;
    group.clearLayers();
    if (!b || b.length !== 4) return { area: null };
    L.rectangle([[b[1], b[0]], [b[3], b[2]]], AREA_STYLE).addTo(group);
    return { area: b };
  }

  function stopDrawing() {
    if (!drawing) return;
    var map = crLive.map();
    map.off("mousedown", onDown).off("mousemove", onMove).off("mouseup", onUp);
    map.dragging.enable();
    map.getContainer().style.cursor = "";
    if (drawing.rect && !drawing.done) layers.area.removeLayer(drawing.rect);
    drawing = null;
  }

  function onDown(e) {
    setup().area.clearLayers();
    drawing.start = e.latlng;
    drawing.rect = L.rectangle(L.latLngBounds(e.latlng, e.latlng), AREA_STYLE).addTo(layers.area);
  }

  function onMove(e) {
    if (drawing && drawing.start) drawing.rect.setBounds(L.latLngBounds(drawing.start, e.latlng));
  }

  function onUp(e) {
    if (!drawing || !drawing.start) return;
    var b = L.latLngBounds(drawing.start, e.latlng);
    drawing.done = true;
    stopDrawing();
    if (b.getEast() - b.getWest() < 1e-6 || b.getNorth() - b.getSouth() < 1e-6) {
      layers.area.clearLayers(); // a click, not an area
      crLive.post({ type: "area_drawn", bbox: null });
      return;
    }
    crLive.post({ type: "area_drawn", bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
  }

  crLive.drawArea = function () {
    var map = crLive.map();
    setup();
    stopDrawing();
    drawing = { start: null, rect: null };
    map.dragging.disable();
    map.getContainer().style.cursor = "crosshair";
    map.on("mousedown", onDown).on("mousemove", onMove).on("mouseup", onUp);
    return { drawing: true };
  };

  function pinLayer(key) {
    return function (spec) {
      var group = setup()[key];
      group.clearLayers();
      if (!spec || !spec.points) return {};
      var colour = PIN_COLOURS[key], chosen = null, bounds = [];
      spec.points.forEach(function (p) {
        if (p.lat == null || p.lon == null) return;
        var selected = p.id === spec.selected;
        var pin = L.circleMarker([p.lat, p.lon], { pane: "crIntel", radius: selected ? 9 : 6,
          weight: selected ? 3 : 1.5, color: selected ? "#f8fafc" : "#0b1118",
          fillColor: colour, fillOpacity: 0.9 }).addTo(group);
        pin.bindTooltip(crLive.escapeHtml(p.label || ""), { direction: "top", className: "cr-tip" });
        pin.on("click", function () { crLive.post({ type: "capture_clicked", id: p.id }); });
        bounds.push([p.lat, p.lon]);
        if (selected) chosen = [p.lat, p.lon];
      });
      var map = crLive.map();
      var set = spec.points.map(function (p) { return p.id; }).join(",");
      if (spec.fit && bounds.length && shownSets[key] !== set) {
        var fitted = L.latLngBounds(bounds);
        if (key === "found") { // the area searched stays in sight with what it found
          layers.area.eachLayer(function (a) { fitted.extend(a.getBounds()); });
        }
        map.fitBounds(fitted, { padding: [30, 30], maxZoom: 16 });
      } else if (chosen && !map.getBounds().pad(-0.1).contains(chosen)) {
        map.panTo(chosen); // the one chosen comes into view; the rest stay where they are
      }
      shownSets[key] = set;
      var out = {};
      out[key] = group.getLayers().length;
      return out;
    };
  }

  crLive.register("area", showArea);
  crLive.register("found", pinLayer("found"));
  crLive.register("seen", pinLayer("seen"));

  crLive.intelState = function () {
    setup();
    var area = layers.area.getLayers()[0];
    var b = area ? area.getBounds() : null;
    return { drawing: !!drawing, found: layers.found.getLayers().length,
      seen: layers.seen.getLayers().length,
      area: b ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] : null };
  };
})();
