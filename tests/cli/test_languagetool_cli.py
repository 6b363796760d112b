"""`replycheck check --languagetool-url`: the CLI against the real LanguageTool server."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]

REPLY = "Hej Anna,\n\nTack för ditt mejl. Vi har skikat en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"


def test_check_with_running_languagetool(run_cli, lt_checker, tmp_path):
    url = lt_checker.languagetool().url
    assert url
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    result = run_cli("check", path, "--languagetool-url", url, "--format", "json", "--fail-on", "warning")
    report = json.loads(result.stdout)
    assert report == lt_checker.check(REPLY).to_dict()
    spelling = [f for f in report["findings"] if f["category"] == "spelling"]
    assert [REPLY[f["start"] : f["end"]] for f in spelling] == ["skikat"]
    assert result.returncode == 1


def test_unreachable_languagetool_is_a_note_not_a_crash(run_cli, tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    result = run_cli("check", path, "--languagetool-url", "http://127.0.0.1:9", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["reply_language"]["code"] == "sv"
    reason = (
        "grammar not checked: LanguageTool failed: "
        "LanguageTool at http://127.0.0.1:9/v2 cannot be reached: Connection refused"
    )
    skipped = {entry["check"]: entry for entry in report["skipped"]}
    for check in ("grammar.languagetool", "spelling.misspelling"):
        assert skipped[check] == {"check": check, "status": "skipped", "reason": reason}
