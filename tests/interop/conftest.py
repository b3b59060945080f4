"""Fixtures for the interop tests: the real TAK wire samples and third-party CoT producers."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get("CONTROLROOM_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared/data")
)
COT_DIR = SHARED_DATA / "cot"


@pytest.fixture
def cot_dir() -> Path:
    if not COT_DIR.is_dir():
        pytest.skip(f"real CoT wire samples not present at {COT_DIR} (see shared/data/README.md)")
    return COT_DIR


@pytest.fixture
def pytak_xml_stream(cot_dir: Path) -> bytes:
    return (cot_dir / "pytak_wire/pytak761_tcp_xml_stream.bin").read_bytes()


@pytest.fixture
def pytak_v1_stream(cot_dir: Path) -> bytes:
    return (cot_dir / "pytak_wire/pytak761_tcp_takproto_v1_stream.bin").read_bytes()


@pytest.fixture(scope="session")
def pytak():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pytak warns at import when aiohttp is absent
        return pytest.importorskip("pytak")
