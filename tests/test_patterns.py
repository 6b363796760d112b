"""The shared text patterns (data/common/patterns.yaml): exact spans, in any alphabet."""

from __future__ import annotations

import pytest

from replycheck import patterns


def spans(kind: str, text: str) -> list[str]:
    return [text[m.start() : m.end()] for m in patterns.pattern(kind).finditer(text)]


POSITIVE = {
    "url": [
        ("See https://example.com/orders/A-10293.", "https://example.com/orders/A-10293"),
        ("Besök www.example.se, tack!", "www.example.se"),
        ("(HTTPS://Example.com/help?q=1&x=ü)", "HTTPS://Example.com/help?q=1&x=ü"),
    ],
    "email": [
        ("Skriv till kundservice@example.se.", "kundservice@example.se"),
        ("<ana.lópez+pedidos@example.es>", "ana.lópez+pedidos@example.es"),
    ],
    "placeholder": [
        ("Hej {{first_name}},", "{{first_name}}"),
        ("Hola {nombre}:", "{nombre}"),
        ("Your refund of %s arrives", "%s"),
        ("on {0}.", "{0}"),
        ("Hei ${fornavn},", "${fornavn}"),
        ("Hallo *|FNAME|*,", "*|FNAME|*"),
        ("Bestellung %ORDER_ID% ist", "%ORDER_ID%"),
        ("Dear [CUSTOMER NAME],", "[CUSTOMER NAME]"),
        ("Order [ORDER_ID] ships", "[ORDER_ID]"),
        ("Olá [ENDEREÇO DO CLIENTE],", "[ENDEREÇO DO CLIENTE]"),
        ("Sæl [NAFN VIÐSKIPTAVINAR],", "[NAFN VIÐSKIPTAVINAR]"),
        ("Здравствуйте, [ИМЯ КЛИЕНТА]!", "[ИМЯ КЛИЕНТА]"),
        ("Hej <KUNDENS NAMN>,", "<KUNDENS NAMN>"),
        ("Dear <name>,", "<name>"),
        ("Dear <first_name>,", "<first_name>"),
        ("Hi [[name]],", "[[name]]"),
    ],
    "order_id": [
        ("Din order A-10293 skickas", "A-10293"),
        ("Ärende SE-2024-0042.", "SE-2024-0042"),
        ("Order #10293 is", "#10293"),
    ],
    "number": [
        ("Ring +46 8 123 45 67 i dag", "+46 8 123 45 67"),
        ("Summan är 49,90 kr", "49,90"),
        ("Leverans 2024-05-01.", "2024-05-01"),
    ],
    "markup": [("send oss <b>bildet</b>", "</b>"), ("Skriv till <kundservice@example.se>", "<kundservice@example.se>")],
}

NEGATIVE = {
    "url": ["Visit our website.", "example.com", "http:/broken"],
    "email": ["Mail us @ support", "a@b", "user@"],
    "placeholder": [
        "As he wrote [sic], the parcel was late.",
        "See note [1] and [2].",
        "[OK] means done; see [the help page](https://example.com/help).",
        "See [FAQ PAGE](https://example.com/faq).",
        "Send us <b>the photo</b>, <br> please.",
        "In C# a List<string> works.",
        "A discount of 10 %skickas",
        "{ not this } and [Kundens namn]",
    ],
    "order_id": ["Leverans 2024-05-01.", "Ring 08-123 45 67.", "Pris 49,90 kr.", "e-post", "#12"],
}


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [(kind, text, expected) for kind, cases in POSITIVE.items() for text, expected in cases],
)
def test_pattern_matches_exact_span(kind, text, expected):
    assert spans(kind, text) == [expected]


@pytest.mark.parametrize(
    ("kind", "text"), [(kind, text) for kind, texts in NEGATIVE.items() for text in texts]
)
def test_pattern_does_not_match(kind, text):
    assert spans(kind, text) == []


def test_constants_are_the_compiled_kinds():
    assert patterns.PLACEHOLDER is patterns.pattern("placeholder")
    assert patterns.URL.search("x https://a.se y").span() == (2, 14)
    with pytest.raises(AttributeError):
        patterns.NOPE  # noqa: B018


def test_alternatives_find_every_match_of_each_pattern():
    text = "{{name}} [CUSTOMER NAME] %s"
    found = sorted(m.span() for p in patterns.alternatives("placeholder") for m in p.finditer(text))
    assert [text[s:e] for s, e in found] == ["{{name}}", "{name}", "[CUSTOMER NAME]", "%s"]


def test_region_search_like_re():
    text = "ignore A-1 here: B-22 there"
    match = patterns.ORDER_ID.search(text, 12, len(text))
    assert text[match.start() : match.end()] == "B-22"


def test_compile_pattern_reports_invalid_patterns_as_value_error():
    assert patterns.compile_pattern(r"\p{Lu}+").fullmatch("ÅÐИ")
    with pytest.raises(ValueError):
        patterns.compile_pattern(r"[\p{Lu}")


def test_unknown_kind():
    with pytest.raises(KeyError, match="no pattern kind 'phone'"):
        patterns.pattern("phone")


def test_the_checks_use_the_shared_list():
    from replycheck.checks import hygiene
    from replycheck.segment import mask

    text = "Olá [ENDEREÇO DO CLIENTE], Sæl [NAFN VIÐSKIPTAVINAR], KUNDE_NAVN, [sic] [1]."
    found = [text[s:e] for s, e in hygiene.placeholder_spans(text)]
    assert found == ["[ENDEREÇO DO CLIENTE]", "[NAFN VIÐSKIPTAVINAR]", "KUNDE_NAVN"]
    text = "Здравствуйте, [ИМЯ КЛИЕНТА]! См. https://example.ru/a-1 или help@example.ru."
    assert mask(text).split() == ["Здравствуйте,", "!", "См.", "или", "."]
    assert len(mask(text)) == len(text)
