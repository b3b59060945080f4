"""OsmAnd protocol, as Traccar Client (and OsmAnd's live tracking) sends it.

Accepts one HTTP request in any of the forms Traccar's ``OsmAndProtocolDecoder`` accepts:

- query string, by GET or POST: ``/?id=X&lat=..&lon=..&timestamp=..&speed=..``;
- form-encoded body (used when the URL carries no parameters);
- JSON body (``Content-Type: application/json``, or a body starting with ``{``), Traccar
  Client's newer form: ``{"device_id", "location": {"timestamp", "coords": {...}, "battery":
  {"level" 0-1, "is_charging"}, "is_moving", "event", "activity", "extras"}}``.

Parameters: ``id``/``deviceid``; ``lat``+``lon`` or ``location=lat,lon``; ``timestamp`` as
unix seconds, unix milliseconds (Traccar's rule: values below 2**31-1 are seconds), ISO 8601,
or ``yyyy-MM-dd HH:mm:ss`` (taken as UTC); ``speed`` in knots (query form) or m/s (JSON form);
``bearing``/``heading``; ``altitude``; ``accuracy``; ``hdop``; ``batt`` (percent) or battery
level 0-1 (JSON); ``charge``; ``valid``; ``alarm`` (``sos`` means emergency).

The result is a plain :class:`OsmAndReport` in SI units and UTC. Malformed input raises
:class:`OsmAndError` (a ``ValueError``) with a message fit for the HTTP 400 body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import overload
from urllib.parse import parse_qsl, urlsplit

KNOT_MPS = 1852 / 3600
_INT_MAX = 2**31 - 1  # Traccar: timestamps below Integer.MAX_VALUE are seconds
_MAX_BODY = 64 * 1024

FORM_QUERY = "query"
FORM_JSON = "json"

# What Traccar answers for a device id it does not know: 400 in the query form, 404 for JSON.
UNKNOWN_DEVICE_STATUS = {FORM_QUERY: 400, FORM_JSON: 404}


class OsmAndError(ValueError):
    """The request is not a valid OsmAnd report; the message says why."""


@dataclass(frozen=True, slots=True)
class OsmAndReport:
    """One position report, normalised: SI units, aware UTC time, ``None`` when not sent."""

    device_id: str
    lat: float | None
    lon: float | None
    at: datetime
    speed_mps: float | None = None
    heading_deg: float | None = None
    altitude_m: float | None = None
    accuracy_m: float | None = None
    battery_pct: float | None = None
    alarm: str | None = None
    hdop: float | None = None
    charging: bool | None = None
    valid: bool = True
    form: str = FORM_QUERY
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def emergency(self) -> bool:
        return self.alarm == "sos"

    def as_dict(self) -> dict:
        return asdict(self)


def parse_request(
    method: str,
    target: str,
    body: bytes = b"",
    content_type: str | None = None,
    *,
    now: datetime | None = None,
) -> OsmAndReport:
    """Parse one HTTP request (method, request target, body, Content-Type header)."""
    if method.upper() not in ("GET", "POST"):
        raise OsmAndError(f"method {method} not allowed")
    if len(body) > _MAX_BODY:
        raise OsmAndError("body too large")
    if _is_json(content_type, body):
        return parse_json(body, now=now)
    params = parse_qsl(urlsplit(target).query, keep_blank_values=True)
    if not params and body:
        params = parse_qsl(_ascii(body), keep_blank_values=True)
    return parse_query(dict(params), now=now)


def parse_query(params: Mapping[str, str], *, now: datetime | None = None) -> OsmAndReport:
    """Parse the query-string / form parameters (last value of a repeated key wins)."""
    device_id = params.get("id") or params.get("deviceid")
    if not device_id:
        raise OsmAndError("missing id")
    lat, lon = _query_point(params)
    known = _KNOWN_QUERY_KEYS
    return OsmAndReport(
        device_id=device_id,
        lat=lat,
        lon=lon,
        at=_query_time(params, now),
        speed_mps=_scaled(_number(params, "speed"), KNOT_MPS),
        heading_deg=_number(params, "bearing", "heading"),
        altitude_m=_number(params, "altitude"),
        accuracy_m=_number(params, "accuracy"),
        battery_pct=_number(params, "batt"),
        alarm=params.get("alarm") or None,
        hdop=_number(params, "hdop"),
        charging=_flag(params.get("charge")),
        valid=_flag(params.get("valid"), default=True) is not False,
        form=FORM_QUERY,
        extras={k: v for k, v in params.items() if k not in known},
    )


def parse_json(body: bytes | str | Mapping, *, now: datetime | None = None) -> OsmAndReport:
    """Parse Traccar Client's JSON body (speed in m/s, battery level 0-1)."""
    root = body if isinstance(body, Mapping) else _load_json(body)
    device_id = root.get("device_id")
    if not isinstance(device_id, str | int) or device_id == "":
        raise OsmAndError("missing device_id")
    location = _object(root, "location")
    coords = _object(location, "coords", required=False)
    battery = _object(location, "battery", required=False)
    lat, lon = _json_point(coords)
    return OsmAndReport(
        device_id=str(device_id),
        lat=lat,
        lon=lon,
        at=_json_time(location, now),
        speed_mps=_non_negative(coords, "speed"),
        heading_deg=_non_negative(coords, "heading"),
        altitude_m=_json_number(coords, "altitude"),
        accuracy_m=_non_negative(coords, "accuracy"),
        battery_pct=_scaled(_non_negative(battery, "level"), 100.0),
        alarm=_json_alarm(location),
        charging=_json_bool(battery, "is_charging"),
        valid=coords is not None,
        form=FORM_JSON,
        extras=_json_extras(location),
    )


