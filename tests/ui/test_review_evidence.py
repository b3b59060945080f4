"""Sensitive reads on the intelligence desk, against a hub whose force asks why (``--require-
reason restricted,exhibit``): the analyst is asked before a restricted capture is read and
before an exhibit opens, and the reason is in the audit; the exhibit's SHA-256 is checked on
every view and export and shown, its custody log beside it; bytes changed on disk are named as
not matching, in the viewer and in the log; the export writes the file with its manifest."""

from __future__ import annotations

import hashlib
import random

import msgspec
import pytest
from PySide6.QtCore import QTimer

from controlroom.contract.documents import Manifest
from controlroom.sim.png import evidence_photo
from tests.conftest import BACKENDS, fresh_database
from tests.hub import stored_blobs
from tests.hub.helpers import capture
from tests.hubprocess import HubProcess
from tests.ui.conftest import run, until
from tests.ui.test_live_app import open_app
from tests.ui.test_review_desk import activate, answer_dialog, keys, soon

WHY_CAPTURE = "Checking a link to Operation Nightjar"
WHY_EXHIBIT = "Preparing the disclosure schedule"


@pytest.fixture(scope="module", params=BACKENDS)
def strict_hub(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"strict-{request.param}")
    url, drop = fresh_database(request.param, tmp)
    process = HubProcess(
        url, tmp / "data", request.param, extra_args=("--require-reason", "restricted,exhibit")
    )
    process.start()
    yield process
    process.stop()
    drop()


def post_evidence(device) -> tuple[dict, bytes]:
    photo = evidence_photo(random.Random(4471))
    digest = hashlib.sha256(photo).hexdigest()
    body = capture(kind="evidence", summary="Evidence: Weapon found")
    body["fields"] = {"description": "Knife in a hedge on Leek Road", "exhibit_ref": "PC/7"}
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    put = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/photo.png",
        content=photo,
        headers={"X-Content-SHA256": digest, "Content-Type": "image/png"},
    )
    assert put.status_code in (200, 201), put.text
    return body, photo


def test_reasons_hashes_custody_and_export(strict_hub, qtbot, qloop, settings_store, tmp_path):
    hub = strict_hub
    analyst, supervisor, device = hub.user("intelligence"), hub.user("supervisor"), hub.device()
    restricted = capture(kind="intelligence", summary="Intel 2-B-C: a supplier in Hanley")
    restricted["fields"] = {"text": "Named supplier", "handling_code": "C"}
    assert device.post("/api/v1/device/captures", json=restricted).status_code == 201
    evidence, photo = post_evidence(device)

    async def scenario():
        desktop = await open_app(hub, analyst.username, settings_store)
        window, desk = desktop.window, desktop.window.desk
        await until(lambda: desk.kit.reasons.required == {"restricted", "exhibit"})
        await until(lambda: desk.queue.proxy.rowCount() == 2, what="both queued")
        await activate(window)

        # a restricted capture: asked why before it is read
        QTimer.singleShot(300, lambda: answer_dialog(WHY_CAPTURE, "readReasonDialog"))
        soon(lambda: desk.queue.select(restricted["id"]))
        await until(lambda: desk.record.capture is not None, what="restricted capture read")
        assert "Named supplier" in desk.record.browser.toPlainText()

        # an exhibit: asked why, then viewed with its hash checked and its custody log
        desk.queue.select(evidence["id"])
        await until(lambda: desk.record.exhibits.rowCount() == 1, what="the exhibit listed")
        await activate(window)  # back from the dialog
        QTimer.singleShot(300, lambda: answer_dialog(WHY_EXHIBIT, "readReasonDialog"))
        soon(lambda: keys("Ctrl+Shift+O"))
        await until(lambda: desk.kit.exhibits.open_viewers, what="the viewer open")
        viewer = next(iter(desk.kit.exhibits.open_viewers.values()))
        await until(lambda: viewer.custody.rowCount() == 2, what="custody log")
        assert viewer.verified is True
        assert f"SHA-256 {evidence_sha(photo)} ✔ matches" in viewer.hash_line.text()
        assert not viewer.image.item.pixmap().isNull()
        fitted = viewer.image.scale_factor
        keys("+", viewer.image)
        assert viewer.image.scale_factor > fitted  # zooms
        log = viewer.custody.rows
        assert [(e.action, e.hash_ok) for e in log] == [("stored", True), ("viewed", True)]
        assert log[1].actor == f"user:{analyst.username}" and log[1].reason == WHY_EXHIBIT
        assert log[1].client.startswith("127.0.0.1")

        # exported: the file and its manifest, the hash checked again
        folder = tmp_path / "exports"
        folder.mkdir()
        viewer.export_to(folder, "Disclosure to CPS, file SP-2025-4471")
        await until(lambda: "Exported" in viewer.note.text(), what="exported")
        written = sorted(folder.iterdir())
        names = [p.name.split("-", 1)[1] for p in written]
        assert names == ["photo.png", "photo.png.manifest.json"]
        assert written[0].read_bytes() == photo
        manifest = msgspec.json.decode(written[1].read_bytes(), type=Manifest)
        assert manifest.sha256 == evidence_sha(photo) and manifest.hash_ok
        assert manifest.officer == device.callsign and manifest.reason.startswith("Disclosure")
        assert [e.action for e in manifest.custody] == ["stored", "viewed", "exported"]
        await until(lambda: viewer.custody.rowCount() == 3, what="the export in the log")

        # the stored bytes changed behind the hub's back: the next view says so, and logs it
        stored_blobs.alter(hub, evidence_sha(photo), photo[:-10] + b"tampered!!")
        viewer.view(WHY_EXHIBIT)
        await until(lambda: viewer.verified is False, what="the changed bytes found")
        assert "DOES NOT MATCH" in viewer.hash_line.text()
        await until(lambda: viewer.custody.rowCount() == 4, what="the failed view logged")
        assert viewer.custody.rows[-1].hash_ok is False
        assert desk.record.exhibits.verdict("photo.png") is False

        # the bytes gone altogether: reported missing, not as changed
        stored_blobs.remove(hub, evidence_sha(photo))
        viewer.view(WHY_EXHIBIT)
        await until(lambda: "MISSING" in viewer.hash_line.text(), what="the loss reported")
        assert "DOES NOT MATCH" not in viewer.hash_line.text() and viewer.verified is None
        await until(lambda: viewer.custody.rowCount() == 5, what="the missing view logged")
        assert viewer.custody.rows[-1].hash_ok is None
        viewer.close()
        await desktop.close()

    run(qtbot, scenario())
    reads = supervisor.get(
        "/api/v1/audit",
        params={"action": "capture.read", "target": f"capture:{restricted['id']}"},
    ).json()["records"]
    assert reads and all(r["reason"] == WHY_CAPTURE for r in reads)


def evidence_sha(photo: bytes) -> str:
    return hashlib.sha256(photo).hexdigest()
