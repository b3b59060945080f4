"""Users, sign-in tokens and devices: the jobs that change them."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import DeviceRevoked, UserChanged
from controlroom.contract.events import EventType as E
from controlroom.hub.context import UserIdentity
from controlroom.hub.dispatch import set_unit_group
from controlroom.hub.errors import ApiError, not_found, unauthorized
from controlroom.hub.eventlog import EventRow, event
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

TEAM_NAME = re.compile(r"^[A-Za-z0-9 ._/'&()-]{1,40}$")
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


def issue_refresh(user: UserIdentity, client: str, family: str | None = None):
    """A new refresh token for `user`: a new sign-in (family None) or the next token of one."""
    token = new_secret()

    def job(tx: Tx) -> tuple[str, str]:
        at = now()
        family_id = family or uuid.uuid4().hex
        tx.execute(
            insert(REFRESH).values(
                user_id=user.user_id,
                token_hash=token_digest(token),
                expires_at=at + REFRESH_TOKEN_SECONDS,
                family_id=family_id,
            )
        )
        action = "auth.refresh" if family else "auth.sign_in"
        tx.audit(f"user:{user.username}", action, f"user:{user.username}", client)
        return token, family_id

    return job


def rotate_refresh(refresh_token: str, client: str):
    """Swap a refresh token for the next of its family. A token already swapped (or revoked)
    coming back means it was copied: the whole family is revoked, and the job says so by
    returning None (it commits: raising would undo the revocation)."""

    def job(tx: Tx) -> tuple[UserIdentity, str, str] | None:
        row = tx.execute(
            select(
                REFRESH.c.id,
                REFRESH.c.expires_at,
                REFRESH.c.revoked_at,
                REFRESH.c.family_id,
                USERS.c.id.label("user_id"),
                USERS.c.username,
                USERS.c.role,
                USERS.c.active,
            )
            .join(USERS, USERS.c.id == REFRESH.c.user_id)
            .where(REFRESH.c.token_hash == token_digest(refresh_token))
            # the same token presented through two hubs at once: the second waits, then finds
            # it used, which is reuse (the family is revoked), never two live sign-ins
            .with_for_update(of=REFRESH)
        ).first()
        if row is None or row.expires_at < now() or not row.active:
            raise unauthorized("refresh token is not valid, has expired or was revoked")
        user = UserIdentity(row.user_id, row.username, row.role)
        family = row.family_id or uuid.uuid4().hex
        if row.revoked_at is not None:
            _revoke_family(tx, user, row.id, family, client)
            return None
        tx.execute(
            update(REFRESH).where(REFRESH.c.id == row.id).values(revoked_at=now(), family_id=family)
        )
        token, _ = issue_refresh(user, client, family)(tx)
        return user, token, family

    return job


def _revoke_family(tx: Tx, user: UserIdentity, token_id: int, family: str, client: str) -> None:
    at = now()
    same = (REFRESH.c.family_id == family) | (REFRESH.c.id == token_id)
    tx.execute(update(REFRESH).where(same, REFRESH.c.revoked_at.is_(None)).values(revoked_at=at))
    actor = f"user:{user.username}"
    tx.audit(actor, "auth.refresh_reused", actor, client, {"family": family})
    tx.emit(user_changed(user.user_id, user.username, "sign-in revoked", at))


def user_changed(user_id: int, username: str, why: str, at: float) -> EventRow:
    """Tells every hub process to check this user's tokens against the store again."""
    return event(E.USER_CHANGED, user_id, UserChanged(username=username, why=why), at)


def revoke_refresh(refresh_token: str, actor: str, client: str, user: UserIdentity):
    """Signing out ends the sign-in: its refresh token and the access tokens issued from it."""

    def job(tx: Tx) -> None:
        at = now()
        family = tx.execute(
            select(REFRESH.c.family_id).where(
                REFRESH.c.token_hash == token_digest(refresh_token),
                REFRESH.c.user_id == user.user_id,
            )
        ).scalar()
        same = REFRESH.c.token_hash == token_digest(refresh_token)
        if family:
            same = same | (REFRESH.c.family_id == family)
        tx.execute(
            update(REFRESH).where(same, REFRESH.c.user_id == user.user_id).values(revoked_at=at)
        )
        tx.audit(actor, "auth.sign_out", actor, client)
        tx.emit(user_changed(user.user_id, user.username, "signed out", at))

    return job


