"""Adding a language's data files is the only step that enables a check for it."""

import pytest

from replycheck import flow, langdata
from replycheck.registry import REGISTRY

PORTUGUESE = (
    "Olá [ENDEREÇO DO CLIENTE],\n\nO seu reembolso foi enviado hoje. Infelizmente, o seu reembolso "
    "ainda não foi enviado.\n\nCom os melhores cumprimentos,\nEquipa de apoio"
)


def test_portuguese_negation_and_clause_data_enable_the_polarity_check(fast_checker):
    report = fast_checker.check(PORTUGUESE)
    assert report.reply_language.code == "pt"
    found = {(f.code, PORTUGUESE[f.start : f.end]) for f in report.findings if f.severity != "info"}
    assert ("contradiction/polarity", "o seu reembolso ainda não foi enviado") in found
    assert ("hygiene/placeholder", "[ENDEREÇO DO CLIENTE]") in found


@pytest.mark.parametrize("lang", ["et", "is"])
def test_a_language_without_negation_data_has_the_check_skipped_with_the_file_named(lang):
    assert langdata.load(lang, "negation") is None
    assert flow.missing_data(REGISTRY["contradiction.polarity"], lang) == f"no data/{lang}/negation.yaml"


def test_the_reply_language_unknown_is_the_reason_not_a_missing_file():
    assert flow.missing_data(REGISTRY["contradiction.polarity"], "unknown") == "the reply's language was not identified"
