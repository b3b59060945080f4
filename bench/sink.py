"""A tiny HTTP/1.1 sink that answers like the hub's device API, for benchmarking the simulator.

python bench/sink.py [--port 0]   prints "sink listening on PORT" and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json

TOKEN = json.dumps(
    {
        "access_token": "a",
        "refresh_token": "r",
        "token_type": "bearer",
        "expires_in": 900,
        "username": "bench",
        "role": "admin",
    }
).encode()
DEVICE = b'{"callsign":"X","device_id":1,"token":"d"}'
PINGS = b'{"accepted":1,"rejected":[],"seq":1}'


def _reply(status: int, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            line, _, rest = head.partition(b"\r\n")
            length = 0
            for header in rest.split(b"\r\n"):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            path = line.split(b" ")[1]
            if path.endswith(b"/auth/token"):
                writer.write(_reply(200, TOKEN))
            elif path.endswith(b"/admin/devices"):
                writer.write(_reply(201, DEVICE))
            elif path.endswith(b"/captures") or b"/attachments/" in path:
                writer.write(_reply(201, b"{}"))
            else:
                writer.write(_reply(200, PINGS))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(_serve, "127.0.0.1", port)
    print(f"sink listening on {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main(parser.parse_args().port))
