"""replycheck's own grammar rules (lexicon-backed), without LanguageTool."""


import examples_support
import pytest

EXAMPLES = examples_support.load("grammar")


def _cases(kind):
    return list(examples_support.wrapped_cases(EXAMPLES, kind))


def _reply(lang, body):
    return examples_support.wrap(EXAMPLES, lang, body)


@pytest.mark.parametrize("code,lang,item", list(_cases("flag")))
def test_flags(fast_checker, code, lang, item):
    body, span, suggestion = item
    reply = _reply(lang, body)
    report = fast_checker.check(reply)
    assert report.reply_language.code == lang
    assert [e for e in report.errors if e.name.startswith(("grammar.", "spelling."))] == []
    found = [f for f in report.findings if f.code == code]
    assert [reply[f.start : f.end] for f in found] == [span]
    assert found[0].severity == "warning"
    assert found[0].suggestions[0] == suggestion


@pytest.mark.parametrize("code,lang,body", list(_cases("pass")))
def test_passes(fast_checker, code, lang, body):
    report = fast_checker.check(_reply(lang, body))
    assert [f for f in report.findings if f.code == code] == []


def test_every_rule_documents_itself():
    from replycheck.registry import REGISTRY, all_checks

    all_checks()
    for name in ("grammar.agreement", "grammar.verb_form", "grammar.verb_second", "grammar.subordinate_order", "grammar.pronoun_case", "grammar.languagetool", "spelling.misspelling"):
        doc = REGISTRY[name].doc
        assert "Flags" in doc and len(doc) > 200, name


def test_quoted_text_is_not_checked(fast_checker):
    reply = (
        "Hej!\n\nI morgon skickar vi en ny vara till dig.\n\nVänliga hälsningar\nKundtjänst\n\n"
        "Den 3 mars 2025 skrev Anna Berg <anna@example.com>:\n> I morgon vi skickar tillbaka den."
    )
    report = fast_checker.check(reply)
    assert [f for f in report.findings if f.category == "grammar"] == []
