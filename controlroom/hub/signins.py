"""Whether the user an access token names may still act, checked against the store.

A token's signature and expiry say it was issued; they do not say the user is still active,
still holds the role, or has not signed out. :class:`SignIns` answers that from the users and
refresh-token tables, cached per sign-in: a ``user.changed`` event (a role changed, an account
disabled, a sign-in revoked or ended) drops the entry in every hub process that sees it, and
an entry lives at most :data:`CACHE_SECONDS` in any case (a change made straight in the store).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from sqlalchemy import Engine, select

from controlroom.contract.events import EventType as E
from controlroom.hub.eventlog import EventRow
from controlroom.store.schema import RefreshToken, User

USERS, REFRESH = User.__table__, RefreshToken.__table__
CACHE_SECONDS = 30.0
MAX_CACHED = 10_000
USER_CHANGED = str(E.USER_CHANGED)


@dataclass(frozen=True, slots=True)
class Standing:
    """The user as the store has them now, for one sign-in."""

    username: str
    role: str
    active: bool
    signed_in: bool  # the sign-in (refresh-token family) is neither revoked nor ended


class SignIns:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._cache: dict[tuple[int, str], tuple[float, Standing | None]] = {}
        self._changes = 0  # user changes seen: a load that overlapped one is not cached

    async def standing(self, user_id: int, family: str) -> Standing | None:
        """The user's standing for this sign-in; None when the user no longer exists."""
        key = (user_id, family)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        changes = self._changes
        found = await asyncio.to_thread(self._load, user_id, family)
        if changes != self._changes:
            return found  # read before a change was seen: it may be stale, so not kept
        if len(self._cache) >= MAX_CACHED:
            self._prune()
        self._cache[key] = (time.monotonic() + CACHE_SECONDS, found)
        return found

    def _prune(self) -> None:
        at = time.monotonic()
        for key in [key for key, (until, _) in self._cache.items() if until <= at]:
            del self._cache[key]

    def _load(self, user_id: int, family: str) -> Standing | None:
        with self._engine.connect() as connection:
            user = connection.execute(
                select(USERS.c.username, USERS.c.role, USERS.c.active).where(USERS.c.id == user_id)
            ).first()
            if user is None:
                return None
            live = connection.execute(
                select(REFRESH.c.id)
                .where(REFRESH.c.family_id == family, REFRESH.c.revoked_at.is_(None))
                .limit(1)
            ).first()
        return Standing(user.username, user.role, bool(user.active), live is not None)

    def forget(self, row: EventRow) -> None:
        """Drop what is cached for a user the event log says has changed."""
        if row.type != E.USER_CHANGED:
            return
        self._changes += 1
        user_id = int(row.subject)
        for key in [key for key in self._cache if key[0] == user_id]:
            del self._cache[key]
