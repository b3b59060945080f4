"""The sergeant's desk with a briefing open, against a real hub with the simulator playing a
shift: the pack the hub proposed for Stoke-on-Trent's response team, edited as a sergeant
would (an item removed, one moved up, a note of intent, a task for an officer to acknowledge),
published to the team, and the receipts coming in as the simulated officers read it at parade.

    python tools/briefing_screenshots.py docs/screenshots

Every process it starts (the hub, the simulator) is stopped when it exits, whatever happens.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from qasync import QEventLoop

from tests.hub.helpers import capture, iso
from tests.hubprocess import HubProcess
from tests.simprocess import start_sim, stop_sim
from tools.desk_screenshots import open_signed_in
from ui.app import make_application

SERGEANT = "p.marsh"
TEAM = "Stoke-on-Trent Response"
HANLEY = (53.0245, -2.1794, 12)
INTENT = (
    "Reassure Hanley's late-night economy: visible patrols on Piccadilly and Tontine Street "
    "from 22:00, and find the two people wanted on recall before the weekend."
)


# What the force learnt about Hanley over the last days (invented: no real person is named).
INTELLIGENCE = [
    (
        "2-B-P",
        -30,
        (53.0238, -2.1771),
        "Youths on e-scooters seen passing small packages by "
        "the bus station, Lichfield Street, most evenings between 18:00 and 21:00.",
    ),
    (
        "1-A-P",
        -20,
        (53.0262, -2.1729),
        "Black VW Golf, registration ending KXO, used in two "
        "burglaries this week; parked overnight on Broad Street.",
    ),
    (
        "3-C-P",
        -44,
        (53.0233, -2.1799),
        "Potteries Centre staff say the same two women take "
        "cosmetics from Boots on Saturday afternoons.",
    ),
    (
        "2-B-C",
        -12,
        (53.0291, -2.1880),
        "Drugs are being supplied from an address off Etruria "
        "Road; note the vehicles that call there.",
    ),
]
INCIDENTS = [
    ("Burglary dwelling, Hanover Street: rear door forced, laptop and car keys taken",
     (53.0275, -2.1810)),
    ("Robbery of a mobile phone, Piccadilly: two males on bikes, towards Albion Square",
     (53.0238, -2.1768)),
    ("Criminal damage to three cars, Town Road car park", (53.0281, -2.1742)),
    ("Concern for welfare, Bethesda Street: neighbour has not seen the occupant for days",
     (53.0222, -2.1768)),
]  # fmt: skip


def seed(hub: HubProcess) -> None:
    """The days before the shift: graded intelligence (one C, its sanitised text only in the
    pack) and the incidents still open in Hanley."""
    device, analyst = hub.device("SH90"), hub.user("intelligence")
    for code, hours, (lat, lon), text in INTELLIGENCE:
        sent = capture("intelligence", at=iso(hours * 3600), lat=lat, lon=lon, summary=text)
        if code.endswith("C"):
            sent["fields"] = {"text": "Source KESTREL: " + text, "handling_code": "C"}
        device.post("/api/v1/device/captures", json=sent).raise_for_status()
        source, grade, handling = code.split("-")
        grading = {"source": int(source), "intelligence": grade, "handling": handling,
                   "sanitised_text": text}  # fmt: skip
        if handling == "C":
            grading["conditions"] = "Not to be shared outside the force"
        analyst.put(f"/api/v1/captures/{sent['id']}/grading", json=grading).raise_for_status()
    dispatcher = hub.user("dispatcher")
    for summary, (lat, lon) in INCIDENTS:
        body = {"summary": summary, "grade": "priority", "lat": lat, "lon": lon}
        dispatcher.post("/api/v1/incidents", json=body).raise_for_status()


async def _until(predicate, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.25)


def _shift() -> tuple[str, str]:
    """Starting in a few minutes: what happened up to now is "since the team was last on"."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=5)
    return start.isoformat(), (start + timedelta(hours=10)).isoformat()


def _answer_publish() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.objectName() == "publishConfirm":
        next(b for b in box.buttons() if b.text() == "Publish").click()


def _choose(box, text: str) -> None:
    """Pick an entry of a combo box as a user would (its ``activated`` follows)."""
    index = box.findText(text)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def _edit(pack) -> None:
    """What a sergeant does with a proposal: drops one, lifts one, says what the shift is for
    and sets an officer a task to acknowledge."""
    form = pack.form
    information = [i for i in pack.model.items() if i.section == "information"]
    if len(information) > 2:
        pack.choose(information[-1].id)
        pack.buttons["remove"].click()
        pack.choose(information[1].id)
        pack.buttons["up"].click()
    pack.buttons["note"].click()
    QTest.keyClicks(form.title, "Intent for the shift")
    form.text.setPlainText(INTENT)
    _choose(form.section, "Intent")
    pack.buttons["task"].click()
    QTest.keyClicks(form.title, "Call at 14 Bethesda Street: welfare check on the occupant")
    team = pack.briefing.callsigns if pack.briefing else []
    if team:
        _choose(form.assigned, team[0])
    form.acknowledge.click()


async def sergeant(out: Path, hub: HubProcess) -> None:
    hub.user("sergeant", SERGEANT)
    desktop = await open_signed_in(hub, SERGEANT)
    window, state = desktop.window, desktop.session.state
    assert window is not None
    await _until(lambda: sum(u.team == TEAM for u in state.units.values()) >= 4, "the team on")
    await asyncio.sleep(20)  # the shift gets going
    desk = window.desk
    kit, pack = desk.briefing, desk.pack
    start, end = _shift()
    body = {
        "title": "Late turn, Stoke-on-Trent response",
        "area": {"district": "Stoke-on-Trent"},
        "shift_start": start,
        "shift_end": end,
        "team": TEAM,
    }
    kit.commands.make(body)
    await _until(lambda: pack.briefing is not None, "the pack proposed")
    _edit(pack)
    kit.commands.save()
    await _until(lambda: not pack.dirty, "saved")
    QTimer.singleShot(300, _answer_publish)
    QTimer.singleShot(0, kit.commands.publish)  # from Qt's loop: the dialog nests no task
    await _until(lambda: pack.briefing.version == 1, "published")
    briefing_id = pack.briefing.id
    await _until(lambda: state.briefings.read_latest(briefing_id) >= 4, "read at parade")
    window.map_view.focus(*HANLEY)
    tasks = [i for i in pack.model.items() if i.kind == "task"]
    pack.choose((tasks or pack.model.items())[0].id)
    kit.list.select(pack.briefing.id)
    await asyncio.sleep(10)  # the street tiles of the new view drawn
    window.grab().save(str(out / "sergeant.png"))
    print("saved", out / "sergeant.png", flush=True)
    await desktop.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cr-brief-shots-"))
    hub = HubProcess(f"sqlite:///{tmp / 'hub.db'}", tmp / "data")
    status = 1
    sim = None
    try:
        hub.start()
        hub.user("supervisor", "sim")
        seed(hub)
        sim = start_sim(hub, "sim", officers=60, speed=10, capture_rate=3.0)
        make_application()
        loop = QEventLoop()
        asyncio.set_event_loop(loop)
        loop.run_until_complete(sergeant(out, hub))
        status = 0
    except Exception:
        traceback.print_exc()
    finally:
        if sim is not None:
            stop_sim(sim)
        hub.stop()
    sys.stdout.flush()
    os._exit(status)  # no final collection under QtWebEngine


if __name__ == "__main__":
    main()
