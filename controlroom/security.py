"""Passwords (Argon2id), device tokens (random, stored hashed) and signed, expiring user tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ACCESS_TOKEN_SECONDS = 15 * 60
REFRESH_TOKEN_SECONDS = 13 * 3600  # a twelve-hour shift and handover

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens are kept only as digests, so a copy of the database does not hold working tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenError(Exception):
    pass


class AccessTokens:
    """HMAC-signed access tokens: any hub process sharing the database key can check them."""

    def __init__(self, key: bytes, lifetime: float = ACCESS_TOKEN_SECONDS):
        self._key = key
        self.lifetime = lifetime

    def issue(self, user_id: int, username: str, role: str) -> str:
        claims = {"uid": user_id, "sub": username, "role": role, "exp": time.time() + self.lifetime}
        body = _b64(orjson.dumps(claims))
        return f"{body}.{self._sign(body)}"

    def check(self, token: str) -> dict:
        body, _, signature = token.partition(".")
        if not signature or not hmac.compare_digest(signature, self._sign(body)):
            raise TokenError("token is not valid")
        try:
            claims = orjson.loads(_unb64(body))
        except (ValueError, orjson.JSONDecodeError) as exc:
            raise TokenError("token is not valid") from exc
        if claims.get("exp", 0) < time.time():
            raise TokenError("token has expired")
        return claims

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:24])
