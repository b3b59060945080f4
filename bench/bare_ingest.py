"""The yardstick: a bare Starlette + orjson + SQLite (WAL) ping endpoint that only parses,
range-checks, group-commits and acknowledges after the commit. bench/ingest.py runs it beside
the hub so both are measured in the same run on the same machine.

    python bench/bare_ingest.py DB_PATH PORT
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import sys
import threading
from datetime import datetime

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


class GroupCommit:
    def __init__(self, path: str):
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS pings (id INTEGER PRIMARY KEY, at REAL, lat REAL, lon REAL)"
        )
        threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        while True:
            jobs = [self.queue.get()]
            while True:
                try:
                    jobs.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO pings (at, lat, lon) VALUES (?, ?, ?)",
                [row for rows, _, _ in jobs for row in rows],
            )
            self.db.execute("COMMIT")
            for _, future, loop in jobs:
                loop.call_soon_threadsafe(future.set_result, None)

    async def write(self, rows: list[tuple]) -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.queue.put((rows, future, loop))
        await future


def make_app(path: str) -> Starlette:
    writer = GroupCommit(path)

    async def pings(request: Request) -> Response:
        body = orjson.loads(await request.body())
        rows = []
        for ping in body["pings"]:
            lat, lon = float(ping["lat"]), float(ping["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                return Response(b'{"error":"out_of_range"}', 422)
            rows.append((datetime.fromisoformat(ping["at"]).timestamp(), lat, lon))
        await writer.write(rows)
        return Response(orjson.dumps({"accepted": len(rows)}), media_type="application/json")

    return Starlette(routes=[Route("/api/v1/device/pings", pings, methods=["POST"])])


if __name__ == "__main__":
    db_path, port = sys.argv[1], int(sys.argv[2])
    print(f"bare endpoint ready on http://127.0.0.1:{port}", flush=True)
    uvicorn.run(
        make_app(db_path),
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
    )
