"""The HTTP service: FastAPI routes over one long-lived ``Checker``; no checking logic here."""

from __future__ import annotations

import hmac
import logging
import re
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from replycheck import __version__
from replycheck.errors import ConfigError, ReplycheckError
from replycheck.service.admission import Admission, Busy, TimedOut
from replycheck.service.middleware import BodyTooLarge, LimitAndLog, error_response
from replycheck.service.schema import (
    BatchOut, BatchRequest, ChecksOut, CheckRequest, ErrorOut, HealthOut, ReportOut,
)
from replycheck.service.settings import ServiceSettings

log = logging.getLogger("replycheck.service")
_GLOSSARY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class ServiceError(Exception):
    """An answer other than 200, with the error code and message the caller sees."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


ERRORS = {  # documented answers besides 200 (Schemathesis checks answers against them)
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    413: {"model": ErrorOut, "description": "The body or a text in it is over the limit; nothing was checked."},
    422: {"model": ErrorOut, "description": "The request is not valid (the message says which field and why)."},
    503: {"model": ErrorOut, "description": "Every place in the queue is taken; retry after `Retry-After` seconds."},
    504: {"model": ErrorOut, "description": "The check took longer than the request time limit."},
}


class Service:
    """The state behind the routes: settings, the checker, the queue and the warm-up."""

    def __init__(self, settings: ServiceSettings, checker=None, config=None) -> None:
        from replycheck.api import Checker
        from replycheck.config import Config

        self.settings = settings
        self.owns_checker = checker is None
        if checker is None:
            config = config or Config.from_env()
            # LanguageTool gives up before the request does: a slow server means "grammar not
            # checked" in a 200 answer, not a 504.
            lt_timeout = min(config.languagetool_timeout, settings.request_timeout * 0.75)
            checker = Checker(config.with_(languagetool_timeout=lt_timeout))
        self.checker = checker
        self.admission = Admission(settings.workers, settings.capacity)
        self.warmed: list[str] = []
        self.warming = False

    def warm_up_in_background(self) -> None:
        def run() -> None:
            try:
                self.warmed.extend(self.checker.warm_up())
            except Exception as error:  # noqa: BLE001  (a failed warm-up only makes first checks slower)
                log.warning("warm-up failed: %s", error)
            finally:
                self.warming = False

        self.warming = True
        threading.Thread(target=run, name="replycheck-warm-up", daemon=True).start()

    def languagetool_status(self) -> str:
        engine = self.checker.languagetool()
        return "off" if engine is None else engine.status

    def close(self) -> None:
        self.admission.close()
        if self.owns_checker:
            self.checker.close()

    # -- checking --------------------------------------------------------------------------
    def glossary(self, name: str | None):
        if name is None:
            return None
        path = self.settings.glossaries / f"{name}.yaml"
        if not _GLOSSARY_NAME.match(name) or not path.is_file():
            raise ServiceError(422, "invalid_request", f"glossary: no glossary named {name!r} on this server")
        return str(path)

    def limit_texts(self, request: CheckRequest, where: str = "") -> None:
        limit = self.settings.max_reply_chars
        for field in ("reply", "customer", "source"):
            text = getattr(request, field)
            if text is not None and len(text) > limit:
                raise ServiceError(
                    413, "too_large", f"{where}{field} is {len(text):,} characters; the limit is {limit:,}"
                )

    def job(self, request: CheckRequest):
        """The blocking call that checks ``request`` (inputs validated before it is queued)."""
        changes = {"max_reply_chars": self.settings.max_reply_chars}
        if request.categories is not None:
            changes["categories"] = tuple(dict.fromkeys(request.categories))
        if request.language:
            changes["language"] = request.language
        try:
            config = self.checker.config.with_(**changes)
        except ConfigError as error:
            raise ServiceError(422, "invalid_request", str(error)) from None
        glossary = self.glossary(request.glossary)
        checker = self.checker
        return lambda: checker.check(request.reply, request.customer, request.source, glossary=glossary, config=config)

    async def run(self, work, timeout: float):
        try:
            return await self.admission.run(work, timeout)
        except Busy as error:
            raise ServiceError(
                503, "busy", f"the service is busy ({error}); retry later",
                {"Retry-After": str(self.settings.retry_after)},
            ) from None
        except TimedOut as error:
            raise ServiceError(504, "timeout", str(error)) from None
        except ReplycheckError as error:  # the text cannot be checked (empty, binary, …)
            raise ServiceError(422, "invalid_request", str(error)) from None


def note(request: Request, service: Service, report, text: str | None = None) -> None:
    """Add what the log line may say about this check (never the text, unless ``log_text``)."""
    entry = request.state.log
    entry.update(lang=report.reply_language.code, verdict=report.verdict, findings=len(report.findings))
    if not report.grammar_checked:
        entry["grammar"] = "not-checked"
    if service.settings.log_text and text is not None:
        entry["text"] = repr(text)


def create_app(settings: ServiceSettings | None = None, checker=None, *, config=None, warm_up: bool = True) -> FastAPI:
    """The FastAPI application over ``checker`` (else a new ``Checker`` with ``config``, which
    defaults to the environment's); the service closes a checker it created when it stops."""
    settings = settings or ServiceSettings.from_env()
    service = Service(settings, checker, config)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm_up:
            service.warm_up_in_background()
        yield
        service.close()

    app = FastAPI(
        title="replycheck",
        version=__version__,
        summary="Checks a customer-support reply before it is sent.",
        description=(
            "A bearer token is required whenever the service listens beyond this machine "
            "(`Authorization: Bearer <token>`). Texts are never logged."
        ),
        lifespan=lifespan,
        docs_url=None,  # the interactive pages load scripts from a CDN; the document is enough
        redoc_url=None,
    )
    app.state.service = service
    app.add_middleware(LimitAndLog, max_body_bytes=settings.max_body_bytes)
    bearer = HTTPBearer(auto_error=False, description="The service's token (REPLYCHECK_TOKEN).")

    def authorised(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        expected = settings.token
        if expected is None:
            return
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise ServiceError(401, "unauthorized", "a valid bearer token is required", {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(ServiceError)
    async def service_error(_request, error: ServiceError):
        return error_response(error.status, error.code, error.message, error.headers)

    @app.exception_handler(BodyTooLarge)
    async def too_large(_request, error: BodyTooLarge):
        return error_response(413, "too_large", str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request, error: RequestValidationError):
        problems = []
        for item in error.errors()[:5]:
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
            problems.append(f"{where}: {item.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(problems) or "the request is not valid")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request, error: StarletteHTTPException):
        if isinstance(error.__cause__, BodyTooLarge):  # FastAPI wraps errors met while reading the body
            return error_response(413, "too_large", str(error.__cause__))
        if error.status_code == 400:  # a body FastAPI could not read: not UTF-8, not JSON
            return error_response(422, "invalid_request", "body: not a JSON document in UTF-8")
        code = "not_found" if error.status_code in (404, 405) else "invalid_request"
        return error_response(error.status_code, code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def internal(_request, error: Exception):
        log.error("internal error: %s", type(error).__name__)  # no message: it may quote the text
        return error_response(500, "internal", f"internal error ({type(error).__name__}); please report it")

    @app.post("/v1/check", response_model=ReportOut, responses=ERRORS, dependencies=[Depends(authorised)],
              summary="Check one reply")
    async def check(body: CheckRequest, request: Request):
        """Check one reply; the answer is exactly ``Report.to_dict()`` (verdict, score, findings)."""
        service.limit_texts(body)
        report = await service.run(service.job(body), settings.request_timeout)
        note(request, service, report, body.reply)
        return JSONResponse(report.to_dict())

    @app.post("/v1/batch", response_model=BatchOut, responses=ERRORS, dependencies=[Depends(authorised)],
              summary="Check several replies")
    async def batch(body: BatchRequest, request: Request):
        """Check up to the server's batch limit of replies, in order; the time limit is per reply.

        A reply that cannot be checked (empty, an unknown glossary) gets an ``error`` in its
        place; the others are still checked.
        """
        if len(body.items) > settings.max_batch:
            raise ServiceError(413, "too_large", f"items: {len(body.items)} replies; the limit is {settings.max_batch}")
        for index, item in enumerate(body.items):
            service.limit_texts(item, f"items.{index}.")
        jobs = []
        for item in body.items:
            try:
                jobs.append(service.job(item))
            except ServiceError as error:
                jobs.append(error)

        def run_all():
            results = []
            for job in jobs:
                if isinstance(job, ServiceError):
                    results.append({"error": {"code": job.code, "message": job.message}})
                    continue
                try:
                    results.append({"report": job().to_dict()})
                except ReplycheckError as error:
                    results.append({"error": {"code": "invalid_request", "message": str(error)}})
            return results

        results = await service.run(run_all, settings.request_timeout * len(jobs))
        request.state.log.update(replies=len(results))
        return JSONResponse({"results": results})

    @app.get("/v1/checks", response_model=ChecksOut, responses={401: ERRORS[401]},
             dependencies=[Depends(authorised)], summary="List the checks and their codes")
    async def checks():
        """Every registered check: its codes, default severities and what it needs."""
        from replycheck.registry import all_checks

        return {"checks": [
            {
                "name": spec.name, "category": spec.category,
                "codes": [code for code, _ in spec.codes], "severities": [sev for _, sev in spec.codes],
                "needs": list(spec.needs), "summary": (spec.doc.strip().splitlines() or [""])[0],
            }
            for spec in all_checks()
        ]}

    @app.get("/healthz", response_model=HealthOut, summary="Alive")
    def healthz():
        """The process answers (says nothing about LanguageTool)."""
        return {"status": "alive", "languagetool": service.languagetool_status(), "warmed": list(service.warmed)}

    @app.get("/readyz", response_model=HealthOut, responses={503: {"model": HealthOut, "description": "Not ready yet."}},
             summary="Ready: LanguageTool answers and the languages are warm")
    def readyz():
        """200 when LanguageTool answers (or is off) and the warm-up is done; 503 before."""
        status = service.languagetool_status()
        ready = status in ("ready", "off") and not service.warming
        body = {"status": "ready" if ready else "starting", "languagetool": status, "warmed": list(service.warmed)}
        return JSONResponse(body, status_code=200 if ready else 503)

    from replycheck.service.zendesk import add_routes

    add_routes(app, service, authorised)
    return app


def openapi_document(app: FastAPI | None = None) -> dict:
    """The OpenAPI document (the same for every configuration of the service)."""
    if app is None:
        app = create_app(ServiceSettings(), _NoChecker(), warm_up=False)
    return app.openapi()


class _NoChecker:
    """Stands in for a Checker when only the OpenAPI document is wanted (nothing starts)."""

    config = None

    def languagetool(self):
        return None

    def close(self) -> None:
        pass


def committed_openapi_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
