"""The API describes itself, and every error has the same JSON shape."""

from __future__ import annotations

import httpx


def test_openapi_describes_every_endpoint(hub):
    spec = httpx.get(f"{hub.url}/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/device/pings",
        "/api/v1/device/captures",
        "/api/v1/device/captures/{capture_id}/attachments/{name}",
        "/api/v1/device/events",
        "/api/v1/snapshot",
        "/api/v1/events",
        "/api/v1/captures",
        "/api/v1/captures/{capture_id}",
        "/api/v1/units/{callsign}/track",
        "/api/v1/tasks",
        "/api/v1/audit/verify",
    ):
        assert path in paths, path
    schemas = spec["components"]["schemas"]

    def resolved(schema: dict) -> dict:
        return schemas[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema

    batch = paths["/api/v1/device/pings"]["post"]["requestBody"]["content"]["application/json"]
    ping = resolved(resolved(batch["schema"])["properties"]["pings"]["items"])
    assert ping["required"] == ["lat", "lon", "at"]
    assert ping["properties"]["lat"]["maximum"] == 90  # the contract's constraint, described
    incident = paths["/api/v1/incidents"]["post"]["requestBody"]["content"]["application/json"]
    grades = resolved(incident["schema"])["properties"]["grade"]["enum"]
    assert set(grades) == {"immediate", "priority", "scheduled", "resolution"}
    created = paths["/api/v1/incidents"]["post"]["responses"]["201"]["content"]
    assert "raised_at" in resolved(created["application/json"]["schema"])["properties"]


def test_unknown_paths_and_malformed_json_get_json_errors(hub):
    response = httpx.get(f"{hub.url}/api/v1/nowhere")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    response = httpx.post(
        f"{hub.url}/api/v1/auth/token",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422 and set(response.json()) == {"error", "detail"}


def test_capture_filters_by_kind_time_box_and_status(hub):
    from tests.hub.helpers import capture, iso

    device, analyst = hub.device(), hub.user("intelligence")
    stoke = capture("stop_search", lat=53.0027, lon=-2.1794, at=iso(-3600))
    stafford = capture("stop_search", lat=52.8069, lon=-2.1166, at=iso(-60))
    for body in (stoke, stafford):
        assert device.post("/api/v1/device/captures", json=body).status_code == 201

    def ids(**params):
        response = analyst.get("/api/v1/captures", params=params)
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["captures"]}

    assert {stoke["id"], stafford["id"]} <= ids(kind="stop_search")
    in_stoke = ids(kind="stop_search", bbox="-2.25,52.95,-2.10,53.10")
    assert stoke["id"] in in_stoke and stafford["id"] not in in_stoke
    recent = ids(kind="stop_search", since=iso(-600))
    assert stafford["id"] in recent and stoke["id"] not in recent
    analyst.post(f"/api/v1/captures/{stoke['id']}/status", json={"status": "reviewed"})
    reviewed = ids(status="reviewed")
    assert stoke["id"] in reviewed and stafford["id"] not in reviewed
    assert analyst.get("/api/v1/captures", params={"bbox": "1,2,3"}).status_code == 422
