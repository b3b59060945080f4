"""Signing in: given credentials (demo, tests), a remembered refresh token, or the dialog."""

from __future__ import annotations

import asyncio
import logging
import os

from controlroom.client.hub import HubClient, HubError, Session, SignInRefused
from controlroom.client.secrets import TokenStore
from ui.components.sign_in_dialog import SignInDialog
from ui.tasks import TaskKeeper, settle

log = logging.getLogger(__name__)


def credentials_from_env() -> tuple[str, str] | None:
    username, password = (
        os.environ.get("CONTROLROOM_USERNAME"),
        os.environ.get("CONTROLROOM_PASSWORD"),
    )
    return (username, password) if username and password else None


def remember(client: HubClient, store: TokenStore, on: bool) -> None:
    """Keep the (rotating) refresh token in the keyring, or make sure none is kept."""
    if on and store.available:

        def keep(session: Session) -> None:
            store.save(session.username, session.refresh_token)

        client.tokens_changed = keep
        if client.session:
            store.save(client.session.username, client.session.refresh_token)
    else:
        client.tokens_changed = None
        if client.session:
            store.forget(client.session.username)


async def resume_remembered(client: HubClient, store: TokenStore, username: str) -> Session | None:
    token = store.load(username)
    if not token:
        return None
    try:
        session = await client.resume(token)
    except SignInRefused:
        store.forget(username)
        return None
    except HubError as exc:
        log.warning("remembered sign-in not used: %s", exc.detail)
        return None
    remember(client, store, True)
    return session


async def sign_in(
    client: HubClient,
    store: TokenStore,
    last_username: str,
    credentials: tuple[str, str] | None = None,
    tasks: TaskKeeper | None = None,
) -> Session | None:
    """A signed-in session, or None when the user cancelled."""
    credentials = credentials or credentials_from_env()
    if credentials:
        return await client.sign_in(*credentials)
    if session := await resume_remembered(client, store, last_username):
        return session
    return await ask(client, store, last_username, tasks or TaskKeeper())


async def ask(
    client: HubClient, store: TokenStore, username: str, tasks: TaskKeeper
) -> Session | None:
    dialog = SignInDialog(client.base_url, username, store.reason)
    done: asyncio.Future[Session | None] = asyncio.get_running_loop().create_future()

    async def attempt(name: str, password: str, keep: bool) -> None:
        try:
            session = await client.sign_in(name, password)
        except HubError as exc:
            dialog.show_error(exc.detail)
            return
        remember(client, store, keep)
        if not done.done():
            done.set_result(session)
        dialog.accept()

    dialog.sign_in_requested.connect(lambda n, p, k: tasks.run(attempt(n, p, k), name="sign-in"))
    dialog.rejected.connect(lambda: settle(done, None))
    dialog.show()
    try:
        return await done
    finally:
        dialog.deleteLater()
