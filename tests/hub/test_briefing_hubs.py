"""Two hub processes on one PostgreSQL publishing one pack at once: every version is published
once, whole (its events to every unit and its audit record), and a publish that lost the race
is refused with 409, never stored twice or half."""

from __future__ import annotations

import threading

import httpx
from sqlalchemy import text

from tests.hub.briefing_helpers import new_team, pack, team_device
from tests.hub.test_multiple_hubs import second_hub  # noqa: F401  (the fixture)
from tests.hubprocess import PASSWORD, http_client

ROUNDS = 4
UNITS = 2


def test_publishes_through_two_hubs_make_each_version_once(fresh_hub, second_hub):  # noqa: F811
    team = new_team()
    for _ in range(UNITS):
        team_device(fresh_hub, team)
    sergeant = fresh_hub.user("sergeant")
    briefing_id = sergeant.post("/api/v1/briefings", json=pack(team)).json()["id"]
    other = http_client(second_hub.url, timeout=20)
    signed = other.post(
        "/api/v1/auth/token", json={"username": sergeant.username, "password": PASSWORD}
    )
    other.headers["Authorization"] = f"Bearer {signed.json()['access_token']}"
    answers: list[int] = []

    def publish(client: httpx.Client) -> None:
        for _ in range(ROUNDS):
            answers.append(client.post(f"/api/v1/briefings/{briefing_id}/publish").status_code)

    workers = [threading.Thread(target=publish, args=(c,)) for c in (sergeant, other)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert set(answers) <= {200, 409} and answers.count(200) >= ROUNDS
    with fresh_hub.engine.connect() as connection:

        def column(sql: str) -> list:
            return connection.execute(text(sql), {"b": briefing_id}).scalars().all()

        versions = column(
            "SELECT version FROM briefing_versions WHERE briefing_id = :b ORDER BY version"
        )
        published = column(
            "SELECT payload FROM events WHERE type = 'briefing.published' AND subject = "
            "CAST(:b AS TEXT)"
        )
        audited = column(
            "SELECT detail FROM audit WHERE action = 'briefing.publish' AND target = "
            "'briefing:' || CAST(:b AS TEXT)"
        )
    assert versions == list(range(1, answers.count(200) + 1))
    assert len(published) == len(versions) * (UNITS + 1)
    assert len(audited) == len(versions)
