"""`controlroom replay`: a GPX track sent to the hub as a device would send it, in real time
(or ``--speed`` times faster), each ping stamped with the time it is sent.

The device is provisioned through the admin API by a signed-in user (``--username``, password
from ``CONTROLROOM_PASSWORD``), like the simulator does, unless ``--token`` gives a device token.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable

import httpx

from controlroom.replay.gpx import GpxError, TrackPoint, distance_m, read_track, shifted
from controlroom.timeutil import to_iso

BATCH_LIMIT = 1000


def run(args) -> int:
    try:
        points = read_track(args.file)
    except (GpxError, OSError) as exc:
        print(f"controlroom: {exc}", file=sys.stderr)
        return 1
    if args.shift_to:
        points = shifted(points, *args.shift_to)
    with httpx.Client(base_url=args.hub, timeout=30) as http:
        try:
            token = args.token or provision(http, args.username, args.callsign, args.mode)
        except (httpx.HTTPError, ReplayError) as exc:
            print(f"controlroom: {exc}", file=sys.stderr)
            return 1
        http.headers["Authorization"] = f"Bearer {token}"
        sent = replay(points, args.speed, lambda batch: post(http, batch))
    print(f"replayed {sent} points of {args.file} as {args.callsign}")
    return 0


class ReplayError(Exception):
    pass


def provision(http: httpx.Client, username: str | None, callsign: str, mode: str) -> str:
    password = os.environ.get("CONTROLROOM_PASSWORD")
    if not username or not password:
        raise ReplayError("give --token, or --username with CONTROLROOM_PASSWORD set")
    reply = http.post("/api/v1/auth/token", json={"username": username, "password": password})
    if reply.status_code != 200:
        raise ReplayError(f"sign in refused: {reply.status_code} {reply.text[:200]}")
    user = {"Authorization": f"Bearer {reply.json()['access_token']}"}
    body = {"callsign": callsign, "mode": mode, "replace": False}
    reply = http.post("/api/v1/admin/devices", json=body, headers=user)
    if reply.status_code != 201:
        raise ReplayError(f"registering {callsign} refused: {reply.status_code} {reply.text}")
    return reply.json()["token"]


def post(http: httpx.Client, batch: list[dict]) -> None:
    reply = http.post("/api/v1/device/pings", json={"pings": batch})
    if reply.status_code != 200 or reply.json().get("rejected"):
        print(f"controlroom: hub answered {reply.status_code} {reply.text[:300]}", file=sys.stderr)


def replay(
    points: list[TrackPoint],
    speed: float,
    send: Callable[[list[dict]], None],
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send each point when it falls due; points due together go in one batch."""
    start, index, sent = clock(), 0, 0
    while index < len(points):
        due = start + points[index].offset_s / speed
        if due > clock():
            sleep(due - clock())
        now, batch = clock(), []
        while index < len(points) and start + points[index].offset_s / speed <= now:
            batch.append(ping(points, index, start + points[index].offset_s / speed))
            index += 1
            if len(batch) == BATCH_LIMIT:
                break
        send(batch)
        sent += len(batch)
    return sent


def ping(points: list[TrackPoint], index: int, at: float) -> dict:
    point = points[index]
    doc = {"lat": round(point.lat, 7), "lon": round(point.lon, 7), "at": to_iso(at)}
    if index > 0:
        prev = points[index - 1]
        metres = distance_m(prev.lat, prev.lon, point.lat, point.lon)
        seconds = point.offset_s - prev.offset_s
        if metres > 0.5:
            doc["heading_deg"] = round(bearing(prev, point), 1)
        if point.speed_mps is None and seconds > 0:
            doc["speed_mps"] = round(min(metres / seconds, 349.0), 2)
    if point.speed_mps is not None:
        doc["speed_mps"] = min(point.speed_mps, 349.0)
    return doc


def bearing(a: TrackPoint, b: TrackPoint) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0
