/* Control Room street basemap: vector tiles drawn on canvas tiles (a Leaflet GridLayer).
 *
 * Tiles come through our URL scheme (streets:/z/x/y, answered by maps/street_tiles.py from the
 * bundled PMTiles archive), are decoded by crMvt and kept in a small cache; past the archive's
 * last zoom (14) a tile is drawn from its ancestor, scaled, so streets stay sharp at 18.
 * Drawing is queued and done a few tiles per animation frame, within a time budget, so that
 * panning and the live layers never wait for a whole screen of tiles.
 * Labels are drawn by crStreetLabels over the whole view, never per tile (no cut names).
 */
(function () {
  "use strict";

  var S = window.crStreetStyle;
  var FRAME_BUDGET_MS = 8;

  // ---- source tiles ------------------------------------------------------------------------

  function SourceTiles(urlTemplate, maxZoom, capacity) {
    this.url = urlTemplate;
    this.maxZoom = maxZoom;
    this.capacity = capacity;
    this.entries = new Map(); // "z/x/y" -> {promise, data}
  }

  SourceTiles.prototype.sourceOf = function (z, x, y) {
    var sz = Math.min(z, this.maxZoom), shift = z - sz;
    return { z: sz, x: x >> shift, y: y >> shift, shift: shift,
      dx: x - ((x >> shift) << shift), dy: y - ((y >> shift) << shift) };
  };

  SourceTiles.prototype.key = function (s) { return s.z + "/" + s.x + "/" + s.y; };

  SourceTiles.prototype.loaded = function (s) {
    var entry = this.entries.get(this.key(s));
    return entry ? entry.data : undefined;
  };

  SourceTiles.prototype.get = function (s) {
    var key = this.key(s), entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, entry);
      return entry.promise;
    }
    var url = this.url.replace("{z}", s.z).replace("{x}", s.x).replace("{y}", s.y);
    entry = { data: undefined, promise: null };
    entry.promise = fetch(url)
      .then(function (r) { return r.ok ? r.arrayBuffer() : null; })
      .then(function (buffer) { return buffer && buffer.byteLength ? window.crMvt.decode(buffer) : {}; })
      .catch(function (e) { console.warn("street tile " + url + " unreadable: " + e); return {}; })
      .then(function (data) { entry.data = data; return data; });
    this.entries.set(key, entry);
    this.trim();
    return entry.promise;
  };

  SourceTiles.prototype.trim = function () {
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value);
    }
  };

  // ---- drawing one tile ----------------------------------------------------------------------

  function cull(features, box) {
    var out = [];
    for (var i = 0; i < features.length; i++) {
      var b = features[i].box;
      if (b[2] >= box[0] && b[0] <= box[2] && b[3] >= box[1] && b[1] <= box[3]) out.push(features[i]);
    }
    return out;
  }

  function tracePath(ctx, features) {
    for (var i = 0; i < features.length; i++) {
      var c = features[i].coords, rings = features[i].rings;
      for (var p = 0; p < rings.length; p += 2) {
        var end = rings[p + 1];
        ctx.moveTo(c[rings[p]], c[rings[p] + 1]);
        for (var k = rings[p] + 2; k < end; k += 2) ctx.lineTo(c[k], c[k + 1]);
      }
    }
  }

  function fillGroups(ctx, groups) {
    groups.forEach(function (features, colour) {
      ctx.beginPath();
      tracePath(ctx, features);
      ctx.fillStyle = colour;
      ctx.fill();
    });
  }

  function groupBy(features, colourOf) {
    var groups = new Map();
    for (var i = 0; i < features.length; i++) {
      var colour = colourOf(features[i]);
      if (!colour) continue;
      if (!groups.has(colour)) groups.set(colour, []);
      groups.get(colour).push(features[i]);
    }
    return groups;
  }

  /* Stroke ``features`` ``widthPx`` wide; ``dashPx`` > 0 dashes them (that many px on). */
  function stroke(ctx, features, colour, widthPx, unit, dashPx) {
    if (!features.length || widthPx <= 0) return;
    ctx.beginPath();
    tracePath(ctx, features);
    ctx.strokeStyle = colour;
    ctx.lineWidth = widthPx * unit;
    ctx.setLineDash(dashPx ? [dashPx * unit, dashPx * 0.8 * unit] : []);
    ctx.stroke();
  }

  function layerFeatures(data, name, box) {
    var layer = data[name];
    return layer ? cull(layer.features, box) : [];
  }

  function drawAreas(ctx, data, box, theme, z) {
    var areas = z < 12 ? L.extend({}, theme.areas, theme.townAreas) : theme.areas;
    function byClass(f) { return areas[f.props.subclass] || areas[f.props["class"]]; }
    if (z < 9) fillGroups(ctx, groupBy(layerFeatures(data, "urban_areas", box), function () { return areas.urban; }));
    fillGroups(ctx, groupBy(layerFeatures(data, "landcover", box), byClass));
    fillGroups(ctx, groupBy(layerFeatures(data, "landuse", box), byClass));
    fillGroups(ctx, groupBy(layerFeatures(data, "park", box), function (f) { return areas[f.props["class"]] || areas.park; }));
    fillGroups(ctx, groupBy(layerFeatures(data, "aeroway", box).filter(function (f) { return f.type === 3; }),
      function () { return theme.aeroway; }));
  }

  var WATERWAYS = { river: [[9, 0.5], [12, 1.2], [14, 2.5], [18, 8]], canal: [[11, 0.6], [14, 2.5], [18, 8]],
    stream: [[12, 0.3], [14, 0.8], [18, 2.5]] };

  function drawWater(ctx, data, box, theme, z, unit) {
    fillGroups(ctx, groupBy(layerFeatures(data, "water", box), function () { return theme.water; }));
    var lines = layerFeatures(data, "waterway", box);
    Object.keys(WATERWAYS).forEach(function (cls) {
      var these = lines.filter(function (f) { return f.props["class"] === cls && f.props.brunnel !== "tunnel"; });
      stroke(ctx, these, theme.waterway, S.stops(WATERWAYS[cls], z), unit);
    });
  }

  function drawBuildings(ctx, data, box, theme, z, unit) {
    if (z < 14) return;
    var buildings = layerFeatures(data, "building", box);
    if (!buildings.length) return;
    ctx.beginPath();
    tracePath(ctx, buildings);
    ctx.fillStyle = theme.building;
    ctx.fill();
    if (z >= 16) {
      ctx.strokeStyle = theme.buildingEdge;
      ctx.lineWidth = 0.8 * unit;
      ctx.setLineDash([]);
      ctx.stroke();
    }
  }

  function casingPx(z) { return S.stops([[11, 0.4], [14, 0.9], [16, 1.3], [18, 2]], z); }

  function drawRoadSet(ctx, roads, theme, z, unit, withCasing) {
    var lines = roads.filter(function (f) { return f.type === 2; });
    var byClass = {};
    lines.forEach(function (f) { (byClass[f.props["class"]] = byClass[f.props["class"]] || []).push(f); });
    var classes = S.ROADS.filter(function (r) { return z >= r.min; });
    if (withCasing) {
      classes.forEach(function (r) {
        var w = S.stops(r.width, z);
        if (w < 1.6 || r.dash) return;
        r.cls.forEach(function (c) { stroke(ctx, byClass[c] || [], theme.casing, w + 2 * casingPx(z), unit); });
      });
    }
    classes.forEach(function (r) {
      var w = S.stops(r.width, z);
      r.cls.forEach(function (c) {
        stroke(ctx, byClass[c] || [], theme.roads[c], w, unit, r.dash && z >= 15 ? r.dash : 0);
      });
    });
    if (z >= S.RAIL.min) {
      var rail = [];
      S.RAIL.cls.forEach(function (c) { rail = rail.concat(byClass[c] || []); });
      var w = S.stops(S.RAIL.width, z);
      stroke(ctx, rail, theme.rail, w, unit);
      if (z >= 15) stroke(ctx, rail, theme.land, w * 0.5, unit, 8);
    }
  }

  function drawRoads(ctx, data, box, theme, z, unit) {
    var roads = layerFeatures(data, "transportation", box);
    var tunnels = [], bridges = [], ground = [];
    roads.forEach(function (f) {
      var b = f.props.brunnel;
      (b === "tunnel" ? tunnels : b === "bridge" ? bridges : ground).push(f);
    });
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    if (tunnels.length) {
      ctx.globalAlpha = theme.tunnelAlpha;
      drawRoadSet(ctx, tunnels, theme, z, unit, false);
      ctx.globalAlpha = 1;
    }
    drawRoadSet(ctx, ground, theme, z, unit, true);
    if (bridges.length) {
      ctx.lineCap = "butt";
      drawRoadSet(ctx, bridges, theme, z, unit, true);
    }
    if (z >= 16) drawOneWays(ctx, roads, theme, unit, extentOf(data));
  }

  var ONE_WAY_CLASSES = { motorway: 1, trunk: 1, primary: 1, secondary: 1, tertiary: 1, minor: 1,
    service: 1 };

  /* Small arrows along one-way streets, every 120 px. Their places are reckoned along the
   * source tile's line, so every tile drawn from it agrees; none is put near the source tile's
   * edge, where the neighbouring source tile's line would put its own. */
  function drawOneWays(ctx, roads, theme, unit, extent) {
    var step = 120 * unit, half = 3.5 * unit, margin = 10 * unit;
    ctx.beginPath();
    roads.forEach(function (f) {
      var way = f.props.oneway;
      if ((way !== 1 && way !== -1) || !ONE_WAY_CLASSES[f.props["class"]] || f.type !== 2) return;
      var c = f.coords, rings = f.rings;
      for (var p = 0; p < rings.length; p += 2) {
        var next = step / 2;
        for (var k = rings[p] + 2, walked = 0; k < rings[p + 1]; k += 2) {
          var dx = c[k] - c[k - 2], dy = c[k + 1] - c[k - 1], len = Math.hypot(dx, dy);
          while (len > 0 && next <= walked + len) {
            var t = (next - walked) / len, x = c[k - 2] + dx * t, y = c[k - 1] + dy * t;
            if (x > margin && y > margin && x < extent - margin && y < extent - margin) {
              var ux = (dx / len) * way, uy = (dy / len) * way; // the way traffic goes
              ctx.moveTo(x - ux * half - uy * half, y - uy * half + ux * half);
              ctx.lineTo(x + ux * half, y + uy * half);
              ctx.lineTo(x - ux * half + uy * half, y - uy * half - ux * half);
            }
            next += step;
          }
          walked += len;
        }
      }
    });
    ctx.strokeStyle = theme.oneWay;
    ctx.lineWidth = 1.3 * unit;
    ctx.setLineDash([]);
    ctx.stroke();
  }

  function extentOf(data) {
    for (var name in data) return data[name].extent;
    return 4096;
  }

  /* Draw the decoded source tile ``data`` into ``canvas``, the part ``src`` says (see sourceOf). */
  function drawTile(canvas, data, src, theme, size, dpr) {
    var ctx = canvas.getContext("2d");
    var z = src.z + src.shift;
    var extent = extentOf(data);
    var scale = (size * (1 << src.shift)) / extent; // px per tile unit
    var unit = 1 / scale; // one CSS px, in tile units
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.land;
    ctx.fillRect(0, 0, size, size);
    ctx.setTransform(scale * dpr, 0, 0, scale * dpr, -src.dx * size * dpr, -src.dy * size * dpr);
    var margin = 40 * unit; // wide roads reach in from just outside the tile
    var x0 = (src.dx * size) / scale, y0 = (src.dy * size) / scale;
    var box = [x0 - margin, y0 - margin, x0 + size / scale + margin, y0 + size / scale + margin];
    drawAreas(ctx, data, box, theme, z);
    drawWater(ctx, data, box, theme, z, unit);
    drawBuildings(ctx, data, box, theme, z, unit);
    drawRoads(ctx, data, box, theme, z, unit);
  }

  // ---- the layer -----------------------------------------------------------------------------

  var StreetTiles = L.GridLayer.extend({
    options: { tileSize: 256, minZoom: 6, maxZoom: 20, keepBuffer: 2, updateWhenZooming: false,
      className: "cr-street-tiles", url: "streets:/{z}/{x}/{y}", maxSourceZoom: 14 },

    initialize: function (options) {
      L.GridLayer.prototype.initialize.call(this, options);
      this.sources = new SourceTiles(this.options.url, this.options.maxSourceZoom, 96);
      this.theme = S.themes[this.options.theme] || S.themes.dark;
      this._queue = [];
      this._frame = null;
      this.stats = { drawn: 0, drawMs: 0, maxDrawMs: 0 };
    },

    setTheme: function (name) {
      var theme = S.themes[name] || S.themes.dark;
      if (theme === this.theme) return;
      this.theme = theme;
      for (var key in this._tiles) this._load(this._tiles[key].el, this._tiles[key].coords, null);
    },

    createTile: function (coords, done) {
      var tile = document.createElement("canvas"), size = this.getTileSize().x;
      var dpr = window.devicePixelRatio || 1;
      tile.width = tile.height = Math.round(size * dpr);
      this._load(tile, coords, done);
      return tile;
    },

    /* Draw ``tile`` once its source tile is decoded (fetched, or still in the cache). */
    _load: function (tile, coords, done) {
      var layer = this, src = this.sources.sourceOf(coords.z, coords.x, coords.y);
      this.sources.get(src).then(function (data) {
        if (done) layer.fire("sourceload", { source: src });
        layer._enqueue({ tile: tile, coords: coords, done: done, src: src, data: data });
      });
    },

    _enqueue: function (job) {
      this._queue.push(job);
      if (!this._frame) this._frame = L.Util.requestAnimFrame(this._drain, this);
    },

    _drain: function () {
      this._frame = null;
      var started = performance.now();
      while (this._queue.length && performance.now() - started < FRAME_BUDGET_MS) {
        var job = this._queue.shift();
        var key = this._tileCoordsToKey(job.coords);
        var live = this._tiles[key] && this._tiles[key].el === job.tile;
        if (live) this._draw(job);
        if (job.done) job.done(null, job.tile);
      }
      if (this._queue.length) this._frame = L.Util.requestAnimFrame(this._drain, this);
    },

    _draw: function (job) {
      var t = performance.now();
      drawTile(job.tile, job.data, job.src, this.theme, this.getTileSize().x, window.devicePixelRatio || 1);
      var ms = performance.now() - t;
      this.stats.drawn += 1;
      this.stats.drawMs += ms;
      if (ms > this.stats.maxDrawMs) this.stats.maxDrawMs = ms;
    },

    /* The loaded source tiles under the current view: [{source, data}], for the labels. */
    sourcesInView: function () {
      if (!this._map || this._tileZoom === undefined) return [];
      var z = this._tileZoom, sz = Math.min(z, this.options.maxSourceZoom), shift = z - sz;
      var range = this._pxBoundsToTileRange(this._getTiledPixelBounds(this._map.getCenter()));
      var seen = {}, out = [];
      for (var x = range.min.x; x <= range.max.x; x++) {
        for (var y = range.min.y; y <= range.max.y; y++) {
          var s = { z: sz, x: x >> shift, y: y >> shift, shift: shift, dx: 0, dy: 0 };
          var key = this.sources.key(s);
          if (seen[key]) continue;
          seen[key] = true;
          var data = this.sources.loaded(s);
          if (data) out.push({ source: s, data: data });
        }
      }
      return out;
    },
  });

  window.crStreetTiles = {
    layer: function (options) { return new StreetTiles(options); },
    drawTile: drawTile,
  };
})();
