"""Background work on the qasync loop: strong references, and the latest request wins."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)


def settle(future: asyncio.Future[T], value: T) -> None:
    """Give ``future`` its result, unless it already has one."""
    if not future.done():
        future.set_result(value)


class TaskKeeper:
    """Holds every running task (asyncio keeps only weak references) and, per name, only the
    newest: starting a task under a name cancels the one before it (as FeelUOwn's
    ``run_afn_preemptive`` does)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._named: dict[str, asyncio.Task] = {}

    def run(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task:
        if name is not None and (previous := self._named.get(name)) is not None:
            previous.cancel()
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        if name is not None:
            self._named[name] = task
        task.add_done_callback(lambda t: self._finished(t, name))
        return task

    def _finished(self, task: asyncio.Task, name: str | None) -> None:
        self._tasks.discard(task)
        if name is not None and self._named.get(name) is task:
            del self._named[name]
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
