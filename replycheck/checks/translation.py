"""Machine-translation artefacts in the reply itself (no source needed).

Mixed forms of address, mojibake, leaked HTML entities, "Translated by Google" markers,
capitalised month and weekday names, fused main clauses, calques, doubled words and unpaired
brackets or quotation marks. Language knowledge comes from ``data/<lang>/formality.yaml``,
``calendar.yaml``, ``calques.yaml``, ``clauses.yaml`` and ``data/common/mt_markers.yaml``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterator

from ftfy import badness, fix_encoding

from replycheck import langdata
from replycheck.checks import _prose, _register
from replycheck.context import Context
from replycheck.model import Finding
from replycheck.registry import register
from replycheck.segment import Span
from replycheck.tokens import tokens

# Not language knowledge: the shape of an HTML character reference.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_NONSPACE = re.compile(r"\S+")
_EDGE_PUNCT = ".,;:!?\"'()[]«»“”„"
_MAX_PER_CODE = 8  # more findings of one kind than this add nothing for the agent


def own_regions(ctx: Context) -> list[Span]:
    """The reply's own text: greeting, paragraphs, sign-off and signature (no quotes)."""
    parts = ctx.parts
    spans = [s for s in (parts.greeting, *parts.paragraphs, parts.signoff, parts.signature) if s]
    return sorted(spans, key=lambda s: s.start)


def _sentence_starts(ctx: Context) -> set[int]:
    """Offsets of the first word of every sentence and of every line."""
    starts: set[int] = set()
    for sentence in ctx.parts.sentences:
        toks = tokens(ctx.reply, sentence)
        if toks and not re.search(r"\d\.\s*$", ctx.reply[max(0, sentence.start - 6) : sentence.start]):
            starts.add(toks[0].start)  # (not after an ordinal such as "15." in "15. maaliskuuta")
    for region in own_regions(ctx):
        for line in re.finditer(r"[^\r\n]+", ctx.reply[region.start : region.end]):
            toks = tokens(line.group())
            if toks:
                starts.add(region.start + line.start() + toks[0].start)
    return starts


# -- register mix ------------------------------------------------------------------------
def _address_forms(ctx: Context, cfg: dict) -> dict[str, list[_prose.Token]]:
    informal = {str(w).lower() for w in cfg.get("informal", [])}
    formal_words = [str(w) for w in cfg.get("formal", [])]
    case_sensitive = bool(cfg.get("formal_case_sensitive"))
    formal = set(formal_words) if case_sensitive else {w.lower() for w in formal_words}
    imperatives = {str(w).lower() for w in cfg.get("imperatives", []) or []}
    blockers = {str(w).lower() for w in cfg.get("imperative_blockers", []) or []}
    verbs, clitics = cfg.get("informal_verbs"), cfg.get("polite_clitics")
    sentence_starts = _sentence_starts(ctx) if case_sensitive or imperatives or verbs or clitics else set()
    starts = set(sentence_starts) if case_sensitive or imperatives else set()
    if case_sensitive:  # after a colon or an opening quote a capital may start a sentence too
        starts |= {m.end() for m in re.finditer(r"[:\"“„«]\s*", ctx.reply)}
    found: dict[str, list[_prose.Token]] = {"informal": [], "formal": []}
    familiar_verb = _familiar_verb(ctx, verbs, sentence_starts)
    polite_clitic = _polite_clitic(ctx, clitics, sentence_starts)
    polite_conditional = _polite_conditional(ctx, cfg.get("polite_conditionals"))
    prefixed = bool(cfg.get("prefixed_imperatives"))
    for region in own_regions(ctx):
        toks = tokens(ctx.parts.masked, region)
        for k, tok in enumerate(toks):
            if tok.low in informal or familiar_verb(toks, k):
                found["informal"].append(tok)
            elif (
                (tok.low in imperatives or (prefixed and any(tok.low.endswith(i) and len(tok.low) > len(i) + 1 for i in imperatives)))
                and (k == 0 or toks[k - 1].low not in blockers)
                and (tok.text.islower() or tok.start in starts)  # "Teile" mid-sentence is a noun
            ):
                found["informal"].append(tok)
            elif (
                ((tok.text if case_sensitive else tok.low) in formal and tok.start not in starts)
                or polite_clitic(toks, k)
                or polite_conditional(toks, k)
            ):
                found["formal"].append(tok)
    return found


