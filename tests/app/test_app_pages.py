"""Page logic with Streamlit's AppTest (no browser): the same scripts, run in-process."""

from __future__ import annotations

import json
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from replycheck.formats.html import finding_card
from replycheck.model import Finding, LanguageGuess, Report

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
REVIEW = str(ROOT / "views" / "review.py")

CUSTOMER_SV = "Hej, var är mitt paket? Jag beställde det för en vecka sedan och har inte hört något."
REPLY_NL = (
    "Hej!\n\nBedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.\n\n"
    "Met vriendelijke groet,\nAnna"
)


@pytest.fixture(autouse=True)
def _no_languagetool(monkeypatch):
    monkeypatch.setenv("REPLYCHECK_LANGUAGETOOL", "off")


def agent_page() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def check(at: AppTest, customer: str, reply: str) -> AppTest:
    at.text_area(key="customer").set_value(customer)
    at.session_state["reply"] = reply  # what the draft editor (a browser component) reports
    return at.button(key="check_button").click().run()


def editor_data(at: AppTest) -> dict:
    """What the page sends the draft editor: its text, version, checked text and findings."""
    [editor] = at.get("bidi_component")
    return json.loads(editor.proto.json)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [m.value for m in at.metric] + [c.value for c in at.caption]
    parts += [h.value for h in at.html]
    return "\n".join(str(p) for p in parts)


def test_mismatch_shows_languages_verdict_and_category():
    at = check(agent_page(), CUSTOMER_SV, REPLY_NL)
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["Swedish (sv) · 97%", "Dutch (nl) · 100%"] or (
        "Swedish (sv)" in at.metric[0].value and "Dutch (nl)" in at.metric[1].value
    )
    shown = texts(at)
    assert "Language mismatch: the customer wrote Swedish, the reply is Dutch." in shown
    assert "**Verdict: block**" in shown
    assert ">language</span>" in shown  # the category as the API spells it
    assert '<code class="rc-code">language/mismatch</code>' in shown  # the finding's card
    assert '<q class="rc-quote">Bedankt voor uw bericht. Uw bestelling is onderweg en wordt morgen geleverd.</q>' in shown


def test_a_matching_reply_is_ok():
    reply = "Hej!\n\nTack för ditt meddelande. Ditt paket skickades i går och kommer fram på fredag.\n\nMed vänliga hälsningar,\nAnna"
    at = check(agent_page(), CUSTOMER_SV, reply)
    shown = texts(at)
    assert "Language mismatch" not in shown
    assert at.session_state.report.customer_language.code == at.session_state.report.reply_language.code == "sv"


def test_an_empty_reply_is_explained():
    at = agent_page()
    at.button(key="check_button").click().run()
    assert not at.exception
    assert any("reply is empty" in e.value for e in at.error)


def test_categories_picker_limits_the_check():
    at = agent_page()
    at.multiselect(key="categories").set_value(["grammar", "tone", "hygiene"])
    at = check(at, CUSTOMER_SV, REPLY_NL)
    assert not any(f.category == "language" for f in at.session_state.report.findings)


def _report(reply: str, finding: Finding) -> Report:
    return Report(reply=reply, reply_language=LanguageGuess("en", 0.99), customer_language=None, findings=(finding,))


def test_apply_suggestion_replaces_the_span_in_the_draft_and_checks_again():
    reply = "Hi John,\n\nThank you for your message. We has shipped your order.\n\nBest regards,\nAnna"
    start = reply.index("has")
    finding = Finding("grammar/lt-base-form", "warning", start, start + 3, "Use the base form.", ("have",))
    at = agent_page()
    at.session_state["reply"] = reply
    at.session_state["report"] = _report(reply, finding)
    at.run()
    button = at.button(key=f"apply-grammar/lt-base-form-{start}-{start + 3}-0")
    assert button.label == "Apply: have" and not button.disabled
    button.click().run()
    assert at.session_state.reply == reply.replace("We has", "We have")
    assert editor_data(at)["text"] == reply.replace("We has", "We have")
    # The draft was checked again: the report now describes the new text.
    assert at.session_state.report.reply == reply.replace("We has", "We have")


def test_findings_are_the_html_reports_cards():
    reply = "We has shipped your order."
    finding = Finding("grammar/lt-base-form", "warning", 3, 6, "Use the base form.", ("have",))
    at = agent_page()
    at.session_state["reply"] = reply
    at.session_state["report"] = _report(reply, finding)
    at.run()
    # The same card as the HTML report's; the suggestions are the Apply buttons here.
    assert finding_card(finding, reply, suggestions=False) in [h.value for h in at.html]


