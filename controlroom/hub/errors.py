"""Every error leaves the hub as JSON {"error": code, "detail": text} with a fitting 4xx status."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from controlroom.hub.batch import ChangeFailed, ServiceUnavailable, store_unavailable

log = logging.getLogger(__name__)
RETRY_AFTER = "2"  # seconds: about how long a store that is briefly locked takes to free

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


class ApiError(Exception):
    """`extra` adds fields a client can act on (the current seq, say) beside error and detail."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        headers: dict | None = None,
        extra: dict | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra


def error_response(
    status: int,
    code: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    extra: dict | None = None,
) -> Response:
    body = orjson.dumps({"error": code, "detail": detail, **(extra or {})})
    return Response(body, status, headers=headers, media_type="application/json")


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.detail, exc.headers, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        return error_response(422, "invalid", _describe(exc.errors()))

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(_request: Request, exc: ServiceUnavailable):
        return unavailable(str(exc) or "the store could not take this")

    @app.exception_handler(ChangeFailed)
    async def _refused(_request: Request, exc: ChangeFailed):
        return error_response(500, "internal", "the hub could not store this change")

    @app.exception_handler(SQLAlchemyError)
    async def _store(request: Request, exc: SQLAlchemyError):
        if store_unavailable(exc):
            log.warning("store unavailable on %s %s: %s", request.method, request.url.path, exc)
            request.app.state.hub.writer.store_lost(exc)
            return unavailable("the store is unavailable")
        log.error("store error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal", "the hub could not complete this request")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal", "the hub could not complete this request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code = _CODES.get(exc.status_code, "error")
        headers = dict(exc.headers) if exc.headers else None
        return error_response(exc.status_code, code, str(exc.detail), headers)


def unavailable(detail: str) -> Response:
    return error_response(503, "unavailable", f"{detail}; try again", {"Retry-After": RETRY_AFTER})


def _describe(errors) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return "; ".join(parts) or "request is not valid"


def unauthorized(detail: str) -> ApiError:
    return ApiError(401, "unauthorized", detail, {"WWW-Authenticate": "Bearer"})


def forbidden(detail: str) -> ApiError:
    return ApiError(403, "forbidden", detail)


def not_found(detail: str) -> ApiError:
    return ApiError(404, "not_found", detail)


def invalid(detail: str) -> ApiError:
    return ApiError(422, "invalid", detail)
