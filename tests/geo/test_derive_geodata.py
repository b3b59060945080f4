"""The shipped geodata is what tools/derive_geodata.py makes from ../shared/data."""

import gzip
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "geodata"


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_derived_files_are_reproducible(tmp_path, shared_data):
    tool = ROOT / "tools" / "derive_geodata.py"
    done = subprocess.run(
        [sys.executable, str(tool), "--data", str(shared_data), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for name in (
        "districts.geojson",
        "wards.geojson",
        "hotspots.json",
        "gps_profile.json",
    ):
        assert _content(tmp_path / name) == _content(SHIPPED / name), name


def test_shipped_files_are_small():
    # the road network (about 2.2 MB) and the gazetteer (0.7 MB) are most of it
    total = sum(p.stat().st_size for p in SHIPPED.iterdir())
    assert total < 3_500_000