def test_apply_is_disabled_when_the_draft_changed_since_the_check():
    reply = "We has shipped your order."
    finding = Finding("grammar/lt-base-form", "warning", 3, 6, "Use the base form.", ("have",))
    at = agent_page()
    at.session_state["reply"] = reply + " Thanks!"
    at.session_state["report"] = _report(reply, finding)
    at.run()
    assert at.button(key="apply-grammar/lt-base-form-3-6-0").disabled
    assert any("draft changed" in i.value for i in at.info)


def test_a_dropped_eml_fills_both_texts_and_checks():
    message = EmailMessage()
    message["From"] = "Anna <anna@example.com>"
    message["To"] = "kund@example.se"
    message["Subject"] = "Re: Var är mitt paket?"
    message.set_content(REPLY_NL + "\n\nDen 3 mars 2025 skrev Kund <kund@example.se>:\n> " + CUSTOMER_SV + "\n")
    at = agent_page()
    at.file_uploader(key="eml").upload("reply.eml", message.as_bytes(), "message/rfc822").run()
    assert not at.exception
    assert "Bedankt voor uw bericht" in at.session_state.reply
    assert "var är mitt paket" in (at.session_state.customer or "")
    assert at.session_state.report is not None


def test_glossaries_are_offered_from_the_glossary_folder(tmp_path, monkeypatch):
    (tmp_path / "acme.yaml").write_text("terms: []\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a glossary", encoding="utf-8")
    monkeypatch.setenv("REPLYCHECK_GLOSSARIES", str(tmp_path))
    at = agent_page()
    assert at.selectbox(key="glossary_choice").options == ["acme.yaml"]


