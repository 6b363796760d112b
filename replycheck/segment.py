"""The e-mail's regions (greeting, body, sign-off, signature, quoted text) and its sentences.

Everything here works on offsets into the text exactly as given. Greeting words, sign-off
phrases and quote headers come from ``data/<lang>/email.yaml`` for every language.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ftfy
from sentencex import segment as sentencex_segment

from replycheck import langdata, patterns
from replycheck.tokens import WORD as _WORD  # the one word shape (see replycheck.tokens)

# Not prose in any language: placeholders, markup, links, addresses, order ids, numbers.
_MASK_PATTERNS = [p for kind in patterns.KINDS for p in patterns.alternatives(kind)]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` region of a text."""

    start: int
    end: int

    def text(self, full: str) -> str:
        return full[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class EmailParts:
    """An e-mail text cut into regions. ``masked`` has non-prose blanked with spaces."""

    text: str
    masked: str
    greeting: Span | None
    greeting_name: str | None
    signoff: Span | None
    signature: Span | None
    signature_name: str | None
    quoted: tuple[Span, ...]
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]

    def prose(self) -> str:
        """The masked prose (greeting, body, sign-off) for language identification."""
        pieces = []
        if self.greeting:
            pieces.append(_strip_name(self.greeting.text(self.masked), self.greeting_name))
        pieces.extend(p.text(self.masked) for p in self.paragraphs)
        if self.signoff:
            pieces.append(self.signoff.text(self.masked))
        return "\n".join(p.strip() for p in pieces if p.strip())

    def in_quote(self, offset: int) -> bool:
        return any(q.start <= offset < q.end for q in self.quoted)


def mask(text: str) -> str:
    """Blank URLs, e-mail addresses, numbers, order ids and placeholders (same length)."""
    chars = list(text)
    for pattern in _MASK_PATTERNS:
        for match in pattern.finditer(text):
            for i in range(match.start(), match.end()):
                if not chars[i].isspace():
                    chars[i] = " "
    return "".join(chars)


def strip_invisible(text: str) -> str:
    """Drop format and control characters (zero-width spaces, BOMs, NULs)."""
    return "".join(
        ch for ch in text if ch in "\n\r\t" or unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co")
    )


def for_detection(text: str) -> str:
    """Text as a language detector should see it: invisible characters dropped, mojibake
    and HTML entities repaired (offsets are not kept; use only for whole-text decisions)."""
    text = strip_invisible(text)
    if "&" in text:
        text = html.unescape(text)
    return ftfy.fix_text(text, normalization="NFC")


def words(text: str) -> list[str]:
    """Words (letters, with inner hyphens/apostrophes) of ``text``."""
    return _WORD.findall(text)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=1)
