"""Evidence and its custody: every view and export hashes the stored bytes and is entered in
the exhibit's custody log (who, when, from where, why, the hash result), read back from the
append-only audit; an export is the bytes with a manifest; the force may ask why first."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from tests.conftest import BACKENDS, fresh_database
from tests.hub import stored_blobs
from tests.hub.desk import Staff, attach, grade, intel
from tests.hubprocess import HubProcess, wait_for

PHOTO = b"\x89PNG evidence photo of the holdall"


@pytest.fixture(scope="module")
def staff(hub):
    return Staff(hub)


@pytest.fixture(scope="module")
def analyst(staff):
    return staff["intelligence"]


def _exhibit(hub, code: str = "P", content: bytes = PHOTO) -> tuple[dict, str]:
    device = hub.device()
    body = intel(device, code)
    return body, attach(device, body["id"], "holdall.png", content)


def _path(body: dict, end: str = "") -> str:
    return f"/api/v1/captures/{body['id']}/attachments/holdall.png{end}"


def _custody(client, body: dict) -> list[dict]:
    response = client.get(_path(body, "/custody"))
    assert response.status_code == 200, response.text
    return response.json()["entries"]


def test_every_access_to_an_exhibit_is_in_its_custody_log(hub, staff, analyst):
    body, digest = _exhibit(hub, "C")
    dispatcher = staff["dispatcher"]
    viewed = analyst.get(_path(body), params={"reason": "checking the markings"})
    assert viewed.status_code == 200 and viewed.content == PHOTO
    assert viewed.headers["x-content-sha256"] == digest
    assert dispatcher.get(_path(body)).status_code == 403  # not cleared for C
    exported = analyst.get(_path(body, "/export"), params={"reason": "file for CPS"})
    assert exported.status_code == 200
    log = _custody(analyst, body)
    assert [(e["action"], e["hash_ok"]) for e in log] == [
        ("stored", True),
        ("viewed", True),
        ("refused", None),
        ("exported", True),
    ]
    assert log[0]["actor"].startswith("device:")
    assert [e["actor"] for e in log[1:]] == [
        f"user:{analyst.username}",
        f"user:{dispatcher.username}",
        f"user:{analyst.username}",
    ]
    assert [e["reason"] for e in log] == ["", "checking the markings", "", "file for CPS"]
    assert all(e["client"].startswith("127.0.0.1") and e["at"] for e in log)
    assert [e["sha256"] for e in log if e["hash_ok"]] == [digest] * 3
    assert [e["at"] for e in log] == sorted(e["at"] for e in log)
    # The entries are the audit's own records.
    supervisor = staff["supervisor"]
    audit = supervisor.get("/api/v1/audit", params={"target": f"capture:{body['id']}/holdall.png"})
    ids = {r["id"] for r in audit.json()["records"]}
    assert {e["audit_id"] for e in log} <= ids
    assert supervisor.get("/api/v1/audit/verify").json()["ok"]


def test_an_export_carries_the_exhibit_and_its_manifest(hub, analyst):
    body, digest = _exhibit(hub)
    analyst.get(_path(body))
    exported = analyst.get(_path(body, "/export"), params={"reason": "court bundle"})
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    assert exported.headers["x-content-sha256"] == digest
    assert body["id"] in exported.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert sorted(archive.namelist()) == ["exhibit/holdall.png", "manifest.json"]
        content = archive.read("exhibit/holdall.png")
        manifest = json.loads(archive.read("manifest.json"))
    assert content == PHOTO and hashlib.sha256(content).hexdigest() == manifest["sha256"] == digest
    assert manifest["capture_id"] == body["id"] and manifest["name"] == "holdall.png"
    assert manifest["size"] == len(PHOTO) and manifest["hash_ok"] is True
    assert manifest["officer"] and manifest["kind"] == "intelligence"
    assert manifest["captured_at"] and manifest["received_at"] and manifest["stored_at"]
    assert manifest["exported_by"] == f"user:{analyst.username}"
    assert manifest["reason"] == "court bundle" and manifest["exported_at"]
    assert [e["action"] for e in manifest["custody"]] == ["stored", "viewed", "exported"]


def test_an_export_needs_a_stated_reason(hub, analyst):
    body, _ = _exhibit(hub)
    for reason in (None, "", "   "):
        params = {} if reason is None else {"reason": reason}
        refused = analyst.get(_path(body, "/export"), params=params)
        assert refused.status_code == 422 and "reason" in refused.json()["detail"], reason
    for reason in ("bell\x07", "nul\x00", "x" * 501):
        refused = analyst.get(_path(body, "/export"), params={"reason": reason})
        assert refused.status_code == 422, reason
    assert [e["action"] for e in _custody(analyst, body)] == ["stored"]


def test_bytes_that_no_longer_match_their_hash_are_never_served(hub, analyst):
    body, digest = _exhibit(hub, content=b"bytes only this exhibit holds")
    stored_blobs.alter(hub, digest, b"altered")
    for end, params in (("", {}), ("/export", {"reason": "court"})):
        refused = analyst.get(_path(body, end), params=params)
        assert refused.status_code == 409 and refused.json()["error"] == "integrity_failure", end
        assert refused.json()["computed"] == hashlib.sha256(b"altered").hexdigest()
    stored_blobs.remove(hub, digest)
    missing = analyst.get(_path(body))
    assert missing.status_code == 410 and missing.json()["error"] == "missing_from_store"
    assert digest in missing.json()["detail"] and "missing" in missing.json()["detail"]
    log = _custody(analyst, body)
    assert [(e["action"], e["hash_ok"]) for e in log] == [
        ("stored", True),
        ("viewed", False),
        ("exported", False),
        ("viewed", None),  # nothing to check: lost, not altered
    ]
    wait_for(lambda: any(f"{digest}) are missing from the" in line for line in hub.log))
    assert log[1]["sha256"] == hashlib.sha256(b"altered").hexdigest() and log[3]["sha256"] == ""


def test_who_may_read_an_exhibit_and_its_custody(hub, staff, analyst):
    plain, _ = _exhibit(hub, "P")
    graded, _ = _exhibit(hub, "P")
    grade(analyst, graded["id"], "P")
    for role in ("dispatcher", "sergeant"):
        client = staff[role]
        assert client.get(_path(plain)).status_code == 200, role
        assert client.get(_path(plain, "/custody")).status_code == 200, role
        for end in ("", "/custody", "/export"):
            refused = client.get(_path(graded, end), params={"reason": "x"})
            assert refused.status_code == 403, (role, end)  # shown only as its sanitised text
    admin = staff["admin"]
    for end in ("", "/custody", "/export"):
        assert admin.get(_path(plain, end), params={"reason": "x"}).status_code == 403
    for path in (
        f"/api/v1/captures/{plain['id']}/attachments/other.png",
        f"/api/v1/captures/{plain['id']}/attachments/..%2F..%2Fetc",
        f"/api/v1/captures/{plain['id']}/attachments/%00/custody",
        "/api/v1/captures/not-an-id/attachments/holdall.png/export?reason=x",
    ):
        assert analyst.get(path).status_code == 404, path


def test_a_hub_that_asks_nothing_serves_without_a_reason(hub, analyst):
    body, _ = _exhibit(hub, "C")
    assert analyst.get(_path(body)).status_code == 200
    assert analyst.get(f"/api/v1/captures/{body['id']}").status_code == 200
    assert analyst.get("/api/v1/settings").json() == {"require_reason": []}


@pytest.fixture(params=BACKENDS)
def asking_hub(request, tmp_path):
    """A hub whose force asks why before restricted captures and exhibits are read."""
    url, drop = fresh_database(request.param, tmp_path)
    args = ("--require-reason", "restricted,exhibit")
    process = HubProcess(url, tmp_path / "data", backend=request.param, extra_args=args)
    process.start()
    yield process
    process.stop()
    drop()


def test_a_force_may_ask_why_before_a_sensitive_read(asking_hub):
    hub = asking_hub
    analyst, dispatcher = hub.user("intelligence"), hub.user("dispatcher")
    assert dispatcher.get("/api/v1/settings").json() == {
        "require_reason": ["restricted", "exhibit"]
    }
    secret, _ = _exhibit(hub, "C")
    plain, _ = _exhibit(hub, "P")
    for client, path in (
        (analyst, f"/api/v1/captures/{secret['id']}"),
        (analyst, f"/api/v1/captures/{secret['id']}/revisions"),
        (analyst, f"/api/v1/captures/{secret['id']}/gradings"),
        (analyst, _path(secret)),
        (dispatcher, _path(plain)),
    ):
        asked = client.get(path)
        assert asked.status_code == 428, path
        assert asked.json()["error"] == "reason_required" and "reason" in asked.json()["detail"]
        assert client.get(path, params={"reason": "   "}).status_code == 428, path
        assert client.get(path, params={"reason": "op SENTRY briefing"}).status_code == 200, path
    assert dispatcher.get(f"/api/v1/captures/{plain['id']}").status_code == 200
    assert dispatcher.get(f"/api/v1/captures/{secret['id']}").status_code == 403  # not cleared
    reasons = [e["reason"] for e in _custody(analyst, secret)]
    assert reasons == ["", "op SENTRY briefing"]
    supervisor = hub.user("supervisor")
    reads = supervisor.get(
        "/api/v1/audit",
        params={"action": "capture.read", "target": f"capture:{secret['id']}"},
    ).json()["records"]
    assert [r["reason"] for r in reads] == ["op SENTRY briefing"]
