"""What an officer sends back when a task set in the briefing is done: a capture that names the
task, the briefing and its item, so the result reaches the intelligence desk's review queue.

Most patrols and visits find nothing worth grading (a note); some bring back what an analyst
would want (intelligence, graded as the officer's own observation: 1-A-P)."""

from __future__ import annotations

import random
from datetime import datetime

from controlroom.contract.briefings import BriefingItem
from controlroom.sim.population import rng_uuid

PATROL = (
    ("note", "Patrolled {where} as briefed, {time}. Nothing of note; two shopkeepers spoken to, "
             "no concerns raised."),
    ("note", "High-visibility patrol of {where} as briefed, {time}. Quiet throughout."),
    ("intelligence", "Patrolled {where} as briefed, {time}. Four youths on pedal cycles seen "
                     "passing small items to car drivers by the parade of shops; they made off "
                     "on our arrival. Pattern matches the briefing."),
    ("intelligence", "Patrolled {where} as briefed, {time}. A grey Transit van with no front "
                     "plate seen twice circling the back lanes; driver drove off when we "
                     "approached."),
)  # fmt: skip
ENQUIRY = (
    ("note", "Attended {where} as briefed, {time}. No reply; calling card left."),
    ("note", "Attended {where} as briefed, {time}. Occupant spoken to, advice given, no "
             "further concerns."),
    ("intelligence", "Attended {where} as briefed, {time}. The occupant says the subject has "
                     "not lived there since the summer and now stays with a partner across "
                     "town; would not give the address."),
    ("intelligence", "Attended {where} as briefed, {time}. A neighbour reports several short "
                     "visits late at night most nights this week, callers on foot and in a "
                     "silver hatchback."),
)  # fmt: skip
GOOD_NEWS_SHARE = 0.35  # of results that bring back something worth grading


def _outcome(rng: random.Random, patrol: bool) -> tuple[str, str]:
    choices = PATROL if patrol else ENQUIRY
    worth = [c for c in choices if c[0] == "intelligence"]
    plain = [c for c in choices if c[0] == "note"]
    return rng.choice(worth if rng.random() < GOOD_NEWS_SHARE else plain)


def result_capture(
    rng: random.Random,
    item: BriefingItem,
    briefing_id: int,
    task_id: str,
    at: datetime,
    where: tuple[float, float],
    place: str,
    callsign: str,
) -> dict:
    """The capture body the officer's device sends for a briefing task carried out."""
    patrol = "patrol" in f"{item.title} {item.text}".lower()
    kind, template = _outcome(rng, patrol)
    text = template.format(where=place or item.title, time=at.strftime("%H:%M"))
    fields: dict = {
        "text": text,
        "officer": callsign,
        "task_id": task_id,
        "briefing_id": briefing_id,
        "briefing_item_id": item.id,
        "briefing_item": item.title,
    }
    if kind == "intelligence":
        fields.update(source_evaluation=1, intelligence_assessment="A", handling_code="P")
    lat, lon = where
    return {
        "id": rng_uuid(rng),
        "kind": kind,
        "at": at.isoformat(),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "summary": f"Briefing task: {item.title}"[:120],
        "fields": fields,
    }
