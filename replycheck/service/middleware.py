"""ASGI middleware of the service: the request-body limit and one log line per request.

The log line names the method, path, status, time and sizes, never the text: customer
e-mails are personal data. Routes add what they learned (verdict, finding count, language)
to ``request.state.log``; with ``log_text`` a route may add the text itself.
"""

from __future__ import annotations

import logging
import time
import uuid

from starlette.responses import JSONResponse

log = logging.getLogger("replycheck.service")


class BodyTooLarge(Exception):
    """The request body is over the limit (raised while the body is read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is over the limit of {limit:,} bytes")


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    """Every answer other than 200: ``{"error": {"code", "message"}}``."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


class LimitAndLog:
    """Refuse bodies over ``max_body_bytes`` (413) and log every request without its text."""

    def __init__(self, app, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:12]
        scope.setdefault("state", {})["log"] = {}
        status, size_in = [0], [0]
        limit = self.max_body_bytes

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = {**message, "headers": list(message.get("headers", [])) + [(b"x-request-id", request_id.encode())]}
            await send(message)

        async def receiving():
            message = await receive()
            if message["type"] == "http.request":
                size_in[0] += len(message.get("body", b""))
                if size_in[0] > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            declared = _content_length(scope)
            if declared is not None and declared > limit:
                await error_response(413, "too_large", str(BodyTooLarge(limit)))(scope, receive, sending)
            else:
                await self.app(scope, receiving, sending)
        finally:
            extra = " ".join(f"{k}={v}" for k, v in scope["state"]["log"].items())
            log.info(
                "%s %s %s %s %d ms in=%d B%s", request_id, scope["method"], scope["path"], status[0] or "-",
                round((time.perf_counter() - started) * 1000), size_in[0], f" {extra}" if extra else "",
            )


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
