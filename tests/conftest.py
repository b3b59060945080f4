"""Shared fixtures: real stores (SQLite and, when CONTROLROOM_TEST_PG is set, PostgreSQL) and a
real hub process on a loopback port, spoken to over HTTP."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from controlroom.store.engine import make_engine, migrate
from tests.databases import PG_URL, fresh_database
from tests.hubprocess import HubProcess

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError("CI must set CONTROLROOM_TEST_PG so the PostgreSQL run happens")


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="CONTROLROOM_TEST_PG is not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """An empty store brought up to date by the migrations, on each backend (an engine)."""
    url, drop = fresh_database(request.param, tmp_path)
    engine = make_engine(url, pool_size=2)
    migrate(engine)
    yield engine
    engine.dispose()
    drop()


@pytest.fixture(scope="module", params=BACKENDS)
def hub(request, tmp_path_factory) -> HubProcess:
    """A hub process shared by a test module, on each store backend."""
    tmp = tmp_path_factory.mktemp(f"hub-{request.param}")
    url, drop = fresh_database(request.param, tmp)
    # A short stale threshold so silent-unit alerts can be seen within a test.
    process = HubProcess(
        url, tmp / "data", backend=request.param, extra_args=("--stale-after", "2")
    )
    process.start()
    yield process
    process.stop()
    drop()


@pytest.fixture(params=BACKENDS)
def fresh_hub(request, tmp_path) -> HubProcess:
    """A hub of a test's own, for tests that stop, kill or restart it."""
    url, drop = fresh_database(request.param, tmp_path)
    process = HubProcess(url, tmp_path / "data", backend=request.param)
    process.start()
    yield process
    process.stop()
    drop()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real-world test data not present at {SHARED_DATA}")
    return SHARED_DATA


def pytest_sessionfinish(session, exitstatus):
    session.config.controlroom_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without Python's final collection: PySide6 6.12 with QtWebEngine can abort while
    finalising Qt objects at interpreter exit, after every test has run and been reported
    (the app itself exits the same way)."""
    status = getattr(config, "controlroom_exit_status", None)
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
