"""POST /v1/check, /v1/batch, GET /v1/checks, /healthz, /readyz against a real uvicorn server."""

from __future__ import annotations

import json
import logging

import requests

from replycheck.registry import all_checks

SV_REPLY = (
    "Hej Anna,\n\nVi har nu återbetalat 1 195 kr. Återbetalningen har ännu inte genomförts.\n\n"
    "Mvh\nTobias"
)
SV_CUSTOMER = "Hej, var är min återbetalning? /Anna"


def post(service, path, body, **kwargs):
    return requests.post(service.url + path, json=body, timeout=60, **kwargs)


def test_check_answers_exactly_the_report_of_the_python_api(service, fast_checker):
    answer = post(service, "/v1/check", {"reply": SV_REPLY, "customer": SV_CUSTOMER})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == fast_checker.check(SV_REPLY, SV_CUSTOMER).to_dict()
    finding = answer.json()["findings"][0]
    assert finding["code"] == "contradiction/polarity"
    assert SV_REPLY[finding["start"]:finding["end"]] == "Återbetalningen har ännu inte genomförts"
    assert SV_REPLY[slice(*finding["related"])] == "Vi har nu återbetalat 1 195 kr"


def test_every_example_case_answers_as_the_python_api_does(service, fast_checker, dev_cases):
    for case in dev_cases[:8]:
        body = {"reply": case["reply"], "customer": case.get("customer"), "source": case.get("source")}
        answer = post(service, "/v1/check", body)
        assert answer.status_code == 200, answer.text
        assert answer.json() == fast_checker.check(body["reply"], body["customer"], body["source"]).to_dict()


def test_categories_and_language_narrow_the_check(service):
    body = {"reply": SV_REPLY, "customer": SV_CUSTOMER, "categories": ["hygiene"], "language": "sv"}
    report = post(service, "/v1/check", body).json()
    assert report["findings"] == []
    assert report["reply_language"]["code"] == "sv"


def test_a_team_glossary_is_named_not_given_as_a_path(service):
    reply = "Hej Anna,\n\nDin kreditering på 200 kr är klar.\n\nMvh\nTobias"
    report = post(service, "/v1/check", {"reply": reply, "glossary": "example-team"}).json()
    hits = [f for f in report["findings"] if f["code"].startswith("terminology/")]
    assert [(reply[f["start"]:f["end"]], f["code"]) for f in hits] == [("kreditering", "terminology/preferred")]
    for name in ("no-such-team", "../../etc/passwd", "/etc/passwd"):
        answer = post(service, "/v1/check", {"reply": reply, "glossary": name})
        assert answer.status_code == 422
        assert answer.json()["error"]["code"] == "invalid_request"
        assert "glossary" in answer.json()["error"]["message"]


def test_bad_requests_get_a_clear_422(service):
    cases = [
        ({"reply": ""}, "reply: String should have at least 1 character"),
        ({"reply": "   \n"}, "reply is empty"),
        ({"customer": "Hej"}, "reply: Field required"),
        ({"reply": "Hej", "tone": "kind"}, "tone: Extra inputs are not permitted"),
        ({"reply": "Hej", "categories": ["style"]}, "categories.0"),
        ({"reply": 42}, "reply: Input should be a valid string"),
    ]
    for body, expected in cases:
        answer = post(service, "/v1/check", body)
        assert answer.status_code == 422, body
        assert answer.json()["error"]["code"] == "invalid_request"
        assert expected in answer.json()["error"]["message"], answer.json()
    broken = requests.post(service.url + "/v1/check", data=b'{"reply": "Hej', timeout=10,
                           headers={"content-type": "application/json"})
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid_request"


def test_a_5_mb_reply_is_refused_not_checked(service, caplog):
    caplog.set_level(logging.INFO, logger="replycheck.service")
    answer = post(service, "/v1/check", {"reply": "Hej! " * 1_000_000})
    assert answer.status_code == 413
    assert answer.json()["error"] == {"code": "too_large", "message": "the request body is over the limit of 1,000,000 bytes"}
    line = [r.getMessage() for r in caplog.records if "POST /v1/check 413" in r.getMessage()]
    assert line and "verdict=" not in line[0]


def test_a_streamed_body_over_the_limit_is_cut_off(service):
    chunks = (b'{"reply": "' + b"a" * 100_000 for _ in range(12))
    answer = requests.post(service.url + "/v1/check", data=chunks, timeout=30,
                           headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"


def test_a_reply_over_the_character_limit_is_refused(service):
    answer = post(service, "/v1/check", {"reply": "Hej " * 6000})
    assert answer.status_code == 413
    assert answer.json()["error"]["message"] == "reply is 24,000 characters; the limit is 20,000"


def test_batch_checks_in_order_and_reports_a_bad_item_in_its_place(service, fast_checker):
    items = [{"reply": SV_REPLY, "customer": SV_CUSTOMER}, {"reply": " \u200b\n"},
             {"reply": "Hello Sam,\n\nYour refund of $40 was sent today.\n\nBest,\nKim"}]
    answer = post(service, "/v1/batch", {"items": items})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert results[0] == {"report": fast_checker.check(SV_REPLY, SV_CUSTOMER).to_dict()}
    assert results[1] == {"error": {"code": "invalid_request", "message": "reply is empty"}}
    assert results[2]["report"]["reply_language"]["code"] == "en"


def test_batch_size_is_limited(service):
    answer = post(service, "/v1/batch", {"items": [{"reply": "Hej"}] * 6})
    assert answer.status_code == 413
    assert answer.json()["error"]["message"] == "items: 6 replies; the limit is 5"
    assert post(service, "/v1/batch", {"items": []}).status_code == 422


def test_checks_lists_every_registered_code(service):
    answer = requests.get(service.url + "/v1/checks", timeout=10).json()
    listed = {code for check in answer["checks"] for code in check["codes"]}
    assert listed == {code for spec in all_checks() for code, _ in spec.codes}
    polarity = next(c for c in answer["checks"] if "contradiction/polarity" in c["codes"])
    assert polarity["category"] == "contradiction" and polarity["summary"]


def test_health_and_readiness(service):
    alive = requests.get(service.url + "/healthz", timeout=10)
    assert alive.status_code == 200 and alive.json()["status"] == "alive"
    ready = requests.get(service.url + "/readyz", timeout=10)
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["languagetool"] == "off"


def test_unknown_paths_and_methods_answer_json(service):
    missing = requests.get(service.url + "/v2/check", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = requests.get(service.url + "/v1/check", timeout=10)
    assert wrong.status_code == 405 and "POST" in wrong.headers["allow"]


def test_logs_never_hold_the_text(service, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "Hej Birgitta Lindqvist,\n\nDitt ordernummer 55123 är skickat.\n\nMvh\nTobias"
    assert post(service, "/v1/check", {"reply": secret, "customer": "Var är paketet? /Birgitta Lindqvist"}).status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST /v1/check 200" in logged and "verdict=" in logged
    for private in ("Lindqvist", "55123", "Birgitta"):
        assert private not in logged


def test_the_committed_openapi_document_is_current():
    from replycheck.service import openapi_document
    from replycheck.service.app import committed_openapi_path

    committed = json.loads(committed_openapi_path().read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(openapi_document())), (
        "docs/openapi.json is stale: replycheck serve --openapi > docs/openapi.json"
    )
