"""Scoring the hub's links against the simulator's ground truth: pairwise precision and recall
(automatic links alone, and with the suggestions taken as links), records per true person, and
what extraction missed or invented."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from controlroom.entities.extract import STRUCTURED
from controlroom.entities.normalise import name as parse_name
from controlroom.entities.normalise import vrm as parse_vrm


@dataclass
class Mapped:
    """Every hub mention that could be told apart by the truth, per kind."""

    truth: dict[tuple, str] = field(default_factory=dict)  # mention key -> true identity
    linked: dict[tuple, int] = field(default_factory=dict)  # mention key -> hub record
    suggested: dict[tuple, int] = field(default_factory=dict)  # waiting mention -> best record
    scores: dict[tuple, float] = field(default_factory=dict)  # waiting mention -> its best score
    spurious: int = 0  # hub mentions no truth accounts for
    missed: int = 0  # true (capture, identity) pairs the hub has no mention of
    wanted: int = 0


def _same_name(written: str, truth_written: str) -> bool:
    a, b = parse_name(written), parse_name(truth_written)
    return a is not None and b is not None and a.surname == b.surname and a.forename == b.forename


def _truth_for(path: str, kind: str, written: str, truths: list[dict]) -> str | None:
    for t in truths:
        if t["kind"] != kind:
            continue
        if "written" not in t and t["path"] == path:
            return t["truth"]
        if "written" in t and path.split("[")[0].split(".")[0] not in STRUCTURED:
            # free text: the hub may find it in the summary or the account, by value
            if kind == "person" and _same_name(written, t["written"]):
                return t["truth"]
            if kind == "vehicle" and parse_vrm(written) == parse_vrm(t["written"]):
                return t["truth"]
    return None


def map_mentions(kind: str, truth: dict[str, list[dict]], hub: dict[str, list[dict]]) -> Mapped:
    out = Mapped()
    for capture_id, truths in truth.items():
        entities = hub.get(capture_id, [])
        got: set[str] = set()
        for item in entities:
            if item["kind"] != kind:
                continue
            for ref in item["mentions"]:
                key = (capture_id, ref["path"], ref["written"])
                identity = _truth_for(ref["path"], kind, ref["written"], truths)
                if identity is None:
                    if item["linked"] != "suggested":
                        out.spurious += 1
                    continue
                got.add(identity)
                out.truth[key] = identity
                if item["linked"] == "suggested":
                    if key not in out.suggested or item["score"] > out.suggested[key][1]:
                        out.suggested[key] = (item["id"], item["score"])  # type: ignore[assignment]
                else:
                    out.linked[key] = item["id"]
        wanted = {t["truth"] for t in truths if t["kind"] == kind}
        out.wanted += len(wanted)
        out.missed += len(wanted - got)
    waiting = {k: v for k, v in out.suggested.items() if k not in out.linked}
    out.scores = {k: v[1] for k, v in waiting.items()}  # type: ignore[index]
    out.suggested = {k: v[0] for k, v in waiting.items()}  # type: ignore[index]
    return out


def _pairs(groups: dict) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(groups.values()).values())


def pairwise(truth: dict[tuple, str], clusters: dict[tuple, object]) -> tuple[float, float]:
    """Precision and recall over every pair of mentions; a mention in no cluster pairs with
    nothing (so it counts against recall)."""
    keys = list(truth)
    both = _pairs({k: (clusters[k], truth[k]) for k in keys if k in clusters})
    predicted = _pairs({k: clusters[k] for k in keys if k in clusters})
    actual = _pairs(truth)
    precision = both / predicted if predicted else 1.0
    recall = both / actual if actual else 1.0
    return precision, recall


def with_suggestions(m: Mapped, duplicates: list[tuple[int, int]]) -> dict[tuple, object]:
    """Clusters if every suggestion were accepted: a waiting mention joins its best record,
    and records suggested as duplicates join each other."""
    parent: dict[object, object] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in duplicates:
        parent[find(a)] = find(b)
    clusters: dict[tuple, object] = {k: find(v) for k, v in m.linked.items()}
    for k, record in m.suggested.items():
        clusters[k] = find(record)
    return clusters


def records_per_identity(m: Mapped) -> float:
    records: dict[str, set[int]] = defaultdict(set)
    for key, record in m.linked.items():
        records[m.truth[key]].add(record)
    return sum(len(r) for r in records.values()) / len(records) if records else 0.0


def identities_per_record(m: Mapped) -> float:
    people: dict[int, set[str]] = defaultdict(set)
    for key, record in m.linked.items():
        people[record].add(m.truth[key])
    return sum(len(p) for p in people.values()) / len(people) if people else 0.0


def suggestion_bands(m: Mapped) -> list[tuple[float, int, int]]:
    """For the mentions waiting for review: (score band, how many, how many are truly the
    record suggested), so the thresholds can be read off the evidence."""
    owner: dict[int, Counter] = defaultdict(Counter)
    for key, record in m.linked.items():
        owner[record][m.truth[key]] += 1
    bands: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for key, record in m.suggested.items():
        band = min(0.9, int(m.scores[key] * 10) / 10)
        bands[band][0] += 1
        if owner[record] and owner[record].most_common(1)[0][0] == m.truth[key]:
            bands[band][1] += 1
    return [(band, n, right) for band, (n, right) in sorted(bands.items())]
