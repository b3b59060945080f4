"""What the briefing benchmark adds to a store bench/_searchdata.py filled with captures: each
capture's mentions linked into records as the linker would when it links perfectly (the same
name and date of birth, registration mark, address or number are one record), a share of the
intelligence graded by an analyst (some of it C, each with its sanitised text), the incidents a
force raises (most of them closed within hours), and a team of units with open tasks."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
from sqlalchemy import Engine, insert, select, update

from controlroom.entities.extract import mentions
from controlroom.geo.area import load_area
from controlroom.hub.accounts import register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.entity_rows import search_text
from controlroom.hub.writer import run_now
from controlroom.store.entity_tables import Entity, Mention
from controlroom.store.schema import Capture, Incident, Task, Unit

CAPTURES, INCIDENTS, TASKS, UNITS = (
    Capture.__table__,
    Incident.__table__,
    Task.__table__,
    Unit.__table__,
)
ENTITIES, MENTIONS = Entity.__table__, Mention.__table__
BATCH = 5000
DAY = 86400.0
GRADED_SHARE = 0.4  # of intelligence reports
INCIDENT_SUMMARIES = [
    "Shoplifting at a convenience store",
    "Criminal damage to a parked car",
    "Domestic argument, neighbours concerned",
    "Youths causing annoyance outside shops",
    "Burglary at a dwelling, offender left on foot",
    "Missing person, vulnerable adult left the care home",
    "Road traffic collision, minor injuries",
    "Assault outside licensed premises",
]
TEAM = "Bench"


def _key(m) -> tuple:
    a = m.attributes
    if m.kind == "person":
        return ("person", a.get("name", "").lower(), a.get("dob", ""))
    if m.kind == "vehicle":
        return ("vehicle", a["vrm"])
    if m.kind == "phone":
        return ("phone", a["number"])
    return ("address", a.get("key", ""))


def link_everything(engine: Engine, batch: int = BATCH) -> int:
    """Mentions and records for every capture; returns how many mentions were written."""
    records: dict[tuple, int] = {}
    said: dict[tuple[str, str], list] = {}  # a template's mentions, read once
    written, last = 0, ""
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(CAPTURES.c.id, CAPTURES.c.at, CAPTURES.c.summary, CAPTURES.c.fields)
                .where(CAPTURES.c.id > last)
                .order_by(CAPTURES.c.id)
                .limit(batch)
            ).all()
        if not rows:
            return written
        last = rows[-1].id
        new_records, found = [], []
        for r in rows:
            key = (r.summary, r.fields)
            if key not in said:
                said[key] = mentions(r.summary, orjson.loads(r.fields))
            for ordinal, m in enumerate(said[key]):
                record = _key(m)
                if record not in records:
                    records[record] = len(records) + 1
                    new_records.append({"id": records[record], "kind": m.kind,
                                        "created_at": r.at, "updated_at": r.at})  # fmt: skip
                found.append(_mention(r, ordinal, m, records[record]))
        with engine.begin() as connection:
            if new_records:
                connection.execute(insert(ENTITIES), new_records)
            connection.execute(insert(MENTIONS), found)
        written += len(found)


def _mention(r, ordinal: int, m, entity_id: int) -> dict:
    return {
        "capture_id": r.id,
        "ordinal": ordinal,
        "kind": m.kind,
        "role": m.role,
        "path": m.path,
        "owner": m.owner,
        "attributes": orjson.dumps(m.attributes).decode(),
        "written": m.written,
        "search": search_text(m),
        "entity_id": entity_id,
        "link": "auto",
        "score": 1.0,
        "reasons": "[]",
        "at": r.at,
        "linked_at": r.at,
    }


def grade_intelligence(engine: Engine, seed: int) -> int:
    """An analyst's grading of a share of the intelligence: as the officer proposed it."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        rows = connection.execute(
            select(CAPTURES.c.id, CAPTURES.c.at, CAPTURES.c.fields).where(
                CAPTURES.c.kind == "intelligence"
            )
        ).all()
    chosen = [r for r in rows if rng.random() < GRADED_SHARE]
    with engine.begin() as connection:
        for r in chosen:
            fields = orjson.loads(r.fields)
            handling = fields.get("handling_code") or "P"
            connection.execute(
                update(CAPTURES)
                .where(CAPTURES.c.id == r.id)
                .values(
                    grade_source=fields.get("source_evaluation") or 2,
                    grade_intelligence=fields.get("intelligence_assessment") or "C",
                    handling_code=handling,
                    handling_conditions="Not outside the force" if handling == "C" else "",
                    sanitised_text=f"Sanitised: {fields.get('text', '')[:60]}",
                    graded_by="bench",
                    graded_at=r.at + 3600,
                )
            )
    return len(chosen)


def raise_incidents(engine: Engine, end: float, days: float, per_day: int, seed: int) -> int:
    rng, area = random.Random(seed), load_area()
    rows = []
    for _ in range(int(days * per_day)):
        lat, lon = area.pick_ward(rng).random_point(rng)
        at = end - rng.random() * days * DAY
        closed = rng.random() < 0.9 and at < end - 6 * 3600
        rows.append({
            "summary": rng.choice(INCIDENT_SUMMARIES), "grade": rng.choice(
                ["immediate", "priority", "priority", "scheduled", "resolution"]),
            "status": "closed" if closed else "open", "lat": lat, "lon": lon,
            "location_text": "", "thrive": "{}", "raised_at": at, "raised_by": "bench",
            "closed_at": at + rng.uniform(1800, 6 * 3600) if closed else None,
        })  # fmt: skip
    with engine.begin() as connection:
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(INCIDENTS), rows[start : start + BATCH])
    return len(rows)


def team_with_tasks(engine: Engine, data_dir: Path, size: int, end: float) -> list[str]:
    """`size` units on the bench team, each holding two open tasks."""
    chain = AuditChain.open(engine, data_dir)
    callsigns = [f"BB{i}" for i in range(1, size + 1)]
    for callsign in callsigns:
        run_now(engine, register_device(callsign, "vehicle", False, None, "b", "b"), chain)
    with engine.begin() as connection:
        connection.execute(update(UNITS).where(UNITS.c.callsign.in_(callsigns)).values(team=TEAM))
        ids = connection.execute(
            select(UNITS.c.id).where(UNITS.c.callsign.in_(callsigns))
        ).scalars()
        tasks = [
            {"unit_id": unit_id, "kind": kind, "state": "sent", "note": f"{kind} from bench",
             "created_by": "bench", "created_at": end - 3600, "updated_at": end - 3600}
            for unit_id in ids for kind in ("patrol", "enquiry")
        ]  # fmt: skip
        connection.execute(insert(TASKS), tasks)
    return callsigns
