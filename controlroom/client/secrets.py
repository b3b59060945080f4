"""The one place secrets are kept: a remembered refresh token in the OS keyring.

Every failure is reported plainly (``available``/``reason``) instead of falling back to a file;
with no keyring backend the app simply asks for the password each time.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backends import fail

log = logging.getLogger(__name__)

SERVICE = "controlroom"


class TokenStore:
    def __init__(self, hub_url: str):
        self.service = f"{SERVICE} {hub_url.rstrip('/')}"

    @property
    def reason(self) -> str:
        """Why tokens cannot be remembered here, or "" when they can."""
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return (
                "No system keyring is available on this computer, so you will be asked "
                "for your password each time."
            )
        return ""

    @property
    def available(self) -> bool:
        return not self.reason

    def load(self, username: str) -> str | None:
        if not self.available or not username:
            return None
        try:
            return keyring.get_password(self.service, username)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring: cannot read the remembered sign-in: %s", exc)
            return None

    def save(self, username: str, refresh_token: str) -> bool:
        if not self.available:
            return False
        try:
            keyring.set_password(self.service, username, refresh_token)
            return True
        except keyring.errors.KeyringError as exc:
            log.warning("keyring: cannot remember the sign-in: %s", exc)
            return False

    def forget(self, username: str) -> None:
        if not self.available or not username:
            return
        try:
            keyring.delete_password(self.service, username)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            log.warning("keyring: cannot forget the sign-in: %s", exc)
