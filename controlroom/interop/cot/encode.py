"""Cursor-on-Target out: our units' positions as CoT events for TAK clients.

Accepts a :class:`UnitPosition` (uid, callsign, point, time, optional track/accuracy/battery,
team colour and role) and produces the position event as CoT XML bytes, or as TAK protocol
v1 bytes (stream form for TCP/TLS, mesh form for UDP) built with ``takproto``'s ``TakMessage``.
Both carry ``time``/``start``/``stale``, ``point``, ``contact``, ``__group``, ``track``,
``status`` and ``takv``, so a WinTAK user sees the unit with its call sign and team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import quoteattr as _q

from takproto.proto import TakMessage

from .takv1 import encode_mesh, encode_stream

UNKNOWN = 9999999.0
DEFAULT_STALE = timedelta(minutes=5)
PLATFORM = "Control Room"
VERSION = "0.1.0"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class UnitPosition:
    """One of our units' positions, as it should be shown to TAK users."""

    uid: str
    callsign: str
    lat: float
    lon: float
    at: datetime
    stale_after: timedelta = DEFAULT_STALE
    cot_type: str = "a-f-G-U-C"
    how: str = "m-g"
    hae: float | None = None
    accuracy_m: float | None = None
    speed_mps: float | None = None
    course_deg: float | None = None
    battery_pct: float | None = None
    group_name: str = "Cyan"
    group_role: str = "Team Member"

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("UnitPosition.at must be timezone-aware")


def cot_time(moment: datetime) -> str:
    """CoT's time form, UTC to the millisecond (what TAK protocol v1 keeps)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def position_xml(unit: UnitPosition) -> bytes:
    """The unit's position as one CoT XML event (no XML declaration)."""
    t = cot_time(unit.at)
    stale = cot_time(unit.at + unit.stale_after)
    parts = [
        f"<event version='2.0' uid={_q(unit.uid)} type={_q(unit.cot_type)} how={_q(unit.how)}"
        f" time='{t}' start='{t}' stale='{stale}'>",
        f"<point lat='{float(unit.lat)!r}' lon='{float(unit.lon)!r}'"
        f" hae='{_or_unknown(unit.hae)!r}' ce='{_or_unknown(unit.accuracy_m)!r}'"
        f" le='{UNKNOWN!r}'/>",
        "<detail>",
        f"<contact callsign={_q(unit.callsign)}/>",
        f"<__group name={_q(unit.group_name)} role={_q(unit.group_role)}/>",
        _status_xml(unit),
        _track_xml(unit),
        f"<takv platform={_q(PLATFORM)} version={_q(VERSION)}/>",
        "</detail></event>",
    ]
    return "".join(parts).encode()


def position_message(unit: UnitPosition) -> TakMessage:
    """The unit's position as a ``takproto`` ``TakMessage``."""
    message = TakMessage()
    ev = message.cotEvent
    ev.type, ev.uid, ev.how = unit.cot_type, unit.uid, unit.how
    ev.sendTime = ev.startTime = _millis(unit.at)
    ev.staleTime = _millis(unit.at + unit.stale_after)
    ev.lat, ev.lon = unit.lat, unit.lon
    ev.hae, ev.ce, ev.le = _or_unknown(unit.hae), _or_unknown(unit.accuracy_m), UNKNOWN
    detail = ev.detail
    detail.contact.callsign = unit.callsign
    detail.group.name, detail.group.role = unit.group_name, unit.group_role
    if unit.battery_pct is not None:
        detail.status.battery = _battery(unit.battery_pct)
    detail.takv.platform, detail.takv.version = PLATFORM, VERSION
    if unit.speed_mps is not None or unit.course_deg is not None:
        detail.track.speed = float(unit.speed_mps or 0.0)
        detail.track.course = float(unit.course_deg or 0.0)
    return message


def position_stream(unit: UnitPosition) -> bytes:
    """TAK protocol v1 stream form (TCP/TLS): 0xBF, varint length, protobuf."""
    return encode_stream(position_message(unit))


def position_mesh(unit: UnitPosition) -> bytes:
    """TAK protocol v1 mesh form (UDP): 0xBF 0x01 0xBF, protobuf."""
    return encode_mesh(position_message(unit))


def _status_xml(unit: UnitPosition) -> str:
    if unit.battery_pct is None:
        return ""
    return f"<status battery='{_battery(unit.battery_pct)}'/>"


def _track_xml(unit: UnitPosition) -> str:
    if unit.speed_mps is None and unit.course_deg is None:
        return ""
    speed, course = float(unit.speed_mps or 0.0), float(unit.course_deg or 0.0)
    return f"<track speed='{speed!r}' course='{course!r}'/>"


def _battery(pct: float) -> int:
    return max(0, min(100, round(pct)))


def _or_unknown(value: float | None) -> float:
    return UNKNOWN if value is None else float(value)


def _millis(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(milliseconds=1)