def _polite_conditional(ctx: Context, rule: dict | None):
    """A predicate on ``(tokens, k)``: token ``k`` is a third person singular verb right after
    "if" with no subject of its own ("Si cambia de opinión", "Se desidera"), which in a reply is
    the reader addressed politely. The verb is recognised by its familiar twin having the same
    lemma ("cambia"/"cambias": cambiar), by the language's ``polite_conditionals``."""
    lemmas = ctx.engines.lemmas
    if not rule or lemmas is None:
        return lambda toks, k: False
    conjunctions = {str(w).lower() for w in rule["conjunctions"]}
    second = {str(a): str(b) for a, b in rule["second_person"].items()}
    lemma_endings = tuple(rule["lemma_endings"])
    not_words = {str(w).lower() for w in rule.get("not_words") or ()}
    skip = {str(w).lower() for w in rule.get("skip") or ()}
    irregular = {str(w).lower() for w in rule.get("irregular") or ()}
    check_twin = rule.get("check_twin", True)  # Italian twins are often nouns too ("cambi": cambio)
    not_before = {str(w).lower() for w in rule.get("not_before") or ()}  # "Si llega el técnico": its own subject
    lang = ctx.lang

    def polite(toks, k) -> bool:
        low = toks[k].low
        if low in not_words or low in skip or not toks[k].text.islower():
            return False
        j = k - 1
        while j >= 0 and k - j <= 3 and toks[j].low in skip:  # "Si no lo desea", "Si algún día quiere"
            j -= 1
        if j < 0 or toks[j].low not in conjunctions or (k + 1 < len(toks) and toks[k + 1].low in not_before):
            return False
        if low in irregular:
            return True
        ending = next((e for e in sorted(second, key=len, reverse=True) if low.endswith(e)), None)
        if ending is None:
            return False
        lemma = lemmas.lemma(low, lang)
        familiar = low[: len(low) - len(ending)] + second[ending]
        return lemma != low and lemma.endswith(lemma_endings) and (not check_twin or lemmas.lemma(familiar, lang) == lemma)

    return polite


def _polite_clitic(ctx: Context, rule: dict | None, starts: set[int]):
    """A predicate on ``(tokens, k)``: token ``k`` is an object clitic opening a clause before a
    first person plural verb, which in a reply speaks to the reader politely ("Le informamos",
    "Le enviaremos": we … you), by the language's ``polite_clitics``."""
    lemmas = ctx.engines.lemmas
    if not rule or lemmas is None:
        return lambda toks, k: False
    clitics = {str(w).lower() for w in rule["clitics"]}
    verb_endings = tuple(rule["verb_endings"])
    lemma_endings = tuple(rule["lemma_endings"])
    text, lang = ctx.parts.masked, ctx.lang

    def polite(toks, k) -> bool:
        tok = toks[k]
        if tok.low not in clitics or k + 1 >= len(toks):
            return False
        opens = k == 0 or tok.start in starts or text[toks[k - 1].end : tok.start].strip() in (",", ";", ":")
        verb = toks[k + 1].low
        return opens and verb.endswith(verb_endings) and lemmas.lemma(verb, lang).endswith(lemma_endings)

    return polite


