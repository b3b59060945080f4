"""Docks more than one desk uses, made and wired the same way wherever they appear."""

from __future__ import annotations

from controlroom.permissions import Can
from ui.components.capture_detail import CaptureDetailDock
from ui.components.captures_dock import CapturesDock
from ui.components.messages_dock import MessagesDock
from ui.components.tasks_dock import TasksDock
from ui.components.units_dock import UnitsDock
from ui.models.captures import CapturesModel
from ui.models.messages import MessagesModel
from ui.models.tasks import TasksModel
from ui.models.units import UnitsModel
from ui.workstation import Workstation


def units_dock(ws: Workstation) -> UnitsDock:
    dock = UnitsDock(UnitsModel(ws.state, parent=ws.host), ws.host)
    dock.unit_selected.connect(ws.feed.select_unit)
    dock.unit_selected.connect(ws.map_bar.name_unit)
    ws.map_view.bridge.unit_clicked.connect(dock.select)
    return dock


def tasks_dock(ws: Workstation) -> TasksDock:
    dock = TasksDock(TasksModel(ws.state, parent=ws.host), ws.host)
    dock.unit_selected.connect(ws.feed.select_unit)
    return dock


def capture_docks(ws: Workstation) -> tuple[CapturesDock, CaptureDetailDock]:
    """The feed and, beside it, the capture it has open."""
    feed = CapturesDock(CapturesModel(ws.state, parent=ws.host), ws.host)
    detail = CaptureDetailDock(ws.state, ws.client, ws.tasks, ws.host)
    feed.capture_selected.connect(detail.show_capture)
    feed.capture_selected.connect(ws.feed.select_capture)
    feed.capture_selected.connect(ws.map_bar.name_capture)
    ws.map_view.bridge.capture_clicked.connect(feed.select)
    return feed, detail


def messages_dock(ws: Workstation) -> MessagesDock:
    model = MessagesModel(ws.state, parent=ws.host)
    dock = MessagesDock(model, ws.client, ws.tasks, ws.may(Can.MESSAGE_UNITS), ws.host)
    dock.unit_selected.connect(lambda callsign: ws.feed.select_unit(callsign, focus=False))
    dock.failed.connect(lambda text: ws.say(text, 15000))
    dock.sent.connect(ws.say)
    return dock
