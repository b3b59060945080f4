/* Control Room street basemap: one pass of labelling on one canvas. A painter places labels
 * (horizontal names, names along lines, road-number shields), each only where it collides with
 * nothing placed before it and is far enough from the same name, and draws it at once.
 * Positions are canvas px; a source tile maps onto the canvas as x * k + ox, y * k + oy. */
(function () {
  "use strict";

  var G = window.crLabelGeometry;
  var FONT = '"Inter", "Segoe UI", "DejaVu Sans", system-ui, sans-serif';

  function font(size, bold, italic) {
    return { css: (italic ? "italic " : "") + (bold ? "600 " : "") + size + "px " + FONT,
      size: size, halo: size >= 13 ? 3.5 : 3 };
  }

  /* ``widths`` is a Map kept between passes (text measuring is the costly part). */
  function Painter(canvas, width, height, dpr, theme, widths) {
    this.ctx = canvas.getContext("2d");
    this.w = width;
    this.h = height;
    this.dpr = dpr;
    this.theme = theme;
    this.widths = widths;
    this.collisions = new G.Collisions(width, height);
    this.placed = new Map(); // text -> [x, y, ...] where it is already written
    this.count = 0;
    this.font = null;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx.clearRect(0, 0, width, height);
    this.ctx.lineJoin = "round";
  }

  Painter.prototype.setFont = function (css) {
    if (this.font !== css) { // setting a canvas font is slow: only when it changes
      this.ctx.font = css;
      this.font = css;
    }
  };

  Painter.prototype.measure = function (text) {
    var key = this.font + "|" + text, width = this.widths.get(key);
    if (width === undefined) {
      width = this.ctx.measureText(text).width;
      if (this.widths.size > 20000) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  };

  /* Width, characters and per-character advances (scaled to the whole word's kerning). */
  Painter.prototype.metrics = function (f, text) {
    var key = f.css + "||" + text, m = this.widths.get(key);
    if (m === undefined) {
      this.setFont(f.css);
      var chars = Array.from(text), width = this.measure(text);
      var advances = chars.map(this.measure, this);
      var sum = advances.reduce(function (a, c) { return a + c; }, 0) || 1;
      for (var i = 0; i < advances.length; i++) advances[i] *= width / sum;
      m = { width: width, chars: chars, advances: advances };
      this.widths.set(key, m);
    }
    return m;
  };

  Painter.prototype.farFromSame = function (text, x, y, distance) {
    var placed = this.placed.get(text);
    if (!placed) return true;
    for (var i = 0; i < placed.length; i += 2) {
      var dx = placed[i] - x, dy = placed[i + 1] - y;
      if (dx * dx + dy * dy < distance * distance) return false;
    }
    return true;
  };

  Painter.prototype.take = function (text, x, y, boxes) {
    this.collisions.add(boxes);
    if (!this.placed.has(text)) this.placed.set(text, []);
    this.placed.get(text).push(x, y);
    this.count += 1;
  };

  /* A horizontal label centred at (x, y); false when it does not fit. */
  Painter.prototype.pointLabel = function (text, x, y, f, colour, dedupPx) {
    this.setFont(f.css);
    var w = this.measure(text), h = f.size;
    var box = [x - w / 2 - 3, y - h / 2 - 2, x + w / 2 + 3, y + h / 2 + 2];
    if (!this.farFromSame(text, x, y, dedupPx) || !this.collisions.fits([box])) return false;
    this.take(text, x, y, [box]);
    this.ctx.textAlign = "center";
    this.ctx.textBaseline = "middle";
    G.haloText(this.ctx, text, x, y, colour, this.theme.halo, f.halo);
    return true;
  };

  /* A feature's lines on the canvas, each a flat [x, y, ...] array. */
  function screenLines(feature, src) {
    return feature.parts.map(function (c) {
      var line = new Float32Array(c.length);
      for (var i = 0; i < c.length; i += 2) {
        line[i] = c[i] * src.k + src.ox;
        line[i + 1] = c[i + 1] * src.k + src.oy;
      }
      return line;
    });
  }

  Painter.prototype.offCanvas = function (box, src) {
    return box[2] * src.k + src.ox < 0 || box[0] * src.k + src.ox > this.w ||
      box[3] * src.k + src.oy < 0 || box[1] * src.k + src.oy > this.h;
  };

  /* ``text`` along the feature's lines, every ``spacing`` px (the middle first), upright and
   * bending with the line, never round a sharp bend. */
  Painter.prototype.lineLabel = function (feature, src, text, f, colour, spacing) {
    var b = feature.box;
    if (this.offCanvas(b, src)) return;
    var m = this.metrics(f, text), width = m.width, half = f.size * 0.6;
    if ((b[2] - b[0]) * src.k < width * 0.7 && (b[3] - b[1]) * src.k < width * 0.7) return;
    screenLines(feature, src).forEach(function (line) {
      var lengths = G.cumulative(line), total = lengths[lengths.length - 1];
      if (total < width + 8) return;
      G.anchors(total, Math.max(spacing, width * 2.5), width / 2 + 4).forEach(function (d) {
        var centre = G.pointAt(line, lengths, d, 1);
        if (centre.x < 0 || centre.y < 0 || centre.x > this.w || centre.y > this.h) return;
        if (!this.farFromSame(text, centre.x, centre.y, spacing)) return;
        var glyphs = G.glyphsAt(line, lengths, d - width / 2, m.advances, width);
        if (!glyphs) return;
        var boxes = glyphs.map(function (g) { return [g.x - half, g.y - half, g.x + half, g.y + half]; });
        if (!this.collisions.fits(boxes)) return;
        this.take(text, centre.x, centre.y, boxes);
        this.setFont(f.css);
        G.drawGlyphs(this.ctx, m.chars, glyphs, colour, this.theme.halo, f.halo, this.dpr);
      }, this);
    }, this);
  };

  /* Road-number shields along the feature, ``spacing`` px apart. */
  Painter.prototype.shields = function (feature, src, ref, motorway, spacing) {
    var b = feature.box;
    if (this.offCanvas(b, src) || ((b[2] - b[0]) * src.k < 20 && (b[3] - b[1]) * src.k < 20)) return;
    var f = font(10.5, true);
    this.setFont(f.css);
    var w = this.measure(ref) + 8, h = 15;
    screenLines(feature, src).forEach(function (line) {
      var lengths = G.cumulative(line);
      G.anchors(lengths[lengths.length - 1], spacing, 0).forEach(function (d) {
        var p = G.pointAt(line, lengths, d, 1), x = Math.round(p.x), y = Math.round(p.y);
        var box = [x - w / 2 - 2, y - h / 2 - 2, x + w / 2 + 2, y + h / 2 + 2];
        if (!this.farFromSame(ref, x, y, spacing * 0.8) || !this.collisions.fits([box])) return;
        this.take(ref, x, y, [box]);
        this.setFont(f.css);
        this.shield(ref, x, y, w, h, motorway);
      }, this);
    }, this);
  };

  Painter.prototype.shield = function (text, x, y, w, h, motorway) {
    var ctx = this.ctx, t = this.theme;
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(x - w / 2, y - h / 2, w, h, 3);
    else ctx.rect(x - w / 2, y - h / 2, w, h);
    ctx.fillStyle = motorway ? t.motorwayShield : t.shield;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = t.shieldEdge;
    ctx.stroke();
    ctx.fillStyle = motorway ? t.motorwayShieldText : t.shieldText;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x, y + 0.5);
  };

  /* A landmark: a dot with its name above; false when the name does not fit. */
  Painter.prototype.landmark = function (text, x, y, f, colour) {
    if (!this.pointLabel(text, x, y - 9, f, colour, 300)) return false;
    var ctx = this.ctx;
    ctx.beginPath();
    ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = colour;
    ctx.fill();
    return true;
  };

  window.crLabelPainter = { Painter: Painter, font: font };
})();
