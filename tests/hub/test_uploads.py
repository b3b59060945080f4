"""Only accepted attachments are kept: refused uploads leave nothing in the attachment store,
and a periodic sweep removes what a crash left behind."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path

import pytest

from tests.hub.helpers import capture
from tests.hubprocess import HubProcess, wait_for

PHOTO = os.urandom(256 << 10)
DIGEST = hashlib.sha256(PHOTO).hexdigest()


def _stored_files(hub) -> list[Path]:
    return sorted(p for p in (hub.data_dir / "attachments").rglob("*") if p.is_file())


def _put(device, capture_id: str, name: str, body: bytes = PHOTO):
    return device.put(
        f"/api/v1/device/captures/{capture_id}/attachments/{name}",
        content=body,
        headers={"X-Content-SHA256": hashlib.sha256(body).hexdigest()},
    )


def test_refused_uploads_leave_no_bytes_behind(hub):
    device, other = hub.device(), hub.device()
    body = capture("evidence")
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    before = _stored_files(hub)
    unknown = _put(device, str(uuid.uuid4()), "photo.jpg", os.urandom(1 << 20))
    assert unknown.status_code == 404
    not_theirs = _put(other, body["id"], "photo.jpg", os.urandom(1 << 20))
    assert not_theirs.status_code == 404
    mismatch = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/photo.jpg",
        content=os.urandom(1 << 20),
        headers={"X-Content-SHA256": "0" * 64},
    )
    assert mismatch.status_code == 422
    assert _stored_files(hub) == before
    assert _put(device, body["id"], "photo.jpg").status_code == 201
    stored = _stored_files(hub)
    assert len(stored) == len(before) + 1 and DIGEST in {p.name for p in stored}
    assert _put(device, body["id"], "photo.jpg").status_code == 200  # the same bytes again
    taken = _put(device, body["id"], "photo.jpg", os.urandom(1 << 20))
    assert taken.status_code == 409 and taken.json()["error"] == "conflict"
    assert _stored_files(hub) == stored
    assert not [p for p in _stored_files(hub) if p.name.startswith(".upload-")]


@pytest.fixture
def sweeping_hub(tmp_path):
    hub = HubProcess(
        f"sqlite:///{tmp_path / 'hub.db'}",
        tmp_path / "data",
        extra_args=("--attachment-sweep", "1"),
    )
    hub.start()
    yield hub
    hub.stop()


def test_the_sweep_removes_unreferenced_files_and_keeps_evidence(sweeping_hub):
    hub = sweeping_hub
    device = hub.device()
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    assert _put(device, body["id"], "photo.jpg").status_code == 201
    root = hub.data_dir / "attachments"
    orphan_digest = hashlib.sha256(b"left by a crash").hexdigest()
    orphan = root / orphan_digest[:2] / orphan_digest
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left by a crash")
    temp = root / ".upload-crashed"
    temp.write_bytes(b"half an upload")
    fresh_temp = root / ".upload-in-progress"
    fresh_temp.write_bytes(b"an upload under way")
    an_hour_ago = time.time() - 3600
    evidence = root / DIGEST[:2] / DIGEST
    for path in (orphan, temp, evidence):
        os.utime(path, (an_hour_ago, an_hour_ago))
    wait_for(lambda: not orphan.exists() and not temp.exists(), timeout=10)
    assert evidence.read_bytes() == PHOTO and fresh_temp.exists()
    analyst = hub.user("intelligence")
    served = analyst.get(f"/api/v1/captures/{body['id']}/attachments/photo.jpg")
    assert served.status_code == 200 and served.content == PHOTO
