"""police.uk crimes as a context layer: imported by `controlroom admin import-crimes` into the
hub's store (idempotent, a bad row named and skipped, audited, a file whole or not at all
across a kill -9), read by area, month and type, and counted in the heat map."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from controlroom.cli import main
from tests.context.test_crime_files import ASB, HEADING, _with
from tests.hub.desk import Staff
from tests.hub.helpers import capture, frames

HANLEY = "-2.19,53.02,-2.17,53.03"


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


def month() -> str:
    """A month no other test imports into the module's hub."""
    return f"{random.randrange(1000, 9999)}-{random.randrange(1, 13):02d}"


def crime_file(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADING, *rows]) + "\n")
    return path


def in_month(when: str, count: int, lon: float = -2.18, lat: float = 53.025, kind="Burglary"):
    """`count` crimes of one month, each its own Crime ID."""
    return [
        _with(0, f"{random.getrandbits(128):032x}")
        .replace("2019-01", when)
        .replace("-2.180340,53.023083", f"{lon + i * 1e-4:.6f},{lat:.6f}")
        .replace("Burglary", kind)
        for i in range(count)
    ]


def import_crimes(hub, *files: Path) -> Done:
    """The command run in this process (as the command line runs it, without the start-up)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["admin", "import-crimes", *map(str, files), "--db", hub.db_url,
                     "--data-dir", str(hub.data_dir)])  # fmt: skip
    return Done(code, out.getvalue(), err.getvalue())


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run_command(hub, *files: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "controlroom.cli", "admin", "import-crimes", *map(str, files),
         "--db", hub.db_url, "--data-dir", str(hub.data_dir)],
        env={**os.environ, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def listed(reader, **params) -> dict:
    reply = reader.get("/api/v1/context/crimes", params=params)
    assert reply.status_code == 200, reply.text
    return reply.json()


def held(hub, when: str) -> int:
    with hub.engine.connect() as connection:
        query = text("SELECT count(*) FROM context_crimes WHERE month = :m")
        return connection.execute(query, {"m": when}).scalar_one()


def test_the_real_files_are_imported_once_and_read_by_area_month_and_type(hub, staff, shared_data):
    files = [shared_data / "police_uk" / f"2019-01-staffordshire-street_{part}.csv"
             for part in ("every20th", "stoke-on-trent")]  # fmt: skip
    first = run_command(hub, *files)
    assert first.returncode == 0, first.stderr
    assert "487 rows: 487 added" in first.stdout
    assert "3137 rows: 2981 added, 156 held" in first.stdout
    again = import_crimes(hub, *files)
    assert again.returncode == 0 and "0 added, 487 held" in again.stdout, again.stdout
    assert held(hub, "2019-01") == 487 + 2981
    reader = staff["dispatcher"]
    everything = listed(reader, month="2019-01", limit=10_000)
    assert everything["total"] == 487 + 2981 - 63  # crimes with no location are not on the map
    assert "Open Government Licence" in everything["attribution"]
    burglaries = listed(reader, month="2019-01", type="Burglary", bbox=HANLEY)
    assert burglaries["total"] > 0 and all(
        c["type"] == "Burglary" and -2.19 <= c["lon"] <= -2.17 and 53.02 <= c["lat"] <= 53.03
        for c in burglaries["crimes"]
    )
    heat = reader.get("/api/v1/heatmap", params={"layer": "crimes", "month": "2019-01",
                                                  "type": "Burglary", "bbox": HANLEY})  # fmt: skip
    assert heat.status_code == 200 and heat.json()["layer"] == "crimes"
    assert heat.json()["total"] == burglaries["total"]


def test_a_bad_row_is_named_by_its_file_and_line_and_the_rest_imported(hub, staff, tmp_path):
    when = month()
    good = in_month(when, 3)
    path = crime_file(tmp_path, "bad.csv", [good[0], _with(4, "west"), good[1], good[2]])
    done = import_crimes(hub, path)
    assert done.returncode == 2, done.stderr
    assert f"{path}:3: refused: Latitude" in done.stderr and "3 added" in done.stdout
    assert listed(staff["sergeant"], month=when)["total"] == 3


def test_a_file_that_is_not_a_crime_file_is_refused_and_the_next_still_imported(hub, tmp_path):
    when = month()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Crime ID,Month\nx,2019-01\n")
    done = import_crimes(
        hub, wrong, tmp_path / "absent.csv", crime_file(tmp_path, "ok.csv", in_month(when, 2))
    )
    assert done.returncode == 1
    assert "wrong.csv: not imported: no Longitude" in done.stderr and "absent.csv" in done.stderr
    assert held(hub, when) == 2


def test_crimes_without_an_id_are_imported_once_however_often_their_file_is(hub, staff, tmp_path):
    when, other = month(), month()
    asb = ASB.replace("2019-01", when)
    path = crime_file(tmp_path, "asb.csv", [asb, asb, asb])
    for _ in range(2):
        assert import_crimes(hub, path).returncode == 0
    assert held(hub, when) == 3
    more = [asb, asb, asb, asb, ASB.replace("2019-01", other)]
    overlapping = crime_file(tmp_path, "more.csv", more)
    assert "2 added, 3 held" in import_crimes(hub, overlapping).stdout
    assert held(hub, when) == 4


def test_every_import_is_audited_with_what_it_added_and_refused(hub, tmp_path):
    path = crime_file(tmp_path, "audited.csv", [*in_month(month(), 2), _with(1, "2019-13")])
    import_crimes(hub, path)
    with hub.engine.connect() as connection:
        (actor, detail), = connection.execute(text(
            "SELECT actor, detail FROM audit WHERE action = 'context.crimes_imported' "
            "AND target = 'file:audited.csv'")).all()  # fmt: skip
    assert actor.startswith("cli:") and '"added":2' in detail.replace(" ", "")
    assert "[4," in detail.replace(" ", "") and "Month" in detail


def test_a_kill_mid_import_leaves_nothing_of_the_file_and_a_rerun_completes_it(
    hub, staff, tmp_path
):
    when = month()
    path = crime_file(tmp_path, "killed.csv", in_month(when, 1500))
    # SIGKILL once the file's rows are written in the transaction, before it commits.
    killed = run_command(hub, path, CONTROLROOM_TEST_FAULTS="crash@rows:1")
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert held(hub, when) == 0
    assert listed(staff["dispatcher"], month=when)["total"] == 0
    rerun = import_crimes(hub, path)
    assert rerun.returncode == 0 and "1500 added" in rerun.stdout
    assert held(hub, when) == 1500


def test_formula_looking_cells_come_back_as_the_text_they_are(hub, staff, tmp_path):
    when = month()
    (row,) = in_month(when, 1)
    cells = row.split(",")
    cells[6] = '"=HYPERLINK(""http://x.example"",""click"")"'
    path = crime_file(tmp_path, "formula.csv", [",".join(cells)])
    assert import_crimes(hub, path).returncode == 0
    (crime,) = listed(staff["intelligence"], month=when)["crimes"]
    assert crime["location"] == '=HYPERLINK("http://x.example","click")'


def test_the_crime_heat_map_counts_what_the_list_holds(hub, staff, tmp_path):
    when = month()
    rows = in_month(when, 5) + in_month(when, 2, lon=-2.0, lat=52.8, kind="Robbery")
    assert import_crimes(hub, crime_file(tmp_path, "heat.csv", rows)).returncode == 0
    reader = staff["supervisor"]
    county = {"layer": "crimes", "month": when, "cell": 2000, "bbox": "-2.5,52.4,-1.5,53.3"}
    heat = reader.get("/api/v1/heatmap", params=county).json()
    assert heat["total"] == 7 and sorted(n for _, _, n in heat["cells"]) == [2, 5]
    robberies = {"layer": "crimes", "month": when, "type": "Robbery", "cell": 50_000}
    robbery = reader.get("/api/v1/heatmap", params=robberies).json()
    assert robbery["total"] == 2 == listed(reader, month=when, type="Robbery")["total"]


def test_an_import_is_streamed_to_every_desk_with_its_months_and_types(hub, tmp_path):
    """A desk's stream carries the import's event (the command wrote it in the import's own
    transaction; the hub picks it up from the store), and the import is audited."""
    first, last = sorted({month(), month()} | {"0999-12"})[-2:]  # two months, in order
    rows = [*in_month(first, 3), *in_month(last, 2, kind="Robbery"), _with(6, "<b>x</b>")]
    reader, device = hub.user("dispatcher"), hub.device()
    seq = reader.get("/api/v1/snapshot").json()["seq"]
    done = import_crimes(hub, crime_file(tmp_path, "streamed.csv", rows))
    assert done.returncode == 2 and "holds markup" in done.stderr  # the rest kept
    note = capture("note", fields={"text": "after the import"})
    assert device.post("/api/v1/device/captures", json=note).status_code == 201
    got = []
    with reader.stream("GET", f"/api/v1/events?after={seq}", timeout=20) as response:
        for frame in frames(response):
            if frame.event == "context.crimes_imported":
                got.append(json.loads(frame.data)["payload"])
            if frame.event == "capture.created" and note["id"] in frame.data:
                break
    (imported,) = [g for g in got if g["file"] == "streamed.csv"]
    assert imported["added"] == 5 and imported["refused"] == 1 and imported["rows"] == 6
    assert (imported["first_month"], imported["last_month"]) == (first, last)
    assert imported["categories"] == {"Burglary": 3, "Robbery": 2}
    with hub.engine.connect() as connection:
        audited = connection.execute(text(
            "SELECT count(*) FROM audit WHERE action = 'context.crimes_imported' "
            "AND target = 'file:streamed.csv'")).scalar()  # fmt: skip
    assert audited == 1


def test_a_range_of_months_and_the_summary_of_what_is_held(hub, staff, tmp_path):
    year = random.randrange(1000, 9999)
    months = [f"{year}-0{n}" for n in (1, 2, 3)]
    rows = [*in_month(months[0], 2), *in_month(months[1], 3, kind="Robbery"),
            *in_month(months[2], 4)]  # fmt: skip
    assert import_crimes(hub, crime_file(tmp_path, "range.csv", rows)).returncode == 0
    reader = staff["sergeant"]
    assert listed(reader, month=f"{months[0]}..{months[1]}")["total"] == 5
    assert listed(reader, month=f"{months[1]}..{months[2]}", type="Burglary")["total"] == 4
    cells = {"layer": "crimes", "month": f"{months[0]}..{months[2]}", "cell": 50_000}
    assert reader.get("/api/v1/heatmap", params=cells).json()["total"] == 9
    backwards = reader.get("/api/v1/context/crimes", params={"month": f"{months[2]}..{months[0]}"})
    assert backwards.status_code == 422 and "earlier month" in backwards.json()["detail"]
    for role in ("dispatcher", "sergeant", "intelligence", "supervisor"):
        held = staff[role].get("/api/v1/context/crimes/summary")
        assert held.status_code == 200, (role, held.text)
        summary = held.json()
        assert summary["categories"]["Robbery"] >= 3 and summary["first_month"] <= months[0]
    assert staff["admin"].get("/api/v1/context/crimes/summary").status_code == 403
    with hub.engine.connect() as connection:
        query = text("SELECT count(*) FROM audit WHERE action = 'context.crimes_summary'")
        asked = connection.execute(query).scalar()
    assert asked >= 4


def test_context_is_for_operational_roles_and_every_read_is_audited(hub, staff):
    assert staff["admin"].get("/api/v1/context/crimes").status_code == 403
    assert httpx.get(f"{hub.url}/api/v1/context/crimes").status_code == 401
    reader = hub.user("dispatcher")
    listed(reader, month="2019-01", bbox=HANLEY)
    reader.get("/api/v1/heatmap", params={"layer": "crimes", "cell": 50_000})
    with hub.engine.connect() as connection:
        actions = connection.execute(
            text("SELECT action FROM audit WHERE actor = :a ORDER BY id"),
            {"a": f"user:{reader.username}"},
        ).scalars().all()  # fmt: skip
    assert [a for a in actions if a.startswith("context.")] == [
        "context.crimes",
        "context.crimes_heatmap",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2019-13"},
        {"month": "January"},
        {"month": "2019-1"},
        {"type": "x" * 101},
        {"type": ""},
        {"bbox": "-2,54,-1,53"},
        {"limit": "0"},
        {"limit": "20000"},
    ],
    ids=repr,
)
def test_hostile_context_queries_are_refused_with_a_clear_422(staff, params):
    for path, extra in (("/api/v1/context/crimes", {}), ("/api/v1/heatmap", {"layer": "crimes"})):
        if path.endswith("heatmap") and "limit" in params:
            continue
        reply = staff["dispatcher"].get(path, params={**params, **extra, "cell": 50_000})
        assert reply.status_code == 422, (path, reply.text)
        assert reply.json()["error"] == "invalid" and reply.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"layer": "rainfall"},
        {"layer": "crimes", "q": "burglary"},
        {"layer": "crimes", "kind": "note"},
        {"layer": "crimes", "since": "2026-01-01T00:00:00Z"},
        {"month": "2019-01"},
        {"type": "Burglary"},
    ],
    ids=repr,
)
def test_a_heat_map_asked_for_the_wrong_layer_s_filters_is_refused(staff, params):
    reply = staff["dispatcher"].get("/api/v1/heatmap", params={**params, "cell": 50_000})
    assert reply.status_code == 422 and reply.json()["detail"], reply.text
