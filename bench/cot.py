"""CoT ingest and fan-out: N TAK connections each send position reports at a fixed rate and
receive every other unit's positions back from the hub (as WinTAK clients do).

Prints events/s stored (ping rows in the store / sent) and streamed (positions received by
the clients), delivery % and latency p50/p99. A sent position counts as delivered to a client
when that client receives the position or a newer one of the same unit (the hub coalesces a
unit's positions within one commit: a TAK map shows the newest); its latency is send time to
the arrival of the first such position. The hub is pinned to core 0, this client to core 1.

    python bench/cot.py [--connections 20] [--rate 5000] [--seconds 20] [--proto xml|v1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._servers import free_port, pinned
from controlroom.hub.accounts import register_device
from controlroom.hub.auditchain import AuditChain
from controlroom.hub.child import ChildProcess, hub_command
from controlroom.hub.writer import run_now
from controlroom.store.engine import make_engine, migrate

COT = re.compile(r"CoT listening on tcp://\S+:(\d+)")
RECEIVED = re.compile(rb"uid=[\"']controlroom-(C\d+)[\"'][^>]*? time=[\"']([^\"']+)")


def _cot_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def position(uid: str, callsign: str, epoch: float, n: int, proto: str) -> bytes:
    t = _cot_time(epoch)
    xml = (
        f"<event version='2.0' uid='{uid}' type='a-f-G-U-C' how='m-g' time='{t}' start='{t}' "
        f"stale='{_cot_time(epoch + 120)}'><point lat='{53.0 + n * 1e-6:.6f}' lon='-2.18' "
        f"hae='0' ce='5' le='9999999'/><detail><contact callsign='{callsign}'/>"
        f"<track speed='1.5' course='90'/></detail></event>"
    ).encode()
    if proto == "xml":
        return xml
    import takproto

    return bytes(takproto.xml2proto(xml, takproto.TAKProtoVer.STREAM))


def hello(uid: str, proto: str) -> bytes:
    t, stale = _cot_time(time.time()), _cot_time(time.time() + 60)
    xml = (
        f"<event version='2.0' uid='{uid}-ping' type='t-x-c-t' how='h-g-i-g-o' time='{t}' "
        f"start='{t}' stale='{stale}'><point lat='0' lon='0' hae='0' ce='9999999' le='9999999'/>"
        "<detail/></event>"
    ).encode()
    if proto == "xml":
        return xml
    import takproto

    return bytes(takproto.xml2proto(xml, takproto.TAKProtoVer.STREAM))


class Connection:
    def __init__(self, index: int, proto: str):
        self.callsign, self.uid = f"C{index:03d}", f"BENCH-{index:03d}"
        self.proto = proto
        self.sent: list[float] = []
        self.latest: dict[str, float] = {}  # unit -> newest time received
        self.arrivals: dict[str, list[tuple[float, float]]] = {}  # unit -> (time, arrived)
        self.received = 0
        self._buffer = b""
        self._times: dict[bytes, float] = {}

    async def run(self, port: int, rate: float, seconds: float, start: float) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(hello(self.uid, self.proto))  # a TAK client's first words fix its protocol
        receiving = asyncio.ensure_future(self._receive(reader))
        n = 0
        while (now := time.time()) < start + seconds:
            due = int((now - start) * rate)
            chunk = []
            while n < due:
                chunk.append(position(self.uid, self.callsign, now, n, self.proto))
                self.sent.append(int(now * 1000) / 1000)  # CoT keeps whole milliseconds
                n += 1
            if chunk:
                writer.write(b"".join(chunk))
            await asyncio.sleep(0.004)
        await asyncio.sleep(2.0)  # let the last positions arrive
        receiving.cancel()
        writer.close()

    async def _receive(self, reader) -> None:
        while data := await reader.read(1 << 18):
            arrived = time.time()
            buffer = self._buffer + data
            cut = buffer.rfind(b"</event>") + 8 if self.proto == "xml" else 0
            if self.proto != "xml":
                self._take_v1(buffer, arrived)
                continue
            self._buffer = buffer[cut:] if cut >= 8 else buffer
            for unit, stamp in RECEIVED.findall(buffer[:cut] if cut >= 8 else b""):
                self._note(unit.decode(), self._time(stamp), arrived)

    def _take_v1(self, buffer: bytes, arrived: float) -> None:
        import takproto

        pos = 0
        while len(buffer) - pos > 3:
            length, shift, i = 0, 0, pos + 1
            while True:
                byte = buffer[i]
                length |= (byte & 0x7F) << shift
                shift += 7
                i += 1
                if not byte & 0x80 or i >= len(buffer):
                    break
            if i + length > len(buffer):
                break
            message = takproto.parse_proto(buffer[pos : i + length])
            ev = message.cotEvent
            self._note(ev.detail.contact.callsign, ev.sendTime / 1000, arrived)
            pos = i + length
        self._buffer = buffer[pos:]

    def _time(self, stamp: bytes) -> float:
        value = self._times.get(stamp)
        if value is None:
            text_ = stamp.decode().replace("Z", "+00:00")
            value = self._times[stamp] = datetime.fromisoformat(text_).timestamp()
        return value

    def _note(self, unit: str, stamp: float, arrived: float) -> None:
        self.received += 1
        if stamp > self.latest.get(unit, 0.0):
            self.latest[unit] = stamp
            self.arrivals.setdefault(unit, []).append((stamp, arrived))


def start_hub(connections: int, db: str | None, workdir: Path):
    url = db or f"sqlite:///{workdir / 'controlroom.db'}"
    engine = make_engine(url)
    migrate(engine)
    chain = AuditChain.open(engine, workdir)
    for i in range(connections):
        job = register_device(f"C{i:03d}", "foot", False, f"BENCH-{i:03d}", "bench", "bench")
        run_now(engine, job, chain)
    command = pinned(0) + hub_command("--db", url, "--data-dir", str(workdir),
                                      "--port", str(free_port()), "--cot-port", "0")  # fmt: skip
    ports: list[int] = []

    def on_line(line: str) -> None:
        if match := COT.search(line):
            ports.append(int(match.group(1)))

    hub = ChildProcess(command, on_line)
    hub.start()
    return hub.process, ports[0], engine


def latencies(conns: list[Connection]) -> tuple[list[float], int, int]:
    """(latency of each delivered (position, client) pair, delivered, expected)."""
    out, expected = [], 0
    for sender in conns:
        for receiver in conns:
            if receiver is sender:
                continue
            arrivals = receiver.arrivals.get(sender.callsign, [])
            expected += len(sender.sent)
            j = 0
            for sent in sender.sent:
                while j < len(arrivals) and arrivals[j][0] < sent - 0.0005:
                    j += 1
                if j < len(arrivals):
                    out.append(arrivals[j][1] - sent)
    return out, len(out), expected


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def drive(port: int, args) -> list[Connection]:
    conns = [Connection(i, args.proto) for i in range(args.connections)]
    start = time.time() + 1.5  # every client connected (and sent the current positions) first
    rate = args.rate / args.connections
    await asyncio.gather(*(c.run(port, rate, args.seconds, start) for c in conns))
    return conns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5000, help="events/s over all connections")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--proto", choices=("xml", "v1"), default="xml")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if shutil.which("taskset"):
        os.sched_setaffinity(0, {1})
    workdir = Path(tempfile.mkdtemp(prefix="controlroom-cot-bench-"))
    process, port, engine = start_hub(args.connections, args.db, workdir)
    try:
        conns = asyncio.run(drive(port, args))
        time.sleep(0.5)
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM pings")).scalar()
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    report(conns, stored, args)


def report(conns: list[Connection], stored: int, args) -> None:
    sent = sum(len(c.sent) for c in conns)
    streamed = sum(c.received for c in conns)
    lat, delivered, expected = latencies(conns)
    print(f"{args.connections} TAK connections ({args.proto}), {args.rate:.0f} events/s offered "
          f"for {args.seconds:.0f} s")  # fmt: skip
    print(f"sent      {sent:>9,} events  {sent / args.seconds:>9,.0f} events/s")
    print(f"stored    {stored:>9,} pings   {stored / args.seconds:>9,.0f} events/s "
          f"({100 * stored / max(sent, 1):.2f}%)")  # fmt: skip
    print(f"streamed  {streamed:>9,} events  {streamed / args.seconds:>9,.0f} events/s to clients")
    print(f"delivered {100 * delivered / max(expected, 1):.2f}% of {expected:,} (position, client)"
          f"  latency p50 {pct(lat, 0.5):.2f} ms  p99 {pct(lat, 0.99):.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
