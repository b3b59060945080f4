"""Several hubs on one PostgreSQL, each with its own data directory, given the same keys through
the environment: a token issued by one works on all, and an exhibit uploaded through one is
served by every other, byte for byte, with its custody kept in the one audit."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import threading

import httpx
import pytest
from sqlalchemy import delete, select

from controlroom.hub import faults
from controlroom.hub.blobs import blob_path
from controlroom.hub.blobstore import BLOBS
from controlroom.hub.keys import TOKEN_KEY_ENV, hub_key, key_file, key_variable
from controlroom.store.schema import Attachment
from tests.databases import PG_URL, fresh_database
from tests.hub import stored_blobs
from tests.hub.desk import attach, intel
from tests.hub.helpers import capture
from tests.hubprocess import HubProcess, http_client, wait_for

pytestmark = pytest.mark.skipif(not PG_URL, reason="CONTROLROOM_TEST_PG is not set")
ATTACHMENTS = Attachment.__table__


@pytest.fixture
def shared_keys(tmp_path) -> dict[str, str]:
    """The environment every hub on the database is started with: one token signing key and
    one audit key file, neither in any hub's data directory."""
    hub_key("audit", tmp_path / "keys")
    token_key = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
    audit = str(key_file("audit", tmp_path / "keys"))
    return {TOKEN_KEY_ENV: token_key, key_variable("audit"): audit}


@pytest.fixture
def hubs(tmp_path, shared_keys):
    url, drop = fresh_database("postgresql", tmp_path)
    started = []
    for n in (1, 2):
        hub = HubProcess(url, tmp_path / f"data-{n}", backend="postgresql", env=shared_keys)
        hub.start()
        started.append(hub)
    yield started
    for hub in started:
        hub.stop()
    drop()


def _exhibit_path(capture_id: str, name: str, end: str = "") -> str:
    return f"/api/v1/captures/{capture_id}/attachments/{name}{end}"


def _on(client: httpx.Client, hub: HubProcess) -> httpx.Client:
    """The same credentials, spoken to another hub."""
    return http_client(hub.url, headers=client.headers, timeout=20)


def test_an_exhibit_uploaded_through_one_hub_is_served_by_the_other(hubs):
    first, second = hubs
    content = os.urandom(3 << 20) + b"tail"  # more than one chunk, not a whole number of them
    device = second.device()
    body = intel(device, "P")
    digest = attach(device, body["id"], "scene.jpg", content)
    assert not (first.data_dir / "attachments" / digest[:2]).exists()
    analyst = first.user("intelligence")
    served = analyst.get(_exhibit_path(body["id"], "scene.jpg"))
    assert served.status_code == 200, served.text
    assert served.content == content and served.headers["x-content-sha256"] == digest
    exported = analyst.get(
        _exhibit_path(body["id"], "scene.jpg", "/export"), params={"reason": "r"}
    )
    assert exported.status_code == 200
    custody = _on(analyst, second).get(_exhibit_path(body["id"], "scene.jpg", "/custody"))
    actions = [(e["action"], e["hash_ok"]) for e in custody.json()["entries"]]
    assert actions == [("stored", True), ("viewed", True), ("exported", True)]


def test_restricted_exhibits_stay_restricted_on_every_hub(hubs):
    first, second = hubs
    device = second.device()
    secret = intel(device, "C")
    attach(device, secret["id"], "source.png", b"a source's photograph")
    dispatcher, analyst = first.user("dispatcher"), first.user("intelligence")
    for end in ("", "/custody", "/export"):
        path = _exhibit_path(secret["id"], "source.png", end)
        assert dispatcher.get(path, params={"reason": "x"}).status_code == 403, end
    assert analyst.get(_exhibit_path(secret["id"], "source.png")).status_code == 200
    log = analyst.get(_exhibit_path(secret["id"], "source.png", "/custody")).json()["entries"]
    assert [e["action"] for e in log] == ["stored", "refused", "refused", "refused", "viewed"]


def test_a_token_issued_by_one_hub_works_on_every_hub_given_the_same_key(
    hubs, tmp_path, shared_keys
):
    first, second = hubs
    dispatcher = first.user("dispatcher")
    assert _on(dispatcher, second).get("/api/v1/snapshot").status_code == 200
    refresh = httpx.post(
        f"{first.url}/api/v1/auth/token",
        json={"username": dispatcher.username, "password": "correct horse battery"},
    ).json()["refresh_token"]
    renewed = httpx.post(f"{second.url}/api/v1/auth/refresh", json={"refresh_token": refresh})
    assert renewed.status_code == 200, renewed.text
    token = renewed.json()["access_token"]
    assert httpx.get(
        f"{first.url}/api/v1/snapshot", headers={"Authorization": f"Bearer {token}"}
    ).is_success
    # A hub that keeps a signing key of its own (the audit key alone shared) refuses them.
    audit_only = {key_variable("audit"): shared_keys[key_variable("audit")]}
    apart = HubProcess(first.db_url, tmp_path / "apart", backend="postgresql", env=audit_only)
    apart.start()
    try:
        assert _on(dispatcher, apart).get("/api/v1/snapshot").status_code == 401
    finally:
        apart.stop()


