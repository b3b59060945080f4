/* Control Room geography layers: the place a search found, and the routes of assigned units
 * with their ETA. They plug into crLive.apply as the diff keys "place" and "routes".
 *
 *   place:  {label, kind, lat, lon, zoom} | null   (a pin with its name; the map flies there)
 *   routes: {upsert: [{id, callsign, state, eta_s, distance_m, path: [[lat, lon], ...]}],
 *            remove: [id]}                         (one line per task, ETA at the unit's end)
 */
(function () {
  "use strict";

  var STATE_COLOURS = { sent: "#38bdf8", acknowledged: "#38bdf8", en_route: "#facc15" };
  var routes = new Map(); // task id -> {line, label, data}
  var layers = null;

  function setup() {
    if (layers) return layers;
    var map = crLive.map();
    map.createPane("crRoutes").style.zIndex = 430;
    map.createPane("crPlace").style.zIndex = 640;
    layers = { routes: L.layerGroup().addTo(map), place: L.layerGroup().addTo(map) };
    return layers;
  }

  function etaText(seconds) {
    if (seconds == null) return "";
    if (seconds < 60) return "<1 min";
    return Math.round(seconds / 60) + " min";
  }

  function labelIcon(r) {
    return L.divIcon({ className: "", iconSize: null, html:
      '<div class="cr-eta cr-route-eta">' + crLive.escapeHtml(r.callsign) + " · " +
      etaText(r.eta_s) + "</div>" });
  }

  crLive.register("routes", function (diff) {
    var group = setup().routes;
    (diff.remove || []).forEach(function (id) {
      var entry = routes.get(id);
      if (entry) { group.removeLayer(entry.line); group.removeLayer(entry.label); routes.delete(id); }
    });
    (diff.upsert || []).forEach(function (r) {
      if (!r.path || r.path.length < 2) return;
      var colour = STATE_COLOURS[r.state] || "#facc15";
      var entry = routes.get(r.id);
      if (!entry) {
        entry = {
          line: L.polyline(r.path, { pane: "crRoutes", interactive: false, weight: 4,
            opacity: 0.85, color: colour, lineCap: "round" }).addTo(group),
          label: L.marker(r.path[0], { pane: "crRoutes", interactive: false, keyboard: false,
            icon: labelIcon(r) }).addTo(group),
        };
        routes.set(r.id, entry);
      } else {
        entry.line.setLatLngs(r.path);
        entry.line.setStyle({ color: colour });
        entry.label.setLatLng(r.path[0]);
        entry.label.setIcon(labelIcon(r));
      }
      entry.data = r;
    });
    return { routes: routes.size };
  });

  crLive.register("place", function (p) {
    var group = setup().place;
    group.clearLayers();
    if (!p || p.lat == null || p.lon == null) return { place: null };
    L.marker([p.lat, p.lon], { pane: "crPlace", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "", iconSize: [0, 0], html:
        '<div class="cr-place-pin"></div><div class="cr-place-label">' +
        crLive.escapeHtml(p.label || "") + "</div>" }) }).addTo(group);
    crLive.map().flyTo([p.lat, p.lon], p.zoom || 16, { duration: 0.8 });
    return { place: p.label || "" };
  });

  crLive.geoState = function () {
    var out = [];
    routes.forEach(function (e, id) {
      out.push({ id: id, callsign: e.data.callsign, points: e.line.getLatLngs().length,
        eta_s: e.data.eta_s });
    });
    return { routes: out, place: layers ? layers.place.getLayers().length : 0 };
  };
})();
