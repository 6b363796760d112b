"""The Zendesk ``ticket.save`` adaptor, with a ticket shaped as a Zendesk app's ``client.get('ticket')``
answers it (docs/zendesk-app/README.md cites the documentation the payload is written from)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests

from replycheck.service.zendesk import TicketSaveRequest, customer_message, draft

TICKET = json.loads((Path(__file__).parent / "data" / "zendesk_ticket.json").read_text(encoding="utf-8"))
PATH = "/v1/zendesk/ticket-save"


@pytest.fixture
def ticket():
    return copy.deepcopy(TICKET)


def test_the_draft_and_the_customer_message_are_read_as_text(ticket):
    parsed = TicketSaveRequest.model_validate(ticket).ticket
    assert draft(parsed.comment).startswith("Hej [CUSTOMER NAME],\n\nTack för att du hörde av dig.")
    assert customer_message(parsed).splitlines()[-1] == "/Linnea Berg"  # the requester's comment, not the agent's note
    del ticket["ticket"]["comments"]
    assert customer_message(TicketSaveRequest.model_validate(ticket).ticket).startswith("Hej!\nJag returnerade")


def test_a_reply_with_errors_is_stopped_with_a_message_for_the_agent(service, ticket):
    answer = requests.post(service.url + PATH, json=ticket, timeout=60)
    assert answer.status_code == 200
    body = answer.json()
    codes = {f["code"] for f in body["findings"]}
    assert codes == {"hygiene/placeholder", "contradiction/polarity"}
    assert body["allow"] is False and body["verdict"] == "block"
    assert body["message"].startswith("replycheck stopped this reply (1 error):\n“[CUSTOMER NAME]”:")
    assert [n["type"] for n in body["notifications"]] == ["alert", "notice"]  # the warning; grammar off here
    assert "“Återbetalningen har ännu inte genomförts”" in body["notifications"][0]["message"]


def test_a_clean_reply_is_let_through(service, ticket):
    ticket["ticket"]["comment"]["text"] = (
        "<p>Hej Linnea,</p><p>Tack för att du hörde av dig. Vi har tagit emot returen och "
        "återbetalat 899 kr till ditt kort.</p><p>Med vänliga hälsningar<br>Sara</p>"
    )
    body = requests.post(service.url + PATH, json=ticket, timeout=60).json()
    assert body["allow"] is True and body["message"] is None
    assert body["verdict"] == "ok" and body["findings"] == []


def test_internal_notes_and_empty_drafts_are_not_checked(service, ticket):
    ticket["ticket"]["comment"]["type"] = "internalNote"
    body = requests.post(service.url + PATH, json=ticket, timeout=60).json()
    assert body == {"allow": True, "message": None, "notifications": [], "verdict": "not-checked",
                    "score": None, "findings": []}
    ticket["ticket"]["comment"].update(type="publicReply", text="<p> </p>")
    assert requests.post(service.url + PATH, json=ticket, timeout=60).json()["verdict"] == "not-checked"


def test_a_payload_without_a_ticket_comment_is_a_clear_422(service, ticket):
    del ticket["ticket"]["comment"]
    answer = requests.post(service.url + PATH, json=ticket, timeout=60)
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "ticket.comment: Field required"