def parse_timestamp(value: str | int | float) -> datetime:
    """A Traccar ``timestamp``: unix s or ms, ISO 8601, or ``yyyy-MM-dd HH:mm:ss`` (UTC)."""
    if isinstance(value, bool):
        raise OsmAndError(f"bad timestamp {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(value)
    text = value.strip()
    try:
        return _from_epoch(int(text))
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise OsmAndError(f"bad timestamp {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# -- query form helpers --------------------------------------------------------------------

_KNOWN_QUERY_KEYS = frozenset(
    ("id", "deviceid", "lat", "lon", "location", "timestamp", "speed", "bearing", "heading")
    + ("altitude", "accuracy", "hdop", "batt", "charge", "valid", "alarm")
)


def _query_point(params: Mapping[str, str]) -> tuple[float | None, float | None]:
    lat, lon = _number(params, "lat"), _number(params, "lon")
    if "location" in params:
        parts = params["location"].split(",")
        if len(parts) < 2:
            raise OsmAndError("location must be 'lat,lon'")
        lat, lon = _to_float("location", parts[0]), _to_float("location", parts[1])
    return _checked_point(lat, lon)


def _query_time(params: Mapping[str, str], now: datetime | None) -> datetime:
    if params.get("timestamp"):
        return parse_timestamp(params["timestamp"])
    return now or datetime.now(UTC)


def _number(params: Mapping[str, str], *keys: str) -> float | None:
    for key in keys:
        if params.get(key, "") != "":
            return _to_float(key, params[key])
    return None


def _to_float(key: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise OsmAndError(f"{key} is not a number: {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise OsmAndError(f"{key} is not a finite number")
    return value


def _flag(text: str | None, default: bool | None = None) -> bool | None:
    if text is None or text == "":
        return default
    return text.lower() in ("true", "1")


# -- JSON form helpers ---------------------------------------------------------------------


def _load_json(body: bytes | str) -> Mapping:
    try:
        root = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise OsmAndError(f"body is not JSON: {exc}") from None
    if not isinstance(root, dict):
        raise OsmAndError("JSON body must be an object")
    return root


@overload
def _object(parent: Mapping | None, key: str) -> Mapping: ...
@overload
def _object(parent: Mapping | None, key: str, required: bool) -> Mapping | None: ...
def _object(parent: Mapping | None, key: str, required: bool = True) -> Mapping | None:
    value = parent.get(key) if parent is not None else None
    if value is None and not required:
        return None
    if not isinstance(value, dict):
        raise OsmAndError(f"{key} must be an object")
    return value


def _json_number(obj: Mapping | None, key: str) -> float | None:
    if obj is None or obj.get(key) is None:
        return None
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OsmAndError(f"{key} must be a number")
    return _to_float(key, str(value))


def _non_negative(obj: Mapping | None, key: str) -> float | None:
    value = _json_number(obj, key)
    return value if value is not None and value >= 0 else None  # Traccar Client sends -1


def _json_bool(obj: Mapping | None, key: str) -> bool | None:
    value = obj.get(key) if obj is not None else None
    return value if isinstance(value, bool) else None


def _json_point(coords: Mapping | None) -> tuple[float | None, float | None]:
    if coords is None:
        return None, None
    lat, lon = _json_number(coords, "latitude"), _json_number(coords, "longitude")
    if lat is None or lon is None:
        raise OsmAndError("coords needs latitude and longitude")
    return _checked_point(lat, lon)


def _json_time(location: Mapping, now: datetime | None) -> datetime:
    value = location.get("timestamp")
    if value is None:
        return now or datetime.now(UTC)
    if not isinstance(value, str | int | float):
        raise OsmAndError("timestamp must be a string or number")
    return parse_timestamp(value)


def _json_alarm(location: Mapping) -> str | None:
    extras = location.get("extras")
    alarm = location.get("alarm")
    if alarm is None and isinstance(extras, dict):
        alarm = extras.get("alarm")
    return str(alarm) if alarm else None


def _json_extras(location: Mapping) -> dict[str, str]:
    out = {k: str(location[k]) for k in ("event", "is_moving", "odometer") if k in location}
    activity = location.get("activity")
    if isinstance(activity, dict) and "type" in activity:
        out["activity"] = str(activity["type"])
    return out


# -- shared helpers ------------------------------------------------------------------------


def _checked_point(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if (lat is None) != (lon is None):
        raise OsmAndError("lat and lon must be sent together")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise OsmAndError(f"position out of range: {lat},{lon}")
    return lat, lon


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _from_epoch(number: float) -> datetime:
    millis = number * 1000 if number < _INT_MAX else number
    try:
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        raise OsmAndError(f"timestamp out of range: {number}") from None


def _is_json(content_type: str | None, body: bytes) -> bool:
    if content_type and content_type.split(";")[0].strip().lower() == "application/json":
        return True
    return body.lstrip()[:1] == b"{"


def _ascii(body: bytes) -> str:
    try:
        return body.decode("ascii")
    except UnicodeDecodeError:
        raise OsmAndError("form body must be ASCII (percent-encoded)") from None
