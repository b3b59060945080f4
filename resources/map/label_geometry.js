/* Control Room street basemap: the geometry of labels. A collision index of boxes, points and
 * directions along a line, and glyph positions for a name that follows its street. */
(function () {
  "use strict";

  var CELL = 48; // collision grid cell, px
  var MAX_BEND = 0.6; // radians between neighbouring glyphs

  /* Boxes [x0, y0, x1, y1] already taken on a canvas ``width`` x ``height``. */
  function Collisions(width, height) {
    this.cols = Math.ceil(width / CELL) + 1;
    this.width = width;
    this.height = height;
    this.cells = new Map();
  }

  Collisions.prototype.fits = function (boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (b[0] < 0 || b[1] < 0 || b[2] > this.width || b[3] > this.height) return false;
      var c0 = Math.floor(b[0] / CELL), c1 = Math.floor(b[2] / CELL);
      var r0 = Math.floor(b[1] / CELL), r1 = Math.floor(b[3] / CELL);
      for (var r = r0; r <= r1; r++) {
        for (var c = c0; c <= c1; c++) {
          var list = this.cells.get(r * this.cols + c);
          if (!list) continue;
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
          }
        }
      }
    }
    return true;
  };

  Collisions.prototype.add = function (boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      var c0 = Math.floor(b[0] / CELL), c1 = Math.floor(b[2] / CELL);
      var r0 = Math.floor(b[1] / CELL), r1 = Math.floor(b[3] / CELL);
      for (var r = r0; r <= r1; r++) {
        for (var c = c0; c <= c1; c++) {
          var key = r * this.cols + c, list = this.cells.get(key);
          if (list) list.push(b);
          else this.cells.set(key, [b]);
        }
      }
    }
  };

  /* Distance from the start of the line to each of its points. */
  function cumulative(line) {
    var lengths = new Float32Array(line.length / 2), total = 0;
    for (var i = 2; i < line.length; i += 2) {
      total += Math.hypot(line[i] - line[i - 2], line[i + 1] - line[i - 1]);
      lengths[i / 2] = total;
    }
    return lengths;
  }

  /* Distances along a line of length ``total`` where labels go: the middle, then both ways. */
  function anchors(total, spacing, margin) {
    var mid = total / 2, out = [mid];
    for (var d = spacing; mid + d <= total - margin; d += spacing) out.push(mid + d, mid - d);
    return out.filter(function (a) { return a >= margin && a <= total - margin; });
  }

  /* The point ``d`` px along the line, and the direction there; the search starts at segment
   * ``from`` (distances asked in increasing order walk the line once). */
  function pointAt(line, lengths, d, from) {
    var i = Math.max(1, from || 1);
    while (i < lengths.length - 1 && lengths[i] < d) i++;
    var seg = lengths[i] - lengths[i - 1] || 1, t = (d - lengths[i - 1]) / seg;
    var x0 = line[2 * i - 2], y0 = line[2 * i - 1], x1 = line[2 * i], y1 = line[2 * i + 1];
    return { x: x0 + (x1 - x0) * t, y: y0 + (y1 - y0) * t, angle: Math.atan2(y1 - y0, x1 - x0), seg: i };
  }

  /* Glyph centres and angles for text ``width`` px wide starting ``start`` px along the line,
   * upright; null when the text would run off the line or round a sharp bend. */
  function glyphsAt(line, lengths, start, advances, width) {
    var total = lengths[lengths.length - 1];
    if (start < 0 || start + width > total) return null;
    var first = pointAt(line, lengths, start, 1), last = pointAt(line, lengths, start + width, first.seg);
    var reverse = last.x < first.x; // read left to right
    var glyphs = new Array(advances.length), prev = null, seg = 1, d = start;
    for (var n = 0; n < advances.length; n++) { // walk forwards; fill backwards when reversed
      var i = reverse ? advances.length - 1 - n : n, a = advances[i];
      var p = pointAt(line, lengths, d + a / 2, seg);
      seg = p.seg;
      var angle = reverse ? p.angle + Math.PI : p.angle;
      if (prev !== null) {
        var bend = Math.abs(((angle - prev + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
        if (bend > MAX_BEND) return null;
      }
      prev = angle;
      glyphs[i] = { x: p.x, y: p.y, angle: angle };
      d += a;
    }
    return glyphs;
  }

  /* Whether every glyph runs the same way (within 3 degrees): then the text is drawn whole. */
  function straight(glyphs) {
    for (var i = 1; i < glyphs.length; i++) if (Math.abs(glyphs[i].angle - glyphs[0].angle) > 0.05) return false;
    return true;
  }

  window.crLabelGeometry = { Collisions: Collisions, cumulative: cumulative, anchors: anchors,
    pointAt: pointAt, glyphsAt: glyphsAt, straight: straight };
})();
