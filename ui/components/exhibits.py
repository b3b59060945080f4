"""Opening exhibits: one evidence viewer per exhibit, asked for a reason first where the force's
settings say so; opening it again raises it and checks its hash again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from controlroom.client.hub import HubClient
from controlroom.contract.documents import Capture
from ui.components.evidence_viewer import EvidenceViewer
from ui.components.reasons import ReasonPolicy
from ui.tasks import TaskKeeper


class ExhibitViewers(QObject):
    checked = Signal(str, str, bool)  # capture id, name, whether its bytes matched
    said = Signal(str)  # for the status bar

    def __init__(
        self, client: HubClient, tasks: TaskKeeper, reasons: ReasonPolicy, parent: QWidget
    ):
        super().__init__(parent)
        self.client, self.tasks, self.reasons = client, tasks, reasons
        self.parent_widget = parent
        self.open_viewers: dict[tuple[str, str], EvidenceViewer] = {}

    def open(self, capture: Capture, name: str) -> EvidenceViewer | None:
        """``capture`` as the hub answered it (with its attachments' records)."""
        meta = next((a for a in capture.attachments if a.name == name), None)
        if meta is None:
            self.said.emit(f"no exhibit {name} on this capture")
            return None
        capture_id = capture.id
        reason = self.reasons.for_exhibit(capture, name)
        if reason is None:
            self.said.emit(f"{name} not opened: a reason is required")
            return None
        viewer = self.open_viewers.get((capture_id, name))
        if viewer is None:
            viewer = EvidenceViewer(capture, meta, self.client, self.tasks, self.parent_widget)
            viewer.checked.connect(self.checked)
            viewer.failed.connect(self.said)
            viewer.exported.connect(lambda path: self.said.emit(f"exported to {path}"))
            viewer.destroyed.connect(lambda *_: self.open_viewers.pop((capture_id, name), None))
            self.open_viewers[(capture_id, name)] = viewer
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        viewer.view(reason)  # every view checks the hash and is in the custody log
        return viewer
