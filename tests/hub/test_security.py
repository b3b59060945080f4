"""Authentication, roles on the server, revocation, expiry and the audit trail."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from controlroom.hub.keys import token_signing_key
from controlroom.security import AccessTokens
from tests.hub.helpers import capture, ping
from tests.hubprocess import PASSWORD, http_client


def test_a_wrong_password_is_refused_and_audited(hub):
    analyst = hub.user("intelligence")
    anonymous = http_client(hub.url)
    response = anonymous.post(
        "/api/v1/auth/token", json={"username": analyst.username, "password": "guess"}
    )
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"
    with hub.engine.connect() as connection:
        actions = (
            connection.execute(
                text("SELECT action FROM audit WHERE actor = :a"), {"a": f"user:{analyst.username}"}
            )
            .scalars()
            .all()
        )
    assert "auth.failed" in actions and "auth.sign_in" in actions


def test_requests_without_a_token_are_refused(hub):
    anonymous = http_client(hub.url)
    for path in ("/api/v1/snapshot", "/api/v1/captures", "/api/v1/events"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"] == "unauthorized"
    response = anonymous.post("/api/v1/device/pings", json={"pings": [ping()]})
    assert response.status_code == 401


def test_a_wrong_role_is_refused_on_the_server(hub):
    dispatcher, admin = hub.user("dispatcher"), hub.user("admin")
    response = dispatcher.post("/api/v1/admin/devices", json={"callsign": "X1"})
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert dispatcher.get("/api/v1/audit").status_code == 403
    # An administrator manages accounts; operational data is not theirs to read.
    assert admin.get("/api/v1/captures").status_code == 403
    assert admin.get("/api/v1/snapshot").status_code == 403
    device = hub.device()
    assert device.get("/api/v1/snapshot").status_code == 401


def test_a_revoked_device_is_refused_at_once(hub):
    supervisor = hub.user("supervisor")
    made = supervisor.post("/api/v1/admin/devices", json={"callsign": "RV1", "mode": "vehicle"})
    assert made.status_code == 201
    device = http_client(hub.url, headers={"Authorization": f"Bearer {made.json()['token']}"})
    assert device.post("/api/v1/device/pings", json={"pings": [ping()]}).status_code == 200
    revoked = supervisor.post(f"/api/v1/admin/devices/{made.json()['device_id']}/revoke")
    assert revoked.status_code == 200
    response = device.post("/api/v1/device/pings", json={"pings": [ping()]})
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_replacing_a_device_revokes_the_old_token(hub):
    supervisor = hub.user("supervisor")
    old = supervisor.post("/api/v1/admin/devices", json={"callsign": "RP1"}).json()
    new = supervisor.post("/api/v1/admin/devices", json={"callsign": "RP1", "replace": True})
    assert new.status_code == 201
    for token, status in ((old["token"], 401), (new.json()["token"], 200)):
        client = http_client(hub.url, headers={"Authorization": f"Bearer {token}"})
        assert client.post("/api/v1/device/pings", json={"pings": [ping()]}).status_code == status


def test_an_expired_or_forged_access_token_is_refused(hub):
    analyst = hub.user("intelligence")
    forged = AccessTokens(b"not the hub's key, but as long".ljust(32)).issue(
        1, analyst.username, "supervisor"
    )
    response = httpx.get(
        f"{hub.url}/api/v1/snapshot", headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 401
    expired = AccessTokens(token_signing_key(hub.data_dir), lifetime=-1)
    token = expired.issue(1, analyst.username, "intelligence")
    response = httpx.get(f"{hub.url}/api/v1/snapshot", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_refresh_token_rotates_and_cannot_be_reused(hub):
    analyst = hub.user("intelligence")
    anonymous = http_client(hub.url)
    tokens = anonymous.post(
        "/api/v1/auth/token", json={"username": analyst.username, "password": PASSWORD}
    ).json()
    renewed = anonymous.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert renewed.status_code == 200 and renewed.json()["refresh_token"] != tokens["refresh_token"]
    reused = anonymous.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert reused.status_code == 401


def test_every_read_of_a_capture_is_audited_with_who_and_from_where(hub):
    device, analyst, supervisor = hub.device(), hub.user("intelligence"), hub.user("supervisor")
    body = capture(
        "intelligence",
        fields={"source_evaluation": 2, "intelligence_assessment": "B", "handling_code": "P"},
    )
    device.post("/api/v1/device/captures", json=body)
    analyst.get(f"/api/v1/captures/{body['id']}", params={"reason": "daily review"})
    records = supervisor.get("/api/v1/audit", params={"target": f"capture:{body['id']}"}).json()
    by_action = {r["action"]: r for r in records["records"]}
    read = by_action["capture.read"]
    assert read["actor"] == f"user:{analyst.username}"
    assert read["reason"] == "daily review" and read["client"].startswith("127.0.0.1")
    assert by_action["capture.create"]["actor"] == f"device:{device.callsign}"


def test_handling_code_c_is_shown_only_to_cleared_roles(hub):
    device, analyst, dispatcher = hub.device(), hub.user("intelligence"), hub.user("dispatcher")
    body = capture(
        "intelligence",
        fields={"source_evaluation": 1, "intelligence_assessment": "A", "handling_code": "C"},
    )
    device.post("/api/v1/device/captures", json=body)
    assert dispatcher.get(f"/api/v1/captures/{body['id']}").status_code == 403
    ids = [c["id"] for c in dispatcher.get("/api/v1/captures").json()["captures"]]
    assert body["id"] not in ids
    assert analyst.get(f"/api/v1/captures/{body['id']}").json()["handling_code"] == "C"


def test_the_audit_log_refuses_edits_and_a_tampered_record_is_detected(fresh_hub):
    supervisor = fresh_hub.user("supervisor")
    supervisor.get("/api/v1/snapshot")
    assert supervisor.get("/api/v1/audit/verify").json()["ok"] is True
    engine = fresh_hub.engine
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit SET actor = 'someone else'"))
    # Someone with the database owner's rights removes the guard and edits a record.
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_no_change"))
        victim = connection.execute(
            text("SELECT id FROM audit WHERE action = 'snapshot.read'")
        ).scalar()
        connection.execute(
            text("UPDATE audit SET actor = 'user:nobody' WHERE id = :id"), {"id": victim}
        )
    report = supervisor.get("/api/v1/audit/verify").json()
    assert report["ok"] is False and report["first_bad_id"] == victim


def test_revoking_a_device_ends_its_open_stream(hub):
    from tests.hub.helpers import frames

    supervisor = hub.user("supervisor")
    made = supervisor.post("/api/v1/admin/devices", json={"callsign": "RV2"}).json()
    device = http_client(hub.url, headers={"Authorization": f"Bearer {made['token']}"})
    types = []
    with device.stream("GET", "/api/v1/device/events", timeout=10) as response:
        for event in frames(response):
            if event.retry is not None:  # the stream is open: revoke its device
                supervisor.post(f"/api/v1/admin/devices/{made['device_id']}/revoke")
            if event.data:
                types.append(event.event)
    assert types == ["device.revoked"]
