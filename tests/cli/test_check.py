"""`replycheck check`: exit codes, JSON == to_dict, text output, stdin and .eml input."""

from __future__ import annotations

import json
from email.message import EmailMessage

import pytest

import replycheck
from cli_samples import EN_REPLY, SV_CUSTOMER, SV_REPLY, make_email

NO_LT = "--no-languagetool"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "sv.txt").write_text(SV_REPLY, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN_REPLY, encoding="utf-8")
    (tmp_path / "customer.txt").write_text(SV_CUSTOMER, encoding="utf-8")
    return tmp_path


def test_clean_reply_exits_0_with_header(run_cli, files):
    result = run_cli("check", files / "sv.txt", "--customer", files / "customer.txt", NO_LT)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "Reply: sv" in out and "Customer: sv" in out
    assert "Verdict: OK" in out and "Score: 100/100" in out


def test_mismatch_exits_1_and_shows_line_and_text(run_cli, files):
    result = run_cli("check", files / "en.txt", "--customer", files / "customer.txt", NO_LT)
    out = result.stdout.decode()
    assert result.returncode == 1, out
    assert "Verdict: BLOCK" in out
    assert "language/mismatch" in out
    # the finding's line:column and the offending text
    assert "3:1" in out
    assert "Thank you for your email." in out


def test_fail_on_never_and_warning(run_cli, files):
    args = ("check", files / "en.txt", "--customer", files / "customer.txt", NO_LT)
    assert run_cli(*args, "--fail-on", "never").returncode == 0
    assert run_cli(*args, "--fail-on", "warning").returncode == 1


def test_json_output_is_exactly_to_dict(run_cli, files, fast_checker):
    result = run_cli("check", files / "en.txt", "--customer", files / "customer.txt", NO_LT, "--format", "json")
    assert result.returncode == 1
    printed = json.loads(result.stdout.decode("utf-8"))
    expected = fast_checker.check(EN_REPLY, SV_CUSTOMER).to_dict()
    assert printed == expected
    assert set(printed) == {"schema_version", "reply_language", "customer_language", "verdict", "score", "findings", "skipped"}
    finding = printed["findings"][0]
    assert EN_REPLY[finding["start"] : finding["end"]].startswith("Thank you")


def test_json_keeps_non_ascii_unescaped(run_cli, files):
    result = run_cli("check", files / "sv.txt", NO_LT, "--format", "json")
    assert result.returncode == 0
    assert "\\u" not in result.stdout.decode("utf-8")
    assert json.loads(result.stdout)["customer_language"] is None


def test_stdin_reply(run_cli, files):
    result = run_cli("check", "-", "--customer", files / "customer.txt", NO_LT, "--format", "json", input=EN_REPLY.encode())
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["code"] == "language/mismatch"


def test_only_one_stdin(run_cli):
    result = run_cli("check", "-", "--customer", "-", NO_LT, input=b"hej")
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_missing_file_exit_2_one_line(run_cli, tmp_path):
    result = run_cli("check", tmp_path / "nope.txt", NO_LT)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "nope.txt" in err


def test_usage_error_exit_2(run_cli):
    assert run_cli("check", "--format", "xml", "x.txt").returncode == 2
    assert run_cli("check").returncode == 2


def test_missing_glossary_file_exit_2(run_cli, files, tmp_path):
    result = run_cli("check", files / "sv.txt", "--glossary", tmp_path / "none.yaml", NO_LT)
    assert result.returncode == 2
    assert "none.yaml" in result.stderr.decode()


