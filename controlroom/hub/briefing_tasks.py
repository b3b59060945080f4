"""Tasks set in a briefing become hub tasks on publish: a task item assigned to a callsign is
sent to that unit as a task (``task.created`` on its stream, like any other), once; the item's
``ref`` then names the task. An item withdrawn, or given to another callsign, cancels the task
it made while that is still open. Runs inside the publish job's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from controlroom.contract.briefings import BriefingItem
from controlroom.hub import commands
from controlroom.hub.writer import Tx
from controlroom.store.briefing_tables import BriefingTask
from controlroom.store.schema import Task
from controlroom.vocabulary import TASK_ENDS

BRIEFING_TASKS, TASKS = BriefingTask.__table__, Task.__table__
NOTE_MAX = 2000


def with_tasks(
    tx: Tx, briefing_id: int, version: int, items: list[BriefingItem], actor: str, client: str
) -> list[BriefingItem]:
    """The items, each task item assigned to a callsign carrying its hub task in ``ref``."""
    made: dict[str, Any] = {
        r.item_id: r
        for r in tx.execute(
            select(BRIEFING_TASKS).where(BRIEFING_TASKS.c.briefing_id == briefing_id)
        )
    }
    kept = set()
    for item in items:
        if item.kind != "task" or not item.assigned_to or item.proposed:
            continue  # a proposed task item is a hub task already
        kept.add(item.id)
        earlier = made.get(item.id)
        if earlier is not None and earlier.callsign == item.assigned_to:
            item.ref = str(earlier.task_id)
            continue
        if earlier is not None:
            _cancel(tx, earlier, f"given to {item.assigned_to} in version {version}", actor, client)
        item.ref = str(_send(tx, briefing_id, version, item, actor, client))
    for item_id, earlier in made.items():
        if item_id not in kept:
            _cancel(tx, earlier, f"withdrawn from the briefing in version {version}", actor, client)
    return items


def _send(
    tx: Tx, briefing_id: int, version: int, item: BriefingItem, actor: str, client: str
) -> int:
    callsign = item.assigned_to or ""
    kind = "patrol" if "patrol" in f"{item.title} {item.text}".lower() else "enquiry"
    note = f"Briefing {briefing_id}: {item.title}" + (f"\n{item.text}" if item.text else "")
    task = commands.create_task(callsign, None, kind, note[:NOTE_MAX], actor, client)(tx)
    where = (BRIEFING_TASKS.c.briefing_id == briefing_id) & (BRIEFING_TASKS.c.item_id == item.id)
    tx.execute(delete(BRIEFING_TASKS).where(where))
    tx.execute(
        insert(BRIEFING_TASKS).values(
            briefing_id=briefing_id, item_id=item.id, task_id=task.id, callsign=callsign,
            version=version,
        )
    )  # fmt: skip
    return task.id


def _cancel(tx: Tx, made: Any, why: str, actor: str, client: str) -> None:
    state = tx.execute(select(TASKS.c.state).where(TASKS.c.id == made.task_id)).scalar()
    if state is not None and state not in TASK_ENDS:
        commands.update_task(made.task_id, "cancelled", why, actor, client)(tx)
    where = (BRIEFING_TASKS.c.briefing_id == made.briefing_id) & (
        BRIEFING_TASKS.c.item_id == made.item_id
    )
    tx.execute(delete(BRIEFING_TASKS).where(where))
