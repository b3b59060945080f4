"""Load-once for the geodata: the first caller loads, callers meanwhile wait for it, later ones
get the same object. (functools.cache alone would let two threads load the same thing twice.)"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once(load: Callable[[], T]) -> Callable[[], T]:
    lock = threading.Lock()
    done: list[T] = []

    @functools.wraps(load)
    def loaded() -> T:
        if not done:
            with lock:
                if not done:
                    done.append(load())
        return done[0]

    return loaded
