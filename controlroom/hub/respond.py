"""JSON responses encoded with msgspec (the contract's structs, and faster than the framework's
encoder on large lists)."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

_encode = msgspec.json.Encoder().encode


def json_response(body: object, status: int = 200) -> Response:
    """Contract documents (structs), and dicts and lists of them, as JSON."""
    return Response(_encode(body), status, media_type="application/json")


def actor_of(user) -> str:
    """How a signed-in user is named in the audit log and in events."""
    return f"user:{user.username}"
