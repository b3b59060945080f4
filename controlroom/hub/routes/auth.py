"""Signing in: user name and password for a short-lived access token and a refresh token."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from controlroom.contract.documents import Tokens
from controlroom.contract.openapi import request_body, response
from controlroom.contract.requests import Credentials, RefreshIn
from controlroom.hub import accounts
from controlroom.hub.auth import client_of, hub_of, user_from
from controlroom.hub.body import decode
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import unauthorized
from controlroom.hub.respond import json_response
from controlroom.hub.writer import Tx
from controlroom.store.schema import User

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
USERS = User.__table__


def _tokens(request: Request, user: UserIdentity, refresh: str, family: str) -> Response:
    hub = hub_of(request)
    return json_response(
        Tokens(
            access_token=hub.tokens.issue(user.user_id, user.username, user.role, family),
            refresh_token=refresh,
            expires_in=int(hub.tokens.lifetime),
            username=user.username,
            role=user.role,
        )
    )


@router.post(
    "/token",
    summary="Sign in",
    openapi_extra=request_body(Credentials),
    responses={
        200: response(Tokens),
        429: {"description": "too many failed sign-ins; Retry-After says when to retry"},
    },
)
async def sign_in(request: Request) -> Response:
    body = await decode(request, Credentials)
    hub = hub_of(request)
    client = client_of(request)
    address = request.client.host if request.client else "unknown"
    hub.signin_failures.admit(body.username, address)
    ok = False
    try:
        row = await asyncio.to_thread(_user_row, hub.engine, body.username)
        known = row is not None and row.active
        ok = await hub.passwords.verify(row.password_hash if known else None, body.password)
    finally:
        locked = hub.signin_failures.settle(body.username, address, ok)
    if not ok:
        await hub.writer.run(_failed(body.username, client, locked))
        raise unauthorized("user name or password is wrong")
    user = UserIdentity(row.id, row.username, row.role)
    refresh, family = await hub.writer.run(accounts.issue_refresh(user, client))
    return _tokens(request, user, refresh, family)


def _failed(username: str, client: str, locked: list[str]):
    def job(tx: Tx) -> None:
        name = f"user:{username[:60]}"
        tx.audit(name, "auth.failed", name, client, {"locked": locked} if locked else None)

    return job


def _user_row(engine, username: str):
    with engine.connect() as connection:
        return connection.execute(select(USERS).where(USERS.c.username == username)).first()


@router.post(
    "/refresh",
    summary="Swap a refresh token for new tokens",
    openapi_extra=request_body(RefreshIn),
    responses={200: response(Tokens)},
)
async def refresh(request: Request) -> Response:
    body = await decode(request, RefreshIn)
    hub = hub_of(request)
    rotated = await hub.writer.run(accounts.rotate_refresh(body.refresh_token, client_of(request)))
    if rotated is None:
        raise unauthorized(
            "this refresh token was already used: every token of its sign-in is revoked"
        )
    user, token, family = rotated
    return _tokens(request, user, token, family)


@router.post(
    "/logout",
    status_code=204,
    summary="Revoke a refresh token and end its sign-in",
    openapi_extra=request_body(RefreshIn),
)
async def logout(request: Request) -> None:
    user = await user_from(request)
    body = await decode(request, RefreshIn)
    job = accounts.revoke_refresh(
        body.refresh_token, f"user:{user.username}", client_of(request), user
    )
    await hub_of(request).writer.run(job)


@router.get("/me", summary="Who this token belongs to")
async def me(request: Request) -> dict:
    user = await user_from(request)
    return {"username": user.username, "role": user.role}
