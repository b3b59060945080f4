"""Signing in: the dialog, "remember me" through the keyring, and no keyring at all."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication

from controlroom.client.hub import HubClient
from controlroom.client.secrets import TokenStore
from tests.hubprocess import PASSWORD
from tests.ui.conftest import run, until
from ui.components.sign_in_dialog import SignInDialog
from ui.sign_in import sign_in


def open_dialog() -> SignInDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog)]
    return next((w for w in found if w.isVisible()), None)


async def through_dialog(client, store, username, password, remember):
    pending = asyncio.ensure_future(sign_in(client, store, ""))
    await until(lambda: open_dialog() is not None, what="dialog shown")
    dialog = open_dialog()
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.remember.setChecked(remember)
    return pending, dialog


def test_remember_me_keeps_the_refresh_token_in_the_keyring(
    hub, qtbot, qloop, memory_keyring, monkeypatch
):
    monkeypatch.delenv("CONTROLROOM_USERNAME", raising=False)
    username = hub.user("dispatcher").username
    store = TokenStore(hub.url)

    async def scenario():
        client = HubClient(hub.url)
        pending, dialog = await through_dialog(client, store, username, "wrong password", True)
        assert not dialog.keyring_note.isVisible() and dialog.remember.isEnabled()
        dialog.buttons.accepted.emit()
        await until(lambda: dialog.error.isVisible(), what="error shown")
        assert "wrong" in dialog.error.text()
        dialog.password.setText(PASSWORD)
        dialog.buttons.accepted.emit()
        session = await pending
        assert store.load(username) == session.refresh_token
        await client.aclose()

        again = HubClient(hub.url)  # next start: no dialog, the keyring's token is used
        resumed = await sign_in(again, store, username)
        assert resumed.username == username
        assert store.load(username) == resumed.refresh_token != session.refresh_token
        await again.refresh()  # rotated tokens keep being remembered
        assert store.load(username) == again.session.refresh_token
        await again.aclose()

    run(qtbot, scenario())


def test_without_a_keyring_the_dialog_says_so_and_sign_in_still_works(
    hub, qtbot, qloop, no_keyring, monkeypatch
):
    monkeypatch.delenv("CONTROLROOM_USERNAME", raising=False)
    username = hub.user("sergeant").username
    store = TokenStore(hub.url)
    assert not store.available

    async def scenario():
        client = HubClient(hub.url)
        pending, dialog = await through_dialog(client, store, username, PASSWORD, False)
        assert dialog.keyring_note.isVisibleTo(dialog) and "password each time" in (
            dialog.keyring_note.text()
        )
        assert not dialog.remember.isEnabled()
        dialog.buttons.accepted.emit()
        session = await pending
        assert session.role == "sergeant" and store.load(username) is None
        await client.aclose()

    run(qtbot, scenario())
