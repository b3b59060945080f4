"""Screenshots of the intelligence officer's desk against a real hub with the simulator playing a
shift: the review queue (one capture held by another analyst, one open here), the capture read
as a record with the grading form and its history, the evidence viewer with its custody log,
and the supervisor's audit viewer with the chain checked.

    python tools/review_screenshots.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtCore import Qt
from qasync import QEventLoop

from tests.hubprocess import HubProcess
from tests.simprocess import start_sim, stop_sim
from tools.desk_screenshots import open_signed_in
from ui.app import make_application

ANALYST, COLLEAGUE, SUPERVISOR = "a.okafor", "b.patel", "r.singh"


async def _until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("the shift did not produce what the screenshots need")
        await asyncio.sleep(0.2)


def _first(state, kind: str, **fields) -> str | None:
    for ident in state.captures_newest_first():
        capture = state.captures[ident]
        if (
            capture.kind == kind
            and capture.status == "new"
            and all(capture.fields.get(k) == v for k, v in fields.items())
        ):
            return ident
    return None


WANTED = {
    "kind": "person_check",
    "lat": 53.0245,
    "lon": -2.1794,
    "summary": "PNC person Kyle Birch: Wanted on warrant",
    "fields": {
        "person": {"name": "Kyle Birch", "dob": "1996-03-02", "gender": "Male"},
        "result": "Wanted on warrant",
        "reason": "Stop and account",
    },
}


async def analyst(
    out: Path, hub: HubProcess, colleague: httpx.Client, device: httpx.Client
) -> None:
    desktop = await open_signed_in(hub, ANALYST)
    window, state = desktop.window, desktop.session.state if desktop.session else None
    assert window is not None and state is not None
    desk = window.desk
    await _until(lambda: len(state.captures) >= 16, timeout=180)
    await _until(lambda: bool(_first(state, "intelligence", handling_code="P")))
    await _until(lambda: bool(_first(state, "evidence")))
    at = datetime.now(UTC).isoformat()
    device.post("/api/v1/device/captures", json={**WANTED, "id": str(uuid.uuid4()), "at": at})
    held = next(i for i in state.captures_newest_first() if state.captures[i].kind == "stop_search")
    colleague.post(f"/api/v1/captures/{held}/review", json={"state": "in_review"})
    intel = _first(state, "intelligence", handling_code="P")
    assert intel is not None
    desk.queue.select(intel)
    window.actions_by_name["open_review"].trigger()
    await _until(lambda: state.captures[intel].status == "in_review")
    window.resizeDocks([desk.queue], [900], Qt.Orientation.Horizontal)  # the queue's words whole
    await asyncio.sleep(2)
    window.grab().save(str(out / "review-queue.png"))

    form = desk.grading.form
    form.source.setCurrentIndex(form.source.findData("2"))
    form.intelligence.setCurrentIndex(form.intelligence.findData("B"))
    form.reason.setText("Corroborated by PC 4471's stop on the same street")
    desk.grading.submit()
    await _until(lambda: state.captures[intel].grading is not None)
    form.handling.setCurrentIndex(form.handling.findData("C"))
    form.conditions.setText("Not to be shared outside Staffordshire Police")
    form.reason.setText("Names the source's address: restricted")
    await asyncio.sleep(2)
    right = desk.record.geometry().united(desk.grading.geometry())
    window.grab(right).save(str(out / "review-grading.png"))

    # sent back with what is missing; the simulated officer amends it, and it is read again
    note = "Need the vehicle registration and how the source knows"
    await desktop.client.review(intel, "has_issues", note)
    await _until(lambda: state.captures[intel].revision > 1, timeout=120)
    desk.queue.select(intel)
    await _until(lambda: len(desk.record.revisions) > 1)
    await asyncio.sleep(2)
    window.grab().save(str(out / "review-record.png"))

    evidence = _first(state, "evidence")
    assert evidence is not None
    desk.queue.select(evidence)
    read = desk.record
    await _until(lambda: read.capture is not None and read.capture.id == evidence)
    desk.record.open_exhibit()
    viewer = next(iter(desk.kit.exhibits.open_viewers.values()))
    await _until(lambda: viewer.verified is not None)
    viewer.export_to(Path(tempfile.mkdtemp()), "Disclosure to CPS, file SP-2025-4471")
    await _until(lambda: "Exported" in viewer.note.text())
    viewer.view()  # a second look: the custody log shows it too
    await _until(lambda: viewer.custody.rowCount() >= 4)
    await asyncio.sleep(1)
    viewer.grab().save(str(out / "review-evidence.png"))
    viewer.close()
    await desktop.close()


async def supervisor(out: Path, hub: HubProcess) -> None:
    desktop = await open_signed_in(hub, SUPERVISOR)
    window = desktop.window
    assert window is not None
    audit = window.desk.audit
    assert audit is not None
    audit.show()
    audit.raise_()
    window.resizeDocks([audit], [560], Qt.Orientation.Vertical)
    audit.person.setText(ANALYST)
    audit.search()
    audit.verify()
    await _until(lambda: audit.model.rowCount() > 0 and "chain" in audit.chain.text())
    await asyncio.sleep(2)
    window.grab().save(str(out / "review-audit.png"))
    await desktop.close()
    print("screenshots saved in", out, flush=True)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-review-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    hub.start()
    hub.user("supervisor", "sim")
    colleague = hub.user("intelligence", COLLEAGUE)  # accounts first: the shift is busy
    hub.user("intelligence", ANALYST)
    hub.user("supervisor", SUPERVISOR)
    device = hub.device("PC4471")
    sim = start_sim(hub, "sim", officers=40, speed=10, capture_rate=20.0)

    async def take_them_all() -> None:
        failed = 0
        try:
            await analyst(out, hub, colleague, device)
            await supervisor(out, hub)
        except Exception:
            traceback.print_exc()
            failed = 1
        finally:
            stop_sim(sim)
            hub.stop()
        sys.stdout.flush()
        sys.stderr.flush()
        # Ended here, inside the loop: QtWebEngine crashes a process whose qasync loop is
        # stopped after its pages have closed.
        os._exit(failed)

    make_application()
    loop = QEventLoop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(take_them_all())


if __name__ == "__main__":
    main()
