"""The answer to a TAK client's keep-alive ping (``t-x-c-t``): a ``t-x-c-t-r`` pong, as a TAK
server gives, so a client that watches its connection sees the hub alive while no unit moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from takproto.proto import TakMessage

from controlroom.interop.cot import PROTOCOL_TAKV1
from controlroom.interop.cot.encode import cot_time
from controlroom.interop.cot.takv1 import encode_stream

PONG_TYPE = "t-x-c-t-r"
PONG_UID = "takPong"
STALE = timedelta(seconds=20)


def pong(protocol: str | None, at: datetime | None = None) -> bytes:
    at = at or datetime.now(UTC)
    if protocol == PROTOCOL_TAKV1:
        message = TakMessage()
        ev = message.cotEvent
        ev.type, ev.uid, ev.how = PONG_TYPE, PONG_UID, "h-g-i-g-o"
        ev.sendTime = ev.startTime = int(at.timestamp() * 1000)
        ev.staleTime = int((at + STALE).timestamp() * 1000)
        ev.hae = ev.ce = ev.le = 9999999.0
        return encode_stream(message)
    t, stale = cot_time(at), cot_time(at + STALE)
    return (
        f"<event version='2.0' uid='{PONG_UID}' type='{PONG_TYPE}' how='h-g-i-g-o' time='{t}' "
        f"start='{t}' stale='{stale}'><point lat='0.0' lon='0.0' hae='9999999.0' "
        "ce='9999999.0' le='9999999.0'/><detail/></event>"
    ).encode()