def _familiar_verb(ctx: Context, rule: dict | None, starts: set[int]):
    """A predicate on ``(tokens, k)``: token ``k`` is a familiar (2nd person singular) verb form, read from its
    ending and its lemma ("puedes": poder; "hast": haben), by the language's ``informal_verbs``:
    ``same_lemma_without`` — the word without this ending has the same lemma (the polite form:
    "puedes"/"puede"); ``ambiguous_stems`` — a verb whose stem ends so has the same form in the
    third person ("löst": lösen) and is left out; ``not_lemma_plus`` — a word that is its lemma
    plus this ending is a plural ("particulares"); ``not_after`` — after an article or
    possessive it is a noun ("tus compras"). Capitalised words count only at a
    sentence's start."""
    lemmas = ctx.engines.lemmas
    if not rule or lemmas is None:
        return lambda toks, k: False
    endings = tuple(rule["endings"])
    lemma_endings = tuple(rule["lemma_endings"])
    not_endings = tuple(rule.get("not_endings") or ())
    not_words = {str(w).lower() for w in rule.get("not_words") or ()}
    lowercase_only = bool(rule.get("lowercase_only"))
    drop = str(rule.get("same_lemma_without") or "")
    ambiguous = tuple(rule.get("ambiguous_stems") or ())
    plural_of = tuple(rule.get("not_lemma_plus") or ())
    not_after = {str(w).lower() for w in rule.get("not_after") or ()}
    lang = ctx.lang

    def familiar(toks, k) -> bool:
        tok = toks[k]
        low = tok.low
        if not low.endswith(endings) or low.endswith(not_endings) or low in not_words or len(low) < 3:
            return False
        if k and toks[k - 1].low in not_after:
            return False
        if not tok.text.islower() and (lowercase_only or tok.start not in starts):
            return False
        lemma = lemmas.lemma(low, lang)
        ending = next((e for e in lemma_endings if lemma.endswith(e)), None)
        if lemma == low or ending is None:
            return False
        if ambiguous and lemma[: len(lemma) - len(ending)].endswith(ambiguous):
            return False
        if any(low == lemma + suffix for suffix in plural_of):  # "particulares": a plural, no verb
            return False
        return not drop or (low.endswith(drop) and lemmas.lemma(low[: -len(drop)], lang) == lemma)

    return familiar


@register(codes={"translation/register-mix": "warning"}, data=("formality",))
def register_mix(ctx: Context) -> Iterator[Finding]:
    """Familiar and polite forms of address mixed in one reply.

    Machine translation often switches between the familiar and the polite "you" from one
    sentence to the next: Swedish du/ni, Norwegian and Danish du/De, German du/Sie (including
    imperatives such as "prüfe"), Dutch jij/u, French tu/vous, Spanish tú/usted, Finnish
    sinä/Te. Each form of the register used less often is flagged.

    Example: "Vi har betalat tillbaka beloppet till er och du bör se pengarna på ditt konto."
    Write instead: "… till dig och du bör se pengarna på ditt konto."

    Where the polite form is also the plural (Swedish "ni", French "vous"), a reply that
    clearly speaks to several people ("ni båda", "du och din sambo") is not flagged.

    A word is suggested only where swapping it leaves a correct sentence: from the
    language's ``counterpart`` table, and not in a sentence whose verb or subject of the same
    register has no counterpart ("Wenn du Fragen hast" gets none: "Sie hast" is wrong).
    Such a sentence gets one more finding (``info``, spanning the sentence) whose suggestion
    is the whole sentence in the reply's register, verbs included ("Wenn du Fragen hast,
    schreib uns." -> "Wenn Sie Fragen haben, schreiben Sie uns."), from the language's
    ``rewrite`` table and its lexicon; none when any word of it is uncertain.
    """
    cfg = _prose.data(ctx.lang, "formality")
    if not cfg:
        return
    found = _address_forms(ctx, cfg)
    informal, formal = found["informal"], found["formal"]
    if not informal or not formal:
        return
    if cfg.get("plural_too"):
        own = "\n".join(s.text(ctx.reply) for s in own_regions(ctx))
        if any(re.search(p, own, re.I) for p in cfg.get("plural_cues", []) or []):
            return
    # The register used less often is the slip; on a tie, the one that comes in later.
    if len(informal) != len(formal):
        minority = "informal" if len(informal) < len(formal) else "formal"
    else:
        minority = "informal" if informal[0].start > formal[0].start else "formal"
    majority = "formal" if minority == "informal" else "informal"
    labels = cfg.get("labels", {})
    counterpart = cfg.get("counterpart", {}) or {}
    major_words = ", ".join(dict.fromkeys(f"'{t.text}'" for t in found[majority][:3]))
    stuck = _sentences_without_swap(ctx, found[minority], counterpart)
    for tok in found[minority][:_MAX_PER_CODE]:
        suggestions = counterpart.get(tok.text) or counterpart.get(tok.low) or []
        if _sentence_index(ctx, tok.start) in stuck:
            suggestions = []  # another word of the sentence (a verb, a subject) would not agree
        if tok.text[:1].isupper() and tok.text not in counterpart:  # "Er" opening a sentence, not German "Ihre"
            suggestions = [s[:1].upper() + s[1:] for s in suggestions]
        yield Finding(
            "translation/register-mix",
            "warning",
            tok.start,
            tok.end,
            f"Mixed forms of address: '{tok.text}' is the {labels.get(minority, minority)} form, "
            f"but the reply otherwise says {labels.get(majority, majority)} ({major_words}). "
            "Use one form throughout.",
            tuple(str(s) for s in suggestions),
        )
    yield from _sentence_rewrites(ctx, cfg, found[minority], stuck, majority, labels)


