"""Refuse request bodies over the limit before reading them whole (ASGI middleware)."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from controlroom.hub.errors import error_response
from controlroom.hub.limits import LIMITS


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body is larger than {limit} bytes")


def limit_for(scope) -> int:
    if scope["method"] == "PUT" and "/attachments/" in scope["path"]:
        return LIMITS.attachment_bytes
    return LIMITS.body_bytes


class BodyLimit:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        limit = limit_for(scope)
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > limit:
                    response = error_response(413, "too_large", BodyTooLarge(limit).detail)
                    return await response(scope, receive, send)
                break
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        return await self.app(scope, limited_receive, send)
