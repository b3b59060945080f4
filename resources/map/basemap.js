/* Control Room offline basemap: the force outline, wards and street graph as dark vectors.
 * Drawn once on its own canvas, under the live layers. Any layer may be missing (null). */
(function () {
  "use strict";

  var STYLE = {
    area: { stroke: false, fillColor: "#0f1721", fillOpacity: 1, interactive: false },
    wards: { color: "#2a3a4e", weight: 0.8, opacity: 0.9, fill: false, interactive: false },
    streets: function (f) {
      var p = (f && f.properties) || {};
      var major = /^(motorway|trunk|primary)/.test(p.highway || p["class"] || p.road_class || "");
      return { color: major ? "#2c3d52" : "#1c2835", weight: major ? 1.6 : 0.9, opacity: 1,
        fill: false, interactive: false };
    },
    outline: { color: "#5b7a99", weight: 1.6, opacity: 0.9, fill: false, interactive: false },
  };

  function vector(map, data) {
    map.createPane("crBasemap").style.zIndex = 250;
    var renderer = L.canvas({ pane: "crBasemap", padding: 0.5 });
    var drawn = {};
    function add(name, geojson) {
      if (!geojson) return;
      drawn[name] = L.geoJSON(geojson, { style: STYLE[name], renderer: renderer,
        filter: function (f) { return name !== "area" || /Polygon/.test(f.geometry && f.geometry.type); },
        interactive: false, pointToLayer: function () { return null; } }).addTo(map);
    }
    if (data.fillArea !== false) add("area", data.outline); // a shade lighter than outside
    add("streets", data.streets);
    add("wards", data.wards);
    if (data.outline) {
      add("outline", data.outline);
      var bounds = drawn.outline.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], animate: false });
    }
    if (data.attribution && map.attributionControl) map.attributionControl.addAttribution(data.attribution);
    document.body.classList.add("cr-vector-basemap");
    window.crBasemap.layers = drawn;
    return drawn;
  }

  window.crBasemap = { vector: vector, layers: {} };
})();
