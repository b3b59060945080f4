"""Only accepted attachments are kept: refused uploads leave nothing in the attachment store
(files on SQLite, the database on PostgreSQL), and a periodic sweep removes what a crash left
behind."""

from __future__ import annotations

import hashlib
import os
import time
import uuid

import pytest
from sqlalchemy import insert, select, update

from controlroom.hub.blobstore import BLOBS, CHUNKS, store_for
from controlroom.hub.briefing_pdf import photo_reader
from controlroom.store.schema import Attachment
from tests.conftest import BACKENDS
from tests.databases import fresh_database
from tests.hub import stored_blobs
from tests.hub.desk import attach, intel
from tests.hub.helpers import capture
from tests.hubprocess import HubProcess, wait_for

ATTACHMENTS = Attachment.__table__
PHOTO = os.urandom(256 << 10)
DIGEST = hashlib.sha256(PHOTO).hexdigest()


def _stored(hub) -> set[str]:
    return stored_blobs.stored_digests(hub)


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
    before = _stored(hub)
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
    assert _stored(hub) == before
    assert _put(device, body["id"], "photo.jpg").status_code == 201
    stored = _stored(hub)
    assert stored == before | {DIGEST}
    assert _put(device, body["id"], "photo.jpg").status_code == 200  # the same bytes again
    taken = _put(device, body["id"], "photo.jpg", os.urandom(1 << 20))
    assert taken.status_code == 409 and taken.json()["error"] == "conflict"
    assert _stored(hub) == stored
    assert not stored_blobs.half_uploads(hub)


@pytest.fixture(params=BACKENDS)
def sweeping_hub(request, tmp_path):
    url, drop = fresh_database(request.param, tmp_path)
    hub = HubProcess(
        url, tmp_path / "data", backend=request.param, extra_args=("--attachment-sweep", "1")
    )
    hub.start()
    yield hub
    hub.stop()
    drop()


def _age_database_blobs(hub, when: float) -> None:
    """Make every blob row look as old as `when` and add one no attachment references."""
    orphan = hashlib.sha256(b"a blob whose job never committed").hexdigest()
    with hub.engine.begin() as connection:
        connection.execute(insert(BLOBS).values(sha256=orphan, size=3, chunks=1, stored_at=when))
        connection.execute(insert(CHUNKS).values(sha256=orphan, seq=0, data=b"abc"))
        connection.execute(update(BLOBS).values(stored_at=when))


def test_the_sweep_removes_unreferenced_blobs_and_keeps_evidence(sweeping_hub):
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
    for path in (orphan, temp):
        os.utime(path, (an_hour_ago, an_hour_ago))
    if stored_blobs.in_database(hub):
        _age_database_blobs(hub, an_hour_ago)
    else:
        evidence = root / DIGEST[:2] / DIGEST
        os.utime(evidence, (an_hour_ago, an_hour_ago))
    wait_for(lambda: _stored(hub) == {DIGEST, fresh_temp.name}, timeout=10)
    assert stored_blobs.stored(hub, DIGEST) == PHOTO and fresh_temp.exists()
    analyst = hub.user("intelligence")
    served = analyst.get(f"/api/v1/captures/{body['id']}/attachments/photo.jpg")
    assert served.status_code == 200 and served.content == PHOTO


def test_a_briefing_prints_only_photos_that_hash_right_and_are_not_restricted(hub):
    device = hub.device()
    store = store_for(hub.engine, hub.data_dir / "attachments")
    photos = photo_reader(hub.engine, store)
    ids = {}
    for code in ("P", "C"):
        body = intel(device, code)
        content = os.urandom(64 << 10) + code.encode()
        attach(device, body["id"], "face.jpg", content)
        with hub.engine.connect() as connection:
            ids[code] = connection.execute(
                select(ATTACHMENTS.c.id).where(ATTACHMENTS.c.capture_id == body["id"])
            ).scalar_one()
        if code == "P":
            assert photos(str(ids[code])) == content
            stored_blobs.alter(hub, hashlib.sha256(content).hexdigest(), b"altered")
    assert photos(str(ids["P"])) is None
    assert photos(str(ids["C"])) is None
    assert photos("not-an-id") is None


def test_an_empty_attachment_is_kept_and_served_as_empty(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    body = capture("evidence")
    device.post("/api/v1/device/captures", json=body)
    assert _put(device, body["id"], "empty.bin", b"").status_code == 201
    assert stored_blobs.stored(hub, hashlib.sha256(b"").hexdigest()) == b""
    served = analyst.get(f"/api/v1/captures/{body['id']}/attachments/empty.bin")
    assert served.status_code == 200 and served.content == b""
