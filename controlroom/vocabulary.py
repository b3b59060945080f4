"""The domain's words, in one place: each code with the words people say and its one colour.

The hub validates against these codes, the app labels and colours its tables with them, and the
map page is initialised with them (``page_vocabulary``), so a status, a grade or a capture kind
is written once and shown alike everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

NEUTRAL = "#94a3b8"  # a code nobody has defined yet
STALE_COLOUR = "#7b8494"  # a position nobody can vouch for any more
EMERGENCY_COLOUR = "#ef4444"


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    words: str  # as people say it
    colour: str = NEUTRAL  # one meaning, one colour: tables, legend and map
    short: str = ""  # a letter for a map marker


class Vocabulary:
    """An ordered set of terms, looked up by code."""

    def __init__(self, *terms: Term):
        self.terms = terms
        self._by_code = {t.code: t for t in terms}

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def words(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return term.words if term else (code or "").replace("_", " ")

    def colour(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return term.colour if term else NEUTRAL

    def short(self, code: str | None) -> str:
        term = self._by_code.get(code or "")
        return term.short if term else "?"

    def index(self, code: str | None) -> int:
        """Position in the vocabulary's order; unknown codes sort last."""
        return self.codes.index(code) if code in self._by_code else len(self.terms)

    def as_options(self) -> dict[str, dict[str, str]]:
        return {t.code: {"words": t.words, "colour": t.colour, "short": t.short} for t in self}


UNIT_STATUS = Vocabulary(
    Term("available", "On patrol", "#22c55e"),
    Term("assigned", "Assigned", "#38bdf8"),
    Term("en_route", "En route", "#facc15"),
    Term("on_scene", "At scene", "#c084fc"),
    Term("committed_deployable", "Committed, deployable", "#2dd4bf"),
    Term("unavailable", "Committed, not deployable", "#fb923c"),
    Term("refreshment", "Refreshments", "#818cf8"),
    Term("off_duty", "Off duty", "#5b6675"),
)
# Units a dispatcher may send to something new; "committed, deployable" can be pulled off a task.
DEPLOYABLE = ("available", "committed_deployable")
# Units whose going quiet must alert every workstation, not just fade.
COMMITTED_TO_INCIDENT = ("en_route", "on_scene")
# What an officer may book from their own device: on (available), refreshments, off duty.
DEVICE_STATUSES = ("available", "refreshment", "off_duty")

GRADE = Vocabulary(
    Term("immediate", "Immediate", "#ef4444", "I"),
    Term("priority", "Priority", "#f59e0b", "P"),
    Term("scheduled", "Scheduled", "#38bdf8", "S"),
    Term("resolution", "Resolution without deployment", "#94a3b8", "R"),
)
THRIVE = ("threat", "harm", "risk", "investigation", "vulnerability", "engagement")

CAPTURE_KIND = Vocabulary(
    Term("stop_search", "Stop and search", "#f59e0b"),
    Term("intelligence", "Intelligence", "#a78bfa"),
    Term("incident_report", "Incident report", "#f87171"),
    Term("witness_statement", "Witness statement", "#34d399"),
    Term("vehicle_check", "Vehicle check", "#60a5fa"),
    Term("person_check", "Person check", "#2dd4bf"),
    Term("evidence", "Evidence", "#f472b6"),
    Term("note", "Note", "#cbd5e1"),
)
CAPTURE_KINDS = CAPTURE_KIND.codes

# A capture's review: new -> in_review (claimed by one analyst) -> reviewed | actioned |
# no_further_action | has_issues (sent back to the officer); an amendment makes it new again.
TRIAGE_STATUS = Vocabulary(
    Term("new", "New", "#f5b342"),
    Term("in_review", "In review", "#a78bfa"),
    Term("reviewed", "Reviewed", "#38bdf8"),
    Term("actioned", "Actioned", "#22c55e"),
    Term("no_further_action", "No further action", "#94a3b8"),
    Term("has_issues", "Has issues", "#ef4444"),
)
TRIAGE_STATUSES = TRIAGE_STATUS.codes
REVIEW_DONE = ("reviewed", "actioned", "no_further_action", "has_issues")
AWAITING_REVIEW = ("new", "in_review")

