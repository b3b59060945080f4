"""HubClient: the control-room side of the hub API on one httpx.AsyncClient.

Signs in with a password or a refresh token, refreshes the access token before it expires
(refresh tokens rotate: ``tokens_changed`` hears each new one, so a remembered token stays
valid), and reads snapshot, captures, attachments and tracks.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import msgspec

from controlroom.contract import documents as doc
from controlroom.contract import entities as ent
from controlroom.contract.events import PAYLOADS, EventType
from controlroom.hub.limits import CLIENT_IDLE_S

T = TypeVar("T")
REFRESH_MARGIN_S = 60.0  # refresh this long before the access token expires


class HubError(Exception):
    """The hub refused a request (or could not be reached); ``detail`` says why."""

    def __init__(self, detail: str, status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status


class SignInRefused(HubError):
    pass


@dataclass
class Session:
    username: str
    role: str
    access_token: str
    refresh_token: str
    expires_at: float


class Track(msgspec.Struct):
    callsign: str
    pings: list[doc.Ping]


class Mentioned(msgspec.Struct):
    entities: list[ent.EntityLink] = msgspec.field(default_factory=list)


@dataclass(frozen=True)
class TimelineEvent:
    """One event of an incident's timeline, its payload decoded as its type declares."""

    seq: int
    type: str
    at: str | None
    payload: Any  # the contract's struct for the type, or None for a type this client lacks

    @classmethod
    def of(cls, entry: doc.TimelineEntry) -> TimelineEvent:
        try:
            payload = msgspec.json.decode(entry.payload, type=PAYLOADS[EventType(entry.type)])
        except (ValueError, msgspec.DecodeError):
            payload = None
        return cls(entry.seq, entry.type, entry.at, payload)


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    sha256: str  # what the capture record says
    verified: bool  # the bytes we hold hash to it


def _why(reason: str) -> dict[str, str]:
    """The ``reason`` query of a sensitive read, when one was given (the hub audits it)."""
    return {"reason": reason} if reason else {}


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
        return str(body.get("detail") or body.get("error") or response.reason_phrase)
    except ValueError:
        return response.reason_phrase or f"HTTP {response.status_code}"


