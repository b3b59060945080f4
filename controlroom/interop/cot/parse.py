"""Parse one Cursor-on-Target event, XML or TAK protocol v1, into a :class:`CotEvent`.

Accepts an ``<event>`` document as the splitter yields it (bytes, UTF-8, optionally preceded by
an XML declaration), a ``takproto`` ``TakMessage``, or raw v1 bytes (stream or mesh form).
Reads the event's uid/type/how/time/start/stale, ``point`` (lat, lon, hae, ce, le; CoT's
9999999 'unknown' becomes None), and from ``detail``: ``contact`` callsign and endpoint,
``__group`` name and role, ``status`` battery, ``track`` speed (m/s) and course, ``remarks``,
``link``, ``emergency`` and GeoChat's ``__chat``.

XML safety: a document that could carry a declaration (any ``<!``) is parsed with defusedxml,
which refuses a DTD (``<!DOCTYPE``), entity declarations and external references, so no entity
is ever declared or expanded (no XXE, no billion laughs); one without is plain elements and is
read by the C parser with its encoding held to UTF-8 (defusedxml's pure-Python parser is three
times slower, and CoT positions are the high-rate traffic).
Malformed or incomplete events raise :class:`CotParseError` (a ``ValueError``).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException
from takproto.proto import TakMessage

from .model import ChatMessage, CotEvent, classify
from .takv1 import MAGIC, MESH_HEADER, FrameError, decode_mesh, decode_stream_frame

UNKNOWN = 9999999.0


class CotParseError(ValueError):
    """The bytes are not a usable CoT event; the message says why."""


def parse_xml(doc: bytes | str) -> CotEvent:
    """One CoT XML event."""
    root = _safe_xml(doc.encode() if isinstance(doc, str) else bytes(doc))
    if root.tag != "event":
        raise CotParseError(f"root element is <{root.tag}>, not <event>")
    point = root.find("point")
    if point is None:
        raise CotParseError("event has no <point>")
    detail = root.find("detail")
    fields = _detail_fields(detail) if detail is not None else {}
    a = root.attrib
    time = _xml_time(a, "time")
    return _build(
        a.get("uid"),
        a.get("type"),
        a.get("how"),
        (time, _xml_time(a, "start", time), _xml_time(a, "stale", time)),
        point.attrib,
        fields,
        detail,
    )


def parse_takv1(message: TakMessage) -> CotEvent:
    """One decoded ``TakMessage``."""
    ev = message.cotEvent
    if not ev.uid or not ev.type:
        raise CotParseError("TakMessage has no cotEvent uid/type")
    detail = _xml_detail(ev.detail.xmlDetail)
    fields = _detail_fields(detail) if detail is not None else {}
    fields.update(_typed_detail(ev.detail))
    times = tuple(_from_millis(ms) for ms in (ev.sendTime, ev.startTime, ev.staleTime))
    point = {k: getattr(ev, k) for k in ("lat", "lon", "hae", "ce", "le")}
    sender = message.takControl.contactUid or None
    return _build(ev.uid, ev.type, ev.how or None, times, point, fields, detail, sender)


def parse_bytes(data: bytes) -> CotEvent:
    """One event in any wire form: XML, v1 stream frame, or v1 mesh datagram."""
    try:
        if data.startswith(MESH_HEADER):
            return parse_takv1(decode_mesh(data))
        if data[:1] == bytes((MAGIC,)):
            return parse_takv1(decode_stream_frame(data))
    except FrameError as exc:
        raise CotParseError(str(exc)) from None
    return parse_xml(data)


# -- building the event --------------------------------------------------------------------


def _build(uid, cot_type, how, times, point, fields, detail, sender=None) -> CotEvent:
    if not uid or not cot_type:
        raise CotParseError("event needs uid and type")
    lat, lon = _coord(point, "lat", 90), _coord(point, "lon", 180)
    chat = (
        _chat(detail, uid, fields.get("remarks"), sender) if cot_type.startswith("b-t-f") else None
    )
    return CotEvent(
        uid=uid,
        type=cot_type,
        how=how,
        time=times[0],
        start=times[1],
        stale=times[2],
        lat=lat,
        lon=lon,
        hae=_optional(point, "hae"),
        ce=_optional(point, "ce"),
        le=_optional(point, "le"),
        chat=chat,
        kind=classify(cot_type, uid, fields.get("link_relation")),
        **fields,
    )


def _coord(point: Mapping, key: str, bound: float) -> float:
    value = _number(point.get(key), key)
    if value is None or not -bound <= value <= bound:
        raise CotParseError(f"point {key} missing or out of range: {point.get(key)!r}")
    return value


def _optional(point: Mapping, key: str) -> float | None:
    value = _number(point.get(key), key)
    return None if value is None or value >= UNKNOWN else value


def _number(raw, key: str) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise CotParseError(f"{key} is not a number: {raw!r}") from None
    return value if math.isfinite(value) else None


# -- detail --------------------------------------------------------------------------------


def _detail_fields(detail: ET.Element) -> dict:
    fields: dict = {}
    for child in detail:
        reader = _DETAIL_READERS.get(child.tag)
        if reader is not None:
            reader(child, fields)
    return {k: v for k, v in fields.items() if v is not None}


def _read_contact(el: ET.Element, fields: dict) -> None:
    fields["callsign"] = el.get("callsign") or None
    fields["endpoint"] = el.get("endpoint") or None


def _read_group(el: ET.Element, fields: dict) -> None:
    fields["group_name"] = el.get("name") or None
    fields["group_role"] = el.get("role") or None


def _read_status(el: ET.Element, fields: dict) -> None:
    fields["battery_pct"] = _number(el.get("battery"), "battery")


def _read_track(el: ET.Element, fields: dict) -> None:
    fields["speed_mps"] = _number(el.get("speed"), "speed")
    fields["course_deg"] = _number(el.get("course"), "course")


def _read_remarks(el: ET.Element, fields: dict) -> None:
    fields["remarks"] = "".join(el.itertext()).strip() or None


def _read_link(el: ET.Element, fields: dict) -> None:
    if "link_uid" not in fields or el.get("relation") == "p-p":
        fields["link_uid"] = el.get("uid") or None
        fields["link_relation"] = el.get("relation") or None


def _read_emergency(el: ET.Element, fields: dict) -> None:
    fields["emergency_type"] = el.get("type") or None
    if el.text and el.text.strip() and "callsign" not in fields:
        fields["callsign"] = el.text.strip()


_DETAIL_READERS = {
    "contact": _read_contact,
    "__group": _read_group,
    "status": _read_status,
    "track": _read_track,
    "remarks": _read_remarks,
    "link": _read_link,
    "emergency": _read_emergency,
}


def _typed_detail(detail) -> dict:
    """The strongly typed v1 detail fields (takproto moves these out of the XML)."""
    fields: dict = {}
    if detail.HasField("contact"):
        fields["callsign"] = detail.contact.callsign or None
        fields["endpoint"] = detail.contact.endpoint or None
    if detail.HasField("group"):
        fields["group_name"] = detail.group.name or None
        fields["group_role"] = detail.group.role or None
    if detail.HasField("status"):
        fields["battery_pct"] = float(detail.status.battery)
    if detail.HasField("track"):
        fields["speed_mps"] = detail.track.speed
        fields["course_deg"] = detail.track.course
    return {k: v for k, v in fields.items() if v is not None}


def _chat(detail, uid: str, remarks: str | None, sender: str | None) -> ChatMessage | None:
    chat = detail.find("__chat") if detail is not None else None
    if chat is None:
        return ChatMessage(sender, None, None, remarks or "", None)
    group = chat.find("chatgrp")
    sender_uid = group.get("uid0") if group is not None else None
    return ChatMessage(
        sender_uid=sender_uid or _link_uid(detail) or sender,
        sender_callsign=chat.get("senderCallsign"),
        chatroom=chat.get("chatroom"),
        text=remarks or "",
        message_id=chat.get("messageId") or uid.rsplit(".", 1)[-1],
    )


def _link_uid(detail: ET.Element) -> str | None:
    link = detail.find("link")
    return link.get("uid") if link is not None else None


# -- XML and time helpers ------------------------------------------------------------------


def _safe_xml(doc: bytes) -> ET.Element:
    """Parse with defusedxml anything that could carry a declaration (any ``<!``: DOCTYPE,
    ENTITY, comments, CDATA); a document with none is plain elements, which the C parser
    reads, its encoding held to UTF-8 so no other encoding can hide a declaration."""
    try:
        if b"<!" not in doc:
            parser = ET.XMLParser(encoding="utf-8")
            parser.feed(doc)
            return parser.close()
        return defused.fromstring(doc, forbid_dtd=True)
    except DefusedXmlException:
        raise CotParseError("DTDs and entity declarations are not accepted") from None
    except ET.ParseError as exc:
        raise CotParseError(f"malformed XML: {exc}") from None


def _xml_detail(text: str) -> ET.Element | None:
    if not text:
        return None
    return _safe_xml(b"<detail>" + text.encode() + b"</detail>")


def _xml_time(attrs: Mapping, key: str, default: datetime | None = None) -> datetime:
    raw = attrs.get(key)
    if raw is None:
        if default is None:
            raise CotParseError(f"event has no {key}")
        return default
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise CotParseError(f"bad {key}: {raw!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _from_millis(ms: int) -> datetime:
    try:
        return datetime.fromtimestamp(ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        raise CotParseError(f"time out of range: {ms}") from None