# The 3x5x2 intelligence grading (written like "2-B-P").
SOURCE_EVALUATION = Vocabulary(
    Term("1", "Reliable", "#22c55e", "1"),
    Term("2", "Untested", "#facc15", "2"),
    Term("3", "Not reliable", "#ef4444", "3"),
)
INTELLIGENCE_ASSESSMENT = Vocabulary(
    Term("A", "Known directly", "#22c55e", "A"),
    Term("B", "Known indirectly and corroborated", "#84cc16", "B"),
    Term("C", "Known indirectly", "#facc15", "C"),
    Term("D", "Not known", "#fb923c", "D"),
    Term("E", "Suspected false", "#ef4444", "E"),
)
HANDLING_CODE = Vocabulary(
    Term("P", "Lawful sharing permitted", "#22c55e", "P"),
    Term("C", "Sharing permitted with conditions", "#f97316", "C"),
)
SOURCE_CODES = (1, 2, 3)  # as the grading's JSON carries them

# The older 5x5x5 grading, shown as it was recorded (never converted).
HISTORIC_SOURCE = Vocabulary(
    Term("A", "Always reliable"),
    Term("B", "Mostly reliable"),
    Term("C", "Sometimes reliable"),
    Term("D", "Unreliable"),
    Term("E", "Untested source"),
)
HISTORIC_INTELLIGENCE = Vocabulary(
    Term("1", "Known to be true without reservation"),
    Term("2", "Known personally to the source but not to the officer"),
    Term("3", "Not personally known to the source but corroborated"),
    Term("4", "Cannot be judged"),
    Term("5", "Suspected to be false or malicious"),
)
HISTORIC_HANDLING = Vocabulary(
    Term("1", "May be disseminated to other law enforcement and prosecuting agencies"),
    Term("2", "May be disseminated to UK non-prosecuting parties"),
    Term("3", "May be disseminated to non-EU law enforcement agencies"),
    Term("4", "Only within the originating agency"),
    Term("5", "No further dissemination: refer to the originator"),
)
GRADING_SYSTEMS = ("3x5x2", "5x5x5")

# Who did what to an exhibit, as its custody log words it.
CUSTODY_ACTION = Vocabulary(
    Term("stored", "Stored from the device", "#38bdf8"),
    Term("viewed", "Viewed", "#94a3b8"),
    Term("exported", "Exported", "#f59e0b"),
    Term("refused", "Refused", "#ef4444"),
)
# Sensitive reads a force may require a stated reason for (controlroom hub --require-reason).
SENSITIVE_READS = ("restricted", "exhibit")

TASK_STATE = Vocabulary(
    Term("sent", "Sent", "#38bdf8"),
    Term("acknowledged", "Acknowledged", "#38bdf8"),
    Term("en_route", "En route", "#facc15"),
    Term("on_scene", "At scene", "#c084fc"),
    Term("completed", "Completed", "#22c55e"),
    Term("declined", "Declined", "#fb923c"),
    Term("cancelled", "Cancelled", "#5b6675"),
)
TASK_ORDER = ("sent", "acknowledged", "en_route", "on_scene", "completed")
TASK_ENDS = ("completed", "declined", "cancelled")
OPEN_TASK_STATES = tuple(s for s in TASK_ORDER if s not in TASK_ENDS)
TASK_KINDS = ("attend", "patrol", "enquiry")
# What a device may report about its own task.
DEVICE_TASK_STATES = ("acknowledged", "en_route", "on_scene", "completed", "declined")

EMERGENCY_STATUS = Vocabulary(
    Term("raised", "Raised", EMERGENCY_COLOUR),
    Term("acknowledged", "Acknowledged", "#f97316"),
    Term("ended", "Ended", "#5b6675"),
)
EMERGENCY_STATUSES = EMERGENCY_STATUS.codes

ROLE = Vocabulary(
    Term("dispatcher", "Dispatcher"),
    Term("intelligence", "Intelligence officer"),
    Term("sergeant", "Sergeant"),
    Term("supervisor", "Supervisor"),
    Term("admin", "Administrator"),
)
ROLES = ROLE.codes

UNIT_MODES = ("foot", "vehicle", "cycle", "mounted", "air")
MESSAGE_DIRECTIONS = ("to_unit", "from_unit")


def page_vocabulary() -> dict[str, object]:
    """What the map page is initialised with: the same words and colours as the tables."""
    return {
        "statuses": UNIT_STATUS.as_options(),
        "statusOrder": list(UNIT_STATUS.codes),  # the page's JSON has its keys sorted
        "grades": GRADE.as_options(),
        "captureKinds": CAPTURE_KIND.as_options(),
        "staleColour": STALE_COLOUR,
        "emergencyColour": EMERGENCY_COLOUR,
    }
