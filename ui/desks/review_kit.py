"""The analyst's ensemble, for every desk whose role may triage captures: the review queue,
the capture as a record beside it, the grading form with its history, the evidence viewers,
and the Review menu with a key for every step."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar

from ui.components.actions import Entry, install_menu
from ui.components.exhibits import ExhibitViewers
from ui.components.grading_dock import RECORD_KEYS, GradingDock
from ui.components.reasons import ReasonPolicy
from ui.components.record_dock import CaptureRecordDock
from ui.components.review_commands import ReviewCommands
from ui.components.review_queue_dock import ReviewQueueDock
from ui.models.review_queue import ReviewQueueModel
from ui.workstation import Workstation


class ReviewKit:
    def __init__(self, ws: Workstation):
        self.ws = ws
        who = ws.client.session
        me = who.username if who is not None else ""
        host, state, client, tasks = ws.host, ws.state, ws.client, ws.tasks
        self.reasons = ReasonPolicy(host)
        tasks.run(self.reasons.load(client), name="hub-settings")
        self.queue = ReviewQueueDock(ReviewQueueModel(state, me, parent=host), host)
        self.record = CaptureRecordDock(state, client, tasks, self.reasons, me, host)
        self.grading = GradingDock(state, client, tasks, self.reasons, host)
        self.commands = ReviewCommands(state, client, tasks, me, host)
        self.exhibits = ExhibitViewers(client, tasks, self.reasons, host)
        self._wire()

    def _wire(self) -> None:
        ws, queue = self.ws, self.queue
        queue.capture_selected.connect(self.record.show_capture)
        queue.capture_selected.connect(self.grading.show_capture)
        queue.capture_selected.connect(ws.feed.select_capture)
        queue.capture_opened.connect(self.commands.open_for_review)
        ws.map_view.bridge.capture_clicked.connect(queue.select)
        self.commands.claimed.connect(lambda _ident: self.grading.focus_form())
        self.record.exhibit_opened.connect(self.exhibits.open)
        self.exhibits.checked.connect(self.record.exhibit_checked)
        self.commands.done.connect(lambda text: ws.say(f"capture {text}"))
        self.grading.graded.connect(lambda _ident: ws.say("grading recorded"))
        for failed in (self.commands.failed, self.grading.failed, self.record.read_failed):
            failed.connect(lambda text: ws.say(text, 15000))
        self.exhibits.said.connect(ws.say)

    def entries(self) -> list[Entry]:
        current, commands = self.queue.current, self.commands
        return [
            ("review_queue", "Review &queue", "Ctrl+R", self.queue.focus_queue),
            ("next_review", "&Next capture to review", "Ctrl+Shift+N", self.queue.next_capture),
            (
                "open_review",
                "&Open for review  (Enter in the queue)",
                "Ctrl+O",
                self.queue.open_current,
            ),
            ("grade", "&Grade…", "Ctrl+Shift+G", self.grading.focus_form),
            ("record_grading", "&Record the grading", RECORD_KEYS, self.grading.submit),
            (
                "send_back",
                "Send &back to the officer…",
                "Ctrl+Shift+B",
                lambda: commands.send_back(current()),
            ),
            (
                "done_reviewed",
                "Done: re&viewed",
                "Ctrl+1",
                lambda: commands.finish(current(), "reviewed"),
            ),
            (
                "done_actioned",
                "Done: &actioned",
                "Ctrl+2",
                lambda: commands.finish(current(), "actioned"),
            ),
            (
                "done_nfa",
                "Done: no &further action",
                "Ctrl+3",
                lambda: commands.finish(current(), "no_further_action"),
            ),
            (
                "leave",
                "&Leave it for someone else",
                "Ctrl+Shift+L",
                lambda: commands.leave(current()),
            ),
            ("take_over", "&Take over the review…", None, lambda: commands.take_over(current())),
            ("open_exhibit", "Open the &exhibit", "Ctrl+Shift+O", self.record.open_exhibit),
        ]

    def install(self, bar: QMenuBar) -> dict[str, QAction]:
        after = ("record_grading", "done_nfa", "take_over")
        return install_menu(self.ws.host, bar, "&Review", self.entries(), after)
