"""Handling codes fail closed: only P or C is accepted, and anything else is restricted."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from tests.hub.helpers import capture


def _intelligence(code) -> dict:
    return capture(
        "intelligence",
        fields={"source_evaluation": 2, "intelligence_assessment": "B", "handling_code": code},
    )


def test_a_code_c_in_any_case_or_spacing_is_restricted(hub):
    device, dispatcher, analyst = hub.device(), hub.user("dispatcher"), hub.user("intelligence")
    for code in ("c", " C", "C ", "\tc\n"):
        body = _intelligence(code)
        assert device.post("/api/v1/device/captures", json=body).status_code == 201, code
        assert dispatcher.get(f"/api/v1/captures/{body['id']}").status_code == 403, code
        listed = [c["id"] for c in dispatcher.get("/api/v1/captures").json()["captures"]]
        assert body["id"] not in listed, code
        stored = analyst.get(f"/api/v1/captures/{body['id']}").json()
        assert stored["handling_code"] == "C" and stored["fields"]["handling_code"] == "C"
    body = _intelligence(" p")
    assert device.post("/api/v1/device/captures", json=body).status_code == 201
    assert dispatcher.get(f"/api/v1/captures/{body['id']}").json()["handling_code"] == "P"


def test_a_code_that_is_neither_p_nor_c_is_refused(hub):
    device, analyst = hub.device(), hub.user("intelligence")
    for code in (["C"], {"code": "C"}, "X", "", "PC", "CONFIDENTIAL", 1, True):
        body = _intelligence(code)
        response = device.post("/api/v1/device/captures", json=body)
        assert response.status_code == 422, code
        assert (
            response.json()["error"] == "invalid" and "handling_code" in response.json()["detail"]
        )
        assert analyst.get(f"/api/v1/captures/{body['id']}").status_code == 404


def test_a_stored_code_that_cannot_be_read_is_restricted(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    body = _intelligence("P")
    device.post("/api/v1/device/captures", json=body)
    with hub.engine.begin() as connection:  # as an older hub, or a hand edit, might have left it
        connection.execute(
            text("UPDATE captures SET handling_code = 'c' WHERE id = :id"), {"id": body["id"]}
        )
    assert dispatcher.get(f"/api/v1/captures/{body['id']}").status_code == 403
    listed = [c["id"] for c in dispatcher.get("/api/v1/captures").json()["captures"]]
    assert body["id"] not in listed


def test_denied_reads_of_restricted_captures_are_audited(hub):
    device, dispatcher = hub.device(), hub.user("dispatcher")
    supervisor = hub.user("supervisor")
    body = _intelligence("C")
    device.post("/api/v1/device/captures", json=body)
    content = b"photo of the holdall"
    digest = hashlib.sha256(content).hexdigest()
    stored = device.put(
        f"/api/v1/device/captures/{body['id']}/attachments/holdall.jpg",
        content=content,
        headers={"X-Content-SHA256": digest},
    )
    assert stored.status_code == 201
    assert dispatcher.get(f"/api/v1/captures/{body['id']}").status_code == 403
    path = f"/api/v1/captures/{body['id']}/attachments/holdall.jpg"
    assert dispatcher.get(path).status_code == 403
    assert dispatcher.get("/api/v1/captures", params={"kind": "intelligence"}).status_code == 200
    records = supervisor.get(
        "/api/v1/audit", params={"actor": f"user:{dispatcher.username}", "action": "capture.denied"}
    ).json()["records"]
    targets = {r["target"] for r in records}
    assert f"capture:{body['id']}" in targets
    assert f"capture:{body['id']}/holdall.jpg" in targets
    listing = [r for r in records if r["target"] == "captures"]
    assert listing and listing[0]["detail"]["withheld"] >= 1
    assert listing[0]["detail"]["filters"] == {"kind": "intelligence"}
