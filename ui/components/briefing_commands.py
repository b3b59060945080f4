"""What the briefing docks ask of the hub: list the packs, make one (the hub proposes it), open
one with its receipts and offered changes, save the draft's items in order, publish it (after
a confirmation naming the team and the version), and the exports (PDF, audit). Each runs as a
named task: a second click on Open replaces the first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from controlroom.client import briefings as api
from controlroom.client.hub import HubClient, HubError
from controlroom.contract.briefings import Briefing
from controlroom.live.briefings import team_words
from controlroom.live.state import LiveState
from ui.components.briefing_new import NewBriefingDialog
from ui.components.briefing_pack_dock import PackDock, team_of
from ui.components.briefing_receipts_dock import ReceiptsDock
from ui.tasks import TaskKeeper

Say = Callable[[str, int], None]
MAP_BOUNDS = (
    "(function(){var b=crLive.map().getBounds();"
    "return [b.getWest(),b.getSouth(),b.getEast(),b.getNorth()]})()"
)
# What each export is called, asks, is saved as and reads from the hub.
EXPORTS: dict[str, tuple[str, str, str, Callable[[HubClient, int], Awaitable[bytes]]]] = {
    "PDF": ("Export the briefing as PDF", "v{version}.pdf", "PDF (*.pdf)", api.pdf),
    "audit": ("Export the briefing's audit", "audit.json", "JSON (*.json)", api.audit),
}


def publish_question(briefing: Briefing) -> str:
    team = team_of(briefing)
    named = f" ({', '.join(team)})" if team and team != briefing.team else ""
    return (
        f"Publish version {briefing.version + 1} of “{briefing.title}” to team "
        f"{team_words(briefing.team)}{named}?\n\nEvery device of the team gets it now; "
        "devices that are off get it when they reconnect."
    )


class BriefingCommands:
    def __init__(
        self,
        client: HubClient,
        tasks: TaskKeeper,
        state: LiveState,
        pack: PackDock,
        host: QWidget,
        say: Say,
    ):
        self.client, self.tasks, self.state, self.host, self.say = client, tasks, state, host, say
        self.pack = pack
        self.receipts: ReceiptsDock | None = None  # on the desks of roles that build briefings
        self.evaluate: Callable[[str, Callable[[object], None]], None] | None = None

    @property
    def open_id(self) -> int | None:
        return self.pack.briefing.id if self.pack.briefing else None

    def _failed(self, what: str, exc: Exception) -> None:
        self.say(f"{what}: {exc.detail if isinstance(exc, HubError) else exc}", 15000)

    # ---- the list and opening ------------------------------------------------------------

    def load_list(self) -> None:
        self.tasks.run(self._load_list(), name="briefings")

    async def _load_list(self) -> None:
        try:
            found = await api.list_briefings(self.client)
            self.state.briefings.load(found)
            for briefing in found:
                if briefing.version and self.receipts is not None:
                    held = await api.receipts(self.client, briefing.id)
                    self.state.briefings.load_receipts(briefing.id, held)
        except HubError as exc:
            self._failed("briefings not loaded", exc)
            return
        self.state.load_briefing_section("briefings")
        if self.open_id is not None:
            self.open(self.open_id)

    def open(self, briefing_id: int) -> None:
        self.tasks.run(self._open(briefing_id), name="briefing-open")

    async def _open(self, briefing_id: int, keep: str | None = None) -> None:
        try:
            briefing = await api.read_briefing(self.client, briefing_id)
            following = self.receipts is not None and briefing.version > 0
            held = await api.receipts(self.client, briefing_id) if following else []
            waiting = await api.offers(self.client, briefing_id) if following else []
        except HubError as exc:
            self._failed(f"briefing {briefing_id} not opened", exc)
            return
        board = self.state.briefings
        board.take(briefing)
        if following:
            board.load_receipts(briefing_id, held)
        for offer in waiting:
            board.offered(offer)
        self._show(briefing, keep)

    def _show(self, briefing: Briefing, keep: str | None = None) -> None:
        self.state.load_briefing_section("briefings", briefing.id)
        self.pack.show_briefing(briefing, keep)
        if self.receipts is not None:
            self.receipts.show_briefing(briefing)
        self.pack.show()
        self.pack.raise_()

    # ---- making ------------------------------------------------------------------------

    def new(self) -> None:
        teams = sorted({u.team for u in self.state.units.values() if u.team})
        dialog = NewBriefingDialog(teams, self.host)
        if self.evaluate is not None:
            self.evaluate(MAP_BOUNDS, lambda bounds: self._bounds(dialog, bounds))
        if dialog.exec() and (body := dialog.body()) is not None:
            self.make(body)

    @staticmethod
    def _bounds(dialog: NewBriefingDialog, bounds: object) -> None:
        if isinstance(bounds, list) and len(bounds) == 4:
            dialog.set_map_view([float(v) for v in bounds])

    def make(self, body: dict) -> None:
        self.tasks.run(self._make(body), name="briefing-make")

    async def _make(self, body: dict) -> None:
        self.say(f"proposing a pack for {team_words(body['team'])}…", 6000)
        try:
            briefing = await api.make_briefing(self.client, body)
        except HubError as exc:
            self._failed("briefing not made", exc)
            return
        self.state.briefings.take(briefing)
        self.state.load_briefing_section("briefings", briefing.id)
        self._show(briefing)
        self.say(f"“{briefing.title}”: {len(briefing.items)} items proposed", 8000)

    # ---- saving and publishing -----------------------------------------------------------

    def save(self) -> None:
        if self.pack.briefing is not None:
            self.tasks.run(self._save(), name="briefing-save")

    async def _save(self) -> bool:
        briefing = self.pack.briefing
        if briefing is None:
            return False
        current = self.pack.current_item()
        try:
            saved = await api.save_items(self.client, briefing.id, self.pack.model.items())
        except HubError as exc:
            self._failed("briefing not saved", exc)
            return False
        self.state.briefings.take(saved)
        self._show(saved, current.id if current else None)
        self.say(f"“{saved.title}” saved: {len(saved.items)} items", 6000)
        return True

    def publish(self) -> None:
        briefing = self.pack.briefing
        if briefing is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Publish the briefing", "", parent=self.host)
        box.setObjectName("publishConfirm")
        box.setText(publish_question(briefing))
        go = box.addButton("Publish", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is go:
            self.tasks.run(self._publish(), name="briefing-publish")

    async def _publish(self) -> None:
        briefing = self.pack.briefing
        if briefing is None or (self.pack.dirty and not await self._save()):
            return
        try:
            version = await api.publish(self.client, briefing.id)
        except HubError as exc:
            self._failed("briefing not published", exc)
            return
        await self._open(briefing.id)
        self.say(
            f"“{briefing.title}” version {version} published to {team_words(briefing.team)}", 8000
        )

    # ---- exports -------------------------------------------------------------------------

    def export_pdf(self) -> None:
        self._export_asked("PDF")

    def export_audit(self) -> None:
        self._export_asked("audit")

    def _export_asked(self, what: str) -> None:
        briefing = self.pack.briefing
        if briefing is None:
            return
        caption, name, kinds, read = EXPORTS[what]
        file_name = f"briefing-{briefing.id}-{name.format(version=briefing.version)}"
        path = self._ask_path(caption, file_name, kinds)
        if path is not None:
            self.tasks.run(self._export(path, what, read(self.client, briefing.id)))

    def _ask_path(self, caption: str, name: str, kinds: str) -> Path | None:
        dialog = QFileDialog(self.host, caption, name, kinds)
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.selectFile(name)
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    async def _export(self, path: Path, what: str, reading: Awaitable[bytes]) -> None:
        try:
            data = await reading
            path.write_bytes(data)
        except (HubError, OSError) as exc:
            self._failed(f"{what} not exported", exc)
            return
        self.say(f"{what} exported to {path}", 8000)
