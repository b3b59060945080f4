"""OpenAPI schemas made from the contract's structs, so the description cannot drift from the
decoding: a route names its request and response types, and the components are generated."""

from __future__ import annotations

from typing import Any

import msgspec

REF = "#/components/schemas/{name}"
_described: dict[str, Any] = {}


def ref(kind: Any) -> dict[str, Any]:
    """A JSON-Schema reference to a contract type (a struct, or a list of them)."""
    (schema,), _ = msgspec.json.schema_components([kind], ref_template=REF)
    _described[repr(kind)] = kind
    return schema


def request_body(kind: Any, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` for a route whose JSON body decodes as ``kind``."""
    content = {"application/json": {"schema": ref(kind)}}
    return {"requestBody": {"required": required, "content": content}}


def response(kind: Any, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(kind)}}}


def components() -> dict[str, Any]:
    """Schemas of every type a route has referred to."""
    _, schemas = msgspec.json.schema_components(list(_described.values()), ref_template=REF)
    return schemas
