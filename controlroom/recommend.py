"""Which deployable unit can reach an incident first.

Ranks by estimated time of arrival along the roads: cars on the vehicle network (one-way streets
obeyed, a speed for each kind of road), officers on foot, on bicycles and on horseback along streets
and paths at their own pace. For each network there is one search, from the incident outward over
the reversed network, and every unit reads its time off it: the search is bounded and widened only
until the best `limit` units are certain. Stale units (no position within the threshold) are left
out: a position nobody can vouch for is no basis for sending someone.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from controlroom.geo.roadclass import KINDS
from controlroom.geo.routing import (
    OFF_ROAD_MPS,
    REACH_MIN,
    REACH_PER_M,
    WALK_MPS,
    Router,
    costs,
    road_lengths,
)
from controlroom.vocabulary import DEPLOYABLE

M_PER_DEG = 111_195.0
# Pace (m/s) on foot-network routes by unit mode; cars use the road speeds of the vehicle network.
FOOT_PACE = {"foot": WALK_MPS, "cycle": 5.0, "mounted": 4.0}
AIR_MPS = 50.0
ROAD_DETOUR = 1.35  # without a road network: roads are this much longer than the straight line
STRAIGHT_MPS = {"vehicle": 15.0, "foot": 1.6, "cycle": 5.0, "mounted": 4.0}
# The most straight-line metres a unit covers per unit of network cost: a second at the fastest
# road speed by car, a metre walked on foot; with slack for the stretches off the roads.
METRES_PER_COST = {"vehicle": max(k.vehicle_kmh for k in KINDS) / 3.6, "foot": 1.0}
SLACK_M = 2000.0


@dataclass(frozen=True, slots=True)
class Unit:
    callsign: str
    status: str
    mode: str
    lat: float | None
    lon: float | None
    last_seen: float | None


@dataclass(frozen=True, slots=True)
class Recommendation:
    callsign: str
    eta_s: float
    distance_m: float
    straight_m: float
    status: str
    mode: str
    routed: bool  # along the road network, or estimated from the straight line

    def as_dict(self) -> dict:
        return {
            "callsign": self.callsign,
            "eta_s": round(self.eta_s),
            "distance_m": round(self.distance_m),
            "straight_m": round(self.straight_m),
            "status": self.status,
            "mode": self.mode,
            "routed": self.routed,
        }


def recommend(
    units: list[Unit],
    lat: float,
    lon: float,
    now: float,
    stale_after_s: float,
    router: Router | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    fresh = [
        u
        for u in units
        if u.status in DEPLOYABLE
        and u.lat is not None
        and u.lon is not None
        and u.last_seen is not None
        and now - u.last_seen <= stale_after_s
    ]
    groups: dict[str, list[Unit]] = {}
    for u in fresh:
        groups.setdefault(_network_of(u.mode, router), []).append(u)
    ranked = _by_straight_line(groups.pop("straight", []), lat, lon)
    # cars first: their k-th time bounds how far the slower search on foot need reach
    for network in sorted(groups, key=lambda n: n != "vehicle"):
        assert router is not None
        best = heapq.nsmallest(limit, ranked, key=lambda r: r.eta_s)
        cap = best[-1].eta_s if len(best) == limit else math.inf
        ranked += _by_road(router, network, groups[network], lat, lon, limit, cap)
    return heapq.nsmallest(limit, ranked, key=lambda r: (r.eta_s, r.callsign))


def _network_of(mode: str, router: Router | None) -> str:
    if router is None or mode == "air":
        return "straight"
    return "vehicle" if mode == "vehicle" else "foot"


def _straight_m(members: list[Unit], lat: float, lon: float) -> np.ndarray:
    lats = np.array([u.lat for u in members], dtype=float)
    lons = np.array([u.lon for u in members], dtype=float)
    cos = math.cos(math.radians(lat))
    return np.hypot(lats - lat, (lons - lon) * cos) * M_PER_DEG


def _by_straight_line(members: list[Unit], lat: float, lon: float) -> list[Recommendation]:
    straight = _straight_m(members, lat, lon).tolist()
    out = []
    for u, d in zip(members, straight, strict=True):
        if u.mode == "air":
            out.append(Recommendation(u.callsign, d / AIR_MPS, d, d, u.status, u.mode, False))
        else:
            pace = STRAIGHT_MPS.get(u.mode, STRAIGHT_MPS["foot"])
            road = d * ROAD_DETOUR
            out.append(Recommendation(u.callsign, road / pace, road, d, u.status, u.mode, False))
    return out


def _by_road(
    router: Router, network: str, members: list[Unit], lat, lon, limit: int, cap_s: float
) -> list[Recommendation]:
    """The best `limit` of the members by road, leaving out any that need longer than cap_s.
    Only the members the search could reach are snapped to the roads (most of a force is
    farther away than any route it needs to look at)."""
    net = router.network(network)
    straight = _straight_m(members, lat, lon)
    target = net.snap(lat, lon)
    if network == "vehicle":
        pace = np.ones(len(members))
    else:
        pace = np.array([FOOT_PACE.get(u.mode, FOOT_PACE["foot"]) for u in members])
    k = min(limit, len(members))
    kth = float(np.partition(straight, k - 1)[k - 1])
    reach = min(REACH_MIN[network] + REACH_PER_M[network] * kth, cap_s * float(pace.max()))
    roads = _Snapped(net, members)
    while True:
        # a member farther than this in a straight line cannot be within reach by road
        near = np.flatnonzero(straight <= reach * METRES_PER_COST[network] + SLACK_M)
        edge, along, off = roads.of(near)
        search = net.search_to(target, reach)
        cost, via = costs(net, search, edge, along)
        if network == "vehicle":
            eta = cost + off / OFF_ROAD_MPS + target.off_m / WALK_MPS
        else:
            eta = (cost + off + target.off_m) / pace[near]
        best = np.argsort(eta, kind="stable")[:k]
        # every member beyond the search's reach needs longer than this on the road alone
        beyond_s = reach / float(pace.max())
        certain = len(best) == k and float(eta[best].max()) <= beyond_s
        if certain or beyond_s >= cap_s or math.isinf(reach):
            break
        reach = _wider(reach, eta[best], k, float(pace.max()))
    best = best[np.isfinite(eta[best])]
    road = road_lengths(net, search, edge[best], along[best], via[best])
    road += off[best] + target.off_m
    return [
        Recommendation(
            members[i].callsign,
            float(eta[j]),
            float(road_m),
            float(straight[i]),
            members[i].status,
            members[i].mode,
            True,
        )
        for j, i, road_m in zip(best.tolist(), near[best].tolist(), road.tolist(), strict=True)
    ]


def _wider(reach: float, best_eta: np.ndarray, k: int, fastest: float) -> float:
    """The reach of the next search. Once k members are found, the slowest of them bounds the
    k-th best: a search that far is the last one needed (found is the whole k, so none of them
    is infinite). Otherwise the reach grows by half again, then to the whole network."""
    if len(best_eta) == k and bool(np.isfinite(best_eta).all()):
        return float(best_eta.max()) * fastest
    return reach * 1.6 if reach < 20_000 else math.inf


class _Snapped:
    """Where members are on the roads, snapped once each, as they are first needed."""

    def __init__(self, net, members: list[Unit]) -> None:
        self.net = net
        self.lats = np.array([u.lat for u in members], dtype=float)
        self.lons = np.array([u.lon for u in members], dtype=float)
        self.done = np.zeros(len(members), bool)
        self.edge = np.zeros(len(members), np.int64)
        self.along = np.zeros(len(members))
        self.off = np.zeros(len(members))

    def of(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        new = which[~self.done[which]]
        if len(new):
            edge, along, _, _, off = self.net.index.snap_many(
                self.lats[new], self.lons[new], candidates=1
            )
            self.edge[new], self.along[new], self.off[new] = edge, along, off
            self.done[new] = True
        return self.edge[which], self.along[which], self.off[which]
