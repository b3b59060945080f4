"""What keeps sign-in from being flooded or used to find user names.

- :class:`FailureWindows`: failed sign-ins counted per account and per client address over a
  sliding window; beyond the limit, or with two attempts for the same account or address
  already being checked, a sign-in is refused (429, ``Retry-After``) before any password is
  hashed, so a flood costs the hub next to nothing. A success clears the account.
- :class:`PasswordChecks`: Argon2 runs on a small executor of its own, never on the threads
  that serve the request path's database reads; an unknown user is checked against a dummy
  hash, so it answers in the time a known one does; when more checks are waiting than the
  limit allows, the next is refused at once rather than queued.

The counts are per hub process (several hubs each keep their own).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor

from controlroom.hub.errors import ApiError
from controlroom.hub.limits import LIMITS
from controlroom.security import hash_password, verify_password

MAX_TRACKED = 100_000  # keys remembered at once; the oldest windows go first beyond this
HASH_THREADS = 2
IN_FLIGHT = 2  # attempts being checked at once for one account, or from one address


def too_many(detail: str, retry_after: float) -> ApiError:
    seconds = max(1, int(retry_after + 0.999))
    return ApiError(429, "too_many_requests", detail, {"Retry-After": str(seconds)})


class FailureWindows:
    """Failed sign-ins per account and per address; a key is refused while its failures in
    the window, plus its attempts still being checked, reach the limit, or while it already
    has :data:`IN_FLIGHT` attempts being checked (so a burst cannot slip in before the
    first failures are counted)."""

    def __init__(
        self,
        per_account: int = LIMITS.signin_failures_per_account,
        per_address: int = LIMITS.signin_failures_per_address,
        window_s: float = LIMITS.signin_window_s,
    ):
        self.window_s = window_s
        self._limits = {"account": per_account, "address": per_address}
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._checking: Counter[tuple[str, str]] = Counter()

    def admit(self, username: str, address: str) -> None:
        """Raise 429 when the account or the address may not try now; else count it in."""
        at = time.monotonic()
        keys = _keys(username, address)
        for key in keys:
            if self._checking[key] >= IN_FLIGHT:
                raise too_many(f"a sign-in for this {key[0]} is already being checked", 1.0)
            wait = self._wait(key, at)
            if wait > 0:
                raise too_many(f"too many failed sign-ins for this {key[0]}; try later", wait)
        self._checking.update(keys)

    def settle(self, username: str, address: str, ok: bool) -> list[str]:
        """An admitted attempt is done; returns which of account/address a failure locked."""
        keys = _keys(username, address)
        self._checking.subtract(keys)
        for key in keys:
            if self._checking[key] <= 0:
                del self._checking[key]
        if ok:
            self._failures.pop(keys[0], None)
            return []
        at = time.monotonic()
        for key in keys:
            window = self._failures.get(key)
            if window is None:
                self._make_room()
                window = self._failures[key] = deque(maxlen=self._limits[key[0]])
            window.append(at)
        return [key[0] for key in keys if self._wait(key, at) > 0]

    def _wait(self, key: tuple[str, str], at: float) -> float:
        window = self._failures.get(key)
        failures = len(window) if window is not None else 0
        if failures + self._checking[key] < self._limits[key[0]]:
            return 0.0
        return window[0] + self.window_s - at if window else 1.0

    def _make_room(self) -> None:
        if len(self._failures) < MAX_TRACKED:
            return
        at = time.monotonic()
        stale = [k for k, w in self._failures.items() if not w or w[-1] + self.window_s < at]
        for key in stale or list(self._failures)[: MAX_TRACKED // 10]:
            del self._failures[key]


def _keys(username: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("account", username.lower()), ("address", address)


class PasswordChecks:
    def __init__(self, waiting_limit: int = LIMITS.password_checks_waiting):
        self._pool = ThreadPoolExecutor(HASH_THREADS, thread_name_prefix="password-check")
        self._waiting = 0
        self._waiting_limit = waiting_limit
        self._dummy_hash = hash_password(secrets.token_urlsafe(16))  # same cost as a real one

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Check a password on the hashing threads; None (no such user) checks a dummy hash
        and is always False."""
        if self._waiting >= self._waiting_limit:
            raise too_many("too many sign-ins at once; try again", 1.0)
        self._waiting += 1
        try:
            loop = asyncio.get_running_loop()
            checked = password_hash or self._dummy_hash
            ok = await loop.run_in_executor(self._pool, verify_password, checked, password)
            return ok and password_hash is not None
        finally:
            self._waiting -= 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
