"""The public API contract: check(), Checker, detect_language, Report.to_dict()."""

import json

import pytest

import replycheck
from replycheck.model import CATEGORIES

SWEDISH_CUSTOMER = "Hej, jag vill säga upp mitt abonnemang från och med nästa månad. Hur gör jag?"
SWEDISH_REPLY = (
    "Hej!\n\nTack för ditt meddelande. Vi har nu registrerat din uppsägning och abonnemanget "
    "avslutas vid månadens slut.\n\nVänliga hälsningar\nKundservice"
)


def test_public_names_are_exported():
    for name in ("check", "Checker", "detect_language", "Report", "Finding", "LanguageGuess", "Config"):
        assert name in replycheck.__all__
    assert replycheck.__all__ == sorted(replycheck.__all__)


def test_to_dict_has_exactly_the_contract_shape(fast_checker):
    report = fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER)
    data = report.to_dict()
    assert set(data) == {"schema_version", "reply_language", "customer_language", "verdict", "score", "findings", "skipped"}
    assert data["schema_version"] == 2
    assert set(data["reply_language"]) == {"code", "confidence"}
    assert data["reply_language"]["code"] == "sv"
    assert data["customer_language"]["code"] == "sv"
    assert data["verdict"] in ("ok", "review", "block")
    assert 0 <= data["score"] <= 100
    json.dumps(data)  # JSON-serialisable


def test_customer_language_is_null_without_customer(fast_checker):
    assert fast_checker.check(SWEDISH_REPLY).to_dict()["customer_language"] is None


def test_findings_have_valid_categories_codes_and_spans(fast_checker):
    reply = (
        "Hej {{first_name}}!\n\nTack för ditt meddelande. Please do not reply to this email, as "
        "this mailbox is not monitored.\n\nVänliga hälsningar\nKundservice"
    )
    data = fast_checker.check(reply, SWEDISH_CUSTOMER).to_dict()
    assert data["findings"], "expected at least one finding"
    for finding in data["findings"]:
        assert finding["category"] in CATEGORIES
        assert finding["code"].startswith(finding["category"] + "/")
        assert finding["severity"] in ("error", "warning", "info")
        assert 0 <= finding["start"] <= finding["end"] <= len(reply)
        assert isinstance(finding["message"], str) and finding["message"]
        assert isinstance(finding["suggestions"], list)


def test_verdict_follows_the_worst_severity(fast_checker):
    dutch = "Beste klant,\n\nWij hebben een fout gemaakt en wij crediteren het bedrag op uw rekening.\n\nMet vriendelijke groet"
    assert fast_checker.check(dutch, SWEDISH_CUSTOMER).verdict == "block"
    assert fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER).verdict == "ok"
    assert fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER).score == 100


def test_same_input_gives_byte_identical_json():
    reply = "Hej!\n\nTack för ditt mejl. Please note that this mailbox is not monitored at all.\n\nMvh\nKundtjänst"
    outputs = set()
    for _ in range(3):
        with replycheck.Checker(replycheck.Config(languagetool="off")) as checker:
            outputs.add(json.dumps(checker.check(reply, SWEDISH_CUSTOMER).to_dict(), ensure_ascii=False))
    assert len(outputs) == 1


def test_module_level_check_accepts_config():
    report = replycheck.check(SWEDISH_REPLY, SWEDISH_CUSTOMER, config=replycheck.Config(languagetool="off"))
    assert report.reply_language.code == "sv"


def test_detect_language_returns_a_language_guess():
    guess = replycheck.detect_language("Tack för att du hörde av dig, vi återkommer i morgon.")
    assert isinstance(guess, replycheck.LanguageGuess)
    assert guess.code == "sv" and 0 < guess.confidence <= 1
    assert all(code != "sv" for code, _ in guess.alternatives)


def test_categories_can_be_restricted(fast_checker):
    dutch = "Beste klant,\n\nWij hebben een fout gemaakt en wij crediteren het bedrag op uw rekening."
    config = replycheck.Config(languagetool="off", categories=("hygiene",))
    assert not fast_checker.check(dutch, SWEDISH_CUSTOMER, config=config).findings