def _sentence_rewrites(ctx: Context, cfg: dict, minority: list[_prose.Token], stuck: set, majority: str, labels: dict) -> Iterator[Finding]:
    """One ``info`` finding per sentence whose words could not be swapped one by one (see
    ``stuck``), spanning the sentence, whose suggestion is the whole sentence rewritten in
    the majority register by ``_register.rewrite`` (none when that is unsure)."""
    rule = (cfg.get("rewrite") or {}).get(majority)
    lexicon = ctx.lexicon()
    if not rule or lexicon is None or ctx.engines.lemmas is None:
        return
    tools = _register.Tools(ctx.lang, lexicon, ctx.engines.lemmas)
    count = 0
    for index in sorted(i for i in stuck if i is not None):
        sentence = ctx.parts.sentences[index]
        words = {t.start for t in minority if sentence.start <= t.start < sentence.end}
        rewritten = _register.rewrite(ctx.reply, sentence, rule, tools, words)
        if rewritten is None or count >= _MAX_PER_CODE:
            continue
        end = sentence.start + len(ctx.reply[sentence.start : sentence.end].rstrip())
        count += 1
        yield Finding(
            "translation/register-mix",
            "info",
            sentence.start,
            end,
            f"The whole sentence in the {labels.get(majority, majority)} form: '{rewritten}'.",
            (rewritten,),
        )


def _sentence_index(ctx: Context, offset: int) -> int | None:
    return next((i for i, s in enumerate(ctx.parts.sentences) if s.start <= offset < s.end), None)


def _sentences_without_swap(ctx: Context, minority: list[_prose.Token], counterpart: dict) -> set[int | None]:
    """Sentences holding a word of the minority register that has no ``counterpart`` (a verb
    such as "hast" or "prüfe", a subject pronoun whose verb agrees with it): swapping only the
    other words there would leave the sentence mixed ("Bitte überprüfe Ihr Bankkonto")."""
    return {
        _sentence_index(ctx, tok.start)
        for tok in minority
        if not (counterpart.get(tok.text) or counterpart.get(tok.low))
    }


# -- encoding artefacts --------------------------------------------------------------------
def _word_at(text: str, match: re.Match) -> tuple[int, int]:
    """The whitespace-delimited word around ``match``, without edge punctuation."""
    start = text.rfind(" ", 0, match.start()) + 1
    start = max(start, text.rfind("\n", 0, match.start()) + 1)
    end_match = re.compile(r"\s").search(text, match.end())
    end = end_match.start() if end_match else len(text)
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT and not _ENTITY.search(text[start:end][-10:]):
        end -= 1
    return start, end


