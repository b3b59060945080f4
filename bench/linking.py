"""How well the hub links the people and vehicles of a long shift, against the simulator's
ground truth, and how soon a capture's links are visible.

python bench/linking.py [--officers 120] [--speed 120] [--duration 200] [--capture-rate 8]
                        [--ping-interval 120] [--db URL] [--seed 1]

It starts a hub on a fresh store, plays the shift with `--truth`, listens to the event stream
for each capture.linked, then reads every capture's entities through the API and prints, for
people and for vehicles: pairwise precision and recall of the automatic links, the same with
every suggestion taken as a link, records per true person (and people per record), what
extraction missed or invented, and the link latency (capture received -> its capture.linked
event at a workstation). Goals: automatic precision >= 0.995 at recall >= 0.95; with
suggestions recall >= 0.99; <= 1.05 person records per true person; latency <= 2 s p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from httpx_sse import connect_sse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._linkeval import (
    identities_per_record,
    map_mentions,
    pairwise,
    records_per_identity,
    suggestion_bands,
    with_suggestions,
)
from controlroom.hub.accounts import create_user
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.child import ChildProcess, hub_command
from controlroom.hub.writer import run_now
from controlroom.sim.runner import Settings, play
from controlroom.sim.truth import read_truth
from controlroom.store.engine import make_engine, migrate
from controlroom.timeutil import parse_iso

PASSWORD = "bench linking password"


def sign_in(url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    reply = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    reply.raise_for_status()
    client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
    return client


class LinkWatch(threading.Thread):
    """Reads the event stream: when each capture was received, and when its links arrived."""

    def __init__(self, client: httpx.Client):
        super().__init__(daemon=True)
        self.client, self.received, self.linked = client, {}, {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with connect_sse(self.client, "GET", "/api/v1/events", timeout=None) as source:
                    for frame in source.iter_sse():
                        self._frame(frame)
                        if self.stop.is_set():
                            return
            except httpx.HTTPError:
                time.sleep(0.5)

    def _frame(self, frame) -> None:
        if frame.event == "capture.created":
            doc = json.loads(frame.data)["payload"]
            self.received[doc["id"]] = parse_iso(doc["received_at"])
        elif frame.event == "capture.linked":
            self.linked[json.loads(frame.data)["subject"]] = time.time()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(kind: str, truth: dict, hub: dict, duplicates: list) -> None:
    m = map_mentions(kind, truth, hub)
    precision, recall = pairwise(m.truth, m.linked)
    s_precision, s_recall = pairwise(m.truth, with_suggestions(m, duplicates))
    log(f"\n{kind}: {len(m.truth)} mentions of {len(set(m.truth.values()))} true {kind}s")
    log(f"  automatic links   precision {precision:.4f}  recall {recall:.4f}")
    log(f"  with suggestions  precision {s_precision:.4f}  recall {s_recall:.4f}")
    log(f"  waiting for review {len(m.suggested)} mentions")
    bands = ", ".join(f"{b:.1f}+: {right}/{n}" for b, n, right in suggestion_bands(m))
    log(f"  waiting by score, truly the record suggested: {bands or 'none'}")
    log(
        f"  records per true {kind} {records_per_identity(m):.3f}; "
        f"true {kind}s per record {identities_per_record(m):.3f}"
    )
    log(
        f"  extraction: missed {m.missed} of {m.wanted} true mentions; "
        f"{m.spurious} not in the truth"
    )


def log(*parts: object) -> None:
    print(*parts, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=120)
    parser.add_argument("--speed", type=float, default=120.0)
    parser.add_argument("--duration", type=float, default=200.0, help="wall-clock seconds")
    parser.add_argument("--capture-rate", type=float, default=8.0)
    parser.add_argument(
        "--ping-interval",
        type=float,
        default=120.0,
        help="simulated seconds (pings are not measured)",
    )
    parser.add_argument("--db", help="a database URL (default: a fresh SQLite file)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-linking-"))
    url = args.db or f"sqlite:///{tmp / 'controlroom.db'}"
    engine = make_engine(url, pool_size=2)
    migrate(engine)
    chain = AuditChain.open(engine, tmp / "data")
    run_now(engine, create_user("bench-super", "supervisor", PASSWORD, "bench", "bench"), chain)
    run_now(engine, create_user("bench-intel", "intelligence", PASSWORD, "bench", "bench"), chain)
    hub = ChildProcess(hub_command("--db", url, "--data-dir", str(tmp / "data"), "--port", "0"))
    base = hub.start()
    try:
        watch = LinkWatch(sign_in(base, "bench-intel"))
        watch.start()
        truth_path = tmp / "truth.jsonl"
        settings = Settings(
            hub=base,
            username="bench-super",
            password=PASSWORD,
            officers=args.officers,
            speed=args.speed,
            duration=args.duration,
            seed=args.seed,
            capture_rate=args.capture_rate,
            ping_interval=args.ping_interval,
            streams=0,  # no task streams: no incidents are raised, and each holds a connection
            incidents=False,
            truth=str(truth_path),
        )
        started = time.monotonic()
        asyncio.run(play(settings))
        truth = read_truth(truth_path)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not set(truth) <= set(watch.linked):
            time.sleep(0.2)
        log(
            f"shift: {len(truth)} captures in {time.monotonic() - started:.0f} s; "
            f"linked {len(set(truth) & set(watch.linked))}"
        )
        latencies = [
            watch.linked[c] - watch.received[c]
            for c in truth
            if c in watch.linked and c in watch.received
        ]
        log(
            "link latency (received -> capture.linked at a workstation): "
            f"p50 {statistics.median(latencies):.3f} s, p95 {percentile(latencies, 0.95):.3f} s, "
            f"max {max(latencies):.3f} s over {len(latencies)}"
        )
        intel = sign_in(base, "bench-intel")
        hub_entities = {
            c: intel.get(f"/api/v1/captures/{c}/entities").json()["entities"] for c in truth
        }
        queue = intel.get("/api/v1/entities/suggestions", params={"limit": 500}).json()[
            "suggestions"
        ]
        duplicates = [
            (s["record"]["entity"], s["candidate"]["entity"])
            for s in queue
            if s["candidate"]["entity"]
        ]
        watch.stop.set()
        for kind in ("person", "vehicle"):
            report(kind, truth, hub_entities, duplicates)
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
