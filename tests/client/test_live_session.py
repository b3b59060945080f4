"""The hub client and live session against a real hub on loopback (no Qt)."""

import asyncio
import time

import pytest

from controlroom.client.hub import HubClient, SignInRefused
from controlroom.live.session import Connection, LiveSession
from controlroom.live.state import LiveState
from tests.hub.helpers import capture, ping
from tests.hubprocess import PASSWORD


async def until(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def signed_in_user(hub) -> str:
    return hub.user("dispatcher").username


def test_wrong_password_is_refused(hub):
    username = signed_in_user(hub)

    async def scenario():
        client = HubClient(hub.url)
        with pytest.raises(SignInRefused):
            await client.sign_in(username, "not the password")
        await client.aclose()

    asyncio.run(scenario())


def test_session_follows_the_hub_across_a_restart(fresh_hub):
    hub = fresh_hub
    username, device = signed_in_user(hub), hub.device()

    async def scenario():
        client = HubClient(hub.url)
        rotated = []
        client.tokens_changed = rotated.append
        await client.sign_in(username, PASSWORD)
        state = LiveState()
        session = LiveSession(client, state, backoff_initial_s=0.1, backoff_max_s=0.5)
        task = asyncio.create_task(session.run())
        await until(lambda: session.connection is Connection.LIVE)
        device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.01)]})
        await until(
            lambda: device.callsign in state.units and state.units[device.callsign].lat == 53.01
        )

        await asyncio.to_thread(hub.stop)
        await until(lambda: session.connection is not Connection.LIVE)
        await asyncio.to_thread(hub.start)
        # Written before the session is back: it must still see them, once each.
        made = capture(kind="intelligence")
        assert device.post("/api/v1/device/captures", json=made).status_code in (200, 201)
        device.post("/api/v1/device/pings", json={"pings": [ping(lat=53.02)]})
        await until(lambda: state.units[device.callsign].lat == 53.02)
        assert made["id"] in state.captures and session.connects == 2
        assert session.connection is Connection.LIVE

        expected = await client.snapshot()
        assert state.seq == expected.seq
        assert state.unseen == {made["id"]}
        task.cancel()
        await client.aclose()
        assert len(rotated) >= 1

    asyncio.run(scenario())


def test_access_token_is_refreshed_before_it_expires(hub):
    username = signed_in_user(hub)

    async def scenario():
        client = HubClient(hub.url)
        first = await client.sign_in(username, PASSWORD)
        await client.snapshot()
        assert client.session is first
        first.expires_at = time.time() + 5  # inside the refresh margin
        await client.snapshot()
        assert client.session is not first
        assert client.session.refresh_token != first.refresh_token
        await client.aclose()

    asyncio.run(scenario())
