"""Property tests: for arbitrary Unicode text, the tone, hygiene and terminology checks never
crash and every finding's span lies inside the reply (contexts built without detection, so
the test is fast)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replycheck import segment
from replycheck.api import run_checks
from replycheck.config import Config
from replycheck.context import Context, Engines
from replycheck.engines.lemmas import Lemmatizer
from replycheck.glossary import resolve
from replycheck.model import LanguageGuess
from replycheck.registry import all_checks

EXAMPLE = Path(__file__).resolve().parents[2] / "glossaries" / "example-team.yaml"
MINE = [s for s in all_checks() if s.category in ("tone", "hygiene", "terminology")]
LEMMAS = Lemmatizer()
PIECES = st.sampled_from(
    ["Hej {{namn}}, ", "TODO ", "INTERNAL: x\n", "DU MÅSTE LÄSA ", "Iphone ", "ni er ", "Krediteringen ",
     "\n\n", "Lorem ipsum ", "[KUND NAMN] ", "Du har säkert ställt in den fel. ", "é\u0301", "ﬁ", "ß", "\u200b", "😀"]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), PIECES), max_size=12).map("".join)


def context(reply: str, customer: str | None, lang: str) -> Context:
    guess = LanguageGuess(lang, 1.0)
    return Context(
        reply=reply,
        parts=segment.split(reply, lang),
        reply_language=guess,
        customer=customer,
        customer_parts=segment.split(customer, lang) if customer else None,
        customer_language=guess if customer else None,
        source=None,
        source_parts=None,
        source_language=None,
        glossary=resolve(str(EXAMPLE)),
        config=Config(languagetool="off"),
        engines=Engines(detector=None, lemmas=LEMMAS),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=TEXT.filter(str.strip), customer=st.one_of(st.none(), TEXT), lang=st.sampled_from(["sv", "de", "en", "fi", "unknown"]))
def test_spans_lie_inside_the_reply(reply, customer, lang):
    report = run_checks(context(reply, customer if customer and customer.strip() else None, lang), MINE)
    assert report.errors == ()
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(reply)
        assert finding.category in ("tone", "hygiene", "terminology")
