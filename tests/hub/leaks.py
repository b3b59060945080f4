"""The leak matrix: every read path × every role × every way a capture comes to stand.

Each *case* is a capture with secrets of its own written into it: ``raw`` in its summary,
fields and the analyst's notes, ``bytes`` in its attachment, ``sanitised`` in the analyst's
sanitised text. Each *read path* is a function that returns everything a reader receives from
one request (error bodies too, zips unpacked). A reader whose role is not cleared for code C may
never receive ``raw`` or ``bytes`` of a capture that is not shown to them in full, nor anything
of a hidden one; and, so that the matrix can fail, every reader receives what their role may
see (a cleared role the raw text, an uncleared one the officer's text of an ungraded P capture
and the sanitised text of a graded one).

The audit is a read path too: an administrator audits without being cleared for C, so is told
who did what to a capture but never the notes, rationale or reasons written about it.

Paths that later issues add (search, map, heatmap, exports, entity pages, briefings) join the
matrix by adding a :class:`ReadPath` to :data:`READ_PATHS`.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from tests.hub.desk import read_stream

RAW, BYTES, SANITISED = "raw", "bytes", "sanitised"
HIDDEN, SHOWN_SANITISED, FULL = "hidden", "sanitised", "full"
ROLES = ("dispatcher", "intelligence", "sergeant", "supervisor", "admin")
CLEARED = ("intelligence", "supervisor")
OPERATIONAL = ("dispatcher", "intelligence", "sergeant", "supervisor")


@dataclass
class Case:
    """One capture of the matrix and what a role not cleared for C should see of it."""

    name: str
    uncleared_see: str  # HIDDEN, SHOWN_SANITISED or FULL
    graded: bool
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    raw: str = field(default_factory=lambda: f"RAW-{uuid.uuid4().hex}")
    bytes: str = field(default_factory=lambda: f"BYTES-{uuid.uuid4().hex}")
    sanitised: str = field(default_factory=lambda: f"SANITISED-{uuid.uuid4().hex}")
    callsign: str = ""
    attachment: str = "exhibit.txt"

    def secret(self, kind: str) -> str:
        return {RAW: self.raw, BYTES: self.bytes, SANITISED: self.sanitised}[kind]


@dataclass
class Matrix:
    """The cases, and the last capture sent (a stream has been read whole once it appears)."""

    cases: list[Case]
    sentinel: str


Reader = Callable[[httpx.Client, Case, Matrix], str]


def as_received(got: str, case: Case) -> str:
    return got


def without_withdrawals(got: str, case: Case) -> str:
    """A stream without the notices that withdraw this capture from a workstation that held
    it (they name only its id, to a role that was shown it before)."""
    notice = f'"type":"capture.withdrawn","subject":"{case.id}"'
    return "\n".join(line for line in got.splitlines() if notice not in line)


@dataclass(frozen=True)
class ReadPath:
    """`shows`: what a reader who may see the capture finds on this path; `listing`: the path
    lists captures it was not asked for (a hidden capture's id must not appear there, once
    `unsaid` has taken out what the path may tell of it)."""

    name: str
    read: Reader
    shows: frozenset[str]
    listing: bool = False
    unsaid: Callable[[str, Case], str] = as_received
    readers: frozenset[str] | None = None  # the only roles this path answers (None: all)
    # found by the officer's own words: a reader who sees only the sanitised text must not
    # even be told that those words find it
    by_raw: bool = False


def _text(response: httpx.Response) -> str:
    return response.text


def list_captures(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get("/api/v1/captures", params={"limit": 1000}))


def list_by_kind(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get("/api/v1/captures", params={"kind": "intelligence", "limit": 1000}))


def list_by_officer(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get("/api/v1/captures", params={"officer": case.callsign}))


def list_by_review_state(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    params = {"status": "new,in_review,reviewed,has_issues", "limit": 1000}
    return _text(client.get("/api/v1/captures", params=params))


def detail(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get(f"/api/v1/captures/{case.id}"))


def snapshot(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get("/api/v1/snapshot"))


def stream(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return read_stream(client, "/api/v1/events?after=0", matrix.sentinel)


def attachment(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get(f"/api/v1/captures/{case.id}/attachments/{case.attachment}"))


def export(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    path = f"/api/v1/captures/{case.id}/attachments/{case.attachment}/export"
    response = client.get(path, params={"reason": "leak matrix"})
    if response.status_code != 200:
        return response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def custody(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    path = f"/api/v1/captures/{case.id}/attachments/{case.attachment}/custody"
    return _text(client.get(path))


def gradings(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get(f"/api/v1/captures/{case.id}/gradings"))


def reviews(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get(f"/api/v1/captures/{case.id}/reviews"))


def revisions(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get(f"/api/v1/captures/{case.id}/revisions"))


def audit(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    params = {"target_prefix": f"capture:{case.id}", "limit": 5000}
    return _text(client.get("/api/v1/audit", params=params))


def audit_csv(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    params = {"target_prefix": f"capture:{case.id}"}
    return _text(client.get("/api/v1/audit.csv", params=params))


def _word(case: Case) -> str:
    return case.raw.split("-")[1]  # the words index splits RAW-<hex> in two


def search(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    return _text(client.get("/api/v1/search", params={"q": _word(case)}))


def search_export(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    params = {"q": _word(case), "format": "csv"}
    return _text(client.get("/api/v1/captures/export", params=params))


def heatmap(client: httpx.Client, case: Case, matrix: Matrix) -> str:
    """The heat map holds only counts: a capture the officer's words count there is as good as
    its text received (so it stands for the raw text), one they do not count is not."""
    reply = client.get("/api/v1/heatmap", params={"q": _word(case), "cell": 50_000})
    if reply.status_code != 200:
        return reply.text
    return f"{case.raw} {reply.text}" if reply.json()["total"] else reply.text


NONE: frozenset[str] = frozenset()
AUDITORS = frozenset({"supervisor", "admin"})
CAPTURE_TEXT = frozenset({RAW, SANITISED})
READ_PATHS: list[ReadPath] = [
    ReadPath("list", list_captures, CAPTURE_TEXT, listing=True),
    ReadPath("list by kind", list_by_kind, CAPTURE_TEXT, listing=True),
    ReadPath("list by officer", list_by_officer, CAPTURE_TEXT, listing=True),
    ReadPath("list by review state", list_by_review_state, CAPTURE_TEXT, listing=True),
    ReadPath("detail", detail, CAPTURE_TEXT),
    ReadPath("snapshot", snapshot, CAPTURE_TEXT, listing=True),
    ReadPath("stream", stream, CAPTURE_TEXT, listing=True, unsaid=without_withdrawals),
    ReadPath("attachment", attachment, frozenset({BYTES})),
    ReadPath("export", export, frozenset({BYTES})),
    ReadPath("custody", custody, NONE),
    ReadPath("gradings", gradings, frozenset({SANITISED})),
    ReadPath("reviews", reviews, frozenset({RAW})),  # the analysts' notes
    ReadPath("revisions", revisions, frozenset({RAW})),
    ReadPath("audit", audit, frozenset({RAW}), readers=AUDITORS),  # notes, rationale, why
    ReadPath("audit csv", audit_csv, frozenset({RAW}), readers=AUDITORS),
    # Found by what the officer wrote: only where the reader may read that (never a graded
    # capture for a reader who sees only its sanitised text).
    ReadPath("search", search, frozenset({RAW}), listing=True, by_raw=True),
    ReadPath("search export", search_export, frozenset({RAW}), listing=True, by_raw=True),
    ReadPath("heatmap", heatmap, frozenset({RAW}), by_raw=True),
]
# Paths no role but the cleared ones may read at all.
CLEARED_ONLY = {"gradings", "reviews"}


def expected(role: str, case: Case, path: ReadPath) -> tuple[set[str], set[str]]:
    """(secrets the reader must receive, secrets they must never receive)."""
    secrets = {RAW, BYTES, SANITISED}
    if role not in OPERATIONAL or (path.readers is not None and role not in path.readers):
        return set(), secrets
    if role in CLEARED:
        shown = set(path.shows)
        if not case.graded:
            shown.discard(SANITISED)
        return shown, set()
    if path.name in CLEARED_ONLY:
        return set(), secrets
    if case.uncleared_see == HIDDEN:
        return set(), secrets
    if case.uncleared_see == SHOWN_SANITISED:
        return set(path.shows) & {SANITISED}, {RAW, BYTES}
    return set(path.shows) - {SANITISED}, set()