def test_a_crashing_check_is_contained(fast_checker, monkeypatch):
    from replycheck import registry

    def explode(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        registry.REGISTRY, "hygiene.zz_explode", registry.CheckSpec("hygiene.zz_explode", "hygiene", explode, (("hygiene/zz", "warning"),), (), (), "")
    )
    report = fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER)
    assert any(e.name == "hygiene.zz_explode" and "boom" in e.reason for e in report.errors)
    assert report.reply_language.code == "sv"


def test_checks_needing_a_missing_input_are_skipped_with_a_reason(fast_checker):
    report = fast_checker.check(SWEDISH_REPLY)
    assert any(s.name == "language.mismatch" and "customer" in s.reason for s in report.skipped)


def test_unknown_category_in_config_is_a_clear_error():
    with pytest.raises(replycheck.ConfigError, match="unknown categories"):
        replycheck.Config(categories=("language", "style"))


def test_to_dict_says_which_checks_did_not_run_and_why(fast_checker):
    skipped = {s["check"]: s for s in fast_checker.check(SWEDISH_REPLY).to_dict()["skipped"]}
    assert skipped["grammar.languagetool"] == {
        "check": "grammar.languagetool",
        "status": "skipped",
        "reason": "LanguageTool is off (Config(languagetool='off'))",
    }
    assert skipped["tone.no_acknowledgement"]["reason"] == "no customer given"
    assert skipped["translation.untranslated"]["reason"] == "no source given"


def test_unreachable_languagetool_is_reported_as_grammar_not_checked():
    config = replycheck.Config(languagetool="http://127.0.0.1:9/", languagetool_timeout=30)
    with replycheck.Checker(config) as checker:
        report = checker.check("Hej!\n\nVi har skickat en tesst till dig i dag.\n\nMvh Anna")
    data = report.to_dict()
    assert report.grammar_checked is False
    assert data["verdict"] == "ok"
    reasons = {s["check"]: s["reason"] for s in data["skipped"]}
    assert reasons["grammar.languagetool"].startswith("grammar not checked: LanguageTool failed: ")
    assert "127.0.0.1:9" in reasons["grammar.languagetool"]
    assert reasons["spelling.misspelling"] == reasons["grammar.languagetool"]


def test_a_lone_surrogate_is_checked_not_a_crash(fast_checker):
    reply = "Hej Anna,\n\nTack f\u00f6r ditt mejl \ud83d. Vi skickar paketet i dag.\n\nMvh Kundtj\u00e4nst"
    report = fast_checker.check(reply)
    assert report.reply == reply
    assert report.reply_language.code == "sv"
    assert all(0 <= f.start <= f.end <= len(reply) for f in report.findings)


def test_an_undeclared_code_is_dropped_and_reported(fast_checker, monkeypatch):
    from replycheck import registry
    from replycheck.model import Finding

    def stray(ctx):
        yield Finding("hygiene/never-declared", "warning", 0, 3, "stray")

    spec = registry.CheckSpec("hygiene.zz_stray", "hygiene", stray, (("hygiene/zz", "warning"),), (), (), "")
    monkeypatch.setitem(registry.REGISTRY, "hygiene.zz_stray", spec)
    report = fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER)
    assert [f.code for f in report.findings if f.code == "hygiene/never-declared"] == []
    assert [e.reason for e in report.errors if e.name == "hygiene.zz_stray"] == [
        "emitted undeclared codes ['hygiene/never-declared']"
    ]


def test_a_check_without_its_language_data_is_skipped_with_the_file_named(fast_checker, monkeypatch):
    from replycheck import registry

    spec = registry.CheckSpec("tone.zz_needs_data", "tone", lambda ctx: (), (("tone/zz", "warning"),), (), ("no_such_kind",), "")
    monkeypatch.setitem(registry.REGISTRY, "tone.zz_needs_data", spec)
    report = fast_checker.check(SWEDISH_REPLY, SWEDISH_CUSTOMER)
    assert [s.reason for s in report.skipped if s.name == "tone.zz_needs_data"] == ["no data/sv/no_such_kind.yaml"]