def _structure_data() -> tuple[tuple[str, ...], tuple[str, ...], tuple[re.Pattern, ...], frozenset[str]]:
    greetings: set[str] = set()
    signoffs: set[str] = set()
    headers: list[re.Pattern] = []
    particles: set[str] = set()
    for data in langdata.load_all("email").values():
        greetings.update(g.lower() for g in data.get("greetings", []))
        signoffs.update(s.lower() for s in data.get("signoffs", []))
        headers.extend(re.compile(h, re.I) for h in data.get("quote_headers", []))
        particles.update(p for p in data.get("name_particles", []))
    by_length = lambda s: (-len(s), s)  # noqa: E731  (longest phrase wins)
    return tuple(sorted(greetings, key=by_length)), tuple(sorted(signoffs, key=by_length)), tuple(headers), frozenset(particles)


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without its line break (handles \\r\\n and \\r)."""
    spans = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        line = match.group()
        if not line and match.start() == len(text) and spans:
            break
        end = match.start() + len(line.rstrip("\r\n"))
        spans.append((match.start(), end))
        if match.end() >= len(text):
            break
    return spans


def _starts_with_phrase(line: str, phrases: tuple[str, ...]) -> str | None:
    low = line.lower().strip()
    for phrase in phrases:
        if low.startswith(phrase) and (len(low) == len(phrase) or not low[len(phrase)].isalpha()):
            return phrase
    return None


def _is_name_word(token: str) -> bool:
    """A capitalised word, possibly hyphenated or an abbreviated title ("Anna-Karin", "Sr")."""
    return bool(token) and token[0].isupper() and token.replace("-", "").replace("'", "").replace(".", "").isalpha()


def _name_after(line: str, prefix_len: int) -> str | None:
    """The capitalised name at the start of ``line[prefix_len:]``, after at most two
    lower-case words ("Beste heer Hermsen": Hermsen), with particles inside it ("Willemijn van
    der Berg")."""
    rest = line[prefix_len:].strip(" ,.!:;-–/\t")
    tokens = [t.strip(",.!:;") for t in re.split(r"\s+", rest) if t][:7]
    particles = _structure_data()[3]
    skip = 0
    while skip < min(2, len(tokens)) and tokens[skip][:1].islower() and tokens[skip].isalpha() and tokens[skip] not in particles:
        skip += 1
    name_tokens: list[str] = []
    for k, token in enumerate(tokens[skip:], skip):
        if _is_name_word(token):
            name_tokens.append(token)
        elif name_tokens and token in particles and k + 1 < len(tokens) and (_is_name_word(tokens[k + 1]) or tokens[k + 1] in particles):
            name_tokens.append(token)
        else:
            break
        if len(name_tokens) >= 5:
            break
    while name_tokens and name_tokens[-1] in particles:
        name_tokens.pop()
    return " ".join(name_tokens) or None


def _is_full_name(line: str) -> bool:
    """Two or three capitalised words and nothing else: "Klaus Weber", "Anna-Karin Berg"."""
    tokens = line.split()
    return 2 <= len(tokens) <= 3 and all(
        t[0].isupper() and t.replace("-", "").replace("'", "").isalpha() and not t.isupper() for t in tokens
    ) and _starts_with_phrase(line, _structure_data()[1]) is None


_SENDER = re.compile(r"\s*[^\W\d_]{2,12}\s?:\s*\"?([^\"<>\n]{2,60}?)\"?\s*<[^<>@\s]+@[^<>\s]+>\s*$")
_INLINE_NAME = r"\s*,?\s+((?:[^\W\d_][^\W\d_'-]*[ -]?){1,3})\s*$"


_NAME_THEN_PUNCT = re.compile(r"\s*((?:[^\W\d_][\w'.-]*\s+){0,2}[^\W\d_][\w'-]*)\s*[:,!]\s*$")


def _greeting_cut(line: str, start: int) -> re.Match | None:
    """The punctuation closing a greeting: a comma, "!", ":" or a full stop that does not end
    an abbreviated title ("Gentile Sig. Rossi,")."""
    for match in re.finditer(r"[,!.:]", line[start:]):
        if match.group() == "." and re.search(r"(?:^|\s)[^\W\d_]{1,3}$", line[start : start + match.start()]):
            continue
        return match
    return None


def _inline_signoff(line: str, signoffs: tuple[str, ...]) -> tuple[int, int] | None:
    """``(start, end)`` of a sign-off phrase that follows a sentence on the same line and is
    followed only by a capitalised name ("… tack. Mvh Tobias Ström")."""
    low = line.lower()
    slash = re.search(r"(?<=[.!?])\s+([-–/])\s*[^\W\d_]", line)
    if slash and re.fullmatch(_INLINE_NAME, " " + line[slash.end(1) :].lstrip()):
        return slash.start(1), slash.end(1)
    for phrase in signoffs:
        for match in re.finditer(rf"[.!?]\s+((?:[^\W\d_]+\s+){{0,2}}?{re.escape(phrase)})(?=[\s,])", low):
            rest = line[match.end(1) :]
            name = re.fullmatch(_INLINE_NAME, rest)
            if name and all(w[:1].isupper() for w in name.group(1).split()):
                return match.start(1), match.end(1)  # "Danke und Gruß": the words before it too
    return None


def _strip_name(text: str, name: str | None) -> str:
    return text.replace(name, " " * len(name)) if name else text


def split(text: str, lang: str = "en") -> EmailParts:
    """Cut ``text`` into regions and sentences. ``lang`` guides the sentence splitter."""
    return with_sentences(split_regions(text), lang)


def with_sentences(parts: EmailParts, lang: str) -> EmailParts:
    """``parts`` with the sentences of its paragraphs, split by ``lang``'s rules."""
    text = parts.text
    sentences = tuple(sent for para in parts.paragraphs for sent in split_sentences(text, para, lang))
    return dataclasses.replace(parts, sentences=sentences)


def split_regions(text: str) -> EmailParts:
    """Cut ``text`` into greeting, paragraphs, sign-off, signature and quoted text.

    The regions do not depend on the language; sentences are added by ``with_sentences``
    once the language is known.
    """
    greetings, signoffs, headers, _ = _structure_data()
    masked = mask(text)
    lines = _lines(text)

    sender_name = None
    if lines:
        sender = _SENDER.match(text[lines[0][0] : lines[0][1]])
        if sender:  # "From: Tobias Ström <tobias@example.com>" heading the message
            sender_name = _name_after(sender.group(1), 0)
            lines = lines[1:]
    quoted: list[Span] = []
    quote_from = None
    for start, end in lines:
        line = text[start:end].strip()
        if line.startswith(">"):
            quoted.append(Span(start, end))
        elif line and any(h.search(line) for h in headers):
            quote_from = start
            break
    if quote_from is not None:
        quoted = [q for q in quoted if q.start < quote_from] + [Span(quote_from, len(text))]
        lines = [(s, e) for s, e in lines if s < quote_from]
    quoted_starts = {q.start for q in quoted}
    prose_lines = [(s, e) for s, e in lines if s not in quoted_starts and text[s:e].strip()]

    greeting = greeting_name = None
    if prose_lines:
        s, e = prose_lines[0]
        line = text[s:e]
        phrase = _starts_with_phrase(line, greetings)
        lead = len(line) - len(line.lstrip())
        cut = _greeting_cut(line, lead + len(phrase)) if phrase else None
        # A greeting is a short line, or a greeting phrase closed by punctuation within a
        # few words ("Hej! Ja, vi har ..." or "Hej Anna, tack för ...").
        if phrase and (len(line.split()) <= 8 or (cut and len(line[lead:lead + len(phrase) + cut.end()].split()) <= 5)):
            g_end = s + lead + len(phrase) + (cut.end() if cut else len(line) - lead - len(phrase))
            greeting = Span(s + lead, g_end)
            greeting_name = _name_after(text[s:g_end], lead + len(phrase))
            named = None if greeting_name else _NAME_THEN_PUNCT.match(text, g_end, e)
            if named:  # "Hola, Natalia:"
                greeting_name = _name_after(named.group(1), 0)
                g_end = named.end()
                greeting = Span(s + lead, g_end)
            if text[g_end:e].strip():
                prose_lines[0] = (g_end, e)
            else:
                prose_lines = prose_lines[1:]

    signoff = signature = signature_name = None
    for index in range(max(0, len(prose_lines) - 5), len(prose_lines)):
        s, e = prose_lines[index]
        line = text[s:e]
        phrase = _starts_with_phrase(line.lstrip("-–/ "), signoffs)
        if phrase and len(line.split()) <= len(phrase.split()) + 4:
            lead = len(line) - len(line.lstrip("-–/ "))
            p_end = s + lead + len(phrase)
            signoff = Span(s + lead, p_end)
            name_inline = _name_after(text[p_end:e], 0)
            tail = prose_lines[index + 1 :]
            if tail:
                signature = Span(tail[0][0], tail[-1][1])
                signature_name = _name_after(text[tail[0][0] : tail[0][1]].lstrip("-–/ "), 0)
            elif name_inline:
                signature = Span(p_end, e)
                signature_name = name_inline
            prose_lines = prose_lines[:index]
            break
    else:
        # A closing "/Name" or "– Name" line, or a full name alone on the last line
        # ("Klaus Weber"), with no sign-off phrase.
        if len(prose_lines) > 1:
            s, e = prose_lines[-1]
            line = text[s:e].strip()
            if re.fullmatch(r"[-–/]\s*[^\W\d_][\w .'-]{0,40}", line) or _is_full_name(line):
                signature = Span(s, e)
                signature_name = _name_after(line.lstrip("-–/ "), 0)
                prose_lines = prose_lines[:-1]
        # A sign-off closing the last line of text: "… Tack. Mvh Tobias Ström".
        if signature is None and prose_lines:
            s, e = prose_lines[-1]
            inline = _inline_signoff(text[s:e], signoffs)
            if inline:
                signoff = Span(s + inline[0], s + inline[1])
                signature = Span(s + inline[1], e)
                signature_name = _name_after(text[s + inline[1] : e], 0)
                prose_lines[-1] = (s, s + inline[0])
    signature_name = signature_name or sender_name

    paragraphs = _paragraphs(text, prose_lines)
    return EmailParts(
        text=text,
        masked=masked,
        greeting=greeting,
        greeting_name=greeting_name,
        signoff=signoff,
        signature=signature,
        signature_name=signature_name,
        quoted=tuple(quoted),
        paragraphs=paragraphs,
        sentences=(),
    )


def _paragraphs(text: str, prose_lines: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Group consecutive prose lines (no blank line between them) into paragraphs."""
    paragraphs: list[Span] = []
    for s, e in prose_lines:
        if paragraphs and not text[paragraphs[-1].end : s].strip() and text[paragraphs[-1].end : s].count("\n") <= 1:
            paragraphs[-1] = Span(paragraphs[-1].start, e)
        else:
            paragraphs.append(Span(s, e))
    return tuple(paragraphs)


def _after_ordinal_date(text: str, previous: Span | None, sentence: str) -> bool:
    """Whether ``sentence`` continues a date the splitter cut after its ordinal dot ("am
    Donnerstag, 6. | Juni"): the previous piece ends in a day number and this one starts with
    a month name."""
    if previous is None or not re.search(r"(?<![\d.])\d{1,2}\.$", text[previous.start : previous.end]):
        return False
    word = re.match(r"[^\W\d_]+", sentence)
    low = word.group().lower() if word else ""
    return bool(low) and any(low == m or (len(m) > 4 and low.startswith(m)) for m in _month_names())


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    names: set[str] = set()
    for data in langdata.load_all("calendar").values():
        names.update(str(m).lower() for m in data.get("months", []) or [])
    return frozenset(names)


def split_sentences(text: str, region: Span, lang: str = "en") -> list[Span]:
    """Sentence spans inside ``region`` (sentencex, with abbreviation fragments re-joined)."""
    chunk = text[region.start : region.end]
    pieces: list[Span] = []
    cursor = 0
    for sentence in sentencex_segment(lang if lang != "unknown" else "en", chunk):
        stripped = sentence.strip()
        if not stripped:
            continue
        found = chunk.find(stripped, cursor)
        if found < 0:
            continue
        start, end = region.start + found, region.start + found + len(stripped)
        cursor = found + len(stripped)
        first = stripped[0]
        joined = first.islower() or first.isdigit() or _after_ordinal_date(text, pieces[-1] if pieces else None, stripped)
        if pieces and joined and "\n" not in text[pieces[-1].end : start]:
            pieces[-1] = Span(pieces[-1].start, end)
        else:
            pieces.append(Span(start, end))
    # A line break inside a paragraph ends a sentence too (lists, short lines).
    result: list[Span] = []
    for piece in pieces:
        offset = piece.start
        for line in re.split(r"(\r\n|\r|\n)", text[piece.start : piece.end]):
            if line and not line.isspace() and line not in ("\r\n", "\r", "\n"):
                lead = len(line) - len(line.lstrip())
                result.append(Span(offset + lead, offset + len(line.rstrip())))
            offset += len(line)
    return result
