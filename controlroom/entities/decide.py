"""The linker's decision for one mention: link it to a known entity, suggest one for review, or
start a new record. Above ``AUTO_BITS`` (and clear of the runner-up) a person is linked; from
``SUGGEST_BITS`` it waits for an analyst. Registration marks, phones and addresses link only when
they are the same; a mark that differs only by O/0 or I/1 is suggested, never linked."""

from __future__ import annotations

from dataclasses import dataclass, field

from controlroom.entities.mention import Mention
from controlroom.entities.normalise import vrm_confusable
from controlroom.entities.score import Known, Reason, person_evidence, probability

# The operating point bench/linking.py measures: links from probability 0.95 (most of them far
# above it), unless another record is nearly as likely, which makes it a suggestion.
AUTO_BITS = 4.3  # probability 0.95
SUGGEST_BITS = -1.0  # probability 0.33
CLEAR_OF_RUNNER_UP = 4.0
MAX_SUGGESTIONS = 3


@dataclass(slots=True)
class Candidate:
    """A known entity the blocking keys found, with its mentions."""

    entity_id: int
    mentions: list[Known]


@dataclass(slots=True)
class Scored:
    entity_id: int
    bits: float
    reasons: list[Reason]

    @property
    def score(self) -> float:
        return round(probability(self.bits), 4)


@dataclass(slots=True)
class Decision:
    """``action``: new, link or suggest. For a link, ``suggestions`` are other records that
    look like the same entity (possible duplicates); for suggest, the records to choose from."""

    action: str
    entity_id: int | None = None
    score: float = 1.0
    reasons: list[Reason] = field(default_factory=list)
    suggestions: list[Scored] = field(default_factory=list)


NEW = "new"
LINK = "link"
SUGGEST = "suggest"


def decide(
    mention: Mention, candidates: list[Candidate], surname_share: float = 0.01, people: int = 0
) -> Decision:
    if mention.kind == "person":
        return _person(mention, candidates, surname_share, people)
    if mention.kind == "vehicle":
        return _vehicle(mention, candidates)
    if mention.kind == "phone":
        return _same_value(mention, candidates, "number", "same phone number")
    return _address(mention, candidates)


def _person(mention: Mention, candidates: list[Candidate], share: float, people: int) -> Decision:
    scored = sorted((_scored(mention, c, share, people) for c in candidates), key=lambda s: -s.bits)
    if not scored or scored[0].bits < SUGGEST_BITS:
        return Decision(NEW, reasons=[Reason("no known person matches", 0.0)])
    best, rest = scored[0], scored[1:]
    runner_up = rest[0].bits if rest else float("-inf")
    close = [s for s in scored if s.bits >= SUGGEST_BITS][:MAX_SUGGESTIONS]
    if best.bits >= AUTO_BITS and best.bits - runner_up >= CLEAR_OF_RUNNER_UP:
        duplicates = [s for s in rest if s.bits >= AUTO_BITS][: MAX_SUGGESTIONS - 1]
        return Decision(LINK, best.entity_id, best.score, best.reasons, duplicates)
    return Decision(SUGGEST, score=best.score, reasons=best.reasons, suggestions=close)


def _scored(mention: Mention, candidate: Candidate, share: float, people: int) -> Scored:
    evidence = person_evidence(mention.attributes, candidate.mentions, share, people)
    return Scored(candidate.entity_id, evidence.bits, evidence.reasons)


def _vehicle(mention: Mention, candidates: list[Candidate]) -> Decision:
    mark = mention.attributes["vrm"]
    same = _holding(candidates, lambda a: a.get("vrm") == mark)
    if same:
        entity, known = same[0]
        reason = Reason("same registration mark", 0.0, known.mention_id)
        return Decision(LINK, entity, 1.0, [reason])
    misread = _holding(
        candidates, lambda a: vrm_confusable(a.get("vrm", "")) == vrm_confusable(mark)
    )
    if not misread:
        return Decision(NEW, reasons=[Reason("no known vehicle has this mark", 0.0)])
    suggestions = []
    for entity, known in misread[:MAX_SUGGESTIONS]:
        text = f"marks differ only by O/0 or I/1 ({mark} / {known.attributes['vrm']})"
        suggestions.append(Scored(entity, 0.0, [Reason(text, 0.0, known.mention_id)]))
    return Decision(SUGGEST, score=0.5, reasons=suggestions[0].reasons, suggestions=suggestions)


def _holding(candidates: list[Candidate], test) -> list[tuple[int, Known]]:
    """(entity, first mention passing ``test``) for each candidate that has one, oldest first."""
    out = []
    for c in sorted(candidates, key=lambda c: c.entity_id):
        known = next((k for k in c.mentions if test(k.attributes)), None)
        if known is not None:
            out.append((c.entity_id, known))
    return out


def _same_value(mention: Mention, candidates: list[Candidate], key: str, text: str) -> Decision:
    value = mention.attributes[key]
    same = _holding(candidates, lambda a: a.get(key) == value)
    if not same:
        return Decision(NEW, reasons=[Reason(f"not known before: {mention.label}", 0.0)])
    entity, known = same[0]
    return Decision(LINK, entity, 1.0, [Reason(text, 0.0, known.mention_id)])


def places_agree(a: dict, b: dict) -> bool:
    """The parts after the street do not contradict: one names a place the other does, or
    either names none; postcodes, where both have one, are the same."""
    pa, pb = set(a.get("places", ())), set(b.get("places", ()))
    if pa and pb and not pa & pb:
        return False
    return not (a.get("postcode") and b.get("postcode") and a["postcode"] != b["postcode"])


def _address(mention: Mention, candidates: list[Candidate]) -> Decision:
    mine = mention.attributes
    same = _holding(candidates, lambda a: a.get("key") == mine.get("key") and places_agree(a, mine))
    if not same:
        return Decision(NEW, reasons=[Reason(f"not known before: {mention.label}", 0.0)])
    entity, known = same[0]
    return Decision(LINK, entity, 1.0, [Reason("same address", 0.0, known.mention_id)])
