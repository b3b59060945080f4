"""Fixtures for desktop tests: a qasync loop on the shared offscreen QApplication, settings in
a scratch file, and an in-memory keyring."""

from __future__ import annotations

import asyncio
import time

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings
from qasync import QEventLoop, QThreadExecutor

import tests.qtsetup  # noqa: F401  (Qt set up before anything imports it)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


_LOOP: list[QEventLoop] = []


@pytest.fixture(scope="session")
def qloop(qapp):
    """One qasync loop for the session, marked as already running: Qt's event loop is spun
    by qtbot (see ``run``), so no test starts or exits the application's own loop."""
    from ui.theme import install_search_paths

    install_search_paths()
    loop = QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)  # "running" only inside run(): asyncio.run elsewhere
    executor = QThreadExecutor(4)
    loop.set_default_executor(executor)  # ours, so that it is shut down at the end
    _LOOP.append(loop)
    yield loop
    executor.shutdown()


def run(qtbot, coro, timeout_ms=60_000):
    """Run a scenario coroutine on the qasync loop while qtbot spins Qt; return its result."""
    loop = _LOOP[-1]  # the session's (asyncio.run in other tests resets the current loop)
    asyncio.events._set_running_loop(loop)
    try:
        task = asyncio.ensure_future(coro, loop=loop)
        qtbot.waitUntil(task.done, timeout=timeout_ms)
    finally:
        asyncio.events._set_running_loop(None)
    return task.result()


@pytest.fixture
def settings_store(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


async def until(predicate, timeout=30.0, what="condition"):
    """Await ``predicate()`` becoming true (the qasync loop keeps Qt running meanwhile)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met in time")
        await asyncio.sleep(0.02)


async def page_value(ask, *args, timeout=10.0):
    """Ask the map page something through the bridge and await the decoded answer."""
    future = asyncio.get_running_loop().create_future()
    ask(*args, lambda value: future.done() or future.set_result(value))
    return await asyncio.wait_for(future, timeout)
