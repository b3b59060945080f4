"""Emergencies: an officer's button raises one; it latches until a named operator acknowledges
it, and stays on every screen until it is ended (by the officer's device, or by an operator who
records the outcome)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, insert, select, update

from controlroom.contract import documents as doc
from controlroom.contract.events import EventType as E
from controlroom.hub.commands import UNITS
from controlroom.hub.context import DeviceIdentity
from controlroom.hub.errors import ApiError, not_found
from controlroom.hub.eventlog import event
from controlroom.hub.records import Row, emergency_doc
from controlroom.hub.writer import Tx
from controlroom.store.schema import Emergency
from controlroom.timeutil import now

EMERGENCIES = Emergency.__table__


def raise_emergency(
    device: DeviceIdentity, lat: float | None, lon: float | None, source: str, client: str
):
    """Latches: a second press while the alarm is still unacknowledged is the same emergency."""

    def job(tx: Tx) -> tuple[doc.Emergency, bool]:
        # A press reaching two hubs at once (CoT and the app, say): the second waits on the
        # unit's row, then finds the first's emergency raised.
        tx.execute(select(UNITS.c.id).where(UNITS.c.id == device.unit_id).with_for_update())
        current = tx.execute(
            select(EMERGENCIES).where(
                EMERGENCIES.c.unit_id == device.unit_id, EMERGENCIES.c.status == "raised"
            )
        ).first()
        if current is not None:
            return emergency_doc(current, device.callsign), False
        at = now()
        values: dict[str, Any] = dict(
            unit_id=device.unit_id,
            status="raised",
            source=source,
            lat=lat,
            lon=lon,
            raised_at=at,
            acknowledged_by=None,
            acknowledged_at=None,
            ended_at=None,
            ended_by=None,
            outcome=None,
        )
        emergency_id = tx.execute(insert(EMERGENCIES).values(**values)).inserted_primary_key[0]
        raised = emergency_doc(Row(dict(values, id=emergency_id)), device.callsign)
        tx.emit(event(E.EMERGENCY_RAISED, emergency_id, raised, at))
        tx.audit(
            f"device:{device.callsign}",
            "emergency.raise",
            f"emergency:{emergency_id}",
            client,
            {"source": source},
        )
        return raised, True

    return job


def _emergency(tx: Tx, emergency_id: int) -> Any:
    """The emergency, locked until the change commits: a second dispatcher acknowledging or
    resolving it through another hub at the same moment waits, then finds it done."""
    row = tx.execute(
        select(EMERGENCIES, UNITS.c.callsign)
        .join(UNITS, UNITS.c.id == EMERGENCIES.c.unit_id)
        .where(EMERGENCIES.c.id == emergency_id)
        .with_for_update(of=EMERGENCIES)
    ).first()
    if row is None:
        raise not_found(f"no emergency {emergency_id}")
    return row


def acknowledge_emergency(emergency_id: int, actor: str, client: str):
    def job(tx: Tx) -> doc.Emergency:
        row = _emergency(tx, emergency_id)
        if row.status != "raised":
            raise ApiError(
                409,
                "conflict",
                f"emergency {emergency_id} is already {row.status}"
                + (f" by {row.acknowledged_by}" if row.acknowledged_by else ""),
            )
        at = now()
        tx.execute(
            update(EMERGENCIES)
            .where(EMERGENCIES.c.id == emergency_id)
            .values(status="acknowledged", acknowledged_by=actor, acknowledged_at=at)
        )
        values = dict(
            row._mapping, status="acknowledged", acknowledged_by=actor, acknowledged_at=at
        )
        acknowledged = emergency_doc(Row(values), row.callsign)
        tx.emit(event(E.EMERGENCY_ACKNOWLEDGED, emergency_id, acknowledged, at))
        tx.audit(
            actor,
            "emergency.acknowledge",
            f"emergency:{emergency_id}",
            client,
            {"callsign": row.callsign},
        )
        return acknowledged

    return job


def end_emergency(
    emergency_id: int | None,
    actor: str,
    client: str,
    device: DeviceIdentity | None = None,
    outcome: str = "",
):
    """An operator resolves an emergency with its outcome, or the device cancels its own
    (id None: its latest)."""

    def job(tx: Tx) -> doc.Emergency:
        ident = emergency_id if device is None else _latest_of(tx, device)
        if ident is None:
            raise not_found("which emergency to end was not said")
        row = _emergency(tx, ident)
        if row.status == "ended":
            return emergency_doc(row, row.callsign)
        at = now()
        said = outcome or ("cancelled from the officer's device" if device else "")
        tx.execute(
            update(EMERGENCIES)
            .where(EMERGENCIES.c.id == ident)
            .values(status="ended", ended_at=at, ended_by=actor, outcome=said)
        )
        values = dict(row._mapping, status="ended", ended_at=at, ended_by=actor, outcome=said)
        ended = emergency_doc(Row(values), row.callsign)
        kind = E.EMERGENCY_CANCELLED if device is not None else E.EMERGENCY_RESOLVED
        tx.emit(event(kind, ident, ended, at))
        detail = {"callsign": row.callsign, "outcome": said}
        tx.audit(actor, str(kind), f"emergency:{ident}", client, detail)
        return ended

    return job


def _latest_of(tx: Tx, device: DeviceIdentity) -> int:
    ident = tx.execute(
        select(EMERGENCIES.c.id)
        .where(and_(EMERGENCIES.c.unit_id == device.unit_id, EMERGENCIES.c.status != "ended"))
        .order_by(EMERGENCIES.c.id.desc())
        .limit(1)
    ).scalar()
    if ident is None:
        raise not_found("this unit has no emergency to cancel")
    return ident
