/* Control Room street basemap: one pass of labelling on one canvas. A painter places labels
 * (horizontal names, names along lines, road-number shields), each only where it collides with
 * nothing placed before it and is far enough from the same name, and draws it at once.
 * Positions are canvas px; a source tile maps onto the canvas as x * k + ox, y * k + oy. */
(function () {
  "use strict";

  var G = window.crLabelGeometry, S = window.crLabelSprites;
  var FONT = '"Inter", "Segoe UI", "DejaVu Sans", system-ui, sans-serif';

  function font(size, bold, italic) {
    return { css: (italic ? "italic " : "") + (bold ? "600 " : "") + size + "px " + FONT,
      size: size, halo: size >= 13 ? 3.5 : 3 };
  }

  /* What passes share: text widths and metrics per font, and the label sprites. */
  function Memory() {
    this.widths = new Map(); // font css -> text -> width
    this.metrics = new Map(); // font css -> text -> {width, advances}
    this.sprites = new S.Sprites(1500);
  }

  Memory.prototype.table = function (tables, css) {
    var table = tables.get(css);
    if (!table) {
      table = new Map();
      tables.set(css, table);
    } else if (table.size > 10000) table.clear();
    return table;
  };

  function Painter(canvas, width, height, dpr, theme, memory) {
    this.ctx = canvas.getContext("2d");
    this.w = width;
    this.h = height;
    this.dpr = dpr;
    this.theme = theme;
    this.memory = memory;
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

  /* The width of ``text`` in the current font. */
  Painter.prototype.measure = function (text) {
    var widths = this.memory.table(this.memory.widths, this.font), width = widths.get(text);
    if (width === undefined) {
      width = this.ctx.measureText(text).width;
      widths.set(text, width);
    }
    return width;
  };

  /* Width and per-character advances in font ``f`` (scaled to the whole word's kerning). */
  Painter.prototype.metrics = function (f, text) {
    var table = this.memory.table(this.memory.metrics, f.css), m = table.get(text);
    if (m === undefined) {
      this.setFont(f.css);
      var width = this.measure(text), advances = Array.from(text).map(this.measure, this);
      var sum = advances.reduce(function (a, c) { return a + c; }, 0) || 1;
      for (var i = 0; i < advances.length; i++) advances[i] *= width / sum;
      m = { width: width, advances: advances };
      table.set(text, m);
    }
    return m;
  };

  Painter.prototype.sprite = function (text, f, width, colour) {
    return this.memory.sprites.get(text, f, width, colour, this.theme.halo, this.dpr);
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
    S.draw(this.ctx, this.sprite(text, f, w, colour), x, y, 0);
    return true;
  };

  /* A feature's lines on the canvas, each a flat [x, y, ...] array. */
  function screenLines(feature, src) {
    var c = feature.coords, rings = feature.rings, lines = [];
    for (var p = 0; p < rings.length; p += 2) {
      var line = new Float32Array(rings[p + 1] - rings[p]);
      for (var i = 0, k = rings[p]; k < rings[p + 1]; i += 2, k += 2) {
        line[i] = c[k] * src.k + src.ox;
        line[i + 1] = c[k + 1] * src.k + src.oy;
      }
      lines.push(line);
    }
    return lines;
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
        var sprite = this.sprite(text, f, width, colour), a = glyphs[0], z = glyphs[glyphs.length - 1];
        if (G.straight(glyphs)) S.draw(this.ctx, sprite, (a.x + z.x) / 2, (a.y + z.y) / 2, a.angle);
        else S.drawAlong(this.ctx, sprite, glyphs, m.advances);
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

  window.crLabelPainter = { Painter: Painter, Memory: Memory, font: font };
})();
