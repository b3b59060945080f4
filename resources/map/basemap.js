/* Control Room basemaps: the street map (vector tiles, crStreetTiles + crStreetLabels), the
 * offline vector outline (force area and wards) and the theme switch.
 * The force outline is drawn over the streets on its own canvas. Any layer may be missing. */
(function () {
  "use strict";

  var OUTLINE_COLOURS = { dark: "#6d8db0", light: "#3f5f86" };

  var STYLE = {
    area: { stroke: false, fillColor: "#0f1721", fillOpacity: 1, interactive: false },
    wards: { color: "#2a3a4e", weight: 0.8, opacity: 0.9, fill: false, interactive: false },
    outline: { color: OUTLINE_COLOURS.dark, weight: 1.6, opacity: 0.9, fill: false, interactive: false },
  };

  var state = { map: null, theme: "dark", layers: {}, streets: null, labels: null, tiles: [],
    listening: false };

  function vector(map, data) {
    state.map = map;
    listen();
    map.createPane("crBasemap").style.zIndex = 250;
    var renderer = L.canvas({ pane: "crBasemap", padding: 0.5 });
    var drawn = state.layers;
    function add(name, geojson) {
      if (!geojson) return;
      drawn[name] = L.geoJSON(geojson, { style: STYLE[name], renderer: renderer,
        filter: function (f) { return name !== "area" || /Polygon/.test(f.geometry && f.geometry.type); },
        interactive: false, pointToLayer: function () { return null; } }).addTo(map);
    }
    if (data.fillArea !== false) add("area", data.outline); // a shade lighter than outside
    add("wards", data.wards);
    if (data.outline) {
      add("outline", data.outline);
      var bounds = drawn.outline.getBounds();
      if (bounds.isValid() && data.fit !== false) map.fitBounds(bounds, { padding: [16, 16], animate: false });
    }
    if (data.attribution && map.attributionControl) map.attributionControl.addAttribution(data.attribution);
    if (data.fillArea !== false) document.body.classList.add("cr-vector-basemap");
    setTheme(data.theme || state.theme);
    return drawn;
  }

  /* The street map from vector tiles at ``options.url`` ("scheme:/{z}/{x}/{y}"). */
  function streets(map, options) {
    state.map = map;
    listen();
    map.createPane("crLabels").style.zIndex = 300; // over the outline, under every live layer
    map.getPane("crLabels").style.pointerEvents = "none";
    state.streets = window.crStreetTiles.layer({ url: options.url, theme: options.theme,
      maxSourceZoom: options.maxSourceZoom, attribution: options.attribution }).addTo(map);
    state.labels = window.crStreetLabels.layer(state.streets).addTo(map);
    state.layers.streetTiles = state.streets;
    state.layers.streetLabels = state.labels;
    setTheme(options.theme || "dark");
    return state.streets;
  }

  /* Raster tiles (a tile server, an MBTiles file): dimmed by a filter in the dark theme. */
  function tiles(layer, theme) {
    listen();
    state.tiles.push(layer);
    setTheme(theme || state.theme);
  }

  function setTheme(name) {
    state.theme = name === "light" ? "light" : "dark";
    document.body.classList.toggle("cr-theme-light", state.theme === "light");
    document.body.classList.toggle("cr-theme-dark", state.theme === "dark");
    if (state.streets) state.streets.setTheme(state.theme);
    if (state.labels) state.labels.setTheme(state.theme);
    if (state.layers.outline) state.layers.outline.setStyle({ color: OUTLINE_COLOURS[state.theme] });
    state.tiles.forEach(function (layer) {
      var el = layer.getContainer && layer.getContainer();
      if (el) el.classList.toggle("cr-tiles-dark", state.theme === "dark");
    });
    return { theme: state.theme };
  }

  /* Figures for tests and the benchmark: tiles drawn, label timings, source tiles cached. */
  function stats() {
    var out = { theme: state.theme, kinds: Object.keys(state.layers) };
    if (state.map) {
      var c = state.map.getCenter();
      out.view = { lat: c.lat, lon: c.lng, zoom: state.map.getZoom() };
    }
    if (state.streets) {
      out.tiles = state.streets.stats;
      out.sources = state.streets.sources.entries.size;
      out.queue = state.streets._queue.length;
      out.loading = state.streets.isLoading();
    }
    if (state.labels) {
      out.labels = L.extend({ busy: state.labels.isBusy(), texts: state.labels.placedTexts }, state.labels.stats);
    }
    out.idle = !(out.loading || out.queue || (out.labels && out.labels.busy));
    return out;
  }

  /* The live layers' diffs carry {"theme": "dark" | "light"}; live_layers.js loads after us. */
  function listen() {
    if (!state.listening && window.crLive && window.crLive.register) {
      window.crLive.register("theme", setTheme);
      state.listening = true;
    }
  }

  window.crBasemap = { vector: vector, streets: streets, tiles: tiles, setTheme: setTheme,
    stats: stats, layers: state.layers };
})();
