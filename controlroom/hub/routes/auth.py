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
from controlroom.security import verify_password
from controlroom.store.schema import User

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
USERS = User.__table__


def _tokens(request: Request, user: UserIdentity, refresh: str) -> Response:
    hub = hub_of(request)
    return json_response(
        Tokens(
            access_token=hub.tokens.issue(user.user_id, user.username, user.role),
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
    responses={200: response(Tokens)},
)
async def sign_in(request: Request) -> Response:
    body = await decode(request, Credentials)
    hub = hub_of(request)
    user = await asyncio.to_thread(_check_password, hub.engine, body.username, body.password)
    client = client_of(request)
    if user is None:
        await hub.writer.run(accounts_failed(body.username, client))
        raise unauthorized("user name or password is wrong")
    refresh = await hub.writer.run(accounts.issue_refresh(user, client))
    return _tokens(request, user, refresh)


def accounts_failed(username: str, client: str):
    def job(tx: Tx) -> None:
        tx.audit(f"user:{username[:60]}", "auth.failed", f"user:{username[:60]}", client)

    return job


def _check_password(engine, username: str, password: str) -> UserIdentity | None:
    with engine.connect() as connection:
        row = connection.execute(select(USERS).where(USERS.c.username == username)).first()
    if row is None or not row.active or not verify_password(row.password_hash, password):
        return None
    return UserIdentity(row.id, row.username, row.role)


@router.post(
    "/refresh",
    summary="Swap a refresh token for new tokens",
    openapi_extra=request_body(RefreshIn),
    responses={200: response(Tokens)},
)
async def refresh(request: Request) -> Response:
    body = await decode(request, RefreshIn)
    hub = hub_of(request)
    client = client_of(request)

    def job(tx: Tx) -> tuple[UserIdentity, str]:
        user = accounts.user_for_refresh(tx, body.refresh_token)
        return user, accounts.issue_refresh(user, client, replaces=body.refresh_token)(tx)

    user, token = await hub.writer.run(job)
    return _tokens(request, user, token)


@router.post(
    "/logout",
    status_code=204,
    summary="Revoke a refresh token",
    openapi_extra=request_body(RefreshIn),
)
async def logout(request: Request) -> None:
    user = user_from(request)
    body = await decode(request, RefreshIn)
    job = accounts.revoke_refresh(body.refresh_token, f"user:{user.username}", client_of(request))
    await hub_of(request).writer.run(job)


@router.get("/me", summary="Who this token belongs to")
async def me(request: Request) -> dict:
    user = user_from(request)
    return {"username": user.username, "role": user.role}
