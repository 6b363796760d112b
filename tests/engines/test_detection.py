"""Language identification: short Nordic texts, nb vs nn, unknown, determinism, the prior.

Every text here was written for these tests (none comes from ../shared/langid).
"""

from __future__ import annotations

import re

import pytest

from replycheck import langdata
from replycheck.engines.detection import SUPPORTED, LanguageDetector, default_detector
from replycheck.model import UNKNOWN


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return default_detector()


# The known hard cases: lingua and langdetect get some of these wrong on their own.
HARD_CASES = [
    ("Takk for henvendelsen din!", "nb"),
    ("Vi har gjort fel och vi krediterar er varken leverans eller kreditering har skett.", "sv"),
    ("Hei! Pakken din ble sendt i dag og kommer i løpet av to dager.", "nb"),
    ("Hej! Vi har sendt pengene i dag, så de er på din konto inden for tre bankdage.", "da"),
    ("Hei, eg har ikkje fått straum-rekninga for november. Kan de sende ho på nytt?", "nn"),
]

SHORT_NORDIC = [
    ("Tack för ditt tålamod!", "sv"),
    ("Vi har tagit emot din retur.", "sv"),  # no Swedish marker word, but "tagit emot" is Swedish
    ("Din beställning är på väg och kommer i morgon.", "sv"),
    ("Jag har inte fått någon faktura.", "sv"),
    ("Jeg har ikke mottatt pakken ennå.", "nb"),
    ("Hva er ordrenummeret ditt?", "nb"),
    ("Vi beklager forsinkelsen og sender deg en ny vare i dag.", "nb"),
    ("Eg veit ikkje kva som skjedde med pakken.", "nn"),
    ("Kva tid kjem pakken fram?", "nn"),
    ("Vi har sendt deg eit nytt passord no.", "nn"),
    ("Jeg har ikke modtaget pakken endnu.", "da"),
    ("Hvad er dit ordrenummer?", "da"),
    ("Tak for din henvendelse, vi vender tilbage i morgen.", "da"),
]

OTHER_LANGUAGES = [
    "Ваш заказ был отправлен вчера и прибудет через два дня.",
    "تم شحن طلبك أمس وسيصل خلال يومين.",
    "您的订单已于昨天发货，将在两天内送达。",
    "Η παραγγελία σας στάλθηκε χθες και θα φτάσει σε δύο ημέρες.",
    "Siparişiniz yarın kargoya verilecek ve iki gün içinde elinizde olacak.",
    "Vaše objednávka byla odeslána včera a dorazí do dvou dnů.",
    "Bună ziua, nu am primit încă factura pentru luna noiembrie.",
    "Vaša narudžba je poslana jučer i stići će za dva dana.",
    "Jūsų užsakymas buvo išsiųstas vakar ir atkeliaus per dvi dienas.",
]


@pytest.mark.parametrize(("text", "code"), HARD_CASES + SHORT_NORDIC)
def test_short_nordic_texts(detector, text, code):
    guess = detector.detect(text)
    assert guess.code == code, (text, guess)


@pytest.mark.parametrize(
    ("bokmal", "nynorsk"),
    [
        ("Jeg vet ikke hva som skjedde.", "Eg veit ikkje kva som skjedde."),
        ("Hvordan kan vi hjelpe deg?", "Korleis kan vi hjelpe deg?"),
        ("Hun har bare fått en av pakkene.", "Ho har berre fått ein av pakkane."),
        ("Det er mye vi ikke vet ennå.", "Det er mykje vi ikkje veit enno."),
    ],
)
def test_bokmal_and_nynorsk_are_told_apart(detector, bokmal, nynorsk):
    assert detector.detect(bokmal).code == "nb"
    assert detector.detect(nynorsk).code == "nn"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thank you for your patience, your order has been shipped today.", "en"),
        ("Vielen Dank für Ihre Geduld, Ihre Bestellung wurde heute verschickt.", "de"),
        ("Bedankt voor uw geduld, uw bestelling is vandaag verzonden.", "nl"),
        ("Kiitos kärsivällisyydestäsi, tilauksesi on lähetetty tänään.", "fi"),
        ("Merci de votre patience, votre commande a été expédiée aujourd'hui.", "fr"),
        ("Gracias por su paciencia, su pedido ha sido enviado hoy.", "es"),
        ("Obrigado pela sua paciência, o seu pedido foi enviado hoje.", "pt"),
        ("Grazie per la pazienza, il suo ordine è stato spedito oggi.", "it"),
        ("Dziękujemy za cierpliwość, zamówienie zostało dziś wysłane.", "pl"),
        ("Takk fyrir þolinmæðina, pöntunin þín var send í dag.", "is"),
        ("Täname kannatlikkuse eest, teie tellimus saadeti täna teele.", "et"),
    ],
)
def test_other_supported_languages(detector, text, code):
    assert detector.detect(text).code == code


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_languages_outside_the_supported_set_are_not_forced(detector, text):
    guess = detector.detect(text)
    assert guess.code not in SUPPORTED, (text, guess)
    assert guess.code == UNKNOWN


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "😀👍🎉", "12345 678", "12.03.2024 14:00", "!!! ???", "a", "#4711"]
)
def test_too_little_text_is_unknown_with_no_confidence(detector, text):
    guess = detector.detect(text)
    assert guess.code == UNKNOWN
    assert guess.confidence == 0.0
    assert not guess.is_known


