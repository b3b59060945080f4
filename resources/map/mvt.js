/* Control Room: a Mapbox Vector Tile (protobuf) decoder, written for the street basemap.
 *
 * crMvt.decode(arrayBuffer) -> { layerName: { extent, features: [feature] } }, where a feature
 * is { type: 1 point | 2 line | 3 polygon, props: {key: value}, coords: Int16Array x, y, ...,
 * rings: [start, end, ...], box: [minX, minY, maxX, maxY] } in tile units (0..extent, a little
 * beyond for the buffer). ``coords`` is shared by the layer's features; each part of a feature
 * is coords[start..end). A polygon's parts are its rings (outer rings and holes wind opposite
 * ways, so a non-zero fill draws the holes); a line's parts are its lines; a point feature's
 * parts are single points.
 */
(function () {
  "use strict";

  function Reader(bytes) {
    this.buf = bytes;
    this.pos = 0;
  }

  Reader.prototype.varint = function () {
    var buf = this.buf, b = buf[this.pos++], result = b & 0x7f;
    if (b < 0x80) return result;
    b = buf[this.pos++]; result |= (b & 0x7f) << 7;
    if (b < 0x80) return result;
    b = buf[this.pos++]; result |= (b & 0x7f) << 14;
    if (b < 0x80) return result;
    b = buf[this.pos++]; result |= (b & 0x7f) << 21;
    if (b < 0x80) return result;
    var scale = 268435456; // beyond 28 bits, bitwise operators would overflow
    do {
      b = buf[this.pos++];
      result += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80);
    return result;
  };

  Reader.prototype.skip = function (wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 5) this.pos += 4;
    else throw new Error("mvt: unsupported wire type " + wire);
  };

  Reader.prototype.string = function () {
    var end = this.varint() + this.pos;
    var text = DECODER.decode(this.buf.subarray(this.pos, end));
    this.pos = end;
    return text;
  };

  Reader.prototype.packedEnd = function () {
    return this.varint() + this.pos;
  };

  var DECODER = new TextDecoder("utf-8");

  function zigzag(n) {
    return (n >>> 1) ^ -(n & 1);
  }

  function readValue(r, end) {
    var value = null;
    while (r.pos < end) {
      var tag = r.varint(), field = tag >> 3, wire = tag & 7;
      if (field === 1) value = r.string();
      else if (field === 2) { value = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 4).getFloat32(0, true); r.pos += 4; }
      else if (field === 3) { value = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 8).getFloat64(0, true); r.pos += 8; }
      else if (field === 4 || field === 5) value = r.varint();
      else if (field === 6) { var v = r.varint(); value = v % 2 ? -(v + 1) / 2 : v / 2; }
      else if (field === 7) value = r.varint() !== 0;
      else r.skip(wire);
    }
    return value;
  }

  /* Reads one feature's geometry into ``out`` (the layer's coordinates) from ``out.n`` on; the
   * feature gets ``rings``: [start, end) offsets of each part in ``out.coords``. */
  function readGeometry(r, end, type, out, feature) {
    var coords = out.coords, n = out.n, partStart = n, rings = [];
    var x = 0, y = 0, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    while (r.pos < end) {
      var command = r.varint(), id = command & 7, count = command >> 3;
      if (id === 7) { // ClosePath: the ring's first point again
        if (n - partStart >= 2) { coords[n] = coords[partStart]; coords[n + 1] = coords[partStart + 1]; n += 2; }
        continue;
      }
      if (id === 1 && n > partStart && type !== 1) { rings.push(partStart, n); partStart = n; }
      for (var i = 0; i < count; i++) {
        x += zigzag(r.varint());
        y += zigzag(r.varint());
        coords[n++] = x;
        coords[n++] = y;
        if (type === 1) { rings.push(partStart, n); partStart = n; }
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    if (n > partStart) rings.push(partStart, n);
    out.n = n;
    feature.rings = rings;
    feature.box = [minX, minY, maxX, maxY];
  }

  function readFeature(r, end, keys, values, out) {
    var type = 0, tags = null, geomStart = -1, geomEnd = -1;
    while (r.pos < end) {
      var tag = r.varint(), field = tag >> 3, wire = tag & 7;
      if (field === 3) type = r.varint();
      else if (field === 2) {
        var tagsEnd = r.packedEnd();
        tags = [];
        while (r.pos < tagsEnd) tags.push(r.varint());
      } else if (field === 4) {
        geomEnd = r.packedEnd();
        geomStart = r.pos;
        r.pos = geomEnd;
      } else r.skip(wire);
    }
    var props = {};
    if (tags) for (var i = 0; i + 1 < tags.length; i += 2) props[keys[tags[i]]] = values[tags[i + 1]];
    var feature = { type: type, props: props, coords: out.coords, rings: [], box: [0, 0, 0, 0] };
    if (geomStart >= 0) {
      r.pos = geomStart;
      readGeometry(r, geomEnd, type, out, feature);
      r.pos = end;
    }
    return feature;
  }

  function readLayer(r, end) {
    var name = "", extent = 4096, keys = [], values = [], featureSpans = [], bytes = 0;
    while (r.pos < end) {
      var tag = r.varint(), field = tag >> 3, wire = tag & 7;
      if (field === 1) name = r.string();
      else if (field === 5) extent = r.varint();
      else if (field === 3) keys.push(r.string());
      else if (field === 4) { var vEnd = r.packedEnd(); values.push(readValue(r, vEnd)); r.pos = vEnd; }
      else if (field === 2) {
        var fEnd = r.packedEnd();
        featureSpans.push(r.pos, fEnd);
        bytes += fEnd - r.pos;
        r.pos = fEnd;
      } else r.skip(wire);
    }
    // Each coordinate takes at least a byte, a ClosePath (one byte) adds two: 2 x bytes bounds them.
    var out = { coords: new Int16Array(2 * bytes + 2), n: 0 }, features = [];
    for (var i = 0; i < featureSpans.length; i += 2) {
      r.pos = featureSpans[i];
      features.push(readFeature(r, featureSpans[i + 1], keys, values, out));
    }
    r.pos = end;
    return { name: name, extent: extent, features: features };
  }

  function decode(buffer) {
    var r = new Reader(new Uint8Array(buffer)), layers = {};
    while (r.pos < r.buf.length) {
      var tag = r.varint(), field = tag >> 3, wire = tag & 7;
      if (field === 3) {
        var end = r.packedEnd();
        var layer = readLayer(r, end);
        layers[layer.name] = layer;
      } else r.skip(wire);
    }
    return layers;
  }

  window.crMvt = { decode: decode };
})();