def test_a_file_kept_by_one_hub_before_the_database_store_is_adopted_at_start(hubs):
    first, second = hubs
    content = b"photographed before the hubs shared their attachments" * 1000
    device = first.device()
    body = intel(device, "P")
    digest = attach(device, body["id"], "old.jpg", content)
    # As a hub from before the database store left it: the bytes in its data directory only.
    path = blob_path(first.data_dir / "attachments", digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with first.engine.begin() as connection:
        connection.execute(delete(BLOBS).where(BLOBS.c.sha256 == digest))
    analyst = second.user("intelligence")
    elsewhere = analyst.get(_exhibit_path(body["id"], "old.jpg"))
    assert elsewhere.status_code == 410 and elsewhere.json()["error"] == "missing_from_store"
    assert _on(analyst, first).get(_exhibit_path(body["id"], "old.jpg")).content == content
    first.restart()
    wait_for(lambda: stored_blobs.stored(second, digest) == content)
    assert analyst.get(_exhibit_path(body["id"], "old.jpg")).content == content


def _upload_until_refused(device: httpx.Client, acknowledged: list, size: int) -> None:
    """Upload new attachments one after another until the hub stops answering."""
    while True:
        body = capture("evidence")
        content = os.urandom(size)
        digest = hashlib.sha256(content).hexdigest()
        try:
            if device.post("/api/v1/device/captures", json=body).status_code != 201:
                return
            put = device.put(
                f"/api/v1/device/captures/{body['id']}/attachments/photo.jpg",
                content=content,
                headers={"X-Content-SHA256": digest},
            )
        except httpx.HTTPError:
            return
        if put.status_code != 201:
            return
        acknowledged.append((body["id"], content))


def _paused_upload(device: httpx.Client, capture_id: str, halfway, killed) -> None:
    """Send half an upload, and the rest only once the hub has been killed."""
    content = os.urandom(4 << 20)

    def body():
        yield content[: 2 << 20]
        halfway.set()
        killed.wait(30)
        yield content[2 << 20 :]

    headers = {"X-Content-SHA256": hashlib.sha256(content).hexdigest()}
    path = f"/api/v1/device/captures/{capture_id}/attachments/paused.jpg"
    with contextlib.suppress(httpx.HTTPError):
        device.put(path, content=body(), headers=headers)


def _every_blob_whole(hub: HubProcess) -> None:
    with hub.engine.connect() as connection:
        blobs = connection.execute(select(BLOBS.c.sha256, BLOBS.c.size)).all()
        referenced = set(connection.execute(select(ATTACHMENTS.c.sha256)).scalars())
    for digest, size in blobs:
        content = stored_blobs.stored(hub, digest)
        assert content is not None and len(content) == size, digest
        assert hashlib.sha256(content).hexdigest() == digest
    assert referenced <= {digest for digest, _ in blobs}  # no attachment without its bytes


def test_a_hub_killed_while_writing_an_upload_s_bytes_leaves_none_of_them(hubs):
    first, second = hubs
    second.stop()
    second.env[faults.ENV] = "crash@blob:5"  # the second of the second upload's 3 chunks
    second.start()
    device = second.device()
    sent = []
    for _ in range(2):
        body = intel(device, "P")
        content = os.urandom(3 << 20)
        sent.append((body["id"], content))
        with contextlib.suppress(httpx.HTTPError):
            attach(device, body["id"], "scene.jpg", content)
    wait_for(lambda: second.process.poll() is not None)
    _every_blob_whole(first)
    analyst = first.user("intelligence")
    (kept, content), (lost, half) = sent
    assert analyst.get(_exhibit_path(kept, "scene.jpg")).content == content
    assert stored_blobs.stored(first, hashlib.sha256(half).hexdigest()) is None
    assert analyst.get(f"/api/v1/captures/{lost}").json()["attachments"] == []
    del second.env[faults.ENV]
    second.start()  # and the upload, sent again, is kept
    assert attach(device, lost, "scene.jpg", half) == hashlib.sha256(half).hexdigest()
    assert _on(analyst, second).get(_exhibit_path(lost, "scene.jpg")).content == half


def test_a_hub_killed_mid_upload_loses_nothing_acknowledged_and_leaves_nothing_half(hubs):
    first, second = hubs
    device = second.device()
    paused = capture("evidence")
    assert device.post("/api/v1/device/captures", json=paused).status_code == 201
    acknowledged: list[tuple[str, bytes]] = []
    halfway, killed = threading.Event(), threading.Event()
    workers = [
        threading.Thread(target=_upload_until_refused, args=(device, acknowledged, 6 << 20)),
        threading.Thread(target=_paused_upload, args=(device, paused["id"], halfway, killed)),
    ]
    for worker in workers:
        worker.start()
    wait_for(lambda: len(acknowledged) >= 3 and halfway.is_set(), timeout=60)
    second.kill()
    killed.set()
    for worker in workers:
        worker.join(timeout=40)
    _every_blob_whole(first)
    analyst = first.user("intelligence")
    for capture_id, content in list(acknowledged):
        served = analyst.get(_exhibit_path(capture_id, "photo.jpg"))
        assert served.status_code == 200 and served.content == content, capture_id
    assert analyst.get(f"/api/v1/captures/{paused['id']}").json()["attachments"] == []
    second.start()
    restarted = second.user("intelligence")
    capture_id, content = acknowledged[-1]
    assert restarted.get(_exhibit_path(capture_id, "photo.jpg")).content == content
