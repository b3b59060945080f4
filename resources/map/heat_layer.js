/* Control Room heat layer: counts per grid cell from the hub (GET /api/v1/heatmap), drawn on a
 * canvas of our own under the live layers. It plugs into crLive.apply as the diff key "heat":
 *
 *   heat: {layer: "captures"|"crimes", title, cell_lat, cell_lon,
 *          cells: [[lat, lon, count], ...], total, max, attribution} | {layer, pending: true,
 *          again: true when the layer shown is to be fetched afresh}
 *         | null                                 (null takes the layer off the map)
 *
 * While a layer is shown, the page posts {type: "view_changed", bbox, zoom} after every pan
 * and zoom, and Python answers with the cells for the new view; meanwhile the cells held are
 * drawn again for the new view at once.
 *
 * Drawing: each weight is added to a grid of 2x2-pixel bins (Web Mercator worked out here, not
 * through Leaflet per point), the grid is blurred by three box passes each way (close to a
 * Gaussian), scaled by the logarithm of the densest bin and coloured through a 256-entry
 * palette into one ImageData, which is drawn stretched onto the canvas.
 */
(function () {
  "use strict";

  var BIN = 2; // screen pixels per bin, each way
  var MIN_RADIUS = 3; // bins
  var heat = { data: null, weights: null, canvas: null, ctx: null, legend: null, lastMs: 0,
    lastBins: 0, drawn: 0 };

  function palette() {
    var stops = [[0, 30, 64, 175, 0], [0.15, 37, 99, 235, 110], [0.35, 6, 182, 212, 160],
      [0.55, 132, 204, 22, 190], [0.75, 250, 204, 21, 215], [1, 239, 68, 68, 235]];
    var lut = new Uint8ClampedArray(256 * 4);
    for (var i = 0; i < 256; i++) {
      var t = i / 255, k = 1;
      while (k < stops.length - 1 && stops[k][0] < t) k++;
      var a = stops[k - 1], b = stops[k], f = (t - a[0]) / (b[0] - a[0] || 1);
      for (var c = 1; c < 5; c++) lut[i * 4 + c - 1] = a[c] + (b[c] - a[c]) * f;
    }
    return lut;
  }
  var LUT = palette();

  function setup() {
    if (heat.canvas) return;
    var map = crLive.map();
    var pane = map.createPane("crHeat");
    pane.style.zIndex = 420; // over the streets, under routes (430) and units (440)
    pane.style.pointerEvents = "none";
    heat.canvas = L.DomUtil.create("canvas", "cr-heat-canvas", pane);
    heat.ctx = heat.canvas.getContext("2d");
    heat.off = document.createElement("canvas");
    map.on("moveend", onMoved);
    map.on("zoomstart", function () { heat.canvas.style.visibility = "hidden"; });
    map.on("resize", onMoved);
  }

  function onMoved() {
    if (!heat.data) return;
    redraw();
    crLive.post(L.extend({ type: "view_changed", layer: heat.data.layer }, view()));
  }

  function view() {
    var map = crLive.map(), b = map.getBounds(), size = map.getSize();
    return { bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: map.getZoom(),
      width: size.x, height: size.y };
  }

  /* Weights (a flat [lat, lon, weight, ...] array) binned, blurred and coloured. */
  function draw(points, radiusPx) {
    var t0 = performance.now();
    var map = crLive.map(), size = map.getSize();
    var w = size.x, h = size.y, gw = Math.ceil(w / BIN), gh = Math.ceil(h / BIN);
    var canvas = heat.canvas;
    canvas.width = w; canvas.height = h;
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.style.visibility = "visible";
    var grid = bin(points, map, gw, gh);
    var radius = Math.max(MIN_RADIUS, Math.round(radiusPx / BIN));
    var scratch = new Float32Array(grid.length);
    for (var pass = 0; pass < 3; pass++) {
      blur(grid, scratch, gw, gh, radius, 1, gw); // along rows
      blur(scratch, grid, gh, gw, radius, gw, 1); // along columns
    }
    paint(grid, gw, gh, w, h);
    heat.lastBins = gw * gh;
    heat.lastMs = performance.now() - t0;
    heat.drawn = points.length / 3;
    return heat.lastMs;
  }

  function bin(points, map, gw, gh) {
    var zoom = map.getZoom(), world = 256 * Math.pow(2, zoom);
    var origin = map.getPixelBounds().min; // the view's top-left in world pixels
    var ox = origin.x, oy = origin.y, grid = new Float32Array(gw * gh);
    var kx = world / 360, ky = world / (2 * Math.PI), rad = Math.PI / 180, inv = 1 / BIN;
    for (var i = 0, n = points.length; i < n; i += 3) {
      var x = ((points[i + 1] + 180) * kx - ox) * inv;
      if (x < 0 || x >= gw) continue;
      var s = Math.sin(points[i] * rad);
      var y = ((world / 2) - 0.5 * Math.log((1 + s) / (1 - s)) * ky - oy) * inv;
      if (y < 0 || y >= gh) continue;
      grid[(y | 0) * gw + (x | 0)] += points[i + 2];
    }
    return grid;
  }

  /* A running-sum box blur of `lines` lines of `length` values, from src into dst. */
  function blur(src, dst, lines, length, r, lineStep, step) {
    var norm = 1 / (2 * r + 1);
    for (var l = 0; l < lines; l++) {
      var base = l * lineStep, sum = 0, i;
      for (i = 0; i <= r && i < length; i++) sum += src[base + i * step];
      for (i = 0; i < length; i++) {
        dst[base + i * step] = sum * norm;
        var add = i + r + 1, drop = i - r;
        if (add < length) sum += src[base + add * step];
        if (drop >= 0) sum -= src[base + drop * step];
      }
    }
  }

  function paint(grid, gw, gh, w, h) {
    var top = 0, i;
    for (i = 0; i < grid.length; i++) if (grid[i] > top) top = grid[i];
    var off = heat.off;
    off.width = gw; off.height = gh;
    var octx = off.getContext("2d"), image = octx.createImageData(gw, gh), px = image.data;
    if (top > 0) {
      var scale = 255 / Math.log1p(top * 64);
      for (i = 0; i < grid.length; i++) {
        var v = grid[i];
        if (v <= 0) continue;
        var k = Math.min(255, (Math.log1p(v * 64) * scale) | 0) * 4, o = i * 4;
        px[o] = LUT[k]; px[o + 1] = LUT[k + 1]; px[o + 2] = LUT[k + 2]; px[o + 3] = LUT[k + 3];
      }
    }
    octx.putImageData(image, 0, 0);
    var ctx = heat.ctx;
    ctx.clearRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, gw * BIN, gh * BIN);
  }

  function cellRadiusPx(d) {
    var map = crLive.map(), c = map.getCenter();
    var a = map.latLngToContainerPoint([c.lat, c.lng]);
    var b = map.latLngToContainerPoint([c.lat + (d.cell_lat || 0), c.lng]);
    return Math.max(6, Math.abs(a.y - b.y) * 0.9);
  }

  function redraw() {
    if (!heat.data || !heat.weights) return 0;
    return draw(heat.weights, cellRadiusPx(heat.data));
  }

  function showLegend(d) {
    var map = crLive.map();
    if (!heat.legend) {
      heat.legend = L.control({ position: "bottomleft" });
      heat.legend.onAdd = function () { return L.DomUtil.create("div", "cr-heat-legend"); };
    }
    if (!d) { heat.legend.remove(); return; }
    if (!heat.legend._map) heat.legend.addTo(map);
    var words = d.pending ? "loading…" : (d.total || 0).toLocaleString("en-GB") +
      (d.layer === "crimes" ? " crimes" : " captures") + " · densest cell " +
      (d.max || 0).toLocaleString("en-GB");
    heat.legend.getContainer().innerHTML = '<div class="cr-heat-title">' +
      crLive.escapeHtml(d.title || d.layer) + '</div><div class="cr-heat-ramp"></div>' +
      '<div class="cr-heat-words">' + crLive.escapeHtml(words) + "</div>" +
      (d.attribution ? '<div class="cr-heat-source">' + crLive.escapeHtml(d.attribution) +
        "</div>" : "");
  }

  crLive.register("heat", function (d) {
    setup();
    if (!d) {
      heat.data = heat.weights = null;
      heat.ctx.clearRect(0, 0, heat.canvas.width, heat.canvas.height);
      showLegend(null);
      return { heat: null };
    }
    var first = !heat.data || heat.data.layer !== d.layer;
    if (d.pending) {
      if (first) { heat.data = d; heat.weights = new Float32Array(0); }
      showLegend(d);
      redraw();
      // again: the same layer asked afresh (a filter chosen, a file imported), cells kept
      if (first || d.again) crLive.post(L.extend({ type: "view_changed", layer: d.layer }, view()));
      return { heat: d.layer, heatPending: true };
    }
    var cells = d.cells || [], flat = new Float32Array(cells.length * 3);
    for (var i = 0; i < cells.length; i++) {
      flat[i * 3] = cells[i][0]; flat[i * 3 + 1] = cells[i][1]; flat[i * 3 + 2] = cells[i][2];
    }
    heat.data = d; heat.weights = flat;
    showLegend(d);
    return { heat: d.layer, heatCells: cells.length, heatMs: redraw() };
  });

  /* For tests, diagnostics and bench/heatmap.py. */
  crLive.heatState = function () {
    return { layer: heat.data ? heat.data.layer : null, title: heat.data ? heat.data.title : null,
      cells: heat.weights ?
      heat.weights.length / 3 : 0, total: heat.data ? heat.data.total || 0 : 0,
      lastMs: heat.lastMs, bins: heat.lastBins, drawn: heat.drawn,
      visible: !!(heat.canvas && heat.canvas.style.visibility !== "hidden" && heat.data),
      painted: painted() };
  };

  function painted() { // how many bins of the drawn image are coloured
    if (!heat.off || !heat.off.width) return 0;
    var px = heat.off.getContext("2d").getImageData(0, 0, heat.off.width, heat.off.height).data;
    var n = 0;
    for (var i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  }

  /* Draw `n` random points about the view's middle (made before the clock starts); returns
   * the drawing time in ms. */
  crLive.heatBench = function (n) {
    setup();
    var map = crLive.map(), b = map.getBounds(), pts = new Float32Array(n * 3);
    var lat0 = b.getSouth(), dlat = b.getNorth() - lat0, lon0 = b.getWest(),
      dlon = b.getEast() - lon0, seed = 1;
    function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647; }
    for (var i = 0; i < n; i++) {
      var r = rnd() * rnd(), a = rnd() * 2 * Math.PI; // denser towards the middle
      pts[i * 3] = lat0 + dlat * (0.5 + 0.5 * r * Math.sin(a));
      pts[i * 3 + 1] = lon0 + dlon * (0.5 + 0.5 * r * Math.cos(a));
      pts[i * 3 + 2] = 1;
    }
    heat.data = { layer: "bench", title: "bench", cell_lat: 0, total: n, max: 0 };
    heat.weights = pts;
    showLegend(heat.data);
    return draw(pts, 8);
  };
})();