@register(codes={"translation/mojibake": "error"})
def mojibake(ctx: Context) -> Iterator[Finding]:
    """Text garbled by a wrong character encoding (mojibake).

    UTF-8 text decoded as Latin-1 or Windows-1252 turns "beställning" into "bestÃ¤llning" and
    "don't" into "donâ€™t". The reply cannot be sent like this. Each garbled word is flagged with
    its repaired form (by ftfy).

    Example: "Din bestÃ¤llning skickas i dag." Write instead: "Din beställning skickas i dag."
    """
    count = 0
    for match in _NONSPACE.finditer(ctx.reply):
        word = match.group()
        if word.isascii() or not badness.is_bad(word):
            continue
        fixed = fix_encoding(word)
        if fixed == word or _new_script(word, fixed):
            continue
        start, end = match.start(), match.end()
        while start < end - 1 and ctx.reply[start] in _EDGE_PUNCT and ctx.reply[start] == fixed[:1]:
            start, fixed = start + 1, fixed[1:]
        while end - 1 > start and ctx.reply[end - 1] in _EDGE_PUNCT and fixed.endswith(ctx.reply[end - 1]):
            end, fixed = end - 1, fixed[:-1]
        yield Finding(
            "translation/mojibake",
            "error",
            start,
            end,
            f"Garbled characters (wrong text encoding): '{ctx.reply[start:end]}' should read '{fixed}'.",
            (fixed,),
        )
        count += 1
        if count >= 3 * _MAX_PER_CODE:
            return


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha()}


def _new_script(word: str, fixed: str) -> bool:
    """A "repair" that brings in another script ('”ärade' -> Cyrillic 'ӊrade') is no repair."""
    return bool(_scripts(fixed) - _scripts(word))


@register(codes={"translation/html-entity": "error"})
def html_entity(ctx: Context) -> Iterator[Finding]:
    """HTML character references left in the text ("f&ouml;rl&auml;ngt", "&#39;", "&nbsp;").

    They appear when HTML is pasted or converted as plain text; the customer sees the codes.

    Example: "Vi har f&ouml;rl&auml;ngt ditt avtal." Write instead: "Vi har förlängt ditt avtal."
    """
    seen: set[int] = set()
    count = 0
    for match in _ENTITY.finditer(ctx.reply):
        if html.unescape(match.group()) == match.group() or match.start() in seen:
            continue
        start, end = _word_at(ctx.reply, match)
        word = ctx.reply[start:end]
        for inner in _ENTITY.finditer(ctx.reply, start, end):
            seen.add(inner.start())
        fixed = html.unescape(word).replace("\u00a0", " ")
        yield Finding(
            "translation/html-entity",
            "error",
            start,
            end,
            f"HTML code left in the text: '{word}' shows as is to the customer; write '{fixed.strip() or ' '}'.",
            (fixed,),
        )
        count += 1
        if count >= 3 * _MAX_PER_CODE:
            return


@register(codes={"translation/mt-marker": "error"}, data=("common/mt_markers",))
def mt_marker(ctx: Context) -> Iterator[Finding]:
    """A machine-translation marker left in the reply ("Translated by Google", "Übersetzt mit
    DeepL", "[machine translation]").

    It tells the customer the reply was machine translated and was not reviewed.
    Delete the marker.
    """
    data = langdata.load("common", "mt_markers") or {}
    for pattern in data.get("markers", []):
        for match in re.finditer(pattern, ctx.reply, re.I):
            yield Finding(
                "translation/mt-marker",
                "error",
                match.start(),
                match.end(),
                f"Machine-translation marker left in the reply: '{match.group()}'. Delete it.",
                ("",),
            )


