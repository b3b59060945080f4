"""Request bodies decoded with the contract's structs: the decoding is the validation."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from starlette.requests import Request

from controlroom.hub.errors import ApiError

T = TypeVar("T")


async def decode(request: Request, kind: type[T], optional: bool = False) -> T:
    """The body as ``kind``; 422 naming the field when it does not fit."""
    raw = await request.body()
    if not raw.strip():
        if optional:
            return kind()
        raise ApiError(422, "invalid", "a JSON body is required")
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.ValidationError as exc:
        raise ApiError(422, "invalid", str(exc)) from exc
    except (msgspec.DecodeError, RecursionError) as exc:
        raise ApiError(422, "invalid", f"body is not JSON: {exc}") from exc
