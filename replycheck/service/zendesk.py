"""A pre-send hook for Zendesk: the ticket a Zendesk app sees in, the save hook's answer out.

A Zendesk Support app (``docs/zendesk-app/``) registers a ``ticket.save`` hook. When the
agent submits, it posts ``client.get('ticket')``'s answer (the ZAF ticket object: the draft in
``ticket.comment``, the requester, the earlier ``comments``) to ``POST /v1/zendesk/ticket-save``
and gets back what the hook does with it: ``allow`` (let the save go on, or cancel it and show
``message`` to the agent as the error notification) and ``notifications`` (``notify`` calls:
``error``, ``alert`` or ``notice``). Internal notes are not checked.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from replycheck.inputs import html_to_text
from replycheck.service.schema import FindingOut

MAX_NOTIFIED = 3  # findings named in the notification; the app shows the rest on demand


class ZendeskUser(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    id: int | None = None
    name: str | None = None
    email: str | None = None


class ZendeskComment(BaseModel):
    """``ticket.comment``: the draft being written."""

    model_config = ConfigDict(extra="allow", strict=True)
    text: str = Field("", description="The draft; HTML when `useRichText` is true.")
    type: str = Field("publicReply", description="`publicReply` or `internalNote`.")
    useRichText: bool = False


class ZendeskPastComment(BaseModel):
    """One of ``ticket.comments``: an earlier message on the ticket (HTML)."""

    model_config = ConfigDict(extra="allow", strict=True)
    value: str = ""
    author: ZendeskUser | None = None


class ZendeskTicket(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    id: int | None = None
    description: str | None = None
    comment: ZendeskComment
    requester: ZendeskUser | None = None
    comments: list[ZendeskPastComment] = Field(default_factory=list)


class TicketSaveRequest(BaseModel):
    """The answer of ``client.get('ticket')`` in a Zendesk app, as it is."""

    model_config = ConfigDict(extra="allow", strict=True)
    ticket: ZendeskTicket


class Notification(BaseModel):
    type: Literal["error", "alert", "notice"]
    message: str


class TicketSaveAnswer(BaseModel):
    allow: bool = Field(description="False: the hook cancels the save and shows `message`.")
    message: str | None = Field(None, description="The error the agent sees when the save is cancelled.")
    notifications: list[Notification]
    verdict: Literal["ok", "review", "block", "not-checked"]
    score: int | None = None
    findings: list[FindingOut]


def customer_message(ticket: ZendeskTicket) -> str | None:
    """The requester's latest message on the ticket (else the ticket's description), as text."""
    requester = ticket.requester
    for past in reversed(ticket.comments):
        author = past.author
        if requester is None or author is None:
            continue
        same = (requester.id is not None and author.id == requester.id) or (
            requester.email and author.email and requester.email.lower() == author.email.lower()
        )
        if same and past.value.strip():
            return html_to_text(past.value) if "<" in past.value else past.value
    return ticket.description or None


def draft(comment: ZendeskComment) -> str:
    return html_to_text(comment.text) if comment.useRichText and "<" in comment.text else comment.text


def _quote(reply: str, finding: dict) -> str:
    words = " ".join(reply[finding["start"]:finding["end"]].split())
    return f"“{words[:60]}…”" if len(words) > 60 else f"“{words}”"


def answer(report, reply: str) -> dict:
    """The hook's answer: block on errors, warn on warnings, stay quiet otherwise."""
    data = report.to_dict()
    findings = data["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    warnings = [f for f in findings if f["severity"] == "warning"]

    def lines(items):
        shown = [f"{_quote(reply, f)}: {f['message']}" for f in items[:MAX_NOTIFIED]]
        more = len(items) - len(shown)
        return "\n".join(shown + ([f"… and {more} more"] if more else []))

    notifications = []
    message = None
    if errors:
        message = f"replycheck stopped this reply ({len(errors)} error{'s' * (len(errors) > 1)}):\n{lines(errors)}"
    if warnings:
        notifications.append({"type": "alert", "message": f"replycheck: please review\n{lines(warnings)}"})
    if not report.grammar_checked:
        notifications.append({"type": "notice", "message": "replycheck: grammar was not checked this time"})
    return {
        "allow": not errors, "message": message, "notifications": notifications,
        "verdict": data["verdict"], "score": data["score"], "findings": findings,
    }


def add_routes(app: FastAPI, service, authorised) -> None:
    from replycheck.service.app import ERRORS, note
    from replycheck.service.schema import CheckRequest

    @app.post("/v1/zendesk/ticket-save", response_model=TicketSaveAnswer, responses=ERRORS,
              dependencies=[Depends(authorised)], tags=["adaptors"], summary="Zendesk ticket.save hook")
    async def zendesk_ticket_save(body: TicketSaveRequest, request: Request):
        """Check the draft of a Zendesk ticket before it is saved (see ``docs/zendesk-app/``)."""
        comment = body.ticket.comment
        reply = draft(comment)
        if comment.type != "publicReply" or not reply.strip():
            return JSONResponse({"allow": True, "message": None, "notifications": [], "verdict": "not-checked",
                                 "score": None, "findings": []})
        check = CheckRequest(reply=reply, customer=customer_message(body.ticket))
        service.limit_texts(check)
        report = await service.run(service.job(check), service.settings.request_timeout)
        note(request, service, report, reply)
        return JSONResponse(answer(report, reply))