# -- capitalised dates ------------------------------------------------------------------------
@register(codes={"translation/capitalised-date": "warning"}, data=("calendar",))
def capitalised_date(ctx: Context) -> Iterator[Finding]:
    """Month or weekday name capitalised inside a sentence, in a language that writes them in
    lower case (Swedish, Norwegian, Danish, Finnish, French, Spanish, Dutch, Italian…).

    An English source shows through: "förfaller på Måndag den 15 Mars".
    Write instead: "förfaller på måndag den 15 mars". The first word of a sentence or line is
    not flagged.
    """
    cfg = _prose.data(ctx.lang, "calendar")
    if not cfg or not cfg.get("lowercase"):
        return
    names = [str(n).lower() for n in (cfg.get("months") or []) + (cfg.get("weekdays") or [])]
    inflected = bool(cfg.get("inflected"))
    starts = _sentence_starts(ctx)
    for region in own_regions(ctx):
        if ctx.parts.greeting and region == ctx.parts.greeting:
            continue
        text = ctx.reply
        for match in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text[region.start : region.end]):
            word = match.group()
            start = region.start + match.start()
            if not word[0].isupper() or word.isupper() or start in starts:
                continue
            low = word.lower()
            if not (low in names or (inflected and any(low.startswith(n) for n in names))):
                continue
            before = text[max(region.start, start - 3) : start].rstrip()
            if before.endswith((":", "•", "*", "(", "-", "–", '"', "“", "”", "«", "„")):
                continue
            signature = ctx.parts.signature
            in_signature = bool(signature and signature.start <= start < signature.end)
            yield Finding(
                "translation/capitalised-date",
                "info" if in_signature else "warning",  # opening hours in a signature: a hint
                start,
                start + len(word),
                f"'{word}' is written in lower case in this language inside a sentence: '{low}'.",
                (low,),
            )


# -- run-on -------------------------------------------------------------------------------------
@register(codes={"translation/run-on": "warning"}, data=("clauses",))
def run_on(ctx: Context) -> Iterator[Finding]:
    """Two main clauses run together with no punctuation or conjunction between them.

    Machine translation often drops the full stop or comma between two statements: "Vi har
    gjort fel och vi krediterar er varken leverans eller kreditering har skett." Found by
    sentence structure: a clause that opens with a subject and a finite verb, followed (with
    no comma, conjunction or subjunction) by a second finite verb that starts a new statement.

    Write instead: "Vi har gjort fel och krediterar er. Varken leverans eller kreditering har
    skett." (or whatever the intended meaning is).
    """
    lang = ctx.lang
    if not _prose.data(lang, "clauses"):
        return
    text = ctx.reply
    for sentence in ctx.parts.sentences:
        if text[sentence.start : sentence.end].rstrip().endswith("?"):
            continue
        for clause in _prose.clauses(text, sentence, lang):
            fused = _prose.split_fused(clause, lang, ctx.engines.lemmas)
            if not fused:
                continue
            i, j = fused
            cut = _prose.fused_cut(clause, i, j, lang)
            negators = _prose.word_set(lang, "negation", "negators")
            pronouns = _prose.word_set(lang, "clauses", "subject_pronouns")
            # "besväret det har orsakat" (a relative clause without "som") has the same shape as
            # two fused clauses whose second starts with a pronoun: only a hint then.
            ambiguous = clause.tokens[j - 1].low in pronouns and not any(
                t.low in negators for t in clause.tokens[i + 1 : j]
            )
            first = text[clause.start : clause.tokens[cut - 1].end]
            second = text[clause.tokens[cut].start : clause.end]
            yield Finding(
                "translation/run-on",
                "info" if ambiguous else "warning",
                clause.start,
                clause.end,
                f"Two statements run together without punctuation: '{first}' and '{second}'. "
                "End the first with a full stop or join them with a comma and a conjunction.",
                (f"{first}. {second[:1].upper()}{second[1:]}",),
            )


# -- calques ------------------------------------------------------------------------------------
@register(codes={"translation/calque": "warning"}, data=("calques",))
def calque(ctx: Context) -> Iterator[Finding]:
    """A literal calque or unidiomatic template phrase ("på daglig basis", "macht Sinn",
    "I hope this email finds you well" translated word for word).

    The phrase lists per language live in ``data/<lang>/calques.yaml`` with the idiomatic
    wording to use instead ("dagligen", "ergibt Sinn").
    """
    cfg = _prose.data(ctx.lang, "calques")
    for entry in cfg.get("calques", []) or []:
        pattern = re.compile(entry["pattern"], re.I)
        for region in own_regions(ctx):
            for match in pattern.finditer(ctx.reply, region.start, region.end):
                suggestion = str(entry.get("suggestion", ""))
                yield Finding(
                    "translation/calque",
                    str(entry.get("severity", "warning")),
                    match.start(),
                    match.end(),
                    f"'{match.group()}' reads as a word-for-word translation ({entry.get('why', 'calque')}); "
                    f"write '{suggestion}'.",
                    tuple(s.strip() for s in suggestion.split(" / ") if s.strip()),
                )


