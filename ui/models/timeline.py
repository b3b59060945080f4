"""TimelineModel: an incident's events in order (raised, graded, tasked, each task state)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from controlroom.client.hub import TimelineEvent
from controlroom.contract import documents as doc
from controlroom.localtime import clock, stamp
from controlroom.vocabulary import GRADE, TASK_STATE
from ui.models.listing import Display, RowsModel
from ui.models.palette import words

TIME, WHAT, DETAIL = range(3)


def describe(event: TimelineEvent) -> tuple[str, str]:
    """What happened and the detail, in the dispatcher's words."""
    p = event.payload
    if isinstance(p, doc.Incident):
        if event.type == "incident.created":
            return "raised", f"{GRADE.words(p.grade)} by {p.raised_by}"
        if event.type == "incident.regraded" and p.regraded is not None:
            r = p.regraded
            change = f"{GRADE.words(r.from_)} → {GRADE.words(r.to)}"
            return "re-graded", f"{change} by {r.by}: {r.reason}"
        if event.type == "incident.closed":
            return "closed", p.reason or ""
    if isinstance(p, doc.Task):
        return f"{p.callsign} {TASK_STATE.words(p.state).lower()}", p.note
    return words(event.type.replace(".", " ")), ""


class TimelineModel(RowsModel):
    HEADERS = ("Time", "What", "Detail")
    KEY = "seq"

    def add(self, event: TimelineEvent) -> None:
        """A live event for the incident shown (ignored when already listed)."""
        if any(r.seq == event.seq for r in self.rows):
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(event)
        self.endInsertRows()

    def row_data(self, row: TimelineEvent, column: int, role: int) -> object:
        if role == Display:
            if column == TIME:
                return clock(row.at)
            what, detail = describe(row)
            return what if column == WHAT else detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return stamp(row.at)
        return None
