"""Export of exactly what a search shows, as CSV, GeoJSON and KML: the same filter gives the same
captures (a count test for each format), code C only for the roles cleared for it, every
export audited, and what officers wrote never becomes a formula or markup."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import text

from tests.hub.helpers import iso
from tests.hub.test_search import LEEK, STONE, send, word
from tests.hubprocess import wait_for

KML = "{http://www.opengis.net/kml/2.2}"


def exported(reader, format_: str, **params) -> list[dict]:
    """The captures of an export as (id, summary, lon, lat) records, in its order."""
    reply = reader.get("/api/v1/captures/export", params={"format": format_, **params})
    assert reply.status_code == 200, reply.text
    assert f"captures.{format_}" in reply.headers["content-disposition"]
    if format_ == "csv":
        rows = list(csv.DictReader(io.StringIO(reply.text)))
        return [
            {"id": r["id"], "summary": r["summary"], "lon": float(r["lon"]), "lat": float(r["lat"])}
            for r in rows
        ]
    if format_ == "geojson":
        features = json.loads(reply.text)["features"]
        return [
            {
                "id": f["properties"]["id"],
                "summary": f["properties"]["summary"],
                "lon": f["geometry"]["coordinates"][0],
                "lat": f["geometry"]["coordinates"][1],
            }
            for f in features
        ]
    marks = ET.fromstring(reply.content).iter(f"{KML}Placemark")
    found = []
    for mark in marks:
        data = {d.get("name"): d.findtext(f"{KML}value") for d in mark.iter(f"{KML}Data")}
        lon, lat = mark.findtext(f"{KML}Point/{KML}coordinates").split(",")
        found.append({"id": data["id"], "summary": data["summary"], "lon": float(lon),
                      "lat": float(lat)})  # fmt: skip
    return found


@pytest.fixture(scope="module")
def story(hub):
    device, w = hub.device(), word()
    made = {
        "leek_new": send(device, f"{w} youths by the market", LEEK, hours_ago=1),
        "leek_old": send(device, f"{w} youths by the church", LEEK, hours_ago=24 * 5),
        "stone": send(device, f"{w} youths at the station", STONE, hours_ago=2),
        "secret": send(
            device,
            f"{w} supplying the youths",
            LEEK,
            hours_ago=3,
            kind="intelligence",
            fields={"handling_code": "C", "source_evaluation": 2, "intelligence_assessment": "B"},
        ),
    }
    return w, made


FILTERS = [
    {},
    {"bbox": "-2.05,53.09,-2.00,53.12"},
    {"since": "-2d"},
    {"bbox": "-2.05,53.09,-2.00,53.12", "since": "-2d", "kind": "note"},
    {"q": "station"},
]


def _params(w: str, f: dict) -> dict:
    params = {**f, "q": f"{w} {f.get('q', '')}".strip()}
    if "since" in params:
        params["since"] = iso(-2 * 86400)
    return params


@pytest.mark.parametrize("role", ["dispatcher", "intelligence"])
@pytest.mark.parametrize("format_", ["csv", "geojson", "kml"])
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f) or "words")
def test_an_export_holds_exactly_the_captures_the_search_shows(hub, story, role, format_, f):
    w, made = story
    reader = hub.user(role)
    params = _params(w, f)
    shown = reader.get("/api/v1/search", params={**params, "limit": 500}).json()
    rows = exported(reader, format_, **params)
    assert len(rows) == shown["total"] == len(shown["captures"])
    assert [r["id"] for r in rows] == [c["id"] for c in shown["captures"]]
    by_id = {c["id"]: c for c in shown["captures"]}
    for row in rows:
        assert row["summary"] == by_id[row["id"]]["summary"]
        assert (row["lon"], row["lat"]) == (by_id[row["id"]]["lon"], by_id[row["id"]]["lat"])
    if role == "dispatcher":
        assert made["secret"] not in {r["id"] for r in rows}
    elif not f:
        assert made["secret"] in {r["id"] for r in rows} and len(rows) == 4


def test_every_export_is_audited_with_the_captures_it_gave(hub, story):
    w, made = story
    reader = hub.user("dispatcher")
    rows = exported(reader, "kml", q=w)

    def audited():
        with hub.engine.connect() as connection:
            return connection.execute(
                text("SELECT detail FROM audit WHERE actor = :a AND action = 'capture.export'"),
                {"a": f"user:{reader.username}"},
            ).scalars().all()  # fmt: skip

    detail = json.loads(wait_for(audited)[0])
    assert detail["count"] == len(rows) == 3
    assert set(detail["ids"]) == {r["id"] for r in rows} and detail["filters"]["format"] == "kml"


def test_what_officers_wrote_stays_text_in_every_format(hub):
    device, w = hub.device(), word()
    hostile = f'=HYPERLINK("http://x") {w} <b>&amp;</b> "quoted" \x07bell'
    made = send(device, hostile, fields={"text": "@SUM(A1)", "note": "]]></kml>"})
    reader = hub.user("dispatcher")
    row = next(csv.DictReader(io.StringIO(reader.get(
        "/api/v1/captures/export", params={"format": "csv", "q": w}).text)))  # fmt: skip
    assert row["id"] == made and row["summary"] == "'" + hostile
    kml = exported(reader, "kml", q=w)
    assert kml[0]["summary"] == hostile.replace("\x07", "")
    geojson = exported(reader, "geojson", q=w)
    assert geojson[0]["summary"] == hostile


@pytest.mark.parametrize(
    "params",
    [{}, {"format": "xlsx"}, {"format": "csv", "bbox": "3,2,1,0"}, {"format": "kml", "q": "*"}],
)
def test_an_export_that_cannot_be_made_is_a_clear_422(hub, params):
    reply = hub.user("dispatcher").get("/api/v1/captures/export", params=params)
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"] == "invalid"
