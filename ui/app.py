"""`controlroom app`: the desktop app on a qasync loop (QtWebEngine loaded before the
QApplication, as FeelUOwn's run_app does)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from pathlib import Path

import PySide6
from PySide6 import QtWebEngineWidgets  # noqa: F401  (must load before the QApplication)
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from qasync import QEventLoop

from controlroom.client.hub import HubClient, HubError
from controlroom.client.secrets import TokenStore
from controlroom.live.session import LiveSession
from controlroom.live.state import LiveState
from controlroom.permissions import Can, may
from controlroom.vocabulary import ROLE
from maps.schemes import register_schemes
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.sign_in import credentials_from_env, sign_in
from ui.tasks import TaskKeeper, settle
from ui.theme import application, apply_theme, install_search_paths

log = logging.getLogger(__name__)


def signals_leak(emits: int = 200) -> bool:
    """Whether emitting a Qt signal from Python loses references to True (PySide6 6.12.0 does):
    on Python 3.11 that aborts the process within minutes of a live table, so the app refuses
    to start on such a Qt rather than fail mid-shift."""
    probe = QTimer()
    before = sys.getrefcount(True)
    for _ in range(emits):
        probe.timeout.emit()
    return sys.getrefcount(True) < before - emits // 2


def make_application() -> QApplication:
    if os.geteuid() == 0:  # Chromium refuses to run its sandbox as root
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    app = application()
    if app is None:
        register_schemes()
        app = QApplication([sys.argv[0]])
    app.setOrganizationName("controlroom")
    app.setApplicationName("Control Room")
    app.setQuitOnLastWindowClosed(False)  # the main coroutine decides when we are done
    install_search_paths()
    return app


class DesktopApp:
    """Signs in, opens the main window and keeps the live session running."""

    def __init__(
        self,
        hub_url: str | None,
        credentials=None,
        store: QSettings | None = None,
        started=None,
        map_view: tuple[float, float, float] | None = None,
    ):
        self.store = store or QSettings()
        self.settings = AppSettings.load(self.store)
        self.settings.map_view = map_view  # --map-view: where the map opens, this run only
        self.hub_url = hub_url or self.settings.hub_url
        self.credentials = credentials
        self.started = started if started is not None else time.perf_counter()
        self.tasks = TaskKeeper()
        self.client = HubClient(self.hub_url)
        self.window: MainWindow | None = None
        self.session: LiveSession | None = None
        self.live_map_s: float | None = None

    async def start(self, session_options: dict | None = None) -> MainWindow | None:
        app = application()
        if app is None:
            raise RuntimeError("make_application() first")
        app.setQuitOnLastWindowClosed(False)  # closing windows must not stop the loop under us
        apply_theme(app, self.settings.theme)
        tokens = TokenStore(self.hub_url)
        signed_in = await sign_in(
            self.client, tokens, self.settings.last_username, self.credentials, self.tasks
        )
        if signed_in is None:
            return None
        if not may(signed_in.role, Can.SEE_OPERATIONS):
            raise HubError(
                f"{signed_in.username} is {ROLE.words(signed_in.role).lower()}: the desktop is for"
                " the operational roles; accounts are managed with `controlroom admin`"
            )
        self.settings.hub_url, self.settings.last_username = self.hub_url, signed_in.username
        self.settings.save(self.store)
        state = LiveState(stale_after_s=self.settings.stale_after_s)
        self.session = LiveSession(self.client, state, **(session_options or {}))
        self.window = MainWindow(self.session, self.settings, self.store, self.tasks)
        self.window.feed.started = self.started
        self.window.feed.live_map_shown.connect(self._on_live_map)
        self.window.show()
        self.tasks.run(self.session.run(), name="live")
        return self.window

    def _on_live_map(self, seconds: float) -> None:
        self.live_map_s = seconds
        print(f"live map {seconds:.2f} s after start", flush=True)

    def screenshot(self, path: Path) -> bool:
        if self.window is None:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = self.window.grab().save(str(path))
        print(f"screenshot {'saved to' if ok else 'NOT saved to'} {path}", flush=True)
        return ok

    async def close(self) -> None:
        self.tasks.cancel_all()
        await asyncio.sleep(0)
        if self.window is not None:
            window, self.window = self.window, None
            window.close()
            window.map_view.page().deleteLater()  # the page before its profile
            window.deleteLater()
        await self.client.aclose()

    async def main(self, screenshot: Path | None = None, quit_after: float | None = None) -> int:
        unattended = screenshot is not None or quit_after is not None
        if unattended and not (self.credentials or credentials_from_env()):
            print(
                "controlroom: --screenshot and --quit-after run unattended, so they need a sign-in:"
                " set CONTROLROOM_USERNAME and CONTROLROOM_PASSWORD",
                file=sys.stderr,
            )
            await self.client.aclose()
            return 2
        try:
            window = await self.start()
        except HubError as exc:
            print(f"controlroom: cannot sign in: {exc.detail}", file=sys.stderr)
            await self.client.aclose()
            return 2
        if window is None:
            await self.client.aclose()
            return 1
        done = asyncio.get_running_loop().create_future()
        window.closed.connect(lambda: settle(done, 0))
        if screenshot is not None or quit_after is not None:
            await asyncio.sleep(quit_after if quit_after is not None else 5.0)
            if screenshot is not None and not self.screenshot(screenshot):
                settle(done, 3)
            settle(done, 0)
        code = await done
        await self.close()
        return code


def run(
    hub_url: str | None,
    screenshot: Path | None = None,
    quit_after: float | None = None,
    credentials=None,
    started=None,
    settings_name: str = "Control Room",
    map_view: tuple[float, float, float] | None = None,
) -> int:
    """Run the app; ``settings_name`` keeps the demo's settings apart from the real app's;
    ``map_view`` (lat, lon, zoom) opens the map there."""
    make_application()
    if signals_leak():
        print(
            f"controlroom: PySide6 {PySide6.__version__} loses a reference on every signal, which"
            " would abort the app mid-shift; install the version the project asks for"
            " (python -m pip install -e '.[desktop]')",
            file=sys.stderr,
        )
        return 4
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise here
    store = QSettings("controlroom", settings_name)
    desktop = DesktopApp(hub_url, credentials, store=store, started=started, map_view=map_view)
    # One run of the loop, not asyncio.Runner: with QtWebEngine loaded, the second run that
    # Runner.close() makes crashes in QApplication.exit() (PySide6 6.12, qasync 0.28).
    loop = QEventLoop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(desktop.main(screenshot, quit_after))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
