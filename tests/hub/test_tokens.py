"""Tokens: a reused refresh token ends its whole sign-in, access tokens follow the users table,
and the signing key lives outside the database."""

from __future__ import annotations

import base64
import os
import secrets
import stat
import subprocess
import sys
import threading

import httpx
import pytest
from sqlalchemy import text

from controlroom.hub.keys import key_file, key_variable
from tests.hub.helpers import read_events
from tests.hubprocess import PASSWORD, HubProcess, wait_for


def _sign_in(hub, username: str) -> dict:
    response = httpx.post(
        f"{hub.url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _me(hub, access_token: str) -> int:
    headers = {"Authorization": f"Bearer {access_token}"}
    return httpx.get(f"{hub.url}/api/v1/auth/me", headers=headers).status_code


def _refresh(hub, refresh_token: str) -> httpx.Response:
    return httpx.post(f"{hub.url}/api/v1/auth/refresh", json={"refresh_token": refresh_token})


def test_a_reused_refresh_token_revokes_its_whole_family(hub):
    analyst = hub.user("intelligence")
    first = _sign_in(hub, analyst.username)
    other_workstation = _sign_in(hub, analyst.username)
    child = _refresh(hub, first["refresh_token"]).json()
    assert _me(hub, child["access_token"]) == 200
    reused = _refresh(hub, first["refresh_token"])  # a copy of the old token comes back
    assert reused.status_code == 401 and "revoked" in reused.json()["detail"]
    assert _refresh(hub, child["refresh_token"]).status_code == 401
    assert _me(hub, child["access_token"]) == 401
    assert _me(hub, first["access_token"]) == 401
    # Another sign-in of the same user is a family of its own and keeps working.
    assert _me(hub, other_workstation["access_token"]) == 200
    assert _refresh(hub, other_workstation["refresh_token"]).status_code == 200
    supervisor = hub.user("supervisor")
    records = supervisor.get("/api/v1/audit", params={"action": "auth.refresh_reused"}).json()[
        "records"
    ]
    assert f"user:{analyst.username}" in [r["actor"] for r in records]


def test_signing_out_ends_the_access_tokens_of_that_sign_in(hub):
    analyst = hub.user("intelligence")
    tokens = _sign_in(hub, analyst.username)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    response = httpx.post(
        f"{hub.url}/api/v1/auth/logout",
        json={"refresh_token": tokens["refresh_token"]},
        headers=headers,
    )
    assert response.status_code == 204
    assert _me(hub, tokens["access_token"]) == 401
    assert _refresh(hub, tokens["refresh_token"]).status_code == 401


def test_a_disabled_user_is_refused_at_once_and_their_stream_ends(hub):
    admin, dispatcher = hub.user("admin"), hub.user("dispatcher")
    events = []

    def stream_until_it_ends():
        events.extend(read_events(dispatcher, "/api/v1/events", 10, timeout=15))

    reader = threading.Thread(target=stream_until_it_ends)
    reader.start()
    wait_for(lambda: admin.get("/api/v1/health").status_code == 200)
    changed = admin.patch(f"/api/v1/admin/users/{dispatcher.username}", json={"active": False})
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert dispatcher.get("/api/v1/snapshot").status_code == 401
    reader.join(20)
    assert not reader.is_alive()
    assert [e.event for e in events][-1:] == ["user.changed"]
    tokens_refused = httpx.post(
        f"{hub.url}/api/v1/auth/token",
        json={"username": dispatcher.username, "password": PASSWORD},
    )
    assert tokens_refused.status_code == 401


def test_a_changed_role_takes_effect_on_the_next_request(hub):
    admin, supervisor = hub.user("admin"), hub.user("supervisor")
    assert supervisor.get("/api/v1/audit").status_code == 200
    response = admin.patch(
        f"/api/v1/admin/users/{supervisor.username}", json={"role": "dispatcher"}
    )
    assert response.status_code == 200
    assert supervisor.get("/api/v1/audit").status_code == 403
    assert supervisor.get("/api/v1/auth/me").json()["role"] == "dispatcher"
    bad = admin.patch(f"/api/v1/admin/users/{supervisor.username}", json={"role": "chief"})
    assert bad.status_code == 422


def test_the_command_line_disables_a_user_on_a_running_hub(hub):
    analyst = hub.user("intelligence")
    assert analyst.get("/api/v1/captures").status_code == 200
    command = [sys.executable, "-m", "controlroom.cli", "admin", "set-user", analyst.username,
               "--disable", "--db", hub.db_url, "--data-dir", str(hub.data_dir)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "disabled" in done.stdout
    wait_for(lambda: analyst.get("/api/v1/captures").status_code == 401, timeout=10)


def test_the_signing_key_is_a_private_file_not_a_database_row(hub):
    with hub.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM hub_secrets")).scalars().all()
    assert "access_token_key" not in names
    key_file = hub.data_dir / "keys" / "token-signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


@pytest.fixture
def shared_key(monkeypatch) -> str:
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    monkeypatch.setenv("CONTROLROOM_TOKEN_KEY", key)
    return key


def test_hubs_on_one_database_share_the_key_from_the_environment(fresh_hub, shared_key, tmp_path):
    if fresh_hub.backend != "postgresql":
        pytest.skip("several hub processes share a PostgreSQL store")
    fresh_hub.restart()  # now with the key from the environment
    audit_key = {key_variable("audit"): str(key_file("audit", fresh_hub.data_dir))}
    other = HubProcess(
        fresh_hub.db_url, tmp_path / "other-data", backend="postgresql", env=audit_key
    )
    other.start()
    try:
        dispatcher = fresh_hub.user("dispatcher")
        token = dispatcher.headers["Authorization"].split(" ", 1)[1]
        assert _me(other, token) == 200
        assert not (tmp_path / "other-data" / "keys" / "token-signing.key").exists()
    finally:
        other.stop()
    assert os.environ["CONTROLROOM_TOKEN_KEY"] == shared_key
