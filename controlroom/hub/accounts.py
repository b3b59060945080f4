"""Users, sign-in tokens and devices: the jobs that change them."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import DeviceRevoked
from controlroom.contract.events import EventType as E
from controlroom.hub.context import UserIdentity
from controlroom.hub.errors import ApiError, not_found, unauthorized
from controlroom.hub.eventlog import event
from controlroom.hub.writer import Tx
from controlroom.security import (
    REFRESH_TOKEN_SECONDS,
    hash_password,
    new_secret,
    token_digest,
)
from controlroom.store.schema import Device, RefreshToken, Unit, User
from controlroom.timeutil import now, to_iso
from controlroom.vocabulary import ROLES, UNIT_MODES

USERS, DEVICES, UNITS, REFRESH = (
    User.__table__,
    Device.__table__,
    Unit.__table__,
    RefreshToken.__table__,
)


def create_user(username: str, role: str, password: str, actor: str, client: str):
    if role not in ROLES:
        raise ApiError(422, "invalid", f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ApiError(422, "invalid", "password must be at least 8 characters")
    password_hash = hash_password(password)

    def job(tx: Tx) -> dict:
        if tx.execute(select(USERS.c.id).where(USERS.c.username == username)).first():
            raise ApiError(409, "conflict", f"user {username} exists")
        user_id = tx.execute(
            insert(USERS).values(
                username=username,
                role=role,
                password_hash=password_hash,
                display_name=username,
                active=True,
                created_at=now(),
            )
        ).inserted_primary_key[0]
        tx.audit(actor, "user.create", f"user:{username}", client, {"role": role})
        return {"id": user_id, "username": username, "role": role}

    return job


def set_password(username: str, password: str, actor: str, client: str):
    """A new password for an existing user (the demo sets a fresh one on every run)."""
    if len(password) < 8:
        raise ApiError(422, "invalid", "password must be at least 8 characters")
    password_hash = hash_password(password)

    def job(tx: Tx) -> dict:
        changed = tx.execute(
            update(USERS).where(USERS.c.username == username).values(password_hash=password_hash)
        ).rowcount
        if not changed:
            raise not_found(f"no user {username}")
        tx.audit(actor, "user.password", f"user:{username}", client)
        return {"username": username}

    return job


def issue_refresh(user: UserIdentity, client: str, replaces: str | None = None):
    """A new refresh token for `user`; rotating one revokes the token it replaces."""
    token = new_secret()

    def job(tx: Tx) -> str:
        at = now()
        if replaces is not None:
            tx.execute(
                update(REFRESH)
                .where(REFRESH.c.token_hash == token_digest(replaces))
                .values(revoked_at=at)
            )
        tx.execute(
            insert(REFRESH).values(
                user_id=user.user_id,
                token_hash=token_digest(token),
                expires_at=at + REFRESH_TOKEN_SECONDS,
            )
        )
        action = "auth.refresh" if replaces else "auth.sign_in"
        tx.audit(f"user:{user.username}", action, f"user:{user.username}", client)
        return token

    return job


def user_for_refresh(tx: Tx, refresh_token: str) -> UserIdentity:
    row = tx.execute(
        select(
            USERS.c.id,
            USERS.c.username,
            USERS.c.role,
            USERS.c.active,
            REFRESH.c.expires_at,
            REFRESH.c.revoked_at,
        )
        .join(USERS, USERS.c.id == REFRESH.c.user_id)
        .where(REFRESH.c.token_hash == token_digest(refresh_token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at < now() or not row.active:
        raise unauthorized("refresh token is not valid, has expired or was revoked")
    return UserIdentity(row.id, row.username, row.role)


def revoke_refresh(refresh_token: str, actor: str, client: str):
    def job(tx: Tx) -> None:
        tx.execute(
            update(REFRESH)
            .where(REFRESH.c.token_hash == token_digest(refresh_token))
            .values(revoked_at=now())
        )
        tx.audit(actor, "auth.sign_out", actor, client)

    return job


def register_device(
    callsign: str,
    mode: str,
    replace: bool,
    external_id: str | None,
    actor: str,
    client: str,
    verified: bool = True,
):
    """Issue a device token for a unit, creating the unit for a new call sign."""
    if mode not in UNIT_MODES:
        raise ApiError(422, "invalid", f"mode must be one of {', '.join(UNIT_MODES)}")
    token = new_secret()

    def job(tx: Tx) -> dict:
        at = now()
        unit = tx.execute(select(UNITS).where(UNITS.c.callsign == callsign)).first()
        if unit is None:
            unit_id = tx.execute(
                insert(UNITS).values(
                    callsign=callsign,
                    mode=mode,
                    status="available",
                    verified=verified,
                    created_at=at,
                )
            ).inserted_primary_key[0]
            created = doc.Unit(callsign=callsign, mode=mode, status="available", verified=verified)
            tx.emit(event(E.UNIT_CREATED, callsign, created, at))
        else:
            unit_id = unit.id
        if replace:
            others = (
                tx.execute(
                    select(DEVICES.c.id).where(
                        DEVICES.c.unit_id == unit_id, DEVICES.c.revoked_at.is_(None)
                    )
                )
                .scalars()
                .all()
            )
            for device_id in others:
                _revoke(tx, device_id, at, callsign)
        if (
            external_id
            and tx.execute(
                select(DEVICES.c.id).where(
                    DEVICES.c.external_id == external_id, DEVICES.c.revoked_at.is_(None)
                )
            ).first()
        ):
            raise ApiError(409, "conflict", f"external id {external_id} is already registered")
        device_id = tx.execute(
            insert(DEVICES).values(
                unit_id=unit_id,
                token_hash=token_digest(token),
                external_id=external_id,
                label=callsign,
                created_at=at,
            )
        ).inserted_primary_key[0]
        tx.audit(
            actor,
            "device.register",
            f"device:{device_id}",
            client,
            {"callsign": callsign, "replace": replace, "external_id": external_id},
        )
        return {"callsign": callsign, "device_id": device_id, "token": token}

    return job


def revoke_device(device_id: int, actor: str, client: str):
    def job(tx: Tx) -> dict:
        row = tx.execute(
            select(DEVICES.c.revoked_at, UNITS.c.callsign)
            .join(UNITS, UNITS.c.id == DEVICES.c.unit_id)
            .where(DEVICES.c.id == device_id)
        ).first()
        if row is None:
            raise not_found(f"no device {device_id}")
        if row.revoked_at is None:
            _revoke(tx, device_id, now(), row.callsign)
        tx.audit(actor, "device.revoke", f"device:{device_id}", client)
        return {"device_id": device_id, "revoked": True}

    return job


def _revoke(tx: Tx, device_id: int, at: float, callsign: str) -> None:
    tx.execute(update(DEVICES).where(DEVICES.c.id == device_id).values(revoked_at=at))
    # Every hub process drops the token from its cache when it sees this event.
    tx.emit(
        event(
            E.DEVICE_REVOKED, device_id, DeviceRevoked(device_id=device_id, callsign=callsign), at
        )
    )


def list_devices(connection) -> list[dict]:
    rows = connection.execute(
        select(
            DEVICES.c.id,
            DEVICES.c.external_id,
            DEVICES.c.created_at,
            DEVICES.c.revoked_at,
            UNITS.c.callsign,
            UNITS.c.mode,
        )
        .join(UNITS, UNITS.c.id == DEVICES.c.unit_id)
        .order_by(DEVICES.c.id)
    )
    return [
        {
            "device_id": r.id,
            "callsign": r.callsign,
            "mode": r.mode,
            "external_id": r.external_id,
            "revoked": r.revoked_at is not None,
            "created_at": to_iso(r.created_at),
        }
        for r in rows
    ]
