"""The intelligence officer's desk against a real hub and the real simulator, driven by the
keyboard: the next capture nobody else holds, Enter to open it for review (every workstation
sees who holds it), the grade typed into the form and recorded, sent back to the officer with
what is missing, and the simulated officer's amendment back in the queue with what changed."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.simprocess import start_sim, stop_sim
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app
from ui.models.review_queue import REVIEW

MISSING = "Need the vehicle registration and the subject's date of birth"


def keys(sequence: str, widget: QWidget | None = None) -> None:
    """Press ``sequence`` where the keyboard is (the focused widget of the active window)."""
    target = widget or QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard"
    QTest.keySequence(target, QKeySequence(sequence))


async def activate(window: QWidget) -> None:
    """Make ``window`` the active one, where its menus' keys work (again after a dialog)."""
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window, what="window active")


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClicks(target, text)


def soon(act) -> None:
    """Do ``act`` from Qt's event loop rather than inside the test's coroutine: a key that
    opens a modal dialog must not nest the dialog's loop inside a running asyncio task."""
    QTimer.singleShot(0, act)


def answer_dialog(text: str, name: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == name, f"no {name} open"
    dialog.reason.setText(text)
    dialog.accept()


def review_text(queue, capture_id: str) -> str:
    proxy = queue.proxy
    for row in range(proxy.rowCount()):
        if queue.proxy.index(row, 0).data(queue.table.key_role) == capture_id:
            return proxy.index(row, REVIEW).data()
    return ""


def test_the_queue_by_keyboard_and_the_officers_amendment_returns(
    hub, qtbot, qloop, settings_store
):
    analyst, colleague = hub.user("intelligence"), hub.user("intelligence")
    sim_user = hub.user("supervisor")
    sim = start_sim(hub, sim_user.username, officers=4, speed=40, capture_rate=30, seed=12)

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        window, state = desktop.window, desktop.session.state
        desk = window.desk
        queue = desk.queue
        await until(lambda: queue.proxy.rowCount() >= 3, timeout=90, what="captures queued")
        await activate(window)

        # a colleague takes the capture at the top: it shows who holds it, and Next passes it
        top = queue.proxy.index(0, 0).data(queue.table.key_role)
        held = colleague.post(f"/api/v1/captures/{top}/review", json={"state": "in_review"})
        assert held.status_code == 200, held.text
        who = colleague.username
        await until(lambda: who in review_text(queue, top), what="the claim shown live")
        keys("Ctrl+R")  # the review queue
        keys("Ctrl+Shift+N")  # the next capture nobody else holds
        mine = queue.current()
        assert mine is not None and mine != top
        await until(lambda: desk.record.capture is not None, what="the record read")
        assert desk.record.capture.id == mine

        keys("Return", queue.table.view)  # open it for review
        await until(lambda: state.captures[mine].status == "in_review", what="claimed")
        assert state.captures[mine].review_by == f"user:{analyst.username}"
        await until(lambda: "you" in review_text(queue, mine), what="mine in the queue")
        await until(lambda: QApplication.focusWidget() is desk.grading.form.source)

        # the grade, typed: source 2, intelligence B, handling P, and why
        for code in ("2", "B", "P"):
            type_text(code)
            keys("Tab")
        keys("Tab")  # past the sanitised text the form opened on (the officer's report)
        assert QApplication.focusWidget() is desk.grading.form.reason
        type_text("Corroborated by an earlier stop on the same street")
        keys("Ctrl+Return")
        await until(lambda: state.captures[mine].grading is not None, what="graded")
        grading = state.captures[mine].grading
        assert (grading.source, grading.intelligence, grading.handling) == (2, "B", "P")
        history = desk.grading.history
        await until(lambda: any(r.what == "graded" for r in history.rows), what="history")
        assert history.rows[-1].written == "2-B-P" and history.rows[-1].by == analyst.username

        # sent back with what is missing: the officer's device amends it
        soon(lambda: keys("Ctrl+Shift+B"))
        QTimer.singleShot(300, lambda: answer_dialog(MISSING, "sendBackDialog"))
        await until(lambda: state.captures[mine].status == "has_issues", what="sent back")
        assert state.captures[mine].review_note == MISSING
        await until(lambda: state.captures[mine].revision == 2, timeout=60, what="amended")
        amended = state.captures[mine]
        assert amended.status == "new" and amended.review_by.startswith("device:")
        answered = set(amended.amended_fields) - {"fields.further_information"}
        assert "fields.further_information" in amended.amended_fields and answered, answered
        await until(lambda: "revision 2" in review_text(queue, mine), what="back in the queue")

        # read again, it says what changed
        queue.select(mine)
        await until(lambda: len(desk.record.revisions) == 2, what="revisions read")
        shown = desk.record.browser.toPlainText()
        assert "Revision 2" in shown and "vehicle" in shown
        assert "FURTHER INFORMATION" in shown  # the officer's answer, in their words
        await desktop.close()

    try:
        run(qtbot, scenario(), timeout_ms=180_000)
    finally:
        stop_sim(sim)
