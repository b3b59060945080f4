"""DispatchDesk: the dispatcher's actions (raise, re-grade, close, cancel and reassign a task,
change a unit's status, message a unit). Dialogs collect; the hub is told on the loop; failures
are said in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog

from controlroom.client.hub import HubError
from ui.components.incident_dialogs import (
    RaiseIncidentDialog,
    ReasonDialog,
    RegradeDialog,
    unit_status_dialog,
)


class DispatchDesk(QObject):
    incident_raised = Signal(dict)
    failed = Signal(str)
    done = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state, self.client = window.session.state, window.session.client
        self.tasks = window.tasks
        self.raise_dialog: RaiseIncidentDialog | None = None
        window.map_view.bridge.map_clicked.connect(self._map_clicked)

    def _run(self, coro, what: str) -> None:
        async def guarded():
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
            dialog = RaiseIncidentDialog(self.window, self.window.geography)
            dialog.accepted.connect(lambda: self._send_incident(dialog.body()))
            dialog.finished.connect(self._dialog_closed)
            dialog.place_changed.connect(
                lambda lat, lon: self.window.map_view.focus(lat, lon, None)
            )
            self.raise_dialog = dialog
        self.raise_dialog.show()
        self.raise_dialog.raise_()
        self.raise_dialog.summary.setFocus()
        return self.raise_dialog

    def _dialog_closed(self, _result: int) -> None:
        self.raise_dialog.deleteLater()
        self.raise_dialog = None

    def _map_clicked(self, lat: float, lon: float) -> None:
        if self.raise_dialog is not None:
            self.raise_dialog.set_place(lat, lon)

    def _send_incident(self, body: dict) -> None:
        async def send():
            incident = await self.client.raise_incident(body)
            self.incident_raised.emit(incident)
            return incident

        self._run(send(), f"incident raised: {body['summary']}")

    def regrade(self, incident_id: int | None) -> None:
        incident = self.state.incidents.get(incident_id)
        if incident is None:
            return
        dialog = RegradeDialog(incident, self.window)
        if dialog.exec():
            grade, reason, thrive = dialog.values()
            self._run(
                self.client.regrade_incident(incident_id, grade, reason, thrive),
                f"#{incident_id} re-graded {grade}",
            )

    def close_incident(self, incident_id: int | None) -> None:
        if incident_id not in self.state.incidents:
            return
        dialog = ReasonDialog(f"Close incident #{incident_id}", parent=self.window)
        if dialog.exec():
            _, reason = dialog.values()
            self._run(self.client.close_incident(incident_id, reason), f"#{incident_id} closed")

    # ---- tasks and units -------------------------------------------------------------------

    def cancel_task(self, task_id) -> None:
        if task_id in self.state.tasks:
            self._run(self.client.cancel_task(task_id), f"task {task_id} cancelled")

    def reassign_task(self, task_id) -> None:
        """Cancel the task and go to its incident's recommendations to pick another unit."""
        task = self.state.tasks.get(task_id)
        if task is None:
            return
        self.cancel_task(task_id)
        if task.get("incident_id") in self.state.incidents:
            self.window.incidents_dock.select(task["incident_id"])
            self.window.dispatch_dock.focus()

    def change_status(self, callsign: str | None) -> None:
        unit = self.state.units.get(callsign or "")
        if unit is None:
            return
        dialog = unit_status_dialog(callsign, unit.get("status"), self.window)
        if dialog.exec():
            status, reason = dialog.values()
            self._run(
                self.client.set_unit_status(callsign, status, reason), f"{callsign}: {status}"
            )

    def message(self, callsign: str | None) -> None:
        if not callsign:
            return
        text, ok = QInputDialog.getText(self.window, f"Message to {callsign}", "Text")
        if ok and text.strip():
            self._run(self.client.send_message(callsign, text.strip()), f"sent to {callsign}")
