"""Word from other hub processes on one PostgreSQL that they committed events, as it happens.

Every writer's transaction that appends events also calls ``pg_notify`` with the newest seq it
wrote (``controlroom.hub.batch``); PostgreSQL delivers that at commit, to every connection that
listens, and never for a transaction that rolled back. Each hub keeps one such connection in a
thread of its own, and hands each seq heard to the broadcaster, which then reads the store
after the last seq it delivered: the notification only wakes it, the store stays the authority
(a lost notification costs latency until the next one or the broadcaster's timer, nothing
else). A dropped connection is opened again, waiting longer after each failure; a payload that
is not a seq is ignored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Engine

from controlroom.hub.batch import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

FIRST_WAIT_S = 0.1
LONGEST_WAIT_S = 5.0
APPLICATION = "controlroom commit listener"  # as pg_stat_activity names the connection
CHECK_STOP_S = 0.5  # how often a quiet listener looks whether it should stop


def seq_of(payload: str) -> int | None:
    """The seq a notification carries, or None for anything else."""
    text = payload.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    return int(text)


class CommitListener:
    """`heard(seq)` is called on the listener's thread for each seq another writer committed,
    and `heard(None)` each time the connection is (re)opened: what was committed while it was
    down is then read from the store."""

    def __init__(self, engine: Engine, heard: Callable[[int | None], None]):
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._heard = heard
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="commit-listener", daemon=True)
        self.connected = False
        self.reconnects = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * CHECK_STOP_S + 1)

    def _run(self) -> None:
        wait = FIRST_WAIT_S
        while not self._stop.is_set():
            try:
                self._listen()
                wait = FIRST_WAIT_S
            except Exception as exc:  # psycopg.Error, OSError, ...: the thread must live on
                if self.connected:
                    log.warning("the commit listener lost its connection: %s", exc)
                self.connected = False
                self._stop.wait(wait)
                wait = min(wait * 2, LONGEST_WAIT_S)

    def _listen(self) -> None:
        with psycopg.connect(
            self._conninfo, autocommit=True, connect_timeout=5, application_name=APPLICATION
        ) as connection:
            connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            if self.connected is False and self.reconnects:
                log.info("the commit listener is listening again")
            self.connected = True
            self.reconnects += 1
            self._heard(None)
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=CHECK_STOP_S):
                    seq = seq_of(notice.payload)
                    if seq is not None:
                        self._heard(seq)
                    else:
                        log.debug("ignored a notification %r", notice.payload[:40])
                    if self._stop.is_set():
                        return
        self.connected = False
