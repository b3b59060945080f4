"""Sign-in cannot be flooded or used to tell which user names exist."""

from __future__ import annotations

import statistics
import time
import uuid

import httpx

from controlroom.hub.limits import CLIENT_IDLE_S
from tests.hubprocess import PASSWORD

ACCOUNT_LIMIT, ADDRESS_LIMIT = 10, 50


def _client(hub, address: str) -> httpx.Client:
    limits = httpx.Limits(keepalive_expiry=CLIENT_IDLE_S)  # a transport given brings its own
    transport = httpx.HTTPTransport(local_address=address, limits=limits)
    return httpx.Client(base_url=hub.url, transport=transport, timeout=30)


def _sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/token", json={"username": username, "password": password})


def test_failed_sign_ins_beyond_the_limit_answer_429_with_retry_after(hub):
    analyst = hub.user("intelligence")
    attacker = _client(hub, "127.0.0.21")
    answers = [_sign_in(attacker, analyst.username, f"guess {i}") for i in range(ACCOUNT_LIMIT)]
    assert {r.status_code for r in answers} == {401}
    refused = _sign_in(attacker, analyst.username, "guess again")
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_requests"
    assert 0 < int(refused.headers["Retry-After"]) <= 900
    # Locked for everyone, with the right password too, until the window passes.
    assert _sign_in(_client(hub, "127.0.0.22"), analyst.username, PASSWORD).status_code == 429
    # Other accounts are not locked by it; tokens already issued keep working.
    other = hub.user("dispatcher")
    assert _sign_in(_client(hub, "127.0.0.23"), other.username, PASSWORD).status_code == 200
    assert analyst.get("/api/v1/captures").status_code == 200
    supervisor = hub.user("supervisor")
    records = supervisor.get(
        "/api/v1/audit", params={"actor": f"user:{analyst.username}", "action": "auth.failed"}
    ).json()["records"]
    assert len(records) == ACCOUNT_LIMIT
    assert records[0]["detail"] == {"locked": ["account"]}


def test_one_address_is_limited_across_accounts(hub):
    attacker = _client(hub, "127.0.0.31")
    codes = [_sign_in(attacker, f"nobody-{uuid.uuid4().hex[:6]}", "x").status_code
             for _ in range(ADDRESS_LIMIT)]  # fmt: skip
    assert set(codes) == {401}
    refused = _sign_in(attacker, f"nobody-{uuid.uuid4().hex[:6]}", "x")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    user = hub.user("dispatcher")
    assert _sign_in(attacker, user.username, PASSWORD).status_code == 429
    assert _sign_in(_client(hub, "127.0.0.32"), user.username, PASSWORD).status_code == 200


def test_a_burst_of_concurrent_guesses_is_refused_before_hashing(hub):
    import concurrent.futures

    analyst = hub.user("intelligence")
    attacker = _client(hub, "127.0.0.41")
    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        codes = list(
            pool.map(lambda i: _sign_in(attacker, analyst.username, f"g{i}").status_code, range(24))
        )
    assert codes.count(401) <= 2 and codes.count(429) >= 22


def test_an_unknown_user_answers_like_a_known_one(hub):
    known = hub.user("dispatcher").username
    client = _client(hub, "127.0.0.51")

    def median_ms(username: str) -> float:
        times = []
        for _ in range(4):
            start = time.perf_counter()
            response = _sign_in(client, username, "wrong password")
            times.append(time.perf_counter() - start)
            assert response.status_code == 401
            assert response.json() == {
                "error": "unauthorized",
                "detail": "user name or password is wrong",
            }
        return statistics.median(times) * 1000

    unknown_ms, known_ms = median_ms(f"nobody-{uuid.uuid4().hex}"), median_ms(known)
    # Both pay for one password check (an unknown one against a dummy hash): the same order.
    assert unknown_ms > known_ms / 3, (unknown_ms, known_ms)
