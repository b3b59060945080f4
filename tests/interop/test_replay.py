"""GPX replay: the reader on the real and edge-case files, and `controlroom replay` against a
real hub process."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import uuid

import pytest

from controlroom.replay.gpx import distance_m, read_track, shifted
from controlroom.replay.run import replay
from tests.hubprocess import PASSWORD, wait_for
from tests.interop.conftest import dispatcher_of, units_of

STOKE = (53.0245, -2.1794)
SMALL_GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
 <trk><trkseg></trkseg><trkseg>
  <trkpt lat="45.0000" lon="13.0000"><time>2020-05-01T10:00:00Z</time></trkpt>
  <trkpt lat="45.0009" lon="13.0000"><time>2020-05-01T10:00:02Z</time></trkpt>
  <trkpt lat="45.0009" lon="13.0012"><time>2020-05-01T10:00:04Z</time></trkpt>
 </trkseg></trk>
</gpx>
"""


def test_edge_case_files_are_read(shared_data):
    gpx = shared_data / "gpx"
    assert len(read_track(gpx / "around-visnjan-with-car.gpx")) == 104
    assert len(read_track(gpx / "track-with-empty-segment.gpx")) == 9
    assert len(read_track(gpx / "route.gpx")) == 55  # a route with no track
    assert len(read_track(gpx / "unicode_with_bom.gpx")) == 1  # BOM, only a waypoint
    broken = read_track(gpx / "Mojstrovka.gpx")  # 1901 and repeated times
    offsets = [p.offset_s for p in broken]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    hike = read_track(gpx / "cerknicko-jezero.gpx")  # 8 tracks, days apart
    assert max(b.offset_s - a.offset_s for a, b in zip(hike, hike[1:], strict=False)) <= 60


def test_shift_keeps_the_shape_on_the_ground(tmp_path):
    path = tmp_path / "small.gpx"
    path.write_text(SMALL_GPX)
    points = read_track(path)
    moved = shifted(points, *STOKE)
    assert (moved[0].lat, moved[0].lon) == STOKE
    for a, b in zip(points[1:], moved[1:], strict=True):
        original = distance_m(points[0].lat, points[0].lon, a.lat, a.lon)
        assert distance_m(*STOKE, b.lat, b.lon) == pytest.approx(original, rel=1e-3)


def test_replay_sends_points_when_due_batching_those_due_together(tmp_path):
    path = tmp_path / "small.gpx"
    path.write_text(SMALL_GPX)
    clock = [1000.0]
    batches = []
    replay(read_track(path), 4.0, batches.append, lambda: clock[0],
           lambda s: clock.__setitem__(0, clock[0] + s))  # fmt: skip
    assert [len(b) for b in batches] == [1, 1, 1]  # 0 s, 0.5 s, 1 s
    assert [b[0]["at"] for b in batches] == [
        "1970-01-01T00:16:40.000Z",
        "1970-01-01T00:16:40.500Z",
        "1970-01-01T00:16:41.000Z",
    ]
    assert math.isclose(batches[2][0]["heading_deg"], 90.0, abs_tol=0.5)


def _replay_cli(hub, path, callsign, *extra: str) -> subprocess.CompletedProcess:
    supervisor = hub.user("supervisor")
    command = [sys.executable, "-m", "controlroom.cli", "replay", str(path), "--hub", hub.url,
               "--callsign", callsign, "--username", supervisor.username, *extra]  # fmt: skip
    env = dict(os.environ, CONTROLROOM_PASSWORD=PASSWORD)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def _track(hub, callsign) -> list[dict]:
    return dispatcher_of(hub).get(f"/api/v1/units/{callsign}/track").json()["pings"]


def test_replay_a_small_gpx_through_the_hub(tak_hub, tmp_path):
    path = tmp_path / "small.gpx"
    path.write_text(SMALL_GPX)
    callsign = f"RP{uuid.uuid4().hex[:5].upper()}"
    done = _replay_cli(tak_hub, path, callsign, "--shift-to", "53.0245,-2.1794", "--speed", "8")
    assert done.returncode == 0, done.stderr
    assert "replayed 3 points" in done.stdout
    unit = units_of(tak_hub)[callsign]
    assert unit["lat"] == pytest.approx(53.0245 + 0.0009)
    assert len(wait_for(lambda: _track(tak_hub, callsign))) == 3


def test_replay_a_real_drive_shifted_onto_stoke(tak_hub, shared_data):
    callsign = f"RV{uuid.uuid4().hex[:5].upper()}"
    path = shared_data / "gpx" / "around-visnjan-with-car.gpx"
    done = _replay_cli(tak_hub, path, callsign, "--shift-to", "53.0245,-2.1794", "--speed", "120")
    assert done.returncode == 0, done.stderr
    track = _track(tak_hub, callsign)
    assert len(track) == 104
    assert all(distance_m(*STOKE, p["lat"], p["lon"]) < 3000 for p in track)
    assert max(p["speed_mps"] or 0 for p in track) > 15  # a car's speeds, recorded