def test_eml_quoted_part_becomes_customer(run_cli, tmp_path):
    body = EN_REPLY + "\nDen 3 mars 2024 kl. 10:12 skrev Anna Svensson <anna@example.se>:\n" + "".join(
        "> " + line + "\n" for line in SV_CUSTOMER.splitlines()
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(make_email(body))
    result = run_cli("check", path, NO_LT, "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1, result.stderr
    assert report["customer_language"]["code"] == "sv"
    assert report["reply_language"]["code"] == "en"
    assert [f["code"] for f in report["findings"]] == ["language/mismatch"]


def test_explicit_customer_wins_over_quoted(run_cli, tmp_path):
    body = SV_REPLY + "\nOn Mon, 4 Mar 2024 at 10:00, John <john@example.com> wrote:\n> My order never arrived, what is going on?\n"
    path = tmp_path / "reply.eml"
    path.write_bytes(make_email(body))
    quoted = json.loads(run_cli("check", path, NO_LT, "--format", "json").stdout)
    assert quoted["customer_language"]["code"] == "en"
    (tmp_path / "customer.txt").write_text(SV_CUSTOMER, encoding="utf-8")
    given = json.loads(run_cli("check", path, "--customer", tmp_path / "customer.txt", NO_LT, "--format", "json").stdout)
    assert given["customer_language"]["code"] == "sv"
    assert given["verdict"] == "ok"


def test_eml_iso_8859_1_charset(run_cli, tmp_path):
    path = tmp_path / "latin1.eml"
    data = make_email(SV_REPLY, charset="iso-8859-1")
    assert b"f=F6r" in data  # really encoded in Latin-1, quoted-printable
    path.write_bytes(data)
    result = run_cli("check", path, NO_LT, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reply_language"]["code"] == "sv"


def test_eml_multipart_prefers_plain(run_cli, tmp_path, fast_checker):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Re: x"
    message.set_content(SV_REPLY)
    message.add_alternative("<p>" + SV_REPLY.replace("\n", "<br>") + "</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4 junk", maintype="application", subtype="pdf", filename="invoice.pdf")
    path = tmp_path / "multi.eml"
    path.write_bytes(bytes(message))
    result = run_cli("check", path, NO_LT, "--format", "json")
    assert result.returncode == 0, result.stderr
    reply = SV_REPLY.strip("\n")
    assert json.loads(result.stdout) == fast_checker.check(reply).to_dict()


def test_eml_html_only_with_blockquote(run_cli, tmp_path):
    html = (
        "<html><body><p>Hello Anna,</p><p>Thank you for your email. We will send a new item today.</p>"
        "<p>Best regards<br>Erik</p><div class='gmail_quote'>Den 3 mars 2024 kl. 10:12 skrev Anna &lt;anna@example.se&gt;:"
        "<blockquote><p>Hej, min beställning har inte kommit och jag har väntat i två veckor. Vad händer?</p></blockquote>"
        "</div></body></html>"
    )
    path = tmp_path / "html.eml"
    path.write_bytes(make_email(html, subtype="html"))
    result = run_cli("check", path, NO_LT, "--format", "json")
    report = json.loads(result.stdout)
    assert report["customer_language"]["code"] == "sv"
    assert report["reply_language"]["code"] == "en"
    assert result.returncode == 1
    assert "<p>" not in result.stdout.decode()


def test_eml_without_text_part_exit_2(run_cli, tmp_path):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "scan"
    message.add_attachment(b"\x89PNG\r\n\x1a\n\x00\x00", maintype="image", subtype="png", filename="scan.png")
    path = tmp_path / "image.eml"
    path.write_bytes(bytes(message))
    result = run_cli("check", path, NO_LT)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "no text part" in err


def test_eml_on_stdin_is_recognised(run_cli):
    body = EN_REPLY + "\nOn Mon, 4 Mar 2024 at 10:00, Anna <anna@example.se> wrote:\n> " + SV_CUSTOMER.replace("\n", "\n> ")
    result = run_cli("check", "-", NO_LT, "--format", "json", input=make_email(body))
    report = json.loads(result.stdout)
    assert report["customer_language"]["code"] == "sv"
    assert result.returncode == 1


def test_explain_prints_docstring(run_cli):
    result = run_cli("explain", "language/mismatch")
    assert result.returncode == 0
    spec = next(s for s in replycheck.registry.all_checks() if s.name == "language.mismatch")
    assert spec.doc.splitlines()[0] in result.stdout.decode()


def test_explain_unknown_code_exit_2(run_cli):
    result = run_cli("explain", "nothing/such-code")
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_explain_names_the_module_and_function_of_the_code(run_cli):
    result = run_cli("explain", "translation/register-mix")
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "translation.register_mix  (translation/register-mix: warning)"
    assert lines[1] == "    in replycheck.checks.translation.register_mix"


def test_explain_an_unknown_code_of_a_known_category_exits_2(run_cli):
    result = run_cli("explain", "hygiene/nonexistent-code")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().strip() == (
        "replycheck: error: no check reports 'hygiene/nonexistent-code'; 'replycheck checks' lists every code"
    )


def test_explain_a_languagetool_code_finds_the_languagetool_check(run_cli):
    result = run_cli("explain", "grammar/lt-de-agreement")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("grammar.languagetool  (grammar/lt-*: warning)")


def test_checks_lists_registered_checks(run_cli):
    result = run_cli("checks")
    assert result.returncode == 0
    out = result.stdout.decode()
    for spec in replycheck.registry.all_checks():
        assert spec.name in out


def test_python_dash_m(run_cli):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "replycheck", "--help"], capture_output=True, timeout=60)
    assert result.returncode == 0 and b"check" in result.stdout


def test_glossary_option_finds_team_terms(run_cli, tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text("Hej Anna,\n\nVi har gjort en kreditering för din beställning.\n\nMvh\nErik\n", encoding="utf-8")
    glossary = "glossaries/example-team.yaml"
    result = run_cli("check", reply, "--glossary", glossary, NO_LT, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    text = reply.read_text(encoding="utf-8")
    assert any(f["category"] == "terminology" and text[f["start"] : f["end"]] == "kreditering" for f in findings)


def test_invalid_glossary_exit_2_names_file_and_line(run_cli, files, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("languages: [unclosed\n", encoding="utf-8")
    result = run_cli("check", files / "sv.txt", "--glossary", bad, NO_LT)
    assert result.returncode == 2
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "bad.yaml" in err
