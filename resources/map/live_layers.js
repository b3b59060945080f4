/* Control Room live layers: units, captures, the selected unit's track, selection and focus.
 *
 * Python feeds batched diffs through crLive.apply(jsonString); the page never rebuilds.
 * Page -> Python messages go through one QWebChannel object, as JSON strings only.
 * Each diff key has a handler in HANDLERS, applied in ORDER; incidents and tasks plug in
 * the same way (crLive.register).
 */
(function () {
  "use strict";

  // Words and colours come from the vocabulary the page is initialised with
  // (controlroom/vocabulary.py page_vocabulary): one definition for tables, legend and map.
  var STATUS_COLOURS = {};
  var STATUS_WORDS = {};
  var STALE_FILL = "#7b8494";
  var OUTLINE = "#0b1118";

  var CAPTURE_GLYPHS = {
    stop_search: '<circle cx="7" cy="7" r="4.2"/><path d="M10.2 10.2 14 14"/>',
    intelligence: '<path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z"/><circle cx="8" cy="8" r="1.8"/>',
    incident_report: '<path d="M8 2 14.5 13.5h-13z"/><path d="M8 6.5v3.2M8 11.6v.1"/>',
    witness_statement: '<path d="M2 3h12v8H7l-3 2.5V11H2z"/>',
    vehicle_check: '<path d="M2 10.5V8l1.6-3.5h8.8L14 8v2.5z"/><circle cx="4.8" cy="11.5" r="1.1"/><circle cx="11.2" cy="11.5" r="1.1"/>',
    person_check: '<circle cx="8" cy="5" r="2.6"/><path d="M3 14c.4-3 2.4-4.6 5-4.6s4.6 1.6 5 4.6"/>',
    evidence: '<rect x="2" y="4.5" width="12" height="8.5" rx="1.2"/><circle cx="8" cy="8.7" r="2.3"/><path d="M5.5 4.5 6.5 3h3l1 1.5"/>',
    note: '<path d="M3.5 2h6.5l2.5 2.5V14h-9z"/><path d="M5.5 7h5M5.5 9.5h5M5.5 12h3"/>',
  };

  var CAPTURE_KINDS = {}; // code -> {label, colour, svg}

  function takeVocabulary(vocabulary) {
    var v = vocabulary || {};
    Object.keys(v.statuses || {}).forEach(function (code) {
      STATUS_COLOURS[code] = v.statuses[code].colour;
      STATUS_WORDS[code] = v.statuses[code].words.toLowerCase();
    });
    STATUS_COLOURS.emergency = v.emergencyColour || "#ef4444";
    STATUS_WORDS.emergency = "emergency";
    if (v.staleColour) STALE_FILL = v.staleColour;
    Object.keys(v.captureKinds || {}).forEach(function (code) {
      var k = v.captureKinds[code];
      CAPTURE_KINDS[code] = { label: k.words, colour: k.colour,
        svg: CAPTURE_GLYPHS[code] || CAPTURE_GLYPHS.note };
    });
  }

  var ORDER = ["units", "captures", "incidents", "tasks", "track", "select", "focus"];
  var HANDLERS = {};

  var state = {
    map: null,
    options: {},
    unitRenderer: null,
    units: new Map(), // callsign -> {marker, data, styleKey}
    unitLayer: null,
    emergencyLayer: null,
    emergencies: new Map(), // callsign -> DOM marker
    captures: new Map(), // id -> {marker, data}
    captureLayer: null,
    trackLine: null,
    selected: null, // {kind, id}
    selectionRing: null,
    hover: null,
    bridge: null,
    outbox: [],
    ready: false,
    lastApply: null,
  };

  // ---- page -> Python --------------------------------------------------------------------

  function post(message) {
    var text = JSON.stringify(message);
    if (state.bridge) state.bridge.post(text);
    else state.outbox.push(text);
  }

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || !window.qt || !qt.webChannelTransport) return;
    new QWebChannel(qt.webChannelTransport, function (channel) {
      state.bridge = channel.objects.crBridge;
      state.outbox.splice(0).forEach(function (text) { state.bridge.post(text); });
      post({ type: "ready" });
    });
  }

  // ---- helpers ---------------------------------------------------------------------------

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function isEmergency(u) { return u.status === "emergency" || u.emergency === true; }

  function unitStyle(u) {
    var colour = STATUS_COLOURS[u.status] || "#94a3b8";
    if (isEmergency(u))
      return { radius: 7, fillColor: STATUS_COLOURS.emergency, color: "#fff", weight: 2,
        fillOpacity: 1, opacity: 1 };
    if (u.stale)
      return { radius: 4.5, fillColor: STALE_FILL, color: colour, weight: 1.5,
        fillOpacity: 0.75, opacity: 0.5 };
    if (u.status === "off_duty")
      return { radius: 3.5, fillColor: colour, color: OUTLINE, weight: 1,
        fillOpacity: 0.85, opacity: 0.9 };
    return { radius: 5.5, fillColor: colour, color: OUTLINE, weight: 1.5,
      fillOpacity: 0.95, opacity: 1 };
  }

  function styleKey(u) {
    return u.status + "|" + (u.stale ? 1 : 0) + "|" + (isEmergency(u) ? 1 : 0);
  }

  /* The units canvas draws every marker of one style as a single path: one fill and one
   * stroke per style instead of per marker (Leaflet's default), which keeps 5,000 moving
   * units within a frame. Hit testing and events stay Leaflet's own. */
  var UnitCanvas = L.Canvas.extend({
    _draw: function () {
      var bounds = this._redrawBounds, ctx = this._ctx, groups = {}, keys = [];
      ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      this._drawing = true;
      for (var order = this._drawFirst; order; order = order.next) {
        var layer = order.layer;
        if (bounds && !(layer._pxBounds && layer._pxBounds.intersects(bounds))) continue;
        var key = layer._crKey;
        if (key === undefined) { layer._updatePath(); continue; }
        var group = groups[key];
        if (!group) { group = groups[key] = []; keys.push(key); }
        group.push(layer);
      }
      keys.sort(function (a, b) { return drawRank(a) - drawRank(b); });
      for (var k = 0; k < keys.length; k++) {
        var members = groups[keys[k]];
        ctx.beginPath();
        for (var i = 0; i < members.length; i++) {
          var p = members[i]._point, r = Math.max(Math.round(members[i]._radius), 1);
          ctx.moveTo(p.x + r, p.y);
          ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
        }
        this._fillStroke(ctx, members[0]);
      }
      this._drawing = false;
      ctx.restore();
    },
  });

  /* Stale and off-duty units underneath, emergencies on top. */
  function drawRank(key) {
    if (key.indexOf("|1|0") > 0) return 0; // stale
    if (key.indexOf("off_duty") === 0) return 1;
    if (key.slice(-1) === "1") return 3; // emergency
    return 2;
  }

  /* Synchronous redraw of the units canvas, limited to its visible extent, so the time spent
   * drawing is counted in the batch rather than hidden in the next animation frame. */
  function redrawUnits() {
    var r = state.unitRenderer;
    if (!r._map || !r._bounds) return;
    if (r._redrawRequest) { L.Util.cancelAnimFrame(r._redrawRequest); r._redrawRequest = null; }
    r._redrawBounds = L.bounds(r._bounds.min, r._bounds.max);
    r._redraw();
  }

  // ---- units -----------------------------------------------------------------------------

  function unitTooltip(u) {
    return "<b>" + escapeHtml(u.callsign) + "</b> " + escapeHtml(STATUS_WORDS[u.status] || (u.status || "").replace(/_/g, " ")) +
      (u.stale ? ' <span class="cr-stale">stale</span>' : "");
  }

  function createUnit(u) {
    var marker = L.circleMarker([u.lat, u.lon], L.extend(
      { renderer: state.unitRenderer, bubblingMouseEvents: false, interactive: true,
        fillRule: "nonzero" }, unitStyle(u)));
    marker.callsign = u.callsign;
    marker._crKey = styleKey(u);
    return { marker: marker, data: u, styleKey: marker._crKey };
  }

  function updateEmergency(u) {
    var existing = state.emergencies.get(u.callsign);
    if (!isEmergency(u)) {
      if (existing) { state.emergencyLayer.removeLayer(existing); state.emergencies.delete(u.callsign); }
      return;
    }
    if (existing) { existing.setLatLng([u.lat, u.lon]); return; }
    var icon = L.divIcon({ className: "cr-emergency", iconSize: [44, 44],
      html: '<div class="cr-emergency-pulse"></div><div class="cr-emergency-dot"></div>' +
        '<div class="cr-emergency-label">' +
        escapeHtml(u.callsign) + "</div>" });
    var m = L.marker([u.lat, u.lon], { icon: icon, interactive: false, keyboard: false,
      pane: "crEmergency" });
    state.emergencies.set(u.callsign, m);
    state.emergencyLayer.addLayer(m);
  }

  /* Leaflet's CircleMarker._project for many markers at once: the same Spherical Mercator
   * arithmetic with the zoom and pixel origin looked up once per batch and no allocation per
   * marker, which matters at 5,000 markers a second. */
  var projector = {
    begin: function (map) {
      var proj = L.Projection.SphericalMercator;
      this.R = proj.R;
      this.max = proj.MAX_LATITUDE;
      this.scale = map.options.crs.scale(map.getZoom());
      this.origin = map.getPixelOrigin();
    },
    place: function (m) {
      var d = Math.PI / 180, ll = m._latlng;
      var lat = Math.max(Math.min(this.max, ll.lat), -this.max), sin = Math.sin(lat * d);
      var x = this.R * ll.lng * d, y = (this.R * Math.log((1 + sin) / (1 - sin))) / 2;
      var k = 0.5 / (Math.PI * this.R);
      var px = Math.round(this.scale * (k * x + 0.5)) - this.origin.x;
      var py = Math.round(this.scale * (-k * y + 0.5)) - this.origin.y;
      var p = m._point, b = m._pxBounds, w = m._radius + m._clickTolerance();
      if (!p || !b) { m._project(); return; }
      p.x = px; p.y = py;
      b.min.x = px - w; b.min.y = py - w; b.max.x = px + w; b.max.y = py + w;
    },
  };

  HANDLERS.units = function (diff) {
    var removed = 0, moved = 0, created = 0, restyled = 0, fresh = [];
    (diff.remove || []).forEach(function (cs) {
      var entry = state.units.get(cs);
      if (!entry) return;
      state.unitLayer.removeLayer(entry.marker);
      state.units.delete(cs);
      updateEmergency({ callsign: cs });
      removed++;
    });
    var upserts = diff.upsert || [];
    projector.begin(state.map);
    var moves = diff.moves || []; // [callsign, lat, lon, heading, ...]: plain moves, no objects
    for (var k = 0; k + 3 < moves.length; k += 4) {
      var known = state.units.get(moves[k]);
      if (!known) { upserts.push({ callsign: moves[k], lat: moves[k + 1], lon: moves[k + 2] }); continue; }
      var mm = known.marker, mll = mm._latlng;
      if (moves[k + 3] != null) known.data.heading_deg = moves[k + 3];
      if (mll.lat === moves[k + 1] && mll.lng === moves[k + 2]) continue;
      known.data.lat = mll.lat = moves[k + 1];
      known.data.lon = mll.lng = moves[k + 2];
      if (mm._map) projector.place(mm);
      if (state.emergencies.has(moves[k])) updateEmergency(known.data);
      moved++;
    }
    for (var i = 0; i < upserts.length; i++) {
      var patch = upserts[i];
      var entry = state.units.get(patch.callsign);
      if (!entry) {
        if (patch.lat == null || patch.lon == null) continue;
        entry = createUnit(L.extend({ status: "available", stale: false }, patch));
        state.units.set(patch.callsign, entry);
        fresh.push(entry.marker);
        updateEmergency(entry.data);
        created++;
        continue;
      }
      var u = entry.data, m = entry.marker, ll = m._latlng;
      var lat = patch.lat != null ? patch.lat : ll.lat;
      var lon = patch.lon != null ? patch.lon : ll.lng;
      if (lat !== ll.lat || lon !== ll.lng) {
        u.lat = lat; u.lon = lon;
        ll.lat = lat; ll.lng = lon; // in place: no allocation per unit per batch
        if (m._map) projector.place(m); // drawn in one pass by redrawUnits
        moved++;
      }
      if (patch.heading_deg != null) u.heading_deg = patch.heading_deg;
      var restyle = patch.status !== undefined || patch.stale !== undefined ||
        patch.emergency !== undefined;
      if (restyle) {
        L.extend(u, patch);
        var key = styleKey(u);
        if (key !== entry.styleKey) {
          var style = unitStyle(u);
          L.extend(m.options, style);
          m._radius = style.radius;
          if (m._map) m._project();
          entry.styleKey = m._crKey = key;
          restyled++;
        }
      }
      if (restyle || state.emergencies.has(u.callsign)) updateEmergency(u);
    }
    for (var j = 0; j < fresh.length; j++) state.unitLayer.addLayer(fresh[j]);
    var t = performance.now();
    redrawUnits();
    return { units: state.units.size, drawMs: performance.now() - t, created: created,
      moved: moved, restyled: restyled, removed: removed };
  };

  function onUnitClick(e) {
    var cs = e.layer && e.layer.callsign;
    if (!cs) return;
    post({ type: "unit_clicked", callsign: cs });
  }

  function onUnitHover(e) {
    var entry = state.units.get(e.layer.callsign);
    if (!entry) return;
    state.hover.setLatLng(e.layer.getLatLng()).setContent(unitTooltip(entry.data));
    state.map.openTooltip(state.hover);
  }

  // ---- captures --------------------------------------------------------------------------

  function captureIcon(kind) {
    var k = CAPTURE_KINDS[kind] || CAPTURE_KINDS.note;
    return L.divIcon({
      className: "cr-capture cr-capture-" + (CAPTURE_KINDS[kind] ? kind : "note"),
      iconSize: [22, 22], iconAnchor: [11, 11],
      html: '<svg viewBox="0 0 16 16" width="14" height="14" style="stroke:' + k.colour + '">' +
        k.svg + "</svg>",
    });
  }

  function captureTooltip(c) {
    var k = CAPTURE_KINDS[c.kind] || CAPTURE_KINDS.note;
    var at = c.time || ""; // local time, formatted by the app (controlroom/localtime.py)
    return '<div class="cr-capture-tip"><b style="color:' + k.colour + '">' + escapeHtml(k.label) +
      "</b> · " + escapeHtml(c.callsign) + " · " + escapeHtml(at) +
      (c.summary ? "<br>" + escapeHtml(c.summary) : "") + "</div>";
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 26 : n < 100 ? 30 : 36;
    return L.divIcon({ className: "cr-cluster", iconSize: [size, size],
      html: "<span>" + n + "</span>" });
  }

  HANDLERS.captures = function (diff) {
    var gone = [], fresh = [];
    (diff.remove || []).forEach(function (id) {
      var entry = state.captures.get(id);
      if (!entry) return;
      gone.push(entry.marker);
      state.captures.delete(id);
    });
    (diff.upsert || []).forEach(function (patch) {
      var entry = state.captures.get(patch.id);
      if (entry) {
        var c = L.extend(entry.data, patch);
        var moved = patch.lat != null && (entry.marker.getLatLng().lat !== c.lat ||
          entry.marker.getLatLng().lng !== c.lon);
        if (moved) { gone.push(entry.marker); }
        entry.marker.setIcon(captureIcon(c.kind));
        entry.marker.setTooltipContent(captureTooltip(c));
        if (moved) {
          entry.marker = makeCaptureMarker(c);
          fresh.push(entry.marker);
        }
        return;
      }
      if (patch.lat == null || patch.lon == null) return;
      entry = { data: L.extend({}, patch) };
      entry.marker = makeCaptureMarker(entry.data);
      state.captures.set(patch.id, entry);
      fresh.push(entry.marker);
    });
    if (gone.length) state.captureLayer.removeLayers(gone);
    if (fresh.length) state.captureLayer.addLayers(fresh);
    return { captures: state.captures.size };
  };

  function makeCaptureMarker(c) {
    var m = L.marker([c.lat, c.lon], { icon: captureIcon(c.kind), keyboard: false,
      bubblingMouseEvents: false });
    m.captureId = c.id;
    m.bindTooltip(captureTooltip(c), { direction: "top", offset: [0, -10], className: "cr-tip" });
    m.on("click", function () { post({ type: "capture_clicked", id: c.id }); });
    return m;
  }

  // ---- track, selection, focus -----------------------------------------------------------

  HANDLERS.track = function (track) {
    if (!track || !track.points || !track.points.length) {
      state.trackLine.setLatLngs([]);
      state.trackCasing.setLatLngs([]);
      return { track: 0 };
    }
    state.trackLine.setLatLngs(track.points);
    state.trackCasing.setLatLngs(track.points);
    state.trackLine.callsign = track.callsign;
    return { track: track.points.length };
  };

  function selectedLatLng() {
    var s = state.selected;
    if (!s) return null;
    var entry = s.kind === "unit" ? state.units.get(s.id) : state.captures.get(s.id);
    return entry ? entry.marker.getLatLng() : null;
  }

  function updateSelectionRing() {
    var ll = selectedLatLng();
    if (!ll) { state.selectionRing.remove(); return; }
    state.selectionRing.setLatLng(ll);
    state.selectionRing.setRadius(state.selected.kind === "unit" ? 11 : 16);
    if (!state.selectionRing._map) state.selectionRing.addTo(state.map);
  }

  HANDLERS.select = function (sel) {
    state.selected = sel && sel.id != null ? { kind: sel.kind, id: sel.id } : null;
    return { selected: state.selected ? state.selected.id : null };
  };

  HANDLERS.focus = function (f) {
    if (!f || f.lat == null || f.lon == null) return {};
    state.map.setView([f.lat, f.lon], f.zoom != null ? f.zoom : state.map.getZoom(),
      { animate: false });
    return {};
  };

  // ---- public API ------------------------------------------------------------------------

  function apply(json) {
    var t0 = performance.now();
    var diff = typeof json === "string" ? JSON.parse(json) : json;
    var out = { parseMs: performance.now() - t0 };
    var keys = ORDER.concat(Object.keys(diff).filter(function (k) { return ORDER.indexOf(k) < 0; }));
    keys.forEach(function (key) {
      if (!(key in diff) || !HANDLERS[key]) return;
      try {
        L.extend(out, HANDLERS[key](diff[key]) || {});
      } catch (e) { // one bad part must not stop the rest of the batch
        (out.errors = out.errors || []).push(key + ": " + String(e && e.stack || e));
      }
    });
    updateSelectionRing();
    out.ms = performance.now() - t0;
    state.lastApply = out;
    return JSON.stringify(out);
  }

  /* Read-only view of the page state, for tests and diagnostics. */
  function query(json) {
    var q = typeof json === "string" ? JSON.parse(json) : json;
    if (q.unit != null) {
      var entry = state.units.get(q.unit);
      if (!entry) return JSON.stringify(null);
      var ll = entry.marker.getLatLng(), o = entry.marker.options;
      return JSON.stringify({ callsign: q.unit, lat: ll.lat, lon: ll.lng, status: entry.data.status,
        stale: !!entry.data.stale, emergency: isEmergency(entry.data), fillColor: o.fillColor,
        radius: o.radius, onMap: !!entry.marker._map });
    }
    if (q.capture != null) {
      var c = state.captures.get(q.capture);
      if (!c) return JSON.stringify(null);
      var cl = c.marker.getLatLng();
      return JSON.stringify({ id: q.capture, lat: cl.lat, lon: cl.lng, kind: c.data.kind });
    }
    var center = state.map.getCenter();
    return JSON.stringify({ units: state.units.size, captures: state.captures.size,
      track: state.trackLine.getLatLngs().length, selected: state.selected,
      emergencies: state.emergencies.size, zoom: state.map.getZoom(),
      center: [center.lat, center.lng], lastApply: state.lastApply });
  }

  function addLegend(map) {
    var legend = L.control({ position: "topright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "cr-legend");
      var order = (state.options.vocabulary || {}).statusOrder || Object.keys(STATUS_WORDS);
      var rows = order.concat(["emergency"]).map(function (s) {
        return '<div><i style="background:' + STATUS_COLOURS[s] + '"></i>' +
          STATUS_WORDS[s] + "</div>";
      });
      rows.push('<div><i style="background:' + STALE_FILL + '"></i>stale</div>');
      rows.push('<div><i class="sq"></i>captures</div>');
      div.innerHTML = '<div class="cr-legend-title">Units</div>' + rows.join("");
      return div;
    };
    legend.addTo(map);
    return legend;
  }

  function init(map, options) {
    state.map = map;
    state.options = options || {};
    takeVocabulary(state.options.vocabulary);
    if (map.attributionControl) map.attributionControl.setPrefix(false); // no web links offline
    map.createPane("crUnits").style.zIndex = 440;
    map.createPane("crTrack").style.zIndex = 450; // the selected unit's trail, over other units
    map.createPane("crSelection").style.zIndex = 630;
    map.createPane("crEmergency").style.zIndex = 640;

    state.trackCasing = L.polyline([], { pane: "crTrack", color: "#0b1118", weight: 6,
      opacity: 0.7, lineJoin: "round", interactive: false }).addTo(map);
    state.trackLine = L.polyline([], { pane: "crTrack", color: "#7dd3fc", weight: 2.5,
      opacity: 0.95, lineJoin: "round", interactive: false }).addTo(map);

    state.unitRenderer = new UnitCanvas({ pane: "crUnits", padding: 0.1, tolerance: 3 });
    state.unitLayer = L.featureGroup().addTo(map);
    state.unitLayer.on("click", onUnitClick);
    state.unitLayer.on("mouseover", onUnitHover);
    state.unitLayer.on("mouseout", function () { state.map.closeTooltip(state.hover); });
    state.hover = L.tooltip({ direction: "top", offset: [0, -6], className: "cr-tip" });

    state.captureLayer = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 48,
      spiderfyOnMaxZoom: true, chunkedLoading: true, iconCreateFunction: clusterIcon,
      spiderLegPolylineOptions: { weight: 1.2, color: "#94a3b8", opacity: 0.6 } }).addTo(map);

    state.emergencyLayer = L.layerGroup().addTo(map);
    state.selectionRing = L.circleMarker([0, 0], { pane: "crSelection", radius: 11, weight: 2.5,
      color: "#f8fafc", fill: false, interactive: false, dashArray: null });

    map.on("click", function (e) { post({ type: "map_clicked", lat: e.latlng.lat, lon: e.latlng.lng }); });
    if (state.options.legend !== false) addLegend(map);
    state.ready = true;
    connectBridge();
  }

  window.crLive = {
    init: init,
    apply: apply,
    query: query,
    register: function (key, handler) { HANDLERS[key] = handler; if (ORDER.indexOf(key) < 0) ORDER.push(key); },
    unitMarker: function (cs) { var e = state.units.get(cs); return e ? e.marker : null; },
    captureMarker: function (id) { var e = state.captures.get(id); return e ? e.marker : null; },
    statusColours: STATUS_COLOURS,
    captureKinds: CAPTURE_KINDS,
    vocabulary: function () { return state.options.vocabulary || {}; },
    map: function () { return state.map; },
    post: post,
    escapeHtml: escapeHtml,
  };

  /* Python calls go through here so that whatever happens, a JSON string comes back. */
  window.crCall = function (name, arg) {
    try {
      var result = window.crLive[name](arg);
      return typeof result === "string" ? result : JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      return JSON.stringify({ error: String(e && e.stack || e) });
    }
  };
})();
