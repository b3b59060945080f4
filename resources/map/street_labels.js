/* Control Room street basemap: labels (place names, street names along their streets, road
 * numbers, water, parks, landmarks, house numbers), drawn over the whole view, never per tile,
 * so no name is cut at a tile edge.
 *
 * Labels are placed most important first from the decoded source tiles under the view. The
 * work is split into small tasks run a few milliseconds per animation frame, on a second canvas
 * that replaces the shown one when it is complete: the map never waits for its labels. The
 * shown canvas moves with the map while panning and scales like Leaflet's renderers while
 * zooming; it is redrawn when the map stops, and when new tiles arrive.
 */
(function () {
  "use strict";

  var P = window.crLabelPainter;
  var FRAME_BUDGET_MS = 10;

  var PLACES = { // class -> [min zoom, font px, bold, upper case]
    city: [8, 17, true, false], town: [9, 14, true, false], village: [11, 12, false, false],
    suburb: [12, 12, false, true], quarter: [13, 11, false, true], neighbourhood: [14, 11, false, true],
    hamlet: [13, 11, false, false], locality: [15, 10.5, false, false],
    isolated_dwelling: [16, 10, false, false],
  };
  var STREETS = { // class -> [min zoom for names, rank]
    motorway: [11, 0], trunk: [12, 0], primary: [12, 1], secondary: [13, 1], tertiary: [13, 2],
    busway: [14, 2], minor: [14, 3], pedestrian: [15, 4], service: [16, 5], track: [16, 6],
    path: [16, 6], raceway: [15, 5],
  };
  var SHIELDS = { motorway: 8, trunk: 9, primary: 10, secondary: 12, tertiary: 14 };
  var LANDMARK_ZOOM = { hospital: 14, police: 14, prison: 14, railway: 14, fire_station: 15,
    bus: 15, college: 15, school: 15, stadium: 15, town_hall: 15 };

  function nameOf(props) { return props["name:latin"] || props.name || ""; }

  function eachFeature(sources, layer, visit) {
    sources.forEach(function (src) {
      var l = src.data[layer];
      if (l) l.features.forEach(function (f) { visit(f, src); });
    });
  }

  function at(f, src) { // a point feature's (first) point on the canvas
    var i = f.rings[0];
    return { x: f.coords[i] * src.k + src.ox, y: f.coords[i + 1] * src.k + src.oy };
  }

  // ---- what is labelled, most important first: each rule adds tasks ------------------------

  function places(tasks, p, sources, z, classes) {
    var found = [];
    eachFeature(sources, "place", function (f, src) {
      var cls = f.props["class"], spec = PLACES[cls], text = nameOf(f.props);
      if (classes.indexOf(cls) < 0 || !spec || z < spec[0] || !text || !f.rings.length) return;
      var size = spec[1] + (cls === "town" && z >= 12 ? 2 : 0);
      found.push({ text: spec[3] ? text.toUpperCase() : text, f: P.font(size, spec[2]),
        colour: spec[3] ? p.theme.suburb : p.theme.place, at: at(f, src) });
    });
    found.sort(function (a, b) { return b.f.size - a.f.size; });
    found.forEach(function (c) {
      tasks.push(function () { p.pointLabel(c.text, c.at.x, c.at.y, c.f, c.colour, 400); });
    });
  }

  function shields(tasks, p, sources, z, classes) {
    eachFeature(sources, "transportation_name", function (f, src) {
      var cls = f.props["class"], ref = f.props.ref;
      if (!ref || classes.indexOf(cls) < 0 || z < SHIELDS[cls] || f.type !== 2) return;
      ref = String(ref).split(";")[0];
      tasks.push(function () { p.shields(f, src, ref, cls === "motorway", z >= 14 ? 420 : 260); });
    });
  }

  function streets(tasks, p, sources, z, rankFrom, rankTo) {
    var size = z >= 17 ? 13 : z >= 15 ? 12 : 11, found = [];
    eachFeature(sources, "transportation_name", function (f, src) {
      var spec = STREETS[f.props["class"]], text = nameOf(f.props);
      if (!spec || !text || f.type !== 2 || z < spec[0] || spec[1] < rankFrom || spec[1] > rankTo) return;
      found.push({ f: f, src: src, rank: spec[1], text: text });
    });
    found.sort(function (a, b) { return a.rank - b.rank; });
    found.forEach(function (s) {
      var f = P.font(size, s.rank <= 1), colour = s.rank <= 2 ? p.theme.street : p.theme.minorStreet;
      tasks.push(function () { p.lineLabel(s.f, s.src, s.text, f, colour, 320); });
    });
  }

  function water(tasks, p, sources, z) {
    if (z < 12) return;
    var f = P.font(z >= 16 ? 12 : 11, false, true), colour = p.theme.water;
    eachFeature(sources, "waterway", function (w, src) {
      var text = nameOf(w.props);
      if (text && (z >= 14 || w.props["class"] === "river")) {
        tasks.push(function () { p.lineLabel(w, src, text, f, colour, 260); });
      }
    });
    if (z < 14) return;
    eachFeature(sources, "water_name", function (w, src) {
      var text = nameOf(w.props);
      if (!text || !w.rings.length) return;
      tasks.push(w.type === 2
        ? function () { p.lineLabel(w, src, text, f, colour, 260); }
        : function () { var c = at(w, src); p.pointLabel(text, c.x, c.y, f, colour, 300); });
    });
  }

  function parks(tasks, p, sources, z) {
    if (z < 14) return;
    var f = P.font(11, false, true);
    eachFeature(sources, "park", function (a, src) {
      var text = nameOf(a.props), b = a.box;
      if (!text || (b[2] - b[0]) * src.k < 60) return; // too small on screen to name
      var x = ((b[0] + b[2]) / 2) * src.k + src.ox, y = ((b[1] + b[3]) / 2) * src.k + src.oy;
      tasks.push(function () { p.pointLabel(text, x, y, f, p.theme.park, 400); });
    });
  }

  function landmarks(tasks, p, sources, z) {
    if (z < 14) return;
    var f = P.font(11, false), found = [];
    eachFeature(sources, "poi", function (poi, src) {
      var text = nameOf(poi.props), cls = poi.props["class"], rank = poi.props.rank || 50;
      var minZoom = LANDMARK_ZOOM[cls] || (rank <= 10 ? 16 : 17);
      if (!text || z < minZoom || !poi.rings.length) return;
      found.push({ text: text, rank: (LANDMARK_ZOOM[cls] ? 0 : 100) + rank, at: at(poi, src) });
    });
    found.sort(function (a, b) { return a.rank - b.rank; });
    found.forEach(function (l) {
      tasks.push(function () { p.landmark(l.text, l.at.x, l.at.y, f, p.theme.poi); });
    });
  }

  function houseNumbers(tasks, p, sources, z) {
    if (z < 17) return;
    var f = P.font(10, false);
    eachFeature(sources, "housenumber", function (h, src) {
      if (!h.rings.length) return;
      var c = at(h, src);
      tasks.push(function () { p.pointLabel(String(h.props.housenumber), c.x, c.y, f, p.theme.housenumber, 0); });
    });
  }

  /* The rules, most important first; each, when run, returns its tasks (one per label). */
  function plan(p, sources, z) {
    function rule(fn) {
      var extra = Array.prototype.slice.call(arguments, 1);
      return function () {
        var tasks = [];
        fn.apply(null, [tasks, p, sources, z].concat(extra));
        return tasks;
      };
    }
    return [
      rule(places, ["city", "town"]),
      rule(shields, ["motorway", "trunk"]),
      rule(streets, 0, 1),
      rule(shields, ["primary"]),
      rule(places, ["village", "suburb", "quarter"]),
      rule(streets, 2, 3),
      rule(shields, ["secondary", "tertiary"]),
      rule(water),
      rule(places, ["hamlet", "neighbourhood", "locality", "isolated_dwelling"]),
      rule(parks),
      rule(landmarks),
      rule(streets, 4, 6),
      rule(houseNumbers),
    ];
  }

  // ---- the layer ---------------------------------------------------------------------------

  var StreetLabels = L.Layer.extend({
    options: { pane: "crLabels", padding: 0.15 },

    initialize: function (tiles, options) {
      L.setOptions(this, options);
      this._tiles = tiles;
      this._memory = new P.Memory();
      this._job = null;
      this.placedTexts = [];
      this.stats = { passes: 0, lastMs: 0, maxMs: 0, maxSliceMs: 0, placed: 0 };
    },

    onAdd: function (map) {
      this._shown = this._canvas();
      this._back = this._canvas();
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      if (map.options.zoomAnimation) map.on("zoomanim", this._onZoomAnim, this);
      this._tiles.on("sourceload", this._schedule, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("zoomanim", this._onZoomAnim, this);
      this._tiles.off("sourceload", this._schedule, this);
      this._cancel();
      L.DomUtil.remove(this._shown.el);
      L.DomUtil.remove(this._back.el);
    },

    /* Whether a pass is running or due (new tiles arrived). */
    isBusy: function () { return !!this._job || !!this._pending; },

    setTheme: function (name) {
      if (name === this._theme) return;
      this._theme = name;
      this._redraw();
    },

    _canvas: function () {
      var el = L.DomUtil.create("canvas", "cr-street-labels leaflet-zoom-animated", this.getPane());
      el.style.visibility = "hidden";
      return { el: el, origin: null, center: null, zoom: null };
    },

    _schedule: function () { // tiles arrive in bursts: one pass after the burst
      if (this._pending) return;
      this._pending = setTimeout(L.bind(function () { this._pending = null; this._redraw(); }, this), 80);
    },

    _cancel: function () {
      if (this._job && this._job.frame) L.Util.cancelAnimFrame(this._job.frame);
      this._job = null;
    },

    /* Start a pass for the current view, from the next frame (not inside the map's event). */
    _redraw: function () {
      if (!this._map) return;
      this._cancel();
      this._job = { frame: L.Util.requestAnimFrame(this._start, this) };
    },

    _start: function () {
      var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.options.padding);
      var dpr = window.devicePixelRatio || 1, back = this._back, full = size.add(pad.multiplyBy(2));
      back.origin = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      back.center = map.getCenter();
      back.zoom = map.getZoom();
      if (back.el.width !== Math.round(full.x * dpr) || back.el.height !== Math.round(full.y * dpr)) {
        back.el.width = Math.round(full.x * dpr);
        back.el.height = Math.round(full.y * dpr);
        back.el.style.width = full.x + "px";
        back.el.style.height = full.y + "px";
      }
      L.DomUtil.setTransform(back.el, back.origin, 1);
      var painter = new P.Painter(back.el, full.x, full.y, dpr, this._tiles.theme.label, this._memory);
      var sources = this._tiles.sourcesInView().map(function (e) { return this._frame(e, back.origin); }, this);
      this._job = { painter: painter, rules: plan(painter, sources, back.zoom), tasks: [], next: 0,
        frame: null, busyMs: 0 };
      this._run();
    },

    _run: function () {
      var job = this._job;
      if (!job) return;
      job.frame = null;
      var t = performance.now();
      while (performance.now() - t < FRAME_BUDGET_MS) {
        if (job.next < job.tasks.length) job.tasks[job.next++]();
        else if (job.rules.length) {
          job.tasks = job.rules.shift()();
          job.next = 0;
        } else break;
      }
      var slice = performance.now() - t;
      job.busyMs += slice;
      if (slice > this.stats.maxSliceMs) this.stats.maxSliceMs = slice;
      if (job.next < job.tasks.length || job.rules.length) {
        job.frame = L.Util.requestAnimFrame(this._run, this);
        return;
      }
      this._finish(job);
    },

    _finish: function (job) {
      var shown = this._shown;
      this._shown = this._back;
      this._back = shown;
      this._shown.el.style.visibility = "visible";
      shown.el.style.visibility = "hidden";
      this._job = null;
      this.stats.passes += 1;
      this.stats.lastMs = job.busyMs;
      this.stats.placed = job.painter.count;
      this.placedTexts = Array.from(job.painter.placed.keys()); // what the map now names
      if (job.busyMs > this.stats.maxMs) this.stats.maxMs = job.busyMs;
    },

    _onZoomAnim: function (e) {
      this._cancel();
      var map = this._map, shown = this._shown;
      if (!shown.center) return;
      var scale = map.getZoomScale(e.zoom, shown.zoom);
      var half = map.getSize().multiplyBy(0.5 + this.options.padding);
      var centre = map.project(shown.center, e.zoom);
      var offset = half.multiplyBy(-scale).add(centre).subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(shown.el, offset, scale);
    },

    /* How one source tile's units map onto a canvas at ``origin``: x * k + ox, y * k + oy. */
    _frame: function (entry, origin) {
      var map = this._map, s = entry.source, pixelOrigin = map.getPixelOrigin();
      var tilePx = 256 * map.getZoomScale(map.getZoom(), s.z), extent = 4096;
      for (var name in entry.data) { extent = entry.data[name].extent; break; }
      return { data: entry.data, k: tilePx / extent,
        ox: s.x * tilePx - pixelOrigin.x - origin.x, oy: s.y * tilePx - pixelOrigin.y - origin.y };
    },
  });

  window.crStreetLabels = {
    layer: function (tiles, options) { return new StreetLabels(tiles, options); },
  };
})();
