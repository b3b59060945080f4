"""Passwords (Argon2id), device tokens (random, stored hashed) and signed, expiring user tokens
(JSON Web Tokens)."""

from __future__ import annotations

import hashlib
import secrets
import time

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ACCESS_TOKEN_SECONDS = 15 * 60
REFRESH_TOKEN_SECONDS = 13 * 3600  # a twelve-hour shift and handover
VERIFIED_TOKENS = 4096  # access tokens remembered as verified (every workstation's, twice over)

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


class TokenError(Exception):
    pass


class AccessTokens:
    """Access tokens as JSON Web Tokens (RFC 7519, HS256, PyJWT): any hub process holding the
    same signing key can check them. `fam` names the sign-in (refresh-token family) they came
    from, so revoking the family ends its access tokens too."""

    algorithm = "HS256"

    def __init__(self, key: bytes, lifetime: float = ACCESS_TOKEN_SECONDS):
        if len(key) < 32:
            raise ValueError("the token signing key must be at least 32 bytes")
        self._key = key
        self.lifetime = lifetime
        self._verified: dict[str, dict] = {}

    def issue(self, user_id: int, username: str, role: str, family: str = "") -> str:
        at = time.time()
        claims = {
            "uid": user_id,
            "sub": username,
            "role": role,
            "fam": family,
            "iat": int(at),
            "exp": at + self.lifetime,
        }
        return jwt.encode(claims, self._key, algorithm=self.algorithm)

    def check(self, token: str) -> dict:
        """The token's claims once its signature and expiry are good. A workstation sends one
        token for its whole lifetime, so tokens already verified are remembered (by their
        exact text) and only their expiry is checked again."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify(token)
            if len(self._verified) >= VERIFIED_TOKENS:
                self._verified.clear()
            self._verified[token] = claims
        if claims["exp"] < time.time():
            raise TokenError("token has expired")
        return claims

    def _verify(self, token: str) -> dict:
        try:
            return jwt.decode(token, self._key, algorithms=[self.algorithm], options=_REQUIRED)
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("token has expired") from exc
        except jwt.InvalidTokenError as exc:
            raise TokenError("token is not valid") from exc


_REQUIRED: jwt.types.Options = {"require": ["exp", "sub", "uid", "role"]}
