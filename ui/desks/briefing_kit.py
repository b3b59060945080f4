"""The briefing ensemble for the sergeant and the supervisor (and, to read, the dispatcher): the
list of packs, the open pack, its receipts and the changes offered for it, and the Briefing
menu. A role that may not build briefings gets the list and the pack to read and print."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from controlroom.live.session import Connection
from controlroom.permissions import Can
from ui.components.actions import Entry, install_menu
from ui.components.briefing_commands import BriefingCommands
from ui.components.briefing_list_dock import BriefingsDock
from ui.components.briefing_pack_dock import PackDock
from ui.components.briefing_receipts_dock import ReceiptsDock
from ui.models.briefings import BriefingsModel
from ui.workstation import Workstation


class BriefingKit:
    def __init__(self, ws: Workstation):
        self.ws = ws
        self.may_brief = ws.may(Can.BRIEF)
        self.model = BriefingsModel(ws.state, parent=ws.host)
        self.list = BriefingsDock(self.model, self.may_brief, ws.host)
        self.pack = PackDock(self.may_brief, ws.host)
        self.commands = BriefingCommands(ws.client, ws.tasks, ws.state, self.pack, ws.host, ws.say)
        self.commands.evaluate = ws.map_view.evaluate
        self.list.opened.connect(self.commands.open)
        self.list.new_asked.connect(self.commands.new)
        if ws.session.connection is Connection.LIVE:  # else when it is (the desk's on_live)
            self.load()

    def follow_receipts(self) -> ReceiptsDock:
        """Who has read the open pack, and the changes offered for it: the dock for a desk
        whose role builds briefings."""
        dock = ReceiptsDock(self.ws.state, self.ws.host)
        dock.offer_accepted.connect(self.pack.take_offer)
        self.commands.receipts = dock
        return dock

    def load(self) -> None:
        """The packs as the hub holds them now (called each time the desk is live again)."""
        self.commands.load_list()

    def entries(self) -> list[Entry]:
        """Only what the role may do: a reader lists, opens and prints the packs."""
        c = self.commands
        reading: list[Entry] = [("briefings", "The &briefings", "Ctrl+B", self.list.focus_list)]
        printing: list[Entry] = [("briefing_pdf", "Export &PDF…", None, c.export_pdf)]
        if not self.may_brief:
            return reading + printing
        return [
            *reading,
            ("new_briefing", "&New briefing…", "Ctrl+Alt+B", c.new),
            ("save_briefing", "&Save the draft", "Ctrl+S", c.save),
            ("publish_briefing", "&Publish to the team…", "Ctrl+Shift+P", c.publish),
            *printing,
            ("briefing_audit", "Export the &audit…", None, c.export_audit),
        ]

    def install(self, bar: QMenuBar) -> dict[str, QAction]:
        after = ("briefings", "publish_briefing")
        return install_menu(self.ws.host, bar, "&Briefing", self.entries(), after)
