"""The simulator's HTTP/1.1 client against a real loopback server."""

import asyncio

from controlroom.sim.http import Pool
from controlroom.sim.hubapi import HubApi

CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
)


async def _server(handler):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def _read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        (
            int(h.split(b":")[1])
            for h in head.split(b"\r\n")
            if h.lower().startswith(b"content-length")
        ),
        0,
    )
    return head, await reader.readexactly(length)


def test_keep_alive_content_length_and_chunked():
    connections = []

    async def handler(reader, writer):
        connections.append(writer)
        try:
            while True:
                head, body = await _read_request(reader)
                if b"/chunked" in head:
                    writer.write(CHUNKED)
                else:
                    writer.write(
                        b"HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n" % len(body) + body
                    )
        except asyncio.IncompleteReadError:
            writer.close()

    async def main():
        server, url = await _server(handler)
        pool = Pool(url, size=1)
        for i in range(5):
            reply = await pool.request("POST", "/echo", b"x" * i, {"Content-Type": "text/plain"})
            assert (reply.status, reply.body) == (201, b"x" * i)
        reply = await pool.request("GET", "/chunked")
        assert reply.body == b"hello world"
        await pool.close()
        server.close()

    asyncio.run(main())
    assert len(connections) == 1  # every request reused the one connection


def test_reconnects_when_the_server_closed_a_kept_alive_connection():
    async def handler(reader, writer):
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()  # closes without saying Connection: close

    async def main():
        server, url = await _server(handler)
        pool = Pool(url, size=1)
        for _ in range(3):
            assert (await pool.request("GET", "/")).body == b"ok"
        await pool.close()
        server.close()

    asyncio.run(main())


def test_device_events_survive_a_character_split_across_chunks():
    """A multi-byte character cut between two chunks of the stream arrives whole."""
    event = 'id: 7\nevent: message.sent\ndata: {"text": "Meet at Caf\u00e9 Nero, Hanley"}\n\n'
    data = event.encode()
    cut = data.index("\u00e9".encode()) + 1  # between the two bytes of the é

    async def handler(reader, writer):
        await _read_request(reader)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        for part in (b": keep-alive\n\n", data[:cut], data[cut:]):
            writer.write(b"%x\r\n%s\r\n" % (len(part), part))
            await writer.drain()
            await asyncio.sleep(0.05)
        writer.write(b"0\r\n\r\n")
        writer.close()

    async def main():
        server, url = await _server(handler)
        api = HubApi(Pool(url))
        events = api.device_events("token")
        got = await asyncio.wait_for(anext(events), 10)
        await events.aclose()
        await api.close()
        server.close()
        return got

    assert asyncio.run(main()) == ("message.sent", {"text": "Meet at Caf\u00e9 Nero, Hanley"})
