"""TimelineModel: an incident's events in order (raised, graded, tasked, each task state)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from controlroom.vocabulary import GRADES
from ui.models.listing import Display, RowsModel
from ui.models.palette import words

TIME, WHAT, DETAIL = range(3)


def describe(event: dict) -> tuple[str, str]:
    """What happened and the detail, in the dispatcher's words."""
    kind, p = event.get("type", ""), event.get("payload") or {}
    if kind == "incident.created":
        return "raised", f"{GRADES.get(p.get('grade'), p.get('grade'))} by {p.get('raised_by')}"
    if kind == "incident.regraded":
        r = p.get("regraded") or {}
        return "re-graded", f"{r.get('from')} → {r.get('to')} by {r.get('by')}: {r.get('reason')}"
    if kind == "incident.closed":
        return "closed", p.get("reason") or ""
    if kind.startswith("task."):
        state = words(p.get("state"))
        return f"{p.get('callsign')} {state}", p.get("note") or ""
    return words(kind.replace(".", " ")), ""


class TimelineModel(RowsModel):
    HEADERS = ("Time", "What", "Detail")
    KEY = "seq"

    def add(self, event: dict) -> None:
        """A live event for the incident shown (ignored when already listed)."""
        if any(r.get("seq") == event.get("seq") for r in self.rows):
            return
        self.beginInsertRows(self.index(0, 0).parent(), len(self.rows), len(self.rows))
        self.rows.append(event)
        self.endInsertRows()

    def row_data(self, row: dict, column: int, role: int):
        if role == Display:
            if column == TIME:
                return (row.get("at") or "")[11:19]
            what, detail = describe(row)
            return what if column == WHAT else detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("at")
        return None
