"""Free-text accounts in an officer's or a witness's words, filled from templates."""

from __future__ import annotations

import random

WITNESS = [
    "I was walking along {street} at about {time} when I saw {desc} trying car door handles. "
    "When he saw me he ran off towards {other}. I would recognise him again.",
    "At around {time} I heard shouting outside on {street}. I looked out and saw two men "
    "fighting. One of them, {desc}, got into a {colour} {make} and drove off towards {other}.",
    "I work at the shop on {street}. At {time} {desc} came in, took bottles of spirits from the "
    "shelf and left without paying. I have seen him in here before, about a week ago.",
    "I was at the bus stop on {street} at {time}. A {colour} {make} pulled up and someone passed "
    "a small package through the window. This happens most evenings.",
    "My neighbour's house on {street} was broken into. At {time} I saw {desc} climbing over the "
    "back fence carrying a holdall. I called 999 straight away.",
]
INTEL = [
    "{name} is believed to be dealing cannabis from {address}. Visitors stay a few minutes.",
    "{name} (aka {aka}) has been seen driving {vrm} around {street} late at night.",
    "{name} is using mobile {phone} to arrange deals; the number is passed round by word of mouth.",
    "A {colour} {make} {vrm} is being used to move stolen power tools between {street} and "
    "{other}.",
    "{name} is said to be carrying a knife when out on {street} after dark.",
    "{name} has moved to {address} and is believed to be in breach of bail conditions.",
]
INCIDENT = [
    "Attended report of criminal damage on {street}. Window of a parked {colour} {make} smashed. "
    "Owner informed, no witnesses yet, house-to-house to follow.",
    "Report of shoplifting at premises on {street}. Suspect {desc} left before arrival. CCTV "
    "requested from the manager.",
    "Called to a domestic argument at an address on {street}. Both parties spoken to, DASH risk "
    "assessment completed, no offences disclosed.",
    "Youths causing annoyance outside shops on {street}. Group dispersed on arrival, words of "
    "advice given.",
    "Road traffic collision on {street}, two vehicles, minor damage, no injuries. Details "
    "exchanged, road cleared.",
]
NOTES = [
    "Area around {street} quiet, shops closed. Streetlight out near the junction with {other}.",
    "Spoke with residents on {street} about recent car crime. Leaflets handed out.",
    "Licensed premises on {street} checked, door staff in place, no issues.",
    "Vehicle {vrm} parked up on {street} again tonight, no occupants.",
]
DESCRIPTIONS = [
    "a white male, about 20, slim, wearing a black North Face jacket",
    "a man in his thirties, stocky, shaved head, grey tracksuit",
    "a young Asian male, about 18, dark hoodie with the hood up",
    "a tall black male, early twenties, red puffer jacket, white trainers",
    "a woman, about 40, blonde hair tied back, carrying a large bag",
]


def fill(template: str, rng: random.Random, **slots: str) -> str:
    values = {
        "time": f"{rng.randint(0, 23):02d}:{rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]):02d}",
        "desc": rng.choice(DESCRIPTIONS),
        "aka": "no known nickname",
        **slots,
    }
    return template.format(**values)


SPOKE_TO = [
    "Spoke to {name}, DOB {dob}, who said they saw nothing.",
    "Also present was {name} (DOB {dob}), who was spoken to and gave an account.",
    "Details taken from {name}, born {dob}, who lives nearby.",
]


def spoke_to(rng: random.Random, name: str, born) -> str:
    """A sentence naming someone the officer spoke to, with their date of birth as written."""
    dob = born.strftime(rng.choice(["%d/%m/%Y", "%d/%m/%Y", "%d.%m.%y"]))
    return rng.choice(SPOKE_TO).format(name=name, dob=dob)


def witness_account(rng: random.Random, **slots: str) -> str:
    return fill(rng.choice(WITNESS), rng, **slots)


def intelligence_text(rng: random.Random, **slots: str) -> str:
    return fill(rng.choice(INTEL), rng, **slots)


def incident_account(rng: random.Random, **slots: str) -> str:
    return fill(rng.choice(INCIDENT), rng, **slots)


def note_text(rng: random.Random, **slots: str) -> str:
    return fill(rng.choice(NOTES), rng, **slots)
