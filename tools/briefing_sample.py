"""A realistic briefing pack for Hanley's neighbourhood team, made from the project's own
Staffordshire data: the wards' outlines, streets, places and points of interest of the gazetteer
(OpenStreetMap) and the street hotspots of data.police.uk. The people, vehicles and incidents are
invented (no real person is named); the places they are at are real. Used by
``tools/briefing_pdf_pages.py`` and ``bench/briefing_pdf.py``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from controlroom.contract.briefings import Briefing, BriefingArea, BriefingItem  # noqa: E402
from controlroom.geo.area import load_area, read_geodata  # noqa: E402
from controlroom.geo.gazetteer import read_gazetteer  # noqa: E402

STREETS = ROOT / "resources" / "basemap" / "streets.pmtiles"
WARDS = ["Etruria and Hanley", "Hanley Park and Shelton", "Birches Head and Central Forest Park",
         "Joiner's Square", "Sneyd Green"]  # fmt: skip
CALLSIGNS = ["SH21", "SH22", "SH23", "SH24", "SH31"]
SHIFT = ("2026-12-01T14:00:00Z", "2026-12-01T22:00:00Z")
FIRST = ["Dean", "Kyle", "Jordan", "Liam", "Connor", "Shane", "Amy", "Chloe", "Jade", "Leanne"]
LAST = ["Hollis", "Parr", "Brindley", "Salt", "Bourne", "Wedgwood", "Plant", "Hulme", "Meakin"]
CARS = ["silver Ford Focus", "black VW Golf", "white Transit van", "blue Vauxhall Corsa",
        "grey BMW 3 Series", "red Seat Leon"]  # fmt: skip
PLACE_NOTES = [
    "Repeat location for antisocial behaviour after 19:00: youths gathering, fireworks thrown "
    "at passing buses. Visible presence, speak to staff, record names.",
    "Staff report a group shoplifting to order between 15:00 and 17:00; two arrests last week. "
    "Call in at the start of the shift and again at 16:30; ask for the CCTV stills.",
    "Licensed premises with three assaults this month at closing time. Visit at 22:00 with the "
    "licensing officer's letter; note door staff numbers and whether the ID scanner is used.",
    "Rough sleeping and drug litter reported at the rear car park. Check on welfare, offer the "
    "night shelter, record what you find for the council's outreach team.",
]
INCIDENTS = [
    ("Burglary dwelling", "Rear door forced between 02:00 and 06:00; laptop, jewellery and car "
     "keys taken. Neighbour heard a moped leaving towards {near}. CSI attended, footwear marks."),
    ("Theft from motor vehicle", "Nearside window smashed, tools taken from a works van parked "
     "overnight. Third on this street this month; CCTV requested from {poi}."),
    ("Assault (ABH)", "Male in his 20s punched outside {poi} at closing time; suspect left on "
     "foot towards {near}, white male, grey tracksuit, local accent. Victim to hospital."),
    ("Shoplifting", "Two females took meat and alcohol worth about £240 from {poi}; known to "
     "staff, believed to travel by bus from {near}. Store banning notices served."),
    ("Criminal damage", "Graffiti and two bus shelter panels smashed; youths seen on bikes "
     "heading to {near}. Council informed."),
    ("Drug dealing (reported)", "Caller reports a car stopping for a minute at a time outside "
     "{poi} every evening from 18:00; short exchanges through the window."),
]  # fmt: skip


def sample_pack(size: int, seed: int = 14) -> tuple[Briefing, list, list]:
    """A pack of about ``size`` items, its hotspots (lat, lon, count) and its outline."""
    rng = random.Random(seed)
    wards = [w for w in load_area().wards if w.name in WARDS]
    outline = [[(lat, lon) for lon, lat in ring] for w in wards for p in w.polygons for ring in p]
    inside = [lambda lat, lon, w=w: w.contains(lat, lon) for w in wards]
    places = _here(inside, rng)
    hotspots = [
        (lat, lon, int(count))
        for lat, lon, count, _ in json.loads(read_geodata("hotspots.json"))["hotspots"]
        if any(f(lat, lon) for f in inside)
    ]
    makers = [_incident, _person, _place, _vehicle, _intelligence, _task, _incident, _place]
    items = [*_standing(places, rng)]
    while len(items) < size:
        items.append(makers[len(items) % len(makers)](len(items), places, rng))
    briefing = Briefing(
        id=14, title="Hanley neighbourhood team: late turn", area=BriefingArea(wards=WARDS),
        shift_start=SHIFT[0], shift_end=SHIFT[1], team="Hanley NPT", callsigns=CALLSIGNS,
        version=2, state="published", items=items, created_by="PS 2291 Marsh",
        created_at="2026-12-01T12:40:00Z", published_by="PS 2291 Marsh",
        published_at="2026-12-01T13:35:00Z",
    )  # fmt: skip
    return briefing, hotspots, outline


def sample_photos() -> Callable[[str], bytes | None]:
    """Photos for some people: a plain custody-style placeholder (no real face)."""
    image = Image.new("RGB", (300, 380), (214, 218, 222))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 60, 205, 190), fill=(120, 126, 134))
    draw.rounded_rectangle((55, 200, 245, 400), radius=70, fill=(120, 126, 134))
    out = BytesIO()
    image.save(out, format="JPEG", quality=85)
    data = out.getvalue()
    return lambda attachment: data if int(attachment.rsplit("-", 1)[-1]) % 16 == 1 else None


class _Places:
    def __init__(self, streets: list, pois: list, localities: list[str]):
        self.streets, self.pois, self.localities = streets, pois, localities


def _here(inside: list, rng: random.Random) -> _Places:
    raw = read_gazetteer()
    inward = [
        lambda e: any(f(e[1], e[2]) for f in inside),
        lambda e: any(f(e[2], e[3]) for f in inside),
    ]
    streets = [s for s in raw["streets"] if inward[0](s)]
    pois = [p for p in raw["pois"] if p[1] and inward[1](p)]
    names = [p[0] for p in raw["places"] if any(f(p[2], p[3]) for f in inside)]
    rng.shuffle(streets)
    rng.shuffle(pois)
    return _Places(streets, pois, names or ["Hanley"])


def _standing(places: _Places, rng: random.Random) -> list[BriefingItem]:
    """What a sergeant writes every shift: intent, administration, communications, risk."""
    s = places.streets
    return [
        BriefingItem(id="note:intent", section="intent", kind="note",
                     title="Priorities this shift",
                     text="Reduce burglary and vehicle crime in the Hanley wards; visible patrol "
                     "of the bus station and city centre at school finishing time and from 20:00 "
                     "for the night-time economy; arrest the wanted people below on sight.",
                     acknowledge=True),
        BriefingItem(id="note:method", section="method", kind="note", title="Patrol plan",
                     text=f"SH21 and SH22 foot patrol {s[0][0]}, {s[1][0]} and the bus station "
                     f"15:00-18:00; SH23 mobile in {places.localities[0]} and {s[2][0]}; SH31 "
                     "response, keep free for immediate calls."),
        BriefingItem(id="note:admin", section="administration", kind="note", title="Refreshments "
                     "and paperwork", text="Meal breaks staggered from 17:30, no more than two "
                     "officers off at a time. All crime reports to be closed before end of shift; "
                     "body-worn video uploaded at the station."),
        BriefingItem(id="note:comms", section="communications", kind="note",
                     title="Talkgroups", text="Working channel STK-NPT-2; city centre CCTV "
                     "control on STK-CCTV. Control room call sign Oscar Mike."),
        BriefingItem(id="note:risk", section="risk", kind="note", title="Dogs and officer safety",
                     text=f"Dangerous dog at {rng.randint(2, 90)} {s[3][0]}: do not enter the "
                     "garden. Reports of a male carrying a knife near the bus station: stop and "
                     "search authority as briefed, work in pairs.", acknowledge=True),
        BriefingItem(id="note:welfare", section="humanitarian", kind="note",
                     title="Vulnerable people", text="Cold weather: rough sleepers near the bus "
                     "station and Hanley Park; the night shelter opens at 20:00 (call ahead). "
                     "Safeguarding referrals for any child found out late.", note="Check on "
                     "the regulars by name."),
    ]  # fmt: skip


def _incident(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    title, text = INCIDENTS[n % len(INCIDENTS)]
    street = places.streets[n % len(places.streets)]
    poi = places.pois[n % len(places.pois)]
    near = places.localities[n % len(places.localities)]
    return BriefingItem(
        id=f"incident:{n}", section="information", kind="incident",
        title=f"{title}, {street[0]}", text=text.format(near=near, poi=poi[0]),
        source=f"incident 202611{28 + n % 3}-{n * 37 % 9000 + 100:04d}", ref=str(n),
        expires_at="2026-12-03T22:00:00Z", lat=street[1], lon=street[2], proposed=True,
    )  # fmt: skip


def _person(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    name = f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)].upper()}"
    street = places.streets[(n * 7) % len(places.streets)][0]
    why = [
        ("Wanted on warrant", f"Failed to appear (theft). Lives with family on {street}; "
         "associates drink at the Albion. 5'9\", slim, short dark hair, scar on left eyebrow."),
        ("Missing from home (high risk)", f"Aged 15, left a care home on {street} at 11:00; "
         "known to go to the bus station and Central Forest Park. Diabetic, without insulin."),
        ("Bail conditions", f"Not to enter the city centre between 20:00 and 06:00; curfew at "
         f"the bail address on {street}. Stop and check; arrest for breach."),
    ][n % 3]  # fmt: skip
    return BriefingItem(
        id=f"entity:{n}", section="people", kind="person", title=f"{why[0]}: {name}",
        text=why[1], source=f"entity page P{n:05d}", ref=f"P{n:05d}", code="2-B-P",
        handling_code="P", expires_at="2026-12-08T00:00:00Z", photo=f"attachment-{n}",
        acknowledge=n % 3 == 1, proposed=True,
    )  # fmt: skip


def _vehicle(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    plate = f"{'FKMSTV'[n % 6]}{'ABLNX'[n % 5]}{10 + n % 60} {'DHKPRW'[n % 6]}{'EGJUY'[n % 5]}Z"
    return BriefingItem(
        id=f"entity:v{n}",
        section="vehicles",
        kind="vehicle",
        title=f"{CARS[n % len(CARS)]}, {plate}",
        text=f"PNC marker: used in burglaries across the north of the city; seen on "
        f"{places.streets[(n * 3) % len(places.streets)][0]}. Occupants may decamp: note the "
        "direction and call it in; do not pursue without authority.",
        source=f"entity page V{n:05d}",
        code="3-B-P",
        expires_at="2026-12-05T00:00:00Z",
        proposed=True,
    )


def _place(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    poi = places.pois[(n * 5) % len(places.pois)]
    what = poi[1].replace("_", " ")
    return BriefingItem(
        id=f"task:place{n}",
        section="places",
        kind="place",
        title=f"{poi[0]} ({what})",
        text=PLACE_NOTES[_note_for(poi[1])],
        source="hotspot analysis, last 28 days",
        lat=poi[2],
        lon=poi[3],
        assigned_to=CALLSIGNS[n % 3],
        expires_at="2026-12-01T22:00:00Z",
    )


def _note_for(kind: str) -> int:
    """Which of PLACE_NOTES fits a point of interest of this kind."""
    if kind in ("pub", "bar", "nightclub", "restaurant", "fast_food"):
        return 2
    if kind in ("supermarket", "convenience", "variety_store", "clothes", "chemist"):
        return 1
    if kind in ("parking", "park", "cemetery", "place_of_worship", "garden"):
        return 3
    return 0


def _intelligence(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    street = places.streets[(n * 11) % len(places.streets)][0]
    cleared_only = n % 16 == 4  # one in two intelligence items
    return BriefingItem(
        id=f"capture:{n}", section="information", kind="intelligence",
        title=f"Intelligence: cannabis supply, {street}" if not cleared_only else "Intelligence",
        text=f"A house on {street} is receiving frequent short visits in the evenings; a grey "
        "hatchback drops off around 21:00." if not cleared_only else "Sensitive source: "
        "sanitised text only. Ask the intelligence desk before acting.",
        source=f"capture {n:04x} graded", code="2-C-P" if not cleared_only else "1-B-C",
        handling_code="C" if cleared_only else "P", expires_at="2026-12-15T00:00:00Z",
    )  # fmt: skip


def _task(n: int, places: _Places, rng: random.Random) -> BriefingItem:
    street = places.streets[(n * 13) % len(places.streets)]
    return BriefingItem(
        id=f"task:{n}",
        section="method",
        kind="task",
        title=f"House-to-house: {street[0]}",
        text="Knock the even numbers for doorbell footage of the burglary on the 29th "
        "(02:00-06:00); leave a card where no answer.",
        assigned_to=CALLSIGNS[n % len(CALLSIGNS)],
        acknowledge=True,
    )
