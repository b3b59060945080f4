"""Fixtures for the interop tests: the real TAK wire samples and third-party CoT producers."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from tests.conftest import BACKENDS

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


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    from tests.interop.certs import make_pki

    return make_pki(tmp_path_factory.mktemp("pki"))


def _interop_hub(request, tmp_path_factory, pki, *extra: str):
    from tests.conftest import fresh_database
    from tests.hubprocess import HubProcess

    tmp = tmp_path_factory.mktemp(f"interop-{request.param}")
    url, drop = fresh_database(request.param, tmp)
    args = (
        "--osmand-port", "0", "--cot-port", "0", "--cot-tls-port", "0",
        "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
        "--client-ca", str(pki.ca), "--cot-idle-timeout", "3", *extra,
    )  # fmt: skip
    process = HubProcess(url, tmp / "data", backend=request.param, extra_args=args)
    process.start()
    return process, drop


@pytest.fixture(scope="module", params=BACKENDS)
def tak_hub(request, tmp_path_factory, pki):
    """A hub with every interop listener on a free port; unknown devices are refused."""
    process, drop = _interop_hub(request, tmp_path_factory, pki)
    yield process
    process.stop()
    drop()


@pytest.fixture(scope="module", params=BACKENDS)
def patient_hub(request, tmp_path_factory, pki):
    """A hub that waits a minute for a complete event: a 10 MB event arriving on a busy
    machine is abuse to survive, not a trickling connection to time out."""
    process, drop = _interop_hub(request, tmp_path_factory, pki, "--cot-idle-timeout", "60")
    yield process
    process.stop()
    drop()


@pytest.fixture(scope="module", params=BACKENDS)
def open_hub(request, tmp_path_factory, pki):
    """A hub that provisions unknown interop devices as unverified units."""
    process, drop = _interop_hub(request, tmp_path_factory, pki, "--accept-unknown-devices")
    yield process
    process.stop()
    drop()


def dispatcher_of(hub):
    """One signed-in dispatcher per hub process."""
    if getattr(hub, "_dispatcher", None) is None:
        hub._dispatcher = hub.user("dispatcher")
    return hub._dispatcher


def units_of(hub) -> dict[str, dict]:
    """The units in the hub's snapshot, by call sign (read as a dispatcher does)."""
    snapshot = dispatcher_of(hub).get("/api/v1/snapshot").json()
    return {unit["callsign"]: unit for unit in snapshot["units"]}


def emergencies_of(hub) -> list[dict]:
    return dispatcher_of(hub).get("/api/v1/snapshot").json()["emergencies"]
