"""UK personal details: names, dates of birth, mobile numbers, ethnicity categories."""

from __future__ import annotations

import random
from datetime import date, timedelta

MALE = [
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Noah",
    "Charlie",
    "Jacob",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Joshua",
    "Daniel",
    "Liam",
    "Connor",
    "Kyle",
    "Ryan",
    "Callum",
    "Jordan",
    "Lewis",
    "Ben",
    "Adam",
    "Mohammed",
    "Ibrahim",
    "Imran",
    "Bilal",
    "Hassan",
    "Kamran",
    "Tariq",
    "Ayaan",
    "Kacper",
    "Jakub",
    "Dawid",
    "Marius",
    "Andrei",
    "Tyrone",
    "Jermaine",
    "Marcus",
    "Dean",
    "Wayne",
    "Craig",
    "Lee",
    "Darren",
    "Gary",
    "Paul",
    "Mark",
    "Stephen",
    "Kevin",
    "Shaun",
    "Jamie",
    "Nathan",
    "Reece",
    "Brandon",
]
FEMALE = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophie",
    "Grace",
    "Chloe",
    "Ellie",
    "Jessica",
    "Lily",
    "Mia",
    "Amy",
    "Hannah",
    "Lauren",
    "Megan",
    "Bethany",
    "Courtney",
    "Jade",
    "Chelsea",
    "Kayleigh",
    "Stacey",
    "Leanne",
    "Kelly",
    "Donna",
    "Tracey",
    "Nicola",
    "Sarah",
    "Emma",
    "Rebecca",
    "Aisha",
    "Fatima",
    "Zainab",
    "Sana",
    "Maryam",
    "Amira",
    "Zofia",
    "Natalia",
    "Oliwia",
    "Ioana",
    "Shanice",
    "Tanisha",
    "Keeley",
    "Jodie",
    "Gemma",
    "Abbie",
    "Paige",
    "Kirsty",
    "Danielle",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Hussain",
    "Ahmed",
    "Akhtar",
    "Iqbal",
    "Shah",
    "Ali",
    "Begum",
    "Rahman",
    "Bibi",
    "Mahmood",
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "Popescu",
    "Barlow",
    "Plant",
    "Salt",
    "Boulton",
    "Bourne",
    "Beech",
    "Mellor",
    "Hulme",
    "Bloor",
    "Podmore",
    "Bradbury",
    "Wain",
    "Tunnicliffe",
    "Cotton",
    "Machin",
    "Hassall",
    "Heath",
    "Goodwin",
    "Hollins",
]
MIDDLE = ["John", "James", "Lee", "Michael", "Anne", "Marie", "Louise", "Jane", "David", "Ali"]

# data.police.uk self-defined ethnicity values, with their officer-defined group
ETHNICITIES = [
    ("White - English/Welsh/Scottish/Northern Irish/British", "White", 70),
    ("White - Any other White background", "White", 6),
    ("Asian/Asian British - Pakistani", "Asian", 8),
    ("Asian/Asian British - Indian", "Asian", 2),
    ("Asian/Asian British - Bangladeshi", "Asian", 1),
    ("Black/African/Caribbean/Black British - Caribbean", "Black", 3),
    ("Black/African/Caribbean/Black British - African", "Black", 2),
    ("Mixed/Multiple ethnic groups - White and Black Caribbean", "Other", 3),
    ("Other ethnic group - Not stated", "Other", 5),
]


def person_name(rng: random.Random, gender: str) -> tuple[str, str, str]:
    """(forename, middle name or '', surname)."""
    first = rng.choice(MALE if gender == "Male" else FEMALE)
    middle = rng.choice(MIDDLE) if rng.random() < 0.3 else ""
    return first, middle, rng.choice(SURNAMES)


def date_of_birth(rng: random.Random, on: date, young: bool = True) -> date:
    """A date of birth; people of interest skew to their late teens and twenties."""
    age = rng.choice([rng.randint(14, 30), rng.randint(18, 45)]) if young else rng.randint(18, 85)
    return on - timedelta(days=age * 365 + rng.randint(0, 364))


def age_range(born: date, on: date) -> str:
    """The data.police.uk stop-and-search age band."""
    age = (on - born).days // 365
    if age < 10:
        return "under 10"
    if age < 18:
        return "10-17"
    if age < 25:
        return "18-24"
    return "25-34" if age < 35 else "over 34"


def mobile_number(rng: random.Random) -> str:
    """A UK mobile number in Ofcom's range reserved for drama (07700 900000-900999)."""
    return f"07700 900{rng.randint(0, 999):03d}"


def ethnicity(rng: random.Random) -> tuple[str, str]:
    """(self-defined, officer-defined) ethnicity."""
    self_defined, officer, _ = rng.choices(ETHNICITIES, weights=[e[2] for e in ETHNICITIES])[0]
    return self_defined, officer
