"""The writer never hangs the hub: a job that breaks its batch is refused alone and the writer
carries on; a request the writer cannot get to in time answers 503 and its change never runs."""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import text

from controlroom.hub import faults
from tests.conftest import BACKENDS
from tests.databases import fresh_database
from tests.hubprocess import HubProcess, wait_for

POISON = "poison-" + uuid.uuid4().hex[:8]


@pytest.fixture(params=BACKENDS)
def gated_hub(request, tmp_path):
    """A hub (not yet started) whose writer holds a batch mentioning `hub.gate`'s name while
    that file exists; `hub.arm(spec)` adds other fault points."""
    url, drop = fresh_database(request.param, tmp_path)
    hub = HubProcess(url, tmp_path / "data", backend=request.param)
    hub.gate = tmp_path / f"gate-{uuid.uuid4().hex[:8]}"
    hub.arm = lambda spec="": hub.env.update({faults.ENV: f"gate@rows:{hub.gate},{spec}"})
    yield hub
    hub.stop()
    drop()


def queued(hub: HubProcess) -> int:
    return httpx.get(f"{hub.url}/api/v1/health").json()["writer"]["queued"]


def raise_incidents(client: httpx.Client, summaries: list[str]):
    """Raise one incident per summary, each from its own thread; (answers, threads)."""
    answers: dict[str, httpx.Response] = {}

    def post(summary: str) -> None:
        body = {"summary": summary, "grade": "priority", "lat": 53.0, "lon": -2.2}
        answers[summary] = client.post("/api/v1/incidents", json=body, timeout=15)

    threads = [threading.Thread(target=post, args=(s,)) for s in summaries]
    for thread in threads:
        thread.start()
    return answers, threads


def hold_the_writer(hub: HubProcess, client: httpx.Client):
    """Raise an incident that the writer holds at the gate, once it is holding it."""
    hub.gate.touch()
    held = raise_incidents(client, [f"held at {hub.gate.name}"])
    wait_for(lambda: hub.gate.with_name(hub.gate.name + ".held").exists())
    return held


def stored(hub: HubProcess, summary: str) -> tuple[int, int, int]:
    """How many incidents have this summary, and how many events and audit records they have."""
    with hub.engine.connect() as connection:
        ids = [
            str(i)
            for i in connection.execute(
                text("SELECT id FROM incidents WHERE summary = :s"), {"s": summary}
            ).scalars()
        ]
        events = connection.execute(
            text("SELECT subject FROM events WHERE type = 'incident.created'")
        ).scalars()
        audits = connection.execute(
            text("SELECT target FROM audit WHERE action = 'incident.create'")
        ).scalars()
        return (
            len(ids),
            sum(subject in ids for subject in events),
            sum(target.removeprefix("incident:") in ids for target in audits),
        )


@pytest.mark.parametrize("kind", ["raise", "integrity"])
def test_a_job_that_breaks_its_batch_is_refused_alone_and_the_writer_carries_on(gated_hub, kind):
    hub = gated_hub
    hub.arm(f"{kind}@rows:{POISON}")
    hub.start()
    dispatcher = hub.user("dispatcher")
    # The others queue up behind a held change, then go in one batch, the poisoned one too.
    (held, held_threads) = hold_the_writer(hub, dispatcher)
    summaries = [f"incident {n}" for n in range(11)] + [f"{POISON} incident"]
    answers, threads = raise_incidents(dispatcher, summaries)
    wait_for(lambda: queued(hub) >= len(summaries))
    hub.gate.unlink()
    for thread in held_threads + threads:
        thread.join(20)
    assert answers[f"{POISON} incident"].status_code == 500
    for summary, response in (held | answers).items():
        if POISON not in summary:
            assert response.status_code == 201, response.text
            assert stored(hub, summary) == (1, 1, 1), summary
    assert stored(hub, f"{POISON} incident") == (0, 0, 0)
    # The writer lives on: later changes are stored, and its health says so.
    after = dispatcher.post(
        "/api/v1/incidents", json={"summary": "after", "grade": "priority", "lat": 53, "lon": -2}
    )
    assert after.status_code == 201
    writer = httpx.get(f"{hub.url}/api/v1/health").json()["writer"]
    assert writer["alive"] is True and writer["store"] == "available"
    assert "".join(hub.log).count("Traceback") == 1  # one for the poisoned job, not one a job


def test_a_change_the_writer_cannot_get_to_answers_503_and_never_runs(gated_hub):
    hub = gated_hub
    hub.arm()
    hub.start()
    dispatcher = hub.user("dispatcher")
    held, held_threads = hold_the_writer(hub, dispatcher)
    started = time.monotonic()
    late, late_threads = raise_incidents(dispatcher, ["waits behind it"])
    late_threads[0].join(15)
    waited = time.monotonic() - started
    refused = late["waits behind it"]
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"] == "unavailable"
    assert waited < 10
    assert httpx.get(f"{hub.url}/api/v1/health", timeout=5).json()["writer"]["alive"] is True
    hub.gate.unlink()
    held_threads[0].join(15)
    ((summary, response),) = held.items()
    assert response.status_code == 201
    assert stored(hub, summary) == (1, 1, 1)
    assert stored(hub, "waits behind it") == (0, 0, 0)  # refused before it ran: never stored
