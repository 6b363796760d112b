"""Spelling findings through the real LanguageTool server, Hunspell dictionaries and Voikko."""


import examples_support
import pytest

import replycheck

pytestmark = pytest.mark.languagetool

EXAMPLES = examples_support.load("spelling")


def _cases(kind):
    return list(examples_support.wrapped_cases(EXAMPLES, kind))


def _reply(lang, body):
    return examples_support.wrap(EXAMPLES, lang, body)


def _spelling(report, at_least="warning"):
    return [f for f in report.at_least(at_least) if f.category == "spelling"]


@pytest.mark.parametrize("code,lang,item", list(_cases("flag")))
def test_flags(lt_checker, code, lang, item):
    body, span, suggestion = item
    reply = _reply(lang, body)
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang
    assert [e for e in report.errors if e.name.startswith(("grammar.", "spelling."))] == []
    found = [f for f in report.findings if f.code == code and reply[f.start : f.end] == span]
    assert found, [(f.code, reply[f.start : f.end]) for f in report.findings]
    assert found[0].severity == "warning"
    assert suggestion is None or found[0].suggestions[0] == suggestion
    assert len(found[0].suggestions) <= 3


@pytest.mark.parametrize("code,lang,body", list(_cases("pass")))
def test_passes(lt_checker, code, lang, body):
    reply = _reply(lang, body)
    report = lt_checker.check(reply)
    assert [reply[f.start : f.end] for f in _spelling(report)] == []


def test_stripped_diacritics_case(lt_checker):
    reply = (
        "Hej!\n\nVi ber om ursakt. Vi har forsokt na dig pa telefon tva ganger i dag, men ingen svarade.\n\n"
        "Vanliga halsningar\nKundtjanst"
    )
    report = lt_checker.check(reply)
    fixed = {reply[f.start : f.end]: f.suggestions[0] for f in _spelling(report)}
    assert fixed["forsokt"] == "försökt"
    assert fixed["pa"] == "på"
    assert fixed["tva"] == "två"
    assert fixed["ursakt"] == "ursäkt"


def test_names_from_greeting_and_signature_are_not_misspelled(lt_checker):
    reply = "Hej Berhe,\n\nTack för din fråga, Berhe. Vi återkommer i morgon.\n\nVänliga hälsningar\nJarle Øvrebø"
    report = lt_checker.check(reply, "Hej, jag undrar över min order.\n\nMvh Berhe Tesfay")
    assert _spelling(report) == []


