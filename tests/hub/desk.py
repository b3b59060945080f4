"""The intelligence desk as tests drive it: captures sent as a device sends them, review steps
and gradings as an analyst makes them, and a workstation's stream read while the test acts."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import httpx

from tests.hub.helpers import capture, frames


def intel(device: httpx.Client, code: str | None = "P", **extra) -> dict:
    """An intelligence capture from `device` (handling code `code`), as stored."""
    fields = {"text": "Dealing from the flat above the shop", "source_evaluation": 2}
    if code is not None:
        fields["handling_code"] = code
    body = capture("intelligence", fields=fields, **extra)
    response = device.post("/api/v1/device/captures", json=body)
    assert response.status_code == 201, response.text
    return body


def attach(device: httpx.Client, capture_id: str, name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    response = device.put(
        f"/api/v1/device/captures/{capture_id}/attachments/{name}",
        content=content,
        headers={"X-Content-SHA256": digest},
    )
    assert response.status_code == 201, response.text
    return digest


def review(client: httpx.Client, capture_id: str, state: str, note: str = "", **extra):
    body = {"state": state, "note": note, **extra}
    return client.post(f"/api/v1/captures/{capture_id}/review", json=body)


def grade(client: httpx.Client, capture_id: str, handling: str = "P", **extra):
    body = {
        "source": 2,
        "intelligence": "B",
        "handling": handling,
        "conditions": "Not outside the force" if handling == "C" else "",
        "sanitised_text": "A resident reports dealing from a flat on the high street.",
        **extra,
    }
    return client.put(f"/api/v1/captures/{capture_id}/grading", json=body)


def events_of(text: str) -> list[dict]:
    """The event documents of a stream read with :func:`read_stream`, but the background
    linker's (they come whenever it gets to a capture; the entity tests read those)."""
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines if not _from_linker(line)]


def read_stream(
    client: httpx.Client,
    path: str,
    until_subject: str,
    timeout: float = 15.0,
    opened: threading.Event | None = None,
    until_type: str | None = None,
) -> str:
    """Every event's data from `path` until one that names `until_subject` (and is of
    `until_type`, where given) arrives, or the stream is refused: then the refusal's body.
    `opened` is set once the hub has answered."""
    got: list[str] = []
    deadline = time.monotonic() + timeout
    with client.stream("GET", path, timeout=timeout) as response:
        if opened is not None:
            opened.set()
        if response.status_code != 200:
            response.read()
            return response.text
        for frame in frames(response):
            if frame.data:
                got.append(frame.data)
                if _ends(frame.data, until_subject, until_type):
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"the stream did not reach {until_subject} in time")
    return "\n".join(got)


def _ends(data: str, subject: str, kind: str | None) -> bool:
    if subject not in data or _from_linker(data):
        return False
    return kind is None or json.loads(data).get("type") == kind


def _from_linker(data: str) -> bool:
    """The background linker's events about a capture come whenever it gets to it: no desk
    action's test waits for one."""
    try:
        kind = json.loads(data).get("type", "")
    except ValueError:
        return False
    return kind == "capture.linked" or kind.startswith("entity.")


class LiveStream(threading.Thread):
    """A stream (a workstation's, or a device's at `path`) read while the test acts: from now
    until an event about `until_subject` (of `until_type`, where given). "Now" is where the
    hub's live delivery has got to, so an event committed just before may still come first:
    a test waiting for the effect of its own action names the event's type."""

    def __init__(
        self,
        client: httpx.Client,
        until_subject: str,
        path: str = "/api/v1/events",
        until_type: str | None = None,
    ):
        super().__init__(daemon=True)
        self.client, self.until_subject, self.path = client, until_subject, path
        self.until_type = until_type
        self.opened = threading.Event()
        self.text = ""
        self.failure: BaseException | None = None

    def __enter__(self) -> LiveStream:
        self.start()
        assert self.opened.wait(10), "the stream did not open"
        return self

    def __exit__(self, *exc: object) -> None:
        self.join(25)
        assert not self.is_alive(), f"the stream did not reach {self.until_subject}"
        if self.failure is not None:
            raise self.failure

    def run(self) -> None:
        try:
            self.text = read_stream(
                self.client, self.path, self.until_subject, 20, self.opened, self.until_type
            )
        except BaseException as exc:  # handed to the test in __exit__
            self.failure = exc
            self.opened.set()


class Staff:
    """One signed-in client per role, made when first asked for and shared by a module's
    tests (signing a user in costs a password hash)."""

    def __init__(self, hub):
        self.hub = hub
        self._clients: dict[str, httpx.Client] = {}

    def __getitem__(self, role: str) -> httpx.Client:
        if role not in self._clients:
            self._clients[role] = self.hub.user(role)
        return self._clients[role]