# -- mechanical QA ------------------------------------------------------------------------------
@register(codes={"translation/repeated-word": "warning"})
def repeated_word(ctx: Context) -> Iterator[Finding]:
    """The same word twice in a row ("the the", "att att").

    Words that may legitimately repeat in a language (German "die die", French "nous nous")
    are listed in ``repeat_ok`` in ``data/<lang>/clauses.yaml``.

    Example: "Vi skickar skickar paketet i dag." Write instead: "Vi skickar paketet i dag."
    """
    allowed = _prose.word_set(ctx.lang, "clauses", "repeat_ok")
    masked = ctx.parts.masked
    for region in own_regions(ctx):
        for match in re.finditer(r"\b([^\W\d_]+)([ \t]+)(\1)\b", masked[region.start : region.end], re.I):
            word = match.group(1)
            if word.lower() in allowed or len(word) == 1 or word.isupper():
                continue
            start = region.start + match.start()
            end = region.start + match.end()
            yield Finding(
                "translation/repeated-word",
                "warning",
                start,
                end,
                f"'{word}' is written twice in a row.",
                (ctx.reply[start : region.start + match.end(1)],),
            )


_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


@register(codes={"translation/unpaired": "warning"})
def unpaired(ctx: Context) -> Iterator[Finding]:
    """A bracket or quotation mark that is never closed (or closed without being opened).

    Translation often drops one half of a pair: "(se villkoren." or "kallad ”Premium".
    Smileys such as ":)" and list markers such as "1)" are not counted.
    """
    text = ctx.reply
    masked = ctx.parts.masked
    for region in [*ctx.parts.paragraphs, *(s for s in (ctx.parts.greeting, ctx.parts.signoff) if s)]:
        stack: list[int] = []
        quotes: dict[str, list[int]] = {}
        for pos in range(region.start, region.end):
            ch = masked[pos]
            prev = text[pos - 1] if pos > region.start else "\n"
            line_start = text.rfind("\n", 0, pos) + 1
            if ch in _OPEN:
                if ch == "(" and text[pos + 1 : pos + 2] in (")",):
                    continue
                stack.append(pos)
            elif ch in _CLOSE:
                if prev in ":;=" or (prev in "-^" and pos >= 2 and text[pos - 2] in ":;="):
                    continue  # smiley
                if ch == ")" and re.search(r"(?:^|[\s(/])(?:\d{1,2}|[a-zA-Z])$", text[line_start:pos]):
                    continue  # list marker "1)" or "a)", also inside a line ("välj a) eller b)")
                if stack and text[stack[-1]] == _CLOSE[ch]:
                    stack.pop()
                else:
                    yield _unpaired(text, pos, "closing", ch)
            elif ch in '"”“„«»':
                if ch in '"”' and prev.isdigit():
                    continue  # inches: 55"
                key = "«»" if ch in "«»" else '"'
                quotes.setdefault(key, []).append(pos)
        for pos in stack[:2]:
            yield _unpaired(text, pos, "opening", text[pos])
        for key, positions in quotes.items():
            if key == "«»":
                opens = sum(1 for p in positions if text[p] == "«")
                if opens != len(positions) - opens:
                    yield _unpaired(text, positions[-1], "unmatched", text[positions[-1]])
            elif len(positions) % 2:
                yield _unpaired(text, positions[-1], "unmatched", text[positions[-1]])


def _unpaired(text: str, pos: int, kind: str, ch: str) -> Finding:
    what = "quotation mark" if ch in '"”“„«»' else "bracket"
    message = {
        "opening": f"The {what} '{ch}' is opened but never closed.",
        "closing": f"The {what} '{ch}' closes nothing that was opened.",
        "unmatched": f"The {what} '{ch}' has no partner in this paragraph.",
    }[kind]
    return Finding("translation/unpaired", "warning", pos, pos + 1, message, ())