@pytest.mark.parametrize("text", ["asdfgh qwerty zxcvb", "sdfkjh sdkfjh", "xkcd qwrtz"])
def test_gibberish_is_unknown_with_low_confidence(detector, text):
    guess = detector.detect(text)
    assert guess.code == UNKNOWN
    assert guess.confidence <= 0.3


def test_interface_shape(detector):
    guess = detector.detect("Tack för ditt meddelande, vi återkommer så snart vi kan.")
    assert guess.code == "sv"
    assert 0.0 < guess.confidence <= 1.0
    assert len(guess.alternatives) >= 6
    values = [value for _, value in guess.alternatives]
    assert values == sorted(values, reverse=True)
    assert guess.confidence >= values[0]
    codes = [guess.code] + [code for code, _ in guess.alternatives]
    assert len(codes) == len(set(codes))
    assert "no" not in codes and set(codes) <= set(SUPPORTED)
    assert guess.confidence_for("sv") == guess.confidence
    assert guess.confidence_for("da") == dict(guess.alternatives)["da"]
    assert guess.confidence_for("xx") == 0.0
    assert abs(guess.confidence + sum(values) - 1.0) < 1e-6


def test_deterministic(detector):
    texts = [text for text, _ in HARD_CASES] + ["Hej", "Takk", "asdf qwer"]
    first = [detector.detect(t) for t in texts]
    again = [detector.detect(t) for t in texts]
    fresh = [LanguageDetector().detect(t) for t in texts]
    assert first == again == fresh


def test_default_detector_is_cached():
    assert default_detector() is default_detector()


def _near_tie(detector, texts):
    for text in texts:
        guess = detector.detect(text)
        runner_up, value = guess.alternatives[0]
        if guess.is_known and value > 0 and guess.confidence / value < 1.3:
            return text, guess.code, runner_up
    pytest.fail("none of the texts is a near-tie")


def test_prior_breaks_a_near_tie(detector):
    # Greetings and sign-offs shared by the Scandinavian languages are near-ties.
    text, top, runner_up = _near_tie(detector, ["Hej", "Hej!", "Tak", "Hilsen", "Ja", "Vi ses"])
    assert detector.detect(text, prior=runner_up).code == runner_up
    assert detector.detect(text, prior=top).code == top


@pytest.mark.parametrize(
    ("text", "code", "prior"),
    [
        (HARD_CASES[4][0], "nn", "nb"),
        (HARD_CASES[1][0], "sv", "da"),
        (HARD_CASES[3][0], "da", "nb"),
        ("Jeg har ikke mottatt pakken ennå.", "nb", "da"),
        ("Thank you for your patience, your order has been shipped today.", "en", "sv"),
    ],
)
def test_prior_does_not_override_clear_evidence(detector, text, code, prior):
    assert detector.detect(text, prior=prior).code == code


def test_customer_language_stays_plausible_for_a_close_language(detector):
    """A Bokmål reply keeps a real share for Nynorsk: the mismatch check must not be sure."""
    guess = detector.detect("Takk for henvendelsen din!", prior="nn")
    assert guess.confidence_for("nn") > 0.05


@pytest.mark.parametrize("backend", ["lingua", "langdetect"])
def test_baseline_backends(backend):
    detector = LanguageDetector(backend=backend)
    guess = detector.detect("Tack för ditt meddelande, vi återkommer så snart vi kan.")
    assert guess.code == "sv"
    norwegian = detector.detect("Jeg har ikke mottatt pakken ennå, kan dere sjekke hva som skjedde?")
    assert norwegian.code in {"nb", "da"}  # langdetect's "no" is reported as nb
    assert detector.detect("").code == UNKNOWN


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="backend"):
        LanguageDetector(backend="fasttext")


