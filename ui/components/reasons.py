"""Reasons for sensitive reads: where the force's settings say so (the hub's ``require_reason``:
a restricted capture, an exhibit), the analyst is asked why before the read, and the reason goes
with the request into the audit. A reason given for a read is not asked again this session."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture
from controlroom.vocabulary import SENSITIVE_READS
from ui.components.incident_dialogs import ReasonDialog


def restricted(capture: Capture) -> bool:
    return capture.handling_code not in (None, "P")


class ReasonPolicy:
    def __init__(self, parent: QWidget, required: frozenset[str] = frozenset()):
        self.parent = parent
        self.required = required
        self._given: dict[str, str] = {}  # by what was read

    async def load(self, client: HubClient) -> None:
        """The force's settings, from the hub (an older hub asks for none)."""
        try:
            settings = await client.settings()
        except HubError:
            return
        self.required = frozenset(r for r in settings.require_reason if r in SENSITIVE_READS)

    def for_capture(self, capture: Capture) -> str | None:
        """Why a capture is read: asked only for a restricted one, where the force asks."""
        needed = "restricted" in self.required and restricted(capture)
        title = f"Why are you reading this restricted capture ({capture.summary[:40]})?"
        return self._reason(needed, f"capture:{capture.id}", title)

    def for_exhibit(self, capture: Capture, name: str) -> str | None:
        """Why an exhibit is opened (or exported): where the force asks it of every exhibit,
        or of a restricted capture's."""
        needed = "exhibit" in self.required or (
            "restricted" in self.required and restricted(capture)
        )
        target = f"capture:{capture.id}/{name}"
        return self._reason(needed, target, f"Why are you opening the exhibit {name}?")

    def _reason(self, needed: bool, target: str, title: str) -> str | None:
        """ "" when no reason is needed; None when the analyst gave none, so nothing is read.
        Call from a slot (the dialog is modal), never from a coroutine."""
        if not needed:
            return ""
        known = self._given.get(target)
        if known:
            return known
        dialog = ReasonDialog(title, parent=self.parent, reason_label="Why")
        dialog.setObjectName("readReasonDialog")
        if not dialog.exec():
            return None
        _, said = dialog.values()
        self._given[target] = said
        return said
