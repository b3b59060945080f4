"""Vehicles: UK registration marks in the current (2001) format, makes, models and colours."""

from __future__ import annotations

import random
import re

# DVLA memory tags: first letter region (B = Birmingham office, which issues Staffordshire marks)
REGIONS = "B" * 8 + "FDVYLW"
TAG_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"  # no I, Q or Z
RANDOM_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"  # no I or Q
VRM_PATTERN = re.compile(
    r"^[A-HJ-PR-Y]{2}(0[2-9]|1[0-9]|2[0-5]|5[1-9]|6[0-9]|7[0-5]) [A-HJ-PR-Z]{3}$"
)

MAKES = {
    "Ford": ["Fiesta", "Focus", "Transit", "Kuga", "Transit Custom"],
    "Vauxhall": ["Corsa", "Astra", "Insignia", "Vivaro"],
    "Volkswagen": ["Golf", "Polo", "Passat", "Transporter"],
    "BMW": ["1 Series", "3 Series", "5 Series", "X5"],
    "Audi": ["A3", "A4", "Q5"],
    "Mercedes-Benz": ["A-Class", "C-Class", "Sprinter"],
    "Toyota": ["Yaris", "Aygo", "Prius", "Corolla"],
    "Nissan": ["Qashqai", "Micra", "Juke"],
    "Peugeot": ["208", "308", "Partner"],
    "Renault": ["Clio", "Megane"],
    "Kia": ["Sportage", "Ceed"],
    "Honda": ["Civic", "Jazz"],
}
COLOURS = ["Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Yellow", "Bronze"]


def age_identifier(rng: random.Random) -> str:
    """March marks are the year (02-25), September marks year + 50 (51-75)."""
    year = rng.randint(2, 25)
    return f"{year:02d}" if rng.random() < 0.5 else f"{year + 50:02d}"


def registration_mark(rng: random.Random) -> str:
    """A mark such as "BD51 SMR"."""
    tag = rng.choice(REGIONS) + rng.choice(TAG_LETTERS)
    letters = "".join(rng.choice(RANDOM_LETTERS) for _ in range(3))
    return f"{tag}{age_identifier(rng)} {letters}"


def vehicle_details(rng: random.Random) -> dict:
    make = rng.choice(sorted(MAKES))
    return {
        "vrm": registration_mark(rng),
        "make": make,
        "model": rng.choice(MAKES[make]),
        "colour": rng.choice(COLOURS),
    }