def test_glossary_terms_are_not_misspelled(lt_checker, tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("protected:\n  - Zyxelbox\n", encoding="utf-8")
    from replycheck.glossary import Glossary

    try:
        loaded = Glossary.load([glossary])
    except Exception as error:  # noqa: BLE001  (the glossary format is another module's)
        pytest.skip(f"glossary format differs: {error}")
    if "zyxelbox" not in {w.lower() for w in loaded.exempt_words("sv")}:
        pytest.skip("this glossary format does not make Zyxelbox exempt")
    reply = "Hej!\n\nDin nya Zyxelbox skickas i dag. Zyxelbox är enkel att installera.\n\nVänliga hälsningar\nKundtjänst"
    plain = lt_checker.check(reply)
    assert "Zyxelbox" in [reply[f.start : f.end] for f in _spelling(plain)]  # sentence-initial: flagged
    with_glossary = lt_checker.check(reply, glossary=loaded)
    assert [reply[f.start : f.end] for f in _spelling(with_glossary)] == []


def test_foreign_sentence_mojibake_entities_and_placeholders_are_left_to_other_checks(lt_checker):
    replies = [
        "Hej!\n\nTack för ditt meddelande. Please do not reply to this email, as this mailbox is not monitored.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nDin bestÃ¤llning skickas i dag och du fÃ¥r ett sms.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nVi har f&ouml;rl&auml;ngt ditt avtal till den 30 juni.\n\nVänliga hälsningar\nKundtjänst",
        "Hej {{first_name}},\n\nDin beställning skickades i går.\n\nVänliga hälsningar\nKundtjänst",
        "Hej!\n\nINTERNAL: kunden har klagat tre gånger.\n\nVänliga hälsningar\nKundtjänst",
    ]
    for reply in replies:
        report = lt_checker.check(reply)
        assert [reply[f.start : f.end] for f in _spelling(report)] == [], reply


def test_finnish_is_checked_by_voikko_not_reported_unsupported(lt_checker):
    reply = "Hei,\n\nKiitos viestistäsi. Tarkistimme laskusi, ja siinä oli tosiaan virhe.\n\nYstävällisin terveisin\nAsiakaspalvelu"
    report = lt_checker.check(reply)
    assert report.reply_language.code == "fi"
    assert [f for f in report.findings if f.category == "spelling"] == []
    assert "spelling.misspelling" not in {s.name for s in report.skipped}


FINNISH_STRIPPED = (
    "Hei,\n\nPaljon kiitoksia viestistasi. Paketti lahtee varastolta huomenna aamulla.\n\n"
    "Ystavallisin terveisin\nAsiakaspalvelu"
)


def test_finnish_without_diacritics_through_voikko(lt_checker):
    report = lt_checker.check(FINNISH_STRIPPED)
    assert report.reply_language.code == "fi" and report.errors == ()
    found = {(f.start, f.end): (f.code, f.suggestions[0]) for f in _spelling(report)}
    for word, restored in (("viestistasi", "viestistäsi"), ("lahtee", "lähtee"), ("Ystavallisin", "Ystävällisin")):
        start = FINNISH_STRIPPED.index(word)
        assert found.pop((start, start + len(word))) == ("spelling/missing-diacritics", restored)
    assert found == {}


@pytest.fixture
def without_voikko(monkeypatch):
    """Voikko as on a machine without libvoikko1/voikko-fi (the real one comes back after)."""
    from replycheck.engines import voikko

    def missing(lang):
        raise RuntimeError(f"the Voikko library is missing; {voikko.INSTALL_HINT}")

    monkeypatch.setattr(voikko, "_LOADED", {})
    monkeypatch.setattr(voikko, "_REASONS", {})
    monkeypatch.setattr(voikko, "_open", missing)


WITHOUT_VOIKKO = examples_support.load("spelling_without_voikko")


@pytest.mark.parametrize(
    "lang,item",
    [(lang, item) for lang, sets in WITHOUT_VOIKKO["spelling/unsupported-language"].items() for item in sets.get("flag", ())],
)
def test_unsupported_language_examples_without_voikko(without_voikko, lt_checker, lang, item):
    reply, span = item
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang and report.errors == ()
    notes = [f for f in report.findings if f.code == "spelling/unsupported-language"]
    assert [(reply[f.start : f.end], f.severity) for f in notes] == [(span, "info")]
    assert "Voikko" in notes[0].message and "voikko-fi" in notes[0].message


@pytest.mark.parametrize(
    "lang,reply",
    [(lang, reply) for lang, sets in WITHOUT_VOIKKO["spelling/unsupported-language"].items() for reply in sets.get("pass", ())],
)
def test_unsupported_language_passes_without_voikko(without_voikko, lt_checker, lang, reply):
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang
    assert [f for f in report.findings if f.code == "spelling/unsupported-language"] == []


def test_without_voikko_finnish_says_why_once(without_voikko, lt_checker):
    report = lt_checker.check(FINNISH_STRIPPED)
    assert report.errors == () and report.reply_language.code == "fi"
    notes = [f for f in report.findings if f.code == "spelling/unsupported-language"]
    assert len(notes) == 1 and notes[0].severity == "info" and "Voikko" in notes[0].message
    assert _spelling(report) == []
    assert "spelling.misspelling" in {s.name for s in report.skipped}


# -- stripped diacritics in other languages: exact span, code and restored word ---------------------
@pytest.mark.parametrize(
    "lang,reply,word,restored",
    [
        ("de", "Guten Tag,\n\nwir haben Ihre Rucksendung erhalten und erstatten den Betrag.\n\nMit freundlichen Grüßen\nIhr Kundenservice", "Rucksendung", "Rücksendung"),
        ("pl", "Dzień dobry,\n\nPaczka zostala wysłana wczoraj i dotrze w piątek.\n\nPozdrawiamy\nObsługa klienta", "zostala", "została"),
        ("es", "Hola:\n\nHemos recibido su solicitud y le enviaremos la informacion mañana.\n\nAtentamente,\nAtención al cliente", "informacion", "información"),
        ("fr", "Bonjour,\n\nNous avons bien recu votre demande et nous vous répondrons rapidement.\n\nCordialement,\nLe service client", "recu", "reçu"),
        ("it", "Buongiorno,\n\nIl pacco è stato spedito e arriverà venerdi.\n\nCordiali saluti,\nServizio clienti", "venerdi", "venerdì"),
        ("nl", "Beste klant,\n\nWe hebben uw ideeen doorgegeven aan het team.\n\nMet vriendelijke groet,\nKlantenservice", "ideeen", "ideeën"),
        ("et", "Tere,\n\nTeie tellimus saadeti täna välja ja jouab kohale neljapäeval.\n\nLugupidamisega\nKlienditeenindus", "jouab", "jõuab"),
        ("is", "Halló,\n\nVid höfum sent pakkann og hann kemur á morgun.\n\nKveðja,\nÞjónustuver", "Vid", "Við"),
    ],
)
def test_stripped_diacritics_in_other_languages(lt_checker, lang, reply, word, restored):
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang and report.errors == ()
    start = reply.index(word)
    found = [f for f in _spelling(report) if (f.start, f.end) == (start, start + len(word))]
    assert [(f.code, f.suggestions[0]) for f in found] == [("spelling/missing-diacritics", restored)]
    assert [reply[f.start : f.end] for f in _spelling(report)] == [word]


# -- ordinary typos: the likeliest slip first ------------------------------------------------------
@pytest.mark.parametrize(
    "lang,reply,word,first",
    [
        ("sv", "Hej!\n\nTyvär kan vi inte ändra din beställning nu.\n\nVänliga hälsningar\nKundtjänst", "Tyvär", "Tyvärr"),
        ("sv", "Hej!\n\nVi rekomenderar att du startar om routern.\n\nVänliga hälsningar\nKundtjänst", "rekomenderar", "rekommenderar"),
        ("nl", "Beste klant,\n\nExcuses voor de vertaging van uw bestelling.\n\nMet vriendelijke groet,\nKlantenservice", "vertaging", "vertraging"),
    ],
)
def test_ordinary_typos_get_the_right_first_suggestion(lt_checker, lang, reply, word, first):
    report = lt_checker.check(reply)
    assert report.reply_language.code == lang
    start = reply.index(word)
    found = [(f.start, f.end, f.code, f.suggestions[0]) for f in _spelling(report)]
    assert found == [(start, start + len(word), "spelling/misspelling", first)]


def test_names_urls_codes_and_quotes_keep_their_spelling_with_diacritic_restoration(lt_checker):
    reply = (
        "Hej Göran,\n\nVi har skickat ordern SE-4471 till Malmövägen 3 via Postnord, se https://example.com/spara.\n\n"
        "Vänliga hälsningar\nJosé Nuñez\n\n> Hej, var ar min order? Jag vantar fortfarande.\n"
    )
    report = lt_checker.check(reply, "Hej, var ar min order? Jag vantar fortfarande.\n\nMvh Goran")
    assert report.reply_language.code == "sv"
    assert [reply[f.start : f.end] for f in _spelling(report)] == []


# -- restoring and ranking, without engines -----------------------------------------------------------
def test_restore_diacritics_prefers_the_common_word_then_fewer_changes():
    from replycheck.checks.spelling import restore_diacritics

    words = {"försökt": 5.0, "är": 7.5, "år": 6.5, "ümbertõstmine": 1.0, "ümbertostmine": 0.0}
    known = words.__contains__
    rank = lambda w: words.get(w, 0.0)  # noqa: E731
    assert restore_diacritics("forsokt", known, {"o": ["ö"], "a": ["å", "ä"]}) == "försökt"
    assert restore_diacritics("ar", known, {"a": ["å", "ä"]}) == "år"  # no rank: the map's order
    assert restore_diacritics("ar", known, {"a": ["å", "ä"]}, rank) == "är"
    assert restore_diacritics("umbertostmine", known, {"u": ["ü"], "o": ["õ", "ö"]}, rank) == "ümbertõstmine"
    assert restore_diacritics("Forsokt", lambda w: w == "Försökt", {"o": ["ö"]}) == "Försökt"
    assert restore_diacritics("forsokt", known, {}) is None
    assert restore_diacritics("a" * 40, lambda w: False, {"a": ["á", "à", "â"]}) is None  # bounded, not 4**40


def test_restore_from_index_takes_the_accepted_common_word_in_the_words_case():
    from replycheck.checks.spelling import restore_from_index

    words = {"år": 6.5, "är": 7.5, "försökt": 5.0}
    index = {"ar": ("år", "är"), "forsokt": ("försökt",)}
    rank = lambda w: words.get(w.lower(), 0.0)  # noqa: E731
    assert restore_from_index("ar", index, lambda v: True, rank) == "är"  # the more common one
    assert restore_from_index("ar", index, lambda v: v != "är", rank) == "år"  # ...unless it is refused
    assert restore_from_index("Forsokt", index, lambda v: True, rank) == "Försökt"
    assert restore_from_index("FORSOKT", index, lambda v: True, rank) == "FÖRSÖKT"
    assert restore_from_index("och", index, lambda v: True, rank) is None
    assert restore_from_index("ar", {}, lambda v: True, rank) is None


def test_the_accented_index_holds_the_frequent_words_by_their_plain_spelling():
    from replycheck.engines import hunspell

    index = hunspell.accented_words("sv", {"a": ["å", "ä"], "o": ["ö"], "e": ["é"]})
    assert {"år", "är"} <= set(index["ar"]) and "försökt" in index["forsokt"]
    assert "pa" in index and "på" in index["pa"]
    assert "och" not in index  # no accented word is "och" with its accents stripped
    assert all(hunspell.zipf(word, "sv") >= hunspell.ACCENTED_MIN_ZIPF for word in index["ar"])
    assert hunspell.accented_words("sv", {}) == {} and hunspell.accented_words("xx", {"a": ["å"]}) == {}


def test_stripped_words_are_restored_alike_with_and_without_the_index(fast_checker):
    """The index is a faster way to the answers trying each accented variant gives."""
    import dataclasses

    from replycheck import flow
    from replycheck.registry import all_checks

    misspelling = [s for s in all_checks() if s.name == "spelling.misspelling"]
    reply = "Hej Anna,\n\nVi har forsokt na dig pa telefon men det gick inte.\n\nMed vänliga hälsningar\nErik"
    ctx = fast_checker.build_context(reply, config=replycheck.Config(language="sv", languagetool="off"))
    plain = dataclasses.replace(ctx, engines=dataclasses.replace(ctx.engines, accented=None))
    found = [(reply[f.start : f.end], f.code, f.suggestions) for f in flow.run(ctx, misspelling).findings]
    assert found == [(reply[f.start : f.end], f.code, f.suggestions) for f in flow.run(plain, misspelling).findings]
    assert found == [
        ("forsokt", "spelling/missing-diacritics", ("försökt",)),
        ("pa", "spelling/missing-diacritics", ("på",)),
    ]


def test_strip_accents_covers_letters_unicode_does_not_decompose():
    from replycheck.checks.spelling import strip_accents

    assert strip_accents("Mało Łódź") == "Malo Lodz"
    assert strip_accents("Við Þór") == "Vid Þor"
    assert strip_accents("Grüße, søster, ærlig") == "Gruse, soster, arlig"


def test_typo_cost_and_ranking():
    from replycheck.checks.spelling import rank_suggestions, typo_cost

    assert typo_cost("vertaging", "vertraging") == 1.0  # a letter left out
    assert typo_cost("vertaging", "vertaling") == 2.0  # g for l: across the keyboard
    assert typo_cost("fakutra", "faktura") == 1.0  # two letters swapped
    assert typo_cost("bestallning", "beställning") < 1.0  # an accent lost
    frequencies = {"vertaling": 4.7, "vertraging": 4.1, "tvär": 2.7, "tyvärr": 5.4}
    frequency = lambda word, langs: frequencies.get(word, 0.0)  # noqa: E731
    assert rank_suggestions("vertaging", ("vertaling", "vertraging"), frequency, ("nl",))[0] == "vertraging"
    assert rank_suggestions("Tyvär", ("Tvär", "Tyvärr"), frequency, ("sv",)) == ("Tyvärr", "Tvär")


def test_every_language_with_accented_letters_has_a_diacritics_map():
    from replycheck import langdata
    from replycheck.checks.spelling import strip_accents

    for folder in sorted(p for p in langdata.DATA_DIR.iterdir() if (p / "spelling.yaml").is_file()):
        data = langdata.load(folder.name, "spelling")
        accented = {ch for ch in data.get("alphabet", "") if strip_accents(ch) != ch}
        mapping = data.get("diacritics") or {}
        for letter in accented:
            assert letter in mapping.get(strip_accents(letter), ()), (folder.name, letter)
        assert bool(mapping) == bool(accented), folder.name


def test_fast_check_leaves_spelling_pending(lt_checker):
    reply = _reply("sv", "Vi har skickat en ny fakutra till dig i dag.")
    fast = lt_checker.check_fast(reply)
    assert "languagetool" in fast.pending
    assert not any(f.category == "spelling" for f in fast.findings)
    full = lt_checker.check(reply)
    assert any(f.code == "spelling/misspelling" for f in full.findings)
