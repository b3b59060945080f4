"""Captures written out as CSV, GeoJSON and KML, for other tools (a spreadsheet, GIS, Google
Earth). What an officer wrote is data, never markup or a formula: CSV cells that a spreadsheet
would run are quoted, XML escapes everything and drops the characters XML 1.0 cannot hold."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

import orjson

from controlroom.contract import documents as doc

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "kml": ("application/vnd.google-earth.kml+xml", "kml"),
}
COLUMNS = ("id", "kind", "at", "lat", "lon", "callsign", "status", "handling_code", "summary")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(format_: str, captures: list[doc.Capture]) -> bytes:
    return _RENDERERS[format_](captures)


def _cells(c: doc.Capture) -> list[str]:
    values = [c.id, c.kind, c.at, c.lat, c.lon, c.callsign, c.status, c.handling_code or ""]
    return [*map(str, values), _cell(c.summary), _cell(orjson.dumps(c.fields).decode())]


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one it would read as a formula gets a quote first."""
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(captures: list[doc.Capture]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "fields"])
    writer.writerows(_cells(c) for c in captures)
    return out.getvalue().encode()


def _properties(c: doc.Capture) -> dict:
    return {
        "id": c.id,
        "kind": c.kind,
        "at": c.at,
        "callsign": c.callsign,
        "status": c.status,
        "handling_code": c.handling_code,
        "summary": c.summary,
        "fields": c.fields,
    }


def to_geojson(captures: list[doc.Capture]) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": c.id,
            "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
            "properties": _properties(c),
        }
        for c in captures
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _placemark(c: doc.Capture) -> str:
    name = c.summary or c.kind
    details = f"{c.kind} by {c.callsign} at {c.at}" + (
        f", handling code {c.handling_code}" if c.handling_code else ""
    )
    return (
        f'<Placemark id="{_xml(c.id)}"><name>{_xml(name)}</name>'
        f"<description>{_xml(details)}</description>"
        f"<TimeStamp><when>{_xml(c.at)}</when></TimeStamp>"
        f"<ExtendedData>{''.join(_data(c))}</ExtendedData>"
        f"<Point><coordinates>{c.lon!r},{c.lat!r}</coordinates></Point></Placemark>"
    )


def _data(c: doc.Capture) -> Iterable[str]:
    for key, value in _properties(c).items():
        shown = value if isinstance(value, str) else orjson.dumps(value).decode()
        yield f'<Data name="{key}"><value>{_xml(shown)}</value></Data>'


def to_kml(captures: list[doc.Capture]) -> bytes:
    marks = "".join(_placemark(c) for c in captures)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Captures</name>'
        f"{marks}</Document></kml>\n"
    ).encode()


_RENDERERS = {"csv": to_csv, "geojson": to_geojson, "kml": to_kml}
