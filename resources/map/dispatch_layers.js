/* Control Room dispatch layers: incidents by grade, recommended units with their ETA, and the
 * emergency the map flies to. They plug into crLive.apply as the diff keys "incidents",
 * "candidates" and "alarm".
 *
 *   incidents:  {upsert: [{id, summary, grade, lat, lon, overdue, age_min}], remove: [id]}
 *   candidates: {lat, lon, units: [{callsign, lat, lon, eta_s, distance_m}]} | null
 *   alarm:      {callsign, lat, lon, zoom?} | null   (the map flies to the officer)
 */
(function () {
  "use strict";

  var GRADE = null; // code -> {colour, letter}, from the page's vocabulary

  function grades() {
    if (GRADE) return GRADE;
    var given = crLive.vocabulary().grades || {};
    GRADE = {};
    Object.keys(given).forEach(function (code) {
      GRADE[code] = { colour: given[code].colour, letter: given[code].short };
    });
    return GRADE;
  }
  var incidents = new Map(); // id -> {marker, data}
  var layers = null;

  function setup() {
    if (layers) return layers;
    var map = crLive.map();
    map.createPane("crIncidents").style.zIndex = 620;
    map.createPane("crCandidates").style.zIndex = 435;
    layers = {
      incidents: L.layerGroup().addTo(map),
      candidates: L.layerGroup().addTo(map),
      alarm: L.layerGroup().addTo(map),
    };
    return layers;
  }

  function incidentIcon(inc) {
    var g = grades()[inc.grade] || grades().resolution;
    var cls = "cr-incident" + (inc.overdue ? " cr-incident-overdue" : "") +
      (inc.selected ? " cr-incident-selected" : "");
    return L.divIcon({
      className: "", iconSize: [22, 22], iconAnchor: [11, 11],
      html: '<div class="' + cls + '" style="--grade:' + g.colour + '">' + g.letter + "</div>",
    });
  }

  function tooltip(inc) {
    var g = grades()[inc.grade] ? inc.grade : "resolution";
    return "<b>" + crLive.escapeHtml(g) + "</b> · " + crLive.escapeHtml(inc.summary || "") +
      (inc.age_min != null ? "<br>" + inc.age_min + " min" + (inc.overdue ? " — OVERDUE" : "") : "");
  }

  crLive.register("incidents", function (diff) {
    var group = setup().incidents;
    (diff.remove || []).forEach(function (id) {
      var entry = incidents.get(id);
      if (entry) { group.removeLayer(entry.marker); incidents.delete(id); }
    });
    (diff.upsert || []).forEach(function (inc) {
      var entry = incidents.get(inc.id);
      if (!entry) {
        var marker = L.marker([inc.lat, inc.lon], { pane: "crIncidents", icon: incidentIcon(inc),
          keyboard: false });
        marker.on("click", function (e) {
          L.DomEvent.stopPropagation(e);
          crLive.post({ type: "incident_clicked", id: inc.id });
        });
        marker.bindTooltip(tooltip(inc), { direction: "top", offset: [0, -10], className: "cr-tip" });
        group.addLayer(marker);
        incidents.set(inc.id, { marker: marker, data: inc });
        return;
      }
      entry.data = inc;
      entry.marker.setLatLng([inc.lat, inc.lon]);
      entry.marker.setIcon(incidentIcon(inc));
      entry.marker.setTooltipContent(tooltip(inc));
    });
    return { incidents: incidents.size };
  });

  function etaText(seconds) {
    if (seconds < 60) return "<1 min";
    return Math.round(seconds / 60) + " min";
  }

  crLive.register("candidates", function (c) {
    var group = setup().candidates;
    group.clearLayers();
    if (!c || !c.units) return { candidates: 0 };
    c.units.forEach(function (u, rank) {
      if (u.lat == null || u.lon == null) return;
      var best = rank === 0;
      L.polyline([[u.lat, u.lon], [c.lat, c.lon]], { pane: "crCandidates", interactive: false,
        color: best ? "#4ade80" : "#94a3b8", weight: best ? 2.5 : 1.5, dashArray: "6 5",
        opacity: best ? 0.95 : 0.6 }).addTo(group);
      L.marker([u.lat, u.lon], { pane: "crCandidates", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "", iconSize: null, html:
          '<div class="cr-eta' + (best ? " cr-eta-best" : "") + '">' +
          crLive.escapeHtml(u.callsign) + " · " + etaText(u.eta_s) + "</div>" }) }).addTo(group);
    });
    return { candidates: c.units.length };
  });

  crLive.register("alarm", function (a) {
    var group = setup().alarm;
    group.clearLayers();
    if (!a || a.lat == null || a.lon == null) return { alarm: null };
    L.marker([a.lat, a.lon], { interactive: false, keyboard: false, pane: "crEmergency",
      icon: L.divIcon({ className: "cr-emergency", iconSize: [0, 0], html:
        '<div class="cr-emergency-pulse"></div><div class="cr-emergency-dot"></div>' +
        '<div class="cr-emergency-label">' + crLive.escapeHtml(a.callsign) + "</div>" }) })
      .addTo(group);
    crLive.map().flyTo([a.lat, a.lon], a.zoom || 15, { duration: 0.8 });
    return { alarm: a.callsign };
  });

  crLive.dispatchState = function () {
    var out = [];
    incidents.forEach(function (e, id) {
      var ll = e.marker.getLatLng();
      out.push({ id: id, lat: ll.lat, lon: ll.lng, grade: e.data.grade, overdue: !!e.data.overdue });
    });
    return { incidents: out, candidates: layers ? layers.candidates.getLayers().length : 0,
      alarm: layers ? layers.alarm.getLayers().length : 0 };
  };
})();
