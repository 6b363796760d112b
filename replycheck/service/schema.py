"""The service's JSON shapes, as pydantic models: they validate requests and document answers.

Answers are built by ``Report.to_dict()``; the models here only describe them in the OpenAPI
document (a test checks every answer against it).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from replycheck.model import CATEGORIES, SCHEMA_VERSION, SEVERITIES

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
GLOSSARY_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


class CheckRequest(BaseModel):
    """One reply to check, with what it answers."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reply: str = Field(min_length=1, description="The reply as the agent wrote it (plain text).")
    customer: str | None = Field(None, description="The customer's message it answers.")
    source: str | None = Field(None, description="The draft it was translated from.")
    glossary: str | None = Field(
        None, pattern=GLOSSARY_NAME,
        description="The name of a team glossary on the server (`glossaries/<name>.yaml`).",
    )
    categories: list[Category] | None = Field(None, description="Check only these categories.")
    language: str | None = Field(
        None, pattern=r"^[a-z]{2,3}$", description="The reply's language when the caller knows it."
    )


class BatchRequest(BaseModel):
    """Several replies, checked in order."""

    model_config = ConfigDict(extra="forbid", strict=True)

    items: list[CheckRequest] = Field(min_length=1, description="The replies (at most the server's batch limit).")


class LanguageOut(BaseModel):
    code: str = Field(description="ISO 639-1 code, `nb`/`nn` for Norwegian, or `unknown`.")
    confidence: float


class FindingOut(BaseModel):
    category: Category
    code: str = Field(description="Stable code, `<category>/<name>`.")
    severity: Severity
    start: int = Field(ge=0, description="Half-open code-point offsets into the reply as sent.")
    end: int = Field(ge=0)
    message: str
    suggestions: list[str]
    related: list[int] | None = Field(
        None, min_length=2, max_length=2, description="The other statement's span (contradictions)."
    )


class NotRunOut(BaseModel):
    check: str
    status: Literal["skipped", "failed", "pending"]
    reason: str


class ReportOut(BaseModel):
    """Exactly ``Report.to_dict()``."""

    schema_version: Literal[SCHEMA_VERSION]  # type: ignore[valid-type]
    reply_language: LanguageOut
    customer_language: LanguageOut | None
    verdict: Literal["ok", "review", "block"]
    score: int = Field(ge=0, le=100)
    findings: list[FindingOut]
    skipped: list[NotRunOut] = Field(description="Checks that did not run, and why (grammar not checked, …).")


class ErrorDetail(BaseModel):
    code: Literal[
        "invalid_request", "unauthorized", "too_large", "busy", "timeout", "not_found", "internal"
    ]
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class BatchResultOut(BaseModel):
    """One item's report, or why that item could not be checked."""

    report: ReportOut | None = None
    error: ErrorDetail | None = None


class BatchOut(BaseModel):
    results: list[BatchResultOut]


class CheckInfo(BaseModel):
    name: str
    category: Category
    codes: list[str]
    severities: list[Severity]
    needs: list[str]
    summary: str


class ChecksOut(BaseModel):
    checks: list[CheckInfo]


class HealthOut(BaseModel):
    status: Literal["alive", "ready", "starting", "unavailable"]
    languagetool: str = Field(description="`ready`, `starting`, `off`, `stopped` or `failed: …`.")
    warmed: list[str] = Field(default_factory=list, description="Languages loaded so far.")
