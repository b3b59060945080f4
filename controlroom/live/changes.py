"""What a workstation's live state tells its listeners, and the unit as the workstation sees
it: shared by ``controlroom.live.state`` and the event handlers of ``controlroom.live.handlers``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from controlroom.contract import documents as doc
from controlroom.timeutil import parse_iso_or_none

OPEN_SUGGESTION = ("pending", "unsure")  # a suggestion waits for an analyst while it is these


class LiveUnit(doc.Unit, kw_only=True):
    """A unit as the workstation sees it: the hub's document plus what the client works out."""

    seen: float | None = None  # last_seen as epoch seconds
    stale: bool = False  # expected to report and silent
    emergency: bool = False  # has an emergency not yet ended


@dataclass(frozen=True)
class Change:
    """``keys`` of ``section`` were added or changed (``added`` is the subset that is new);
    ``reset`` means the whole section was replaced."""

    section: str
    keys: tuple = ()
    added: tuple = ()
    reset: bool = False


Listener = Callable[[Change], None]


epoch = parse_iso_or_none  # a document's time as epoch seconds, None when absent or unreadable