def update_user(username: str, role: str | None, active: bool | None, actor: str, client: str):
    """Change a user's role or disable (or re-enable) the account; their tokens follow at once."""
    if role is not None and role not in ROLES:
        raise ApiError(422, "invalid", f"role must be one of {', '.join(ROLES)}")

    def job(tx: Tx) -> dict:
        row = tx.execute(select(USERS).where(USERS.c.username == username)).first()
        if row is None:
            raise not_found(f"no user {username}")
        changes = {k: v for k, v in (("role", role), ("active", active)) if v is not None}
        at = now()
        if changes:
            tx.execute(update(USERS).where(USERS.c.id == row.id).values(**changes))
        if active is False:
            tx.execute(
                update(REFRESH)
                .where(REFRESH.c.user_id == row.id, REFRESH.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        tx.emit(user_changed(row.id, username, "account changed", at))
        before = {"role": row.role, "active": bool(row.active)}
        tx.audit(actor, "user.update", f"user:{username}", client, {"from": before, "to": changes})
        doc = {"username": username, "role": row.role, "active": bool(row.active)}
        return dict(doc, **changes)

    return job


def register_device(
    callsign: str,
    mode: str,
    replace: bool,
    external_id: str | None,
    actor: str,
    client: str,
    verified: bool = True,
    cert_fingerprint: str | None = None,
    team: str | None = None,
):
    """Issue a device token for a unit, creating the unit for a new call sign. With
    `cert_fingerprint` (SHA-256 of a client certificate) only that certificate may speak for
    the device's `external_id` on CoT over TLS. `team` sets the unit's team (the briefings it
    is sent), as a TAK client's group does."""
    if mode not in UNIT_MODES:
        raise ApiError(422, "invalid", f"mode must be one of {', '.join(UNIT_MODES)}")
    fingerprint = certificate_fingerprint(cert_fingerprint) if cert_fingerprint else None
    if fingerprint and not external_id:
        raise ApiError(
            422, "invalid", "a certificate is bound to a device's external id: give both"
        )
    if team is not None and not TEAM_NAME.fullmatch(team):
        raise ApiError(422, "invalid", "team: letters, digits, spaces and ._/'&()- (1 to 40)")
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
        if (
            fingerprint
            and tx.execute(
                select(DEVICES.c.id).where(
                    DEVICES.c.cert_fingerprint == fingerprint, DEVICES.c.revoked_at.is_(None)
                )
            ).first()
        ):
            raise ApiError(409, "conflict", "this certificate is already bound to a device")
        device_id = tx.execute(
            insert(DEVICES).values(
                unit_id=unit_id,
                token_hash=token_digest(token),
                external_id=external_id,
                cert_fingerprint=fingerprint,
                label=callsign,
                created_at=at,
            )
        ).inserted_primary_key[0]
        if team is not None:
            set_unit_group(unit_id, callsign, team, unit.role if unit is not None else None)(tx)
        tx.audit(
            actor,
            "device.register",
            f"device:{device_id}",
            client,
            {
                "callsign": callsign,
                "replace": replace,
                "external_id": external_id,
                "cert_fingerprint": fingerprint,
                "team": team,
            },
        )
        return {"callsign": callsign, "device_id": device_id, "token": token, "team": team}

    return job


def certificate_fingerprint(text: str) -> str:
    """A certificate's SHA-256 fingerprint as 64 lower-case hex digits (colons and spaces,
    as `openssl x509 -fingerprint -sha256` prints them, are allowed)."""
    digits = re.sub(r"[\s:]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digits):
        raise ApiError(422, "invalid", "a certificate fingerprint is 64 hex digits (SHA-256)")
    return digits


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
            DEVICES.c.cert_fingerprint,
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
            "cert_fingerprint": r.cert_fingerprint,
            "revoked": r.revoked_at is not None,
            "created_at": to_iso(r.created_at),
        }
        for r in rows
    ]