class HubClient:
    def __init__(self, base_url: str, timeout: float = 15.0, transport=None):
        self.base_url = base_url.rstrip("/")
        self.http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(keepalive_expiry=CLIENT_IDLE_S),
        )
        self.session: Session | None = None
        self.tokens_changed: Callable[[Session], None] | None = None
        self._refreshing: asyncio.Lock | None = None

    async def aclose(self) -> None:
        await self.http.aclose()

    # ---- signing in ----------------------------------------------------------------------

    async def sign_in(self, username: str, password: str) -> Session:
        body = {"username": username, "password": password}
        return await self._take_tokens("/api/v1/auth/token", body)

    async def resume(self, refresh_token: str) -> Session:
        """Sign in with a remembered refresh token."""
        return await self._take_tokens("/api/v1/auth/refresh", {"refresh_token": refresh_token})

    async def refresh(self) -> Session:
        if self.session is None:
            raise SignInRefused("not signed in")
        return await self.resume(self.session.refresh_token)

    async def _take_tokens(self, path: str, body: dict) -> Session:
        try:
            response = await self.http.post(path, json=body)
        except httpx.HTTPError as exc:
            raise HubError(f"cannot reach the hub at {self.base_url}: {exc}") from exc
        if response.status_code in (401, 403):
            raise SignInRefused(_detail(response), response.status_code)
        if response.is_error:
            raise HubError(_detail(response), response.status_code)
        doc = response.json()
        self.session = Session(
            doc["username"],
            doc["role"],
            doc["access_token"],
            doc["refresh_token"],
            time.time() + float(doc["expires_in"]),
        )
        if self.tokens_changed is not None:
            self.tokens_changed(self.session)
        return self.session

    async def fresh_token(self) -> str:
        """The access token, refreshed first when it is about to expire."""
        if self.session is None:
            raise SignInRefused("not signed in")
        if self.session.expires_at - time.time() < REFRESH_MARGIN_S:
            self._refreshing = self._refreshing or asyncio.Lock()
            async with self._refreshing:
                if self.session.expires_at - time.time() < REFRESH_MARGIN_S:
                    await self.refresh()
        return self.session.access_token

    async def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.fresh_token()}"}

    # ---- reading -------------------------------------------------------------------------

    async def get(self, path: str, **params: Any) -> httpx.Response:
        try:
            response = await self.http.get(path, params=params, headers=await self.auth_headers())
        except httpx.HTTPError as exc:
            raise HubError(f"cannot reach the hub: {exc}") from exc
        if response.is_error:
            raise HubError(_detail(response), response.status_code)
        return response

    async def read(self, kind: type[T], path: str, **params: Any) -> T:
        """GET a document and decode it as the contract's ``kind``."""
        response = await self.get(path, **params)
        try:
            return msgspec.json.decode(response.content, type=kind)
        except msgspec.DecodeError as exc:
            raise HubError(f"{path}: the hub's answer does not fit the contract: {exc}") from exc

    async def snapshot(self) -> doc.Snapshot:
        return await self.read(doc.Snapshot, "/api/v1/snapshot")

    async def capture(self, capture_id: str, reason: str = "") -> doc.Capture:
        """A capture (the hub audits the read, with ``reason`` where one is asked)."""
        return await self.read(doc.Capture, f"/api/v1/captures/{capture_id}", **_why(reason))

    async def track(self, callsign: str, limit: int = 2000) -> list[doc.Ping]:
        return (await self.read(Track, f"/api/v1/units/{callsign}/track", limit=limit)).pings

    async def attachment(
        self, capture_id: str, name: str, sha256: str, reason: str = ""
    ) -> Attachment:
        """An attachment's bytes, checked here against the capture record's hash."""
        path = f"/api/v1/captures/{capture_id}/attachments/{name}"
        response = await self.get(path, **_why(reason))
        digest = await asyncio.to_thread(lambda: hashlib.sha256(response.content).hexdigest())
        return Attachment(name, response.content, sha256, digest == sha256)

    async def search_places(self, text: str, limit: int = 10) -> list[dict]:
        """Places, streets, points of interest and addresses matching the text, best first."""
        response = await self.get("/api/v1/geo/search", q=text[:200], limit=limit)
        return response.json()["results"]

    async def whereabouts(self, lat: float, lon: float) -> dict:
        """{"label", "street", "locality"} of a point: "Leek Road, Hanley"."""
        return (await self.get("/api/v1/geo/reverse", lat=lat, lon=lon)).json()

    async def route(self, start: tuple[float, float], end: tuple[float, float], mode: str) -> dict:
        """{"distance_m", "duration_s", "path": [[lat, lon], ...]} along the roads."""
        ends = {"from": f"{start[0]:.6f},{start[1]:.6f}", "to": f"{end[0]:.6f},{end[1]:.6f}"}
        return (await self.get("/api/v1/geo/route", mode=mode, **ends)).json()

    # ---- acting (dispatch) ---------------------------------------------------------------

    async def post(self, path: str, body: dict | None = None) -> dict:
        return await self.send("POST", path, body)

    async def send(self, method: str, path: str, body: dict | None = None) -> dict:
        try:
            response = await self.http.request(
                method, path, json=body or {}, headers=await self.auth_headers()
            )
        except httpx.HTTPError as exc:
            raise HubError(f"cannot reach the hub: {exc}") from exc
        if response.is_error:
            raise HubError(_detail(response), response.status_code)
        return response.json() if response.content else {}

    async def raise_incident(self, body: dict) -> dict:
        return await self.post("/api/v1/incidents", body)

    async def regrade_incident(self, incident_id: int, grade: str, reason: str, thrive: dict):
        body = {"grade": grade, "reason": reason, "thrive": thrive}
        return await self.post(f"/api/v1/incidents/{incident_id}/grade", body)

    async def close_incident(self, incident_id: int, reason: str) -> dict:
        return await self.post(f"/api/v1/incidents/{incident_id}/close", {"reason": reason})

    async def recommendations(self, incident_id: int) -> list[doc.Recommendation]:
        path = f"/api/v1/incidents/{incident_id}/recommendations"
        return (await self.read(doc.Recommendations, path)).units

    async def timeline(self, incident_id: int) -> list[TimelineEvent]:
        found = await self.read(doc.Timeline, f"/api/v1/incidents/{incident_id}/timeline")
        return [TimelineEvent.of(entry) for entry in found.events]

    async def assign(self, incident_id: int, callsign: str, note: str = "") -> dict:
        body = {"incident_id": incident_id, "callsign": callsign, "kind": "attend", "note": note}
        return await self.post("/api/v1/tasks", body)

    async def cancel_task(self, task_id: int) -> dict:
        return await self.post(f"/api/v1/tasks/{task_id}/status", {"state": "cancelled"})

    async def set_unit_status(self, callsign: str, status: str, reason: str) -> dict:
        body = {"status": status, "reason": reason}
        return await self.post(f"/api/v1/units/{callsign}/status", body)

    async def send_message(self, callsign: str, text: str) -> dict:
        return await self.post("/api/v1/messages", {"callsign": callsign, "text": text})

    async def mark_message_read(self, message_id: int) -> dict:
        return await self.post(f"/api/v1/messages/{message_id}/read")

    async def messages(self, callsign: str | None = None, before: int | None = None) -> list:
        params = {k: v for k, v in (("callsign", callsign), ("before", before)) if v is not None}
        return (await self.read(doc.Messages, "/api/v1/messages", **params)).messages

    async def acknowledge_emergency(self, emergency_id: int) -> dict:
        return await self.post(f"/api/v1/emergencies/{emergency_id}/acknowledge")

    async def end_emergency(self, emergency_id: int, outcome: str) -> dict:
        path = f"/api/v1/emergencies/{emergency_id}/resolve"
        return await self.post(path, {"outcome": outcome})

    async def emergency_recommendations(self, emergency_id: int) -> list[doc.Recommendation]:
        path = f"/api/v1/emergencies/{emergency_id}/recommendations"
        return (await self.read(doc.Recommendations, path)).units

    # ---- reviewing captures (intelligence, supervisor) -----------------------------------

    async def review(self, capture_id: str, state: str, note: str = "", take_over=False) -> dict:
        """A review step: ``in_review`` claims the capture (refused, naming the holder, when
        another analyst has it), ``has_issues`` sends it back to the officer with ``note``."""
        body = {"state": state, "note": note, "take_over": take_over}
        return await self.post(f"/api/v1/captures/{capture_id}/review", body)

    async def grade(self, capture_id: str, grading: dict) -> dict:
        """``grading``: source (1-3), intelligence (A-E), handling (P/C), conditions,
        sanitised_text and reason."""
        return await self.send("PUT", f"/api/v1/captures/{capture_id}/grading", grading)

    async def gradings(self, capture_id: str, reason: str = "") -> list[doc.Grading]:
        path = f"/api/v1/captures/{capture_id}/gradings"
        return (await self.read(doc.Gradings, path, **_why(reason))).gradings

    async def reviews(self, capture_id: str) -> list[doc.Review]:
        return (await self.read(doc.Reviews, f"/api/v1/captures/{capture_id}/reviews")).reviews

    async def revisions(self, capture_id: str, reason: str = "") -> list[doc.Revision]:
        path = f"/api/v1/captures/{capture_id}/revisions"
        return (await self.read(doc.Revisions, path, **_why(reason))).revisions

    async def custody(self, capture_id: str, name: str) -> doc.Custody:
        path = f"/api/v1/captures/{capture_id}/attachments/{name}/custody"
        return await self.read(doc.Custody, path)

    async def export_exhibit(self, capture_id: str, name: str, reason: str) -> bytes:
        """The exhibit and its manifest, as the zip the hub makes (the export is audited)."""
        path = f"/api/v1/captures/{capture_id}/attachments/{name}/export"
        return (await self.get(path, reason=reason)).content

    async def settings(self) -> doc.HubSettings:
        """What the force's settings ask of a workstation (the reads that need a reason)."""
        return await self.read(doc.HubSettings, "/api/v1/settings")

    # ---- the audit (supervisor) ----------------------------------------------------------

    async def audit(self, **filters: Any) -> doc.AuditPage:
        """Audit records newest first: ``actor``, ``action``, ``target``, ``since``, ``until``,
        ``before`` (paging) and ``limit``; filters left as None are not sent."""
        given = {k: v for k, v in filters.items() if v not in (None, "")}
        return await self.read(doc.AuditPage, "/api/v1/audit", **given)

    async def audit_csv(self, **filters: Any) -> bytes:
        given = {k: v for k, v in filters.items() if v not in (None, "")}
        return (await self.get("/api/v1/audit.csv", **given)).content

    async def verify_audit(self) -> dict:
        return (await self.get("/api/v1/audit/verify")).json()

    # ---- search and entities -------------------------------------------------------------

    async def search(self, filters: dict[str, Any]) -> doc.CaptureSearch:
        """Captures by ``q``, ``bbox`` (W,S,E,N), ``since``, ``until``, ``kind`` and ``limit``,
        newest first, with how many match in all (the hub audits the search)."""
        return await self.read(doc.CaptureSearch, "/api/v1/search", **filters)

    async def export_captures(self, format: str, filters: dict[str, Any]) -> bytes:
        """Exactly the captures ``filters`` match, as csv, geojson or kml (audited)."""
        given = {k: v for k, v in filters.items() if k != "limit"}
        return (await self.get("/api/v1/captures/export", format=format, **given)).content

    async def capture_entities(self, capture_id: str) -> list[ent.EntityLink]:
        """The people, vehicles, phones and addresses a capture mentions (audited)."""
        path = f"/api/v1/captures/{capture_id}/entities"
        return (await self.read(Mentioned, path)).entities

    async def entity(self, entity_id: int) -> ent.EntityPage:
        return await self.read(ent.EntityPage, f"/api/v1/entities/{entity_id}")

    async def find_entities(self, text: str, kind: str | None = None) -> list[ent.EntitySummary]:
        given = {"q": text[:200], **({"kind": kind} if kind else {})}
        response = await self.get("/api/v1/entities", **given)  # "kind" is read()'s own name
        try:
            return msgspec.json.decode(response.content, type=ent.EntitySearch).entities
        except msgspec.DecodeError as exc:
            raise HubError(f"entities: the hub's answer does not fit the contract: {exc}") from exc

    async def suggestions(self) -> ent.Suggestions:
        return await self.read(ent.Suggestions, "/api/v1/entities/suggestions")

    async def decide(self, suggestion_id: int, decision: str, note: str = "") -> dict:
        path = f"/api/v1/entities/suggestions/{suggestion_id}/decision"
        return await self.post(path, {"decision": decision, "note": note})

    async def merge(self, entity_id: int, other: int, note: str = "") -> dict:
        body = {"other": other, "note": note}
        return await self.post(f"/api/v1/entities/{entity_id}/merge", body)

    async def split(self, entity_id: int, captures: list[str], note: str = "") -> dict:
        body = {"captures": captures, "note": note}
        return await self.post(f"/api/v1/entities/{entity_id}/split", body)
