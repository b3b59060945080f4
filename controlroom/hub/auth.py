"""Who is calling: user bearer tokens with role checks, and device bearer tokens."""

from __future__ import annotations

from fastapi import Depends, Request

from controlroom.hub.context import DeviceIdentity, Hub, UserIdentity
from controlroom.hub.errors import forbidden, unauthorized
from controlroom.permissions import Can, holders
from controlroom.security import TokenError, token_digest

OPERATIONS = holders(Can.SEE_OPERATIONS)
DISPATCH = holders(Can.DISPATCH)
TRIAGE = holders(Can.TRIAGE)
LINKERS = holders(Can.LINK_ENTITIES)
DEVICE_ADMIN = holders(Can.MANAGE_DEVICES)
AUDITORS = holders(Can.AUDIT)
BRIEFERS = holders(Can.BRIEF)
# Intelligence with handling code C is shown only to these roles.
CLEARED_FOR_C = holders(Can.READ_RESTRICTED)


def hub_of(request: Request) -> Hub:
    return request.app.state.hub


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("a bearer token is required")
    return token.strip()


def client_of(request: Request) -> str:
    host = request.client.host if request.client else "unknown"
    agent = request.headers.get("user-agent", "")[:120]
    return f"{host} {agent}".strip()


async def user_from(request: Request) -> UserIdentity:
    """The signed-in user, as the store has them now (role included); refused when the
    account is disabled or gone, or the sign-in was ended."""
    hub = hub_of(request)
    try:
        claims = hub.tokens.check(bearer(request))
    except TokenError as exc:
        raise unauthorized(str(exc)) from exc
    standing = await hub.signins.standing(claims["uid"], claims.get("fam", ""))
    if standing is None or not standing.active:
        raise unauthorized("this account is disabled or no longer exists")
    if not standing.signed_in:
        raise unauthorized("this sign-in has ended: sign in again")
    return UserIdentity(
        claims["uid"], standing.username, standing.role, claims["exp"], claims.get("fam", "")
    )


def roles(*allowed: str):
    """A dependency that lets only users holding one of `allowed` roles through."""

    async def dependency(request: Request) -> UserIdentity:
        user = await user_from(request)
        if user.role not in allowed:
            raise forbidden(f"role {user.role} may not do this")
        return user

    return Depends(dependency)


async def device_from(request: Request) -> DeviceIdentity:
    identity = await hub_of(request).device_for(token_digest(bearer(request)))
    if identity is None:
        raise unauthorized("device token is not valid or has been revoked")
    return identity