class _Libre:
    """A tiny LibreTranslate look-alike on 127.0.0.1 that records what it was sent."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                received.append(params)
                body = json.dumps({"translatedText": f"[{params['source']}→{params['target']}] {params['q'][:20]}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_translation_is_off_until_enabled_and_says_where_text_goes():
    service = _Libre()
    try:
        at = check(agent_page(), CUSTOMER_SV, REPLY_NL)
        assert "Translation is off" in texts(at)
        assert not [b for b in at.button if "Translate the customer" in b.label]
        at.sidebar.checkbox(key="translate_enabled").check()
        at.sidebar.text_input(key="translate_url").set_value(service.url)
        at.run()
        assert any(f"will be sent to the LibreTranslate server at {service.url}" in w.value for w in at.warning)
        assert service.received == []  # nothing sent before the agent asks
        [translate] = [b for b in at.button if "Translate the customer" in b.label]
        translate.click().run()
        assert not at.exception
        assert service.received[-1]["source"] == "sv" and service.received[-1]["target"] == "en"
        assert "api_key" not in service.received[-1]
        assert any("[sv→en] Hej, var är mitt pak" in t.value for t in at.text)
    finally:
        service.close()


def test_translation_errors_are_shown_not_raised():
    at = check(agent_page(), CUSTOMER_SV, REPLY_NL)
    at.sidebar.checkbox(key="translate_enabled").check()
    at.sidebar.text_input(key="translate_url").set_value("http://127.0.0.1:9/")  # nothing listens
    at.run()
    [translate] = [b for b in at.button if "Translate the customer" in b.label]
    translate.click().run()
    assert not at.exception
    assert any("could not reach the LibreTranslate server" in e.value for e in at.error)


REVIEW_CSV = (
    "id,agent,customer,body\n"
    f'r1,Anna,"{CUSTOMER_SV}","Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"\n'
    f'r2,Bram,"{CUSTOMER_SV}","{REPLY_NL}"\n'
    'r3,Bram,"Where is my order?",""\n'
)


def test_review_page_maps_columns_runs_and_reports_bad_rows():
    at = AppTest.from_file(REVIEW, default_timeout=120).run()
    assert not at.exception
    at.file_uploader(key="uploads").upload("sample.csv", REVIEW_CSV.encode("utf-8"), "text/csv").run()
    assert any("Choose the column that holds the reply" in w.value for w in at.warning)
    at.selectbox(key="map-reply").set_value("body").run()
    at.button(key="run_review").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Replies checked"], metrics["Blocked"]) == ("2", "1")
    assert any(e.label.startswith("Skipped: 1 of 3 rows") for e in at.expander)
    table = at.dataframe[0].value
    assert list(table["id"]) == ["r2", "r1"]  # lowest score first
    assert list(table["verdict"]) == ["block", "ok"]
    assert "sv → nl" in set(table["language_pair"])
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["Download CSV", "Download HTML report"]


def _eml(reply: str, quoted: str, sender: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "kund@example.se"
    message["Subject"] = "Re: Var är mitt paket?"
    message.set_content(reply + "\n\nDen 3 mars 2025 skrev Kund <kund@example.se>:\n> " + quoted + "\n")
    return message.as_bytes()


def test_review_page_takes_several_eml_files():
    at = AppTest.from_file(REVIEW, default_timeout=120).run()
    good = "Hej!\n\nTack för ditt meddelande. Ditt paket kommer på fredag.\n\nMed vänliga hälsningar,\nAnna"
    uploader = at.file_uploader(key="uploads")
    uploader.upload("a.eml", _eml(good, CUSTOMER_SV, "Anna <anna@example.com>"), "message/rfc822")
    uploader.upload("b.eml", _eml(REPLY_NL, CUSTOMER_SV, "Bram <bram@example.com>"), "message/rfc822")
    at.run()
    assert not [e for e in at.expander if e.label == "Column mapping"]  # nothing to map for mail
    at.button(key="run_review").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 2
    assert list(table["verdict"]) == ["block", "ok"]


# -- the draft editor's side of the page (issue 14) ----------------------------------------------
REPLY_SV_TERM = (
    "Hej Karin!\n\nTack för ditt meddelande. Din kreditering är nu gjord och pengarna syns på "
    "ditt konto inom tre dagar.\n\nMed vänliga hälsningar,\nAnna"
)
CUSTOMER_SV_MONEY = "Hej, när får jag tillbaka mina pengar för den returnerade jackan?"


def glossary_check(at: AppTest) -> AppTest:
    at.selectbox(key="glossary_choice").set_value("example-team.yaml")
    return check(at, CUSTOMER_SV_MONEY, REPLY_SV_TERM)


def test_the_editor_gets_the_checked_text_its_findings_why_and_offered_fixes():
    at = glossary_check(agent_page())
    data = editor_data(at)
    assert data["text"] == data["checked"] == REPLY_SV_TERM
    [finding] = [f for f in data["findings"] if f["code"] == "terminology/preferred"]
    assert REPLY_SV_TERM[finding["start"] : finding["end"]] == "kreditering"
    assert finding["fixes"] == [{"index": 0, "label": "Replace “kreditering” with “återbetalning”"}]
    assert finding["why"] == "Customers know the team's preferred word from the website and earlier mails."
    assert data["glossary"] == "example-team.yaml" and not finding["word"]


def test_dismiss_in_the_list_hides_the_finding_everywhere_and_undo_brings_it_back():
    at = glossary_check(agent_page())
    assert "**Verdict: review**" in texts(at)
    start = REPLY_SV_TERM.index("kreditering")
    at.button(key=f"dismiss-terminology/preferred-{start}-{start + 11}").click().run()
    assert not at.exception
    assert "**Verdict: ok**" in texts(at) and "0 errors, 0 warnings" in texts(at)
    assert not [f for f in editor_data(at)["findings"] if f["code"] == "terminology/preferred"]
    assert [e.label for e in at.expander if e.label.startswith("Show dismissed")] == ["Show dismissed (1)"]
    at.button(key="check_button").click().run()  # checking the same reply again keeps it dismissed
    assert "**Verdict: ok**" in texts(at)
    [undo] = [b for b in at.button if b.label == "Undo"]
    undo.click().run()
    assert "**Verdict: review**" in texts(at)
    assert [f["code"] for f in editor_data(at)["findings"]] == ["terminology/preferred"]


def test_a_new_customer_message_starts_with_nothing_dismissed():
    at = glossary_check(agent_page())
    start = REPLY_SV_TERM.index("kreditering")
    at.button(key=f"dismiss-terminology/preferred-{start}-{start + 11}").click().run()
    at = check(at, "Hej! Var är min återbetalning?", REPLY_SV_TERM)
    assert "**Verdict: review**" in texts(at)


def test_checked_drafts_are_kept_in_the_history_only_when_asked_and_redacted(tmp_path, monkeypatch):
    from replycheck.history import open_store

    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("REPLYCHECK_HISTORY_URL", url)
    at = check(agent_page(), CUSTOMER_SV, REPLY_NL)
    with open_store(url) as store:
        assert store.replies() == []
    at.sidebar.checkbox(key="keep_history").check().run()
    at.sidebar.text_input(key="agent_name").set_value("Anna").run()
    at.button(key="check_button").click().run()
    assert not at.exception and not any("history" in w.value for w in at.warning)
    with open_store(url) as store:
        [kept] = store.replies()
    assert (kept.kind, kept.agent, kept.verdict, kept.reply, kept.customer) == ("draft", "Anna", "block", None, None)


def test_a_history_that_fails_warns_and_the_check_still_shows(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REPLYCHECK_HISTORY_URL", f"sqlite:///{tmp_path / 'a-file' / 'h.sqlite3'}")
    at = agent_page()
    at.sidebar.checkbox(key="keep_history").check().run()
    at = check(at, CUSTOMER_SV, REPLY_NL)
    assert not at.exception
    assert "**Verdict: block**" in texts(at)
    assert any("This check was not kept in the team history" in w.value for w in at.warning)
