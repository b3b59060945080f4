"""ReviewCommands: the review steps an analyst takes on a capture (open it for review, send it
back to the officer with what is missing, finish it, leave it, take over a colleague's review).
Dialogs collect in the slot; the hub is told on the loop; its answer comes back as an event that
every workstation applies, so the queue shows who holds what without asking."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.live.state import LiveState
from controlroom.review.record import who
from controlroom.vocabulary import TRIAGE_STATUS
from ui.components.incident_dialogs import ReasonDialog
from ui.tasks import TaskKeeper

DONE = ("reviewed", "actioned", "no_further_action")


class ReviewCommands(QObject):
    failed = Signal(str)
    done = Signal(str)
    claimed = Signal(str)  # a capture this analyst now holds in review

    def __init__(
        self, state: LiveState, client: HubClient, tasks: TaskKeeper, me: str, parent: QWidget
    ):
        super().__init__(parent)
        self.state, self.client, self.tasks, self.me = state, client, tasks, me
        self.parent_widget = parent

    def _run(self, coro: Coroutine[Any, Any, Any], what: str, name: str) -> None:
        async def guarded() -> None:
            try:
                await coro
            except HubError as exc:
                self.failed.emit(f"{what}: {exc.detail}")
                return
            self.done.emit(what)

        self.tasks.run(guarded(), name=name)

    def mine(self, capture_id: str) -> bool:
        capture = self.state.captures.get(capture_id)
        return (
            capture is not None
            and capture.status == "in_review"
            and who(capture.review_by) == self.me
        )

    def holder(self, capture_id: str) -> str | None:
        """Another analyst reviewing it, if one is."""
        capture = self.state.captures.get(capture_id)
        if capture is None or capture.status != "in_review" or self.mine(capture_id):
            return None
        return who(capture.review_by) or None

    async def _claim(self, capture_id: str) -> None:
        if not self.mine(capture_id):
            await self.client.review(capture_id, "in_review")
            self.claimed.emit(capture_id)

    # ---- the steps -------------------------------------------------------------------------

    def open_for_review(self, capture_id: str | None) -> None:
        """Claim the capture: every workstation then shows that this analyst has it."""
        if capture_id is None or capture_id not in self.state.captures:
            return
        if self.mine(capture_id):
            self.claimed.emit(capture_id)
            return
        holder = self.holder(capture_id)
        if holder is not None:
            self.failed.emit(f"{holder} is reviewing this capture (Take over… to take it)")
            return
        self._run(self._claim(capture_id), "opened for review", f"review-{capture_id}")

    def send_back(self, capture_id: str | None) -> None:
        """Has issues: back to the officer's device with what is missing."""
        if capture_id is None or not self._may_act(capture_id):
            return
        callsign = self.state.captures[capture_id].callsign
        dialog = ReasonDialog(
            f"Send back to {callsign}", parent=self.parent_widget, reason_label="What is missing"
        )
        dialog.setObjectName("sendBackDialog")
        if dialog.exec():
            _, note = dialog.values()
            self._run(
                self._step(capture_id, "has_issues", note),
                f"sent back to {callsign}",
                f"review-{capture_id}",
            )

    def finish(self, capture_id: str | None, state: str) -> None:
        """Done: reviewed, actioned, or no further action."""
        if capture_id is None or state not in DONE or not self._may_act(capture_id):
            return
        self._run(
            self._step(capture_id, state),
            TRIAGE_STATUS.words(state).lower(),
            f"review-{capture_id}",
        )

    async def _step(self, capture_id: str, state: str, note: str = "") -> None:
        await self.client.review(capture_id, state, note)  # no claim needed to finish

    def leave(self, capture_id: str | None) -> None:
        """Give a capture this analyst holds back to the queue."""
        if capture_id is not None and self.mine(capture_id):
            job = self.client.review(capture_id, "new")
            self._run(job, "left for someone else", f"review-{capture_id}")

    def take_over(self, capture_id: str | None) -> None:
        holder = self.holder(capture_id) if capture_id is not None else None
        if capture_id is None or holder is None:
            return
        asked = QMessageBox.question(
            self.parent_widget,
            "Take over the review",
            f"{holder} is reviewing this capture. Take it over? They will see that you did.",
        )
        if asked == QMessageBox.StandardButton.Yes:
            job = self.client.review(capture_id, "in_review", take_over=True)
            self._run(job, f"taken over from {holder}", f"review-{capture_id}")

    def _may_act(self, capture_id: str) -> bool:
        if capture_id not in self.state.captures:
            return False
        holder = self.holder(capture_id)
        if holder is not None:
            self.failed.emit(f"{holder} is reviewing this capture")
            return False
        return True
