/* Control Room street basemap: each label's text, with its halo, drawn once on a small canvas
 * and then copied into place: copying an image is far cheaper than drawing haloed text, and the
 * same names come back after every pan. A name that bends with its street is copied glyph by
 * glyph, each slice turned to its glyph's angle. */
(function () {
  "use strict";

  function Sprites(capacity) {
    this.capacity = capacity;
    this.cache = new Map(); // least recently used first
  }

  /* The sprite of ``text`` in font ``f`` ({css, size, halo}), ``width`` px wide as measured. */
  Sprites.prototype.get = function (text, f, width, colour, halo, dpr) {
    var key = f.css + "|" + colour + "|" + halo + "|" + dpr + "|" + text;
    var sprite = this.cache.get(key);
    if (sprite) {
      this.cache.delete(key);
      this.cache.set(key, sprite);
      return sprite;
    }
    var pad = Math.ceil(f.halo) + 1, w = Math.ceil(width) + 2 * pad, h = Math.ceil(f.size * 1.4) + 2 * pad;
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(w * dpr);
    canvas.height = Math.ceil(h * dpr);
    var ctx = canvas.getContext("2d");
    ctx.scale(dpr, dpr);
    ctx.font = f.css;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.strokeStyle = halo;
    ctx.lineWidth = f.halo;
    ctx.strokeText(text, pad, h / 2);
    ctx.fillStyle = colour;
    ctx.fillText(text, pad, h / 2);
    sprite = { canvas: canvas, w: w, h: h, pad: pad, dpr: dpr };
    this.cache.set(key, sprite);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value);
    return sprite;
  };

  /* Centred at (x, y), turned by ``angle``. */
  function draw(ctx, sprite, x, y, angle) {
    if (!angle) {
      ctx.drawImage(sprite.canvas, x - sprite.w / 2, y - sprite.h / 2, sprite.w, sprite.h);
      return;
    }
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(angle);
    ctx.drawImage(sprite.canvas, -sprite.w / 2, -sprite.h / 2, sprite.w, sprite.h);
    ctx.restore();
  }

  /* Glyph by glyph: ``glyphs`` [{x, y, angle}] centres, ``advances`` their widths (px). */
  function drawAlong(ctx, sprite, glyphs, advances) {
    var r = sprite.dpr, left = 0, last = glyphs.length - 1;
    for (var i = 0; i <= last; i++) {
      var g = glyphs[i], a = advances[i];
      var x0 = i === 0 ? 0 : sprite.pad + left; // the first and last slices take the halo's margin
      var x1 = i === last ? sprite.w : sprite.pad + left + a;
      var cos = Math.cos(g.angle) * r, sin = Math.sin(g.angle) * r;
      ctx.setTransform(cos, sin, -sin, cos, g.x * r, g.y * r);
      ctx.drawImage(sprite.canvas, x0 * r, 0, (x1 - x0) * r, sprite.h * r,
        x0 - sprite.pad - left - a / 2, -sprite.h / 2, x1 - x0, sprite.h);
      left += a;
    }
    ctx.setTransform(r, 0, 0, r, 0, 0);
  }

  window.crLabelSprites = { Sprites: Sprites, draw: draw, drawAlong: drawAlong };
})();
