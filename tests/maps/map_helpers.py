"""Helpers for tests that talk to the map page (waiting for its answers, disposing views)."""


def dispose(view):
    """Delete the page before its profile (Qt warns, and may crash at exit, otherwise)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.close()
    view.page().deleteLater()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def page_value(qtbot, ask, timeout=10_000):
    """Run ``ask(callback)`` and wait for the page's answer (decoded JSON)."""
    box = []
    ask(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


def apply_and_wait(qtbot, view, diff, timeout=10_000):
    """Send a diff and wait until the page reports it applied; returns the page's report."""
    with qtbot.waitSignal(view.batch_applied, timeout=timeout) as blocker:
        view.apply_diff(diff)
    return blocker.args[0]