@pytest.mark.parametrize("code", SUPPORTED)
def test_lid_data_is_well_formed(code):
    data = langdata.load(code, "lid")
    assert data, f"replycheck/data/{code}/lid.yaml is missing"
    assert set(data) <= {"alphabet", "neighbours", "marker_rate", "common", "markers", "patterns"}
    assert set("abcdefghijklmnopqrstuvwxyz") <= set(data["alphabet"])
    assert data["common"], "common words are needed to recognise foreign text"
    assert set(data.get("neighbours") or ()) <= set(SUPPORTED) - {code}
    markers = data.get("markers") or {}
    strong, weak = set(markers.get("strong") or ()), set(markers.get("weak") or ())
    assert not strong & weak, f"listed as both strong and weak: {sorted(strong & weak)}"
    for word in strong | weak:
        assert isinstance(word, str) and word == word.lower().strip() and word, word
    for pattern in (data.get("patterns") or {}).get("strong") or []:
        re.compile(pattern)
    for pattern in (data.get("patterns") or {}).get("weak") or []:
        re.compile(pattern)


# -- memory: the detector's frequency lists are compiled tables, with the same values -------------
def test_frequency_rarities_equal_the_lists_own(tmp_path, monkeypatch):
    import wordfreq

    from replycheck.engines import detection

    monkeypatch.setenv("REPLYCHECK_CACHE_DIR", str(tmp_path))
    detection._frequencies.cache_clear()
    try:
        for name in ("sv", "nb", "da"):
            buckets = wordfreq.read_cBpack(wordfreq.available_languages("small")[name])
            expected = {w: cb // detection.FREQ_STEP for cb, words in enumerate(buckets) for w in words}
            rarities = detection._frequencies(name)
            sample = list(expected)[::97] + ["fakturra", "kundtjänst", "ikkje", ""]
            for word in sample:
                assert rarities.get(word, -1) == expected.get(word, -1), (name, word)
        assert len(list((tmp_path / "wordfreq").glob("*/small_*.bin"))) == 3
    finally:
        detection._frequencies.cache_clear()


def test_full_models_are_recorded_only_for_the_languages_asked(monkeypatch):
    from replycheck.engines import detection

    released = []
    monkeypatch.setattr(detection, "_release_free_memory", lambda: released.append(1))
    engine = detection._Lingua(("sv", "nb", "da", "en"), preload=False)
    engine.probabilities("Tack för ditt meddelande.", frozenset({"sv", "nb"}))
    assert engine._loaded == {"sv", "nb"} and len(released) == 1
    engine.probabilities("Tack så mycket.", frozenset({"sv"}))
    assert engine._loaded == {"sv", "nb"} and len(released) == 1  # nothing new loaded


def test_warm_up_loads_full_models_of_the_given_languages_and_their_neighbours(monkeypatch):
    from replycheck.engines import detection

    monkeypatch.setattr(detection, "_release_free_memory", lambda: None)
    fresh = LanguageDetector()
    fresh.warm_up(full=True, languages=["sv"])
    assert fresh._engine._loaded == {"sv", "nb", "nn", "da"}
    fresh.warm_up(full=True, languages=["xx"])  # a language without data loads nothing more
    assert fresh._engine._loaded == {"sv", "nb", "nn", "da"}
    fresh.warm_up()  # trigram models only
    assert fresh._engine._loaded == {"sv", "nb", "nn", "da"}


def test_a_sentence_sure_to_be_in_the_expected_language_needs_no_full_model(monkeypatch):
    """The trigram pass names Swedish 0.99 sure (under FAST_ENOUGH, over FAST_EXPECTED): with
    ``expected="sv"`` that answer stands; without it the full models are asked."""
    from replycheck.engines import detection

    fresh = LanguageDetector()
    asked = []
    real = fresh._engine.probabilities
    monkeypatch.setattr(fresh._engine, "probabilities", lambda text, candidates=None: asked.append(candidates) or real(text, candidates))
    sentence = "Koden gäller i tre månader."
    guess = fresh.detect(sentence, prior="sv", expected="sv")
    assert guess.code == "sv" and detection.FAST_EXPECTED <= guess.confidence < detection.FAST_ENOUGH
    assert asked == []
    assert fresh.detect(sentence, prior="sv").code == "sv"
    assert asked and {"sv", "nb", "nn", "da"} <= asked[0]
    # expecting another language changes nothing: the full models decide
    asked.clear()
    assert fresh.detect(sentence, prior="sv", expected="da").code == "sv"
    assert asked


def test_joined_patterns_match_what_each_pattern_matches():
    import re

    from replycheck.engines.detection import _compile

    patterns = ["...ande$", "^kj", "([bdfgklmnprstv])\\1$", "ej", "(ab|cd)x"]
    compiled = _compile(patterns)
    assert len(compiled) == 2  # the back-reference stays alone: joining would renumber its group
    for word in ("springande", "kjem", "dagg", "ejder", "abx", "cdx", "hus", "dag", "andes"):
        assert any(p.search(word) for p in compiled) == any(re.search(p, word) for p in patterns), word
