"""Voikko (libvoikko1 + voikko-fi, scripts/ensure_voikko.sh): Finnish spelling, chosen by
``data/fi/spelling.yaml`` ``engine: voikko``; a missing Voikko is a reason, never a crash."""

import threading

import pytest

from replycheck.engines import hunspell, voikko

FINNISH = "abcdefghijklmnopqrstuvwxyzäö"


@pytest.fixture(scope="module")
def fi():
    speller = voikko.speller("fi")
    if speller is None:  # a broken set-up must fail loudly, not skip
        pytest.fail(f"Voikko is not available: {voikko.unavailable('fi')} (run `make setup`)")
    return speller


@pytest.fixture
def without_voikko(monkeypatch):
    """Voikko as on a machine without libvoikko1/voikko-fi (the real one comes back after)."""

    def missing(lang):
        raise RuntimeError(f"the Voikko library is missing (libvoikko.so.1: cannot open); {voikko.INSTALL_HINT}")

    monkeypatch.setattr(voikko, "_LOADED", {})
    monkeypatch.setattr(voikko, "_REASONS", {})
    monkeypatch.setattr(voikko, "_open", missing)


def test_finnish_morphology_is_known(fi):
    for word in ("viestistäsi", "lähtee", "Ystävällisin", "asiakaspalvelu", "laskusi", "sähköpostiisi", "e-posti"):
        assert fi.known(word), word
    assert fi.known("Helsinki") and not fi.known("helsinki")  # a name keeps its capital


def test_stripped_and_mistyped_words_are_unknown(fi):
    for word in ("viestistasi", "lahtee", "Ystavallisin", "laskkun", "myos"):
        assert not fi.known(word), word


def test_suggestions_put_the_accents_back_first(fi):
    assert fi.suggestions("viestistasi")[0] == "viestistäsi"
    assert fi.suggestions("lahtee")[0] == "lähtee"
    assert fi.candidates("laskkun", FINNISH)[0] == "laskun"
    assert len(fi.candidates("lahtee", FINNISH)) <= 3
    assert fi.suggestions("a" * 5000) == []  # no correction for a 5,000-letter "word"
    assert fi.known("x\0y") is False


def test_data_chooses_voikko_for_finnish_and_hunspell_for_the_others(fi):
    assert hunspell.SPELLERS("fi") is fi
    assert hunspell.SPELLERS.reason("fi") is None
    assert hunspell.SPELLERS("nb") is hunspell.speller("nb")
    assert "fi" in voikko.loaded()
    assert voikko.version()


def test_the_speller_is_safe_to_share_between_threads(fi):
    words = ["viestistäsi", "lahtee", "Ystävällisin", "laskkun"] * 50
    errors = []

    def run():
        try:
            for word in words:
                fi.known(word)
                fi.suggestions(word)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_without_voikko_finnish_has_no_speller_and_says_why(without_voikko):
    assert voikko.speller("fi") is None
    why = voikko.unavailable("fi")
    assert "Voikko" in why and "libvoikko1" in why and "voikko-fi" in why
    assert hunspell.SPELLERS("fi") is None  # no Finnish Hunspell dictionary to fall back on
    assert hunspell.SPELLERS.reason("fi") == why


def test_without_voikko_a_finnish_reply_is_reported_not_crashed(without_voikko, fast_checker):
    reply = "Hei,\n\nPaljon kiitoksia viestistasi. Paketti lahtee varastolta huomenna.\n\nYstävällisin terveisin\nAsiakaspalvelu"
    report = fast_checker.check(reply)
    assert report.errors == ()
    assert report.reply_language.code == "fi"
    assert [f for f in report.findings if f.category == "spelling" and f.severity != "info"] == []
    skipped = {s.name: s.reason for s in report.skipped}
    assert "spelling.misspelling" in skipped and "fi" in skipped["spelling.misspelling"]
    notes = [f for f in report.findings if f.code == "spelling/unsupported-language"]
    assert len(notes) == 1 and "Voikko" in notes[0].message and "voikko-fi" in notes[0].message


# -- through the spelling check (Finnish is not a LanguageTool language: no server needed) ----------
REPLY = (
    "Hei,\n\nPaljon kiitoksia viestistasi. Paketti lahtee varastolta huomenna aamulla.\n\n"
    "Ystavallisin terveisin\nAsiakaspalvelu"
)


def test_finnish_without_diacritics_is_flagged_with_exact_spans(fi, fast_checker):
    report = fast_checker.check(REPLY)
    assert report.reply_language.code == "fi" and report.errors == ()
    found = sorted((f.start, f.end, f.code, f.suggestions) for f in report.findings if f.category == "spelling")
    expected = []
    for word, restored in (("viestistasi", "viestistäsi"), ("lahtee", "lähtee"), ("Ystavallisin", "Ystävällisin")):
        start = REPLY.index(word)
        expected.append((start, start + len(word), "spelling/missing-diacritics", (restored,)))
    assert found == sorted(expected)
    for start, end, _, (restored,) in found:
        assert REPLY[start:end] != restored and REPLY[start:end] in REPLY


def test_a_finnish_typo_gets_voikkos_correction(fi, fast_checker):
    reply = "Hei,\n\nLähetimme uuden laskkun sähköpostiisi tänään aamulla.\n\nYstävällisin terveisin\nAsiakaspalvelu"
    report = fast_checker.check(reply)
    found = [f for f in report.findings if f.category == "spelling"]
    assert [(reply[f.start : f.end], f.code, f.suggestions[0]) for f in found] == [("laskkun", "spelling/misspelling", "laskun")]


@pytest.mark.parametrize(
    "reply",
    [
        "Hei,\n\nPaljon kiitoksia viestistäsi. Paketti lähtee varastolta huomenna aamulla, ja saat seurantakoodin sähköpostiisi.\n\nYstävällisin terveisin\nAsiakaspalvelu",
        # names, a place, a product, an order id, an address and a link
        "Hei Jääskeläinen,\n\nMatti Virtanen soittaa sinulle huomenna Helsingistä. Tilauksesi A-10293 (Zyxelbox 3000) on matkalla osoitteeseen anna.virtanen@example.com, katso https://example.com/tilaus.\n\nYstävällisin terveisin\nPekka Hölttä",
        # the customer's own words with a capital are theirs to spell
        "Hei,\n\nTarkistimme tilauksen, ja Jarnstedt-paketti lähtee tänään.\n\nTerveisin\nAsiakaspalvelu",
    ],
)
def test_correct_finnish_and_names_pass(fi, fast_checker, reply):
    report = fast_checker.check(reply, "Hei, missä on Jarnstedt-pakettini?\n\nTerveisin Liisa")
    assert report.reply_language.code == "fi"
    assert [(reply[f.start : f.end], f.code) for f in report.findings if f.category == "spelling"] == []
