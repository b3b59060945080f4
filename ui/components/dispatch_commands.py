"""DispatchCommands: what a dispatcher does to incidents, tasks and units (raise, re-grade,
close, cancel and reassign a task, change a unit's status, message a unit, end an emergency).
Dialogs collect; the hub is told on the loop; failures are said in the status bar."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Emergency
from controlroom.live.state import LiveState
from controlroom.localtime import clock
from controlroom.vocabulary import EMERGENCY_STATUS, UNIT_STATUS
from maps.view import MapView
from ui.components.incident_dialogs import (
    RaiseIncidentDialog,
    ReasonDialog,
    RegradeDialog,
    unit_status_dialog,
)
from ui.components.place_search import Geography
from ui.tasks import TaskKeeper


class DispatchCommands(QObject):
    incident_raised = Signal(dict)
    reassigning = Signal(int)  # the incident whose unit was taken off: pick another
    failed = Signal(str)
    done = Signal(str)

    def __init__(
        self,
        state: LiveState,
        client: HubClient,
        tasks: TaskKeeper,
        map_view: MapView,
        parent: QWidget,
        geography: Geography | None = None,
    ):
        super().__init__(parent)
        self.state, self.client, self.tasks = state, client, tasks
        self.geography = geography
        self.map_view, self.parent_widget = map_view, parent
        self.raise_dialog: RaiseIncidentDialog | None = None
        map_view.bridge.map_clicked.connect(self._map_clicked)

    def _run(self, coro: Coroutine[Any, Any, Any], what: str) -> None:
        async def guarded() -> Any:
            try:
                result = await coro
            except HubError as exc:
                self.failed.emit(f"{what}: {exc.detail}")
                return None
            self.done.emit(what)
            return result

        self.tasks.run(guarded())

    # ---- incidents -------------------------------------------------------------------------

    def raise_incident(self) -> RaiseIncidentDialog:
        if self.raise_dialog is None:
            dialog = RaiseIncidentDialog(self.parent_widget, self.geography)
            dialog.accepted.connect(lambda: self._send_incident(dialog.body()))
            dialog.finished.connect(self._dialog_closed)
            dialog.place_changed.connect(lambda lat, lon: self.map_view.focus(lat, lon, None))
            self.raise_dialog = dialog
        self.raise_dialog.show()
        self.raise_dialog.raise_()
        self.raise_dialog.summary.setFocus()
        return self.raise_dialog

    def _dialog_closed(self, _result: int) -> None:
        if self.raise_dialog is not None:
            self.raise_dialog.deleteLater()
            self.raise_dialog = None

    def _map_clicked(self, lat: float, lon: float) -> None:
        if self.raise_dialog is not None:
            self.raise_dialog.set_place(lat, lon)

    def _send_incident(self, body: dict) -> None:
        async def send() -> dict:
            incident = await self.client.raise_incident(body)
            self.incident_raised.emit(incident)
            return incident

        self._run(send(), f"incident raised: {body['summary']}")

    def regrade(self, incident_id: int | None) -> None:
        incident = self.state.incidents.get(incident_id) if incident_id is not None else None
        if incident_id is None or incident is None:
            return
        dialog = RegradeDialog(incident, self.parent_widget)
        if dialog.exec():
            grade, reason, thrive = dialog.values()
            self._run(
                self.client.regrade_incident(incident_id, grade, reason, thrive),
                f"#{incident_id} re-graded {grade}",
            )

    def close_incident(self, incident_id: int | None) -> None:
        if incident_id not in self.state.incidents:
            return
        dialog = ReasonDialog(f"Close incident #{incident_id}", parent=self.parent_widget)
        if dialog.exec():
            _, reason = dialog.values()
            self._run(self.client.close_incident(incident_id, reason), f"#{incident_id} closed")

    # ---- tasks and units -------------------------------------------------------------------

    def cancel_task(self, task_id: int | None) -> None:
        if task_id in self.state.tasks:
            self._run(self.client.cancel_task(task_id), f"task {task_id} cancelled")

    def reassign_task(self, task_id: int | None) -> None:
        """Cancel the task and go to its incident's recommendations to pick another unit."""
        task = self.state.tasks.get(task_id) if task_id is not None else None
        if task is None:
            return
        self.cancel_task(task.id)
        if task.incident_id is not None and task.incident_id in self.state.incidents:
            self.reassigning.emit(task.incident_id)

    def change_status(self, callsign: str | None) -> None:
        unit = self.state.units.get(callsign or "")
        if unit is None:
            return
        dialog = unit_status_dialog(unit.callsign, unit.status, self.parent_widget)
        if dialog.exec():
            status, reason = dialog.values()
            if status is None:
                return
            said = f"{unit.callsign}: {UNIT_STATUS.words(status).lower()}"
            self._run(self.client.set_unit_status(unit.callsign, status, reason), said)

    def message(self, callsign: str | None) -> None:
        if not callsign:
            return
        text, ok = QInputDialog.getText(self.parent_widget, f"Message to {callsign}", "Text")
        if ok and text.strip():
            self._run(self.client.send_message(callsign, text.strip()), f"sent to {callsign}")

    def end_emergency(self) -> None:
        """End an active emergency, recording how it ended (the status bar then stops naming
        it on every workstation)."""
        active = {e.id: _emergency_choice(e) for e in self.state.emergencies.values()}
        if not active:
            self.failed.emit("no emergency is active")
            return
        dialog = ReasonDialog(
            "End an emergency",
            active,
            min(active),
            self.parent_widget,
            choice_label="Emergency",
            reason_label="Outcome",
        )
        if dialog.exec():
            ident, outcome = dialog.values()
            emergency = self.state.emergencies.get(int(ident)) if ident is not None else None
            if emergency is not None:
                ending = self.client.end_emergency(emergency.id, outcome)
                self._run(ending, f"emergency of {emergency.callsign} ended")


def _emergency_choice(emergency: Emergency) -> str:
    status = EMERGENCY_STATUS.words(emergency.status).lower()
    return f"{emergency.callsign}, raised {clock(emergency.raised_at)}, {status}"
