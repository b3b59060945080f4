"""What is known about an entity, claim by claim: each value with the grade of the capture that
said it. A lower-graded mention never overwrites a higher-graded value; it is another claim."""

from __future__ import annotations

from dataclasses import dataclass, field

from controlroom.entities.normalise import phone_display, vrm_display

ATTRIBUTES = {
    "person": ("name", "dob", "gender", "address", "phone", "aka"),
    "vehicle": ("vrm", "make", "model", "colour"),
    "phone": ("number",),
    "address": ("address",),
}
UNGRADED_AS = (2, 2)  # a record with no grading (a check, a stop-search) ranks as 2-C


@dataclass(frozen=True, slots=True)
class Grade:
    """The 3x5x2 evaluation of the capture a claim came from (None where it has none)."""

    source: int | None = None
    intelligence: str | None = None

    def rank(self) -> tuple[int, int]:
        if self.source is None or self.intelligence is None:
            return UNGRADED_AS
        return "ABCDE".index(self.intelligence), self.source

    def text(self) -> str | None:
        if self.source is None or self.intelligence is None:
            return None
        return f"{self.source}-{self.intelligence}"


def grade_of(fields: object) -> Grade:
    """The grading a capture carries (today the device's proposal in its fields)."""
    if not isinstance(fields, dict):
        return Grade()
    source, intelligence = fields.get("source_evaluation"), fields.get("intelligence_assessment")
    if source in (1, 2, 3) and isinstance(intelligence, str) and intelligence in tuple("ABCDE"):
        return Grade(source, intelligence)
    return Grade()


@dataclass(slots=True)
class Said:
    """One mention as a claim-maker: its attributes, where and when it was said, how graded."""

    attributes: dict
    capture_id: str
    at: float
    grade: Grade


@dataclass(slots=True)
class Claim:
    value: str
    grade: Grade
    captures: list[str] = field(default_factory=list)
    last_seen: float = 0.0

    def order(self) -> tuple:
        return (*self.grade.rank(), -len(self.captures), -self.last_seen)


def values(kind: str, attributes: dict) -> dict[str, list[str]]:
    """The displayable values a mention claims, by attribute."""
    a = attributes
    if kind == "person":
        out = {
            "name": [a.get("name", "")],
            "dob": [a.get("dob", "")],
            "gender": [a.get("gender", "")],
            "address": [a.get("address", "")],
            "phone": [phone_display(a["phone"]) if a.get("phone") else ""],
            "aka": [x.title() for x in a.get("aka", ())],
        }
    elif kind == "vehicle":
        out = {
            "vrm": [vrm_display(a["vrm"])],
            **{k: [a.get(k, "")] for k in ("make", "model", "colour")},
        }
    elif kind == "phone":
        out = {"number": [a.get("label", "")]}
    else:
        out = {"address": [a.get("label", "")]}
    return {k: [v for v in vs if v] for k, vs in out.items()}


def claims(kind: str, said: list[Said]) -> dict[str, list[Claim]]:
    """Every value each attribute has been given, best first: by grade, then how many
    captures say it, then how recently."""
    found: dict[str, dict[tuple, Claim]] = {name: {} for name in ATTRIBUTES[kind]}
    for s in said:
        for name, vals in values(kind, s.attributes).items():
            for value in vals:
                claim = found[name].setdefault((value.lower(), s.grade), Claim(value, s.grade))
                if s.capture_id not in claim.captures:
                    claim.captures.append(s.capture_id)
                claim.last_seen = max(claim.last_seen, s.at)
    return {name: sorted(c.values(), key=Claim.order) for name, c in found.items() if c}


def best(found: dict[str, list[Claim]]) -> dict[str, str]:
    """Each attribute's best-graded value."""
    return {name: cs[0].value for name, cs in found.items() if cs}


def label(kind: str, attributes: dict[str, str]) -> str:
    if kind == "person":
        name = attributes.get("name", "unnamed person")
        return f"{name} (b. {attributes['dob']})" if attributes.get("dob") else name
    if kind == "vehicle":
        more = " ".join(attributes[k] for k in ("colour", "make", "model") if attributes.get(k))
        return f"{attributes.get('vrm', '')} {more}".strip()
    if kind == "phone":
        return attributes.get("number", "")
    return attributes.get("address", "")
