"""Reading what the front ends are given: text files, stdin and ``.eml`` messages.

Everything here turns bytes into the ``str`` that ``Checker.check`` takes, or raises
``InputError`` with a one-line reason that names the input at fault:

- text is UTF-8 (with or without a byte-order mark) or UTF-16 with a BOM; anything else is
  decoded with the most plausible legacy code page (``charset_normalizer`` proposes, the
  language detector picks the reading that looks most like a language) and a note says so;
- binary data (NUL bytes, many control characters) is refused;
- an ``.eml`` message gives its new text as the reply and the quoted earlier message as the
  customer's text (``mail-parser-reply`` finds the quote headers in many languages; the
  quote headers in ``data/<lang>/email.yaml`` cover the rest), honouring the declared charset
  and HTML-only mail;
- a table (CSV, JSONL) is decoded line by line with evidence (``decode_records``): in a UTF-8
  file a row of binary junk is refused on its own and a row saved in a legacy code page is
  read in that code page, so one bad row never garbles the others;
- a malformed message (unknown or unusable charset, parts nested a thousand deep, a body of
  millions of characters) is refused with a one-line ``InputError``, never an exception of
  another kind and never a hang; a message that only forwards another (``message/rfc822``)
  is read from the enclosed message.
"""

from __future__ import annotations

import codecs
import email
import email.message
import email.parser
import email.policy
import re
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import BinaryIO

from replycheck.errors import InputError

#: Legacy code pages considered when a file is not UTF-8 (Windows and common East Asian).
LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1257", "cp1251", "cp1253", "cp1254", "koi8_r",
    "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)
PREFERRED_LEGACY = "cp1252"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 control characters that never appear in text (tab, LF, VT, FF, CR and ESC excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]")
_MAIL_HEADERS = {"from", "to", "subject", "date", "mime-version", "content-type", "message-id",
                 "received", "return-path", "reply-to", "cc", "in-reply-to", "references"}
#: The longest message text (reply plus quoted message) read: twice the default reply limit
#: and some, so a reply the checker accepts is never refused here.
MAX_MESSAGE_CHARS = 500_000
#: MIME parts nested deeper than this are refused (real mail nests a handful of levels).
MAX_MIME_DEPTH = 40
# Lines longer than this are not quote headers; the region splitter sees only their start.
_LONG_LINE = 2_000


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and a note when it took a guess (``None`` when plain UTF-8)."""

    text: str
    encoding: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DecodedRecords:
    """A table's text decoded line by line. ``refused`` maps a line number (1-based, as
    ``csv`` counts lines) to why that line is not text; the line is kept in ``text`` with its
    undecodable bytes as lone surrogates (U+DC80-U+DCFF) so the table's structure holds.
    ``notes`` maps a line read in another encoding than the file's to a note saying so."""

    text: str
    encoding: str
    note: str | None = None
    refused: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MessageText:
    """What one input holds: the reply text, and the customer's text when it was quoted.

    ``sender``, ``date`` and ``message_id`` are the message's headers (``None`` for plain
    text or when a header is missing or malformed)."""

    reply: str
    customer: str | None = None
    subject: str | None = None
    notes: tuple[str, ...] = ()
    sender: str | None = None
    date: str | None = None
    message_id: str | None = None


# -- bytes -> text -------------------------------------------------------------------------
def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding: NUL bytes or many control bytes."""
    if not data:
        return False
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def check_text(text: str, what: str) -> str:
    """Refuse decoded text that is really binary junk (NULs or many control characters)."""
    controls = len(_CONTROL_CHARS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise InputError(f"{what} looks like binary data, not text")
    return text


def decode_bytes(data: bytes, what: str = "input", *, allow_binary: bool = False) -> Decoded:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16/32 with BOM, or a guessed code page.

    ``allow_binary`` lets control characters through (a CSV file whose single bad row is
    refused later, not the whole file).
    """
    if allow_binary:
        check = lambda text, _what: text  # noqa: E731
    else:
        check = check_text
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"{what} starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason}") from None
            if encoding.startswith("utf-8"):
                return Decoded(check(text.lstrip("\ufeff"), what), "utf-8")
            return Decoded(check(text.lstrip("\ufeff"), what), encoding, f"{what} decoded as {encoding.upper()} (byte-order mark)")
    if not allow_binary and looks_binary(data):
        raise InputError(f"{what} looks like binary data, not text")
    try:
        return Decoded(check(data.decode("utf-8"), what), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding, text = _guess_legacy(data)
    if text is None:
        raise InputError(f"{what} is not valid UTF-8 and its encoding could not be identified")
    return Decoded(check(text, what), encoding, f"{what} is not valid UTF-8; decoded as {encoding}")


def _guess_legacy(data: bytes) -> tuple[str, str | None]:
    """The most plausible legacy decoding: charset_normalizer's candidates with the least
    chaos, of which the language detector picks the one it is most confident about."""
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches and not _decodes(data, PREFERRED_LEGACY):
        return "", None
    least = min((m.chaos for m in matches), default=0.0)
    candidates: list[tuple[str, str]] = []
    try:  # always a candidate when it decodes: charset_normalizer often misses it on short text
        candidates.append((PREFERRED_LEGACY, data.decode(PREFERRED_LEGACY)))
    except UnicodeDecodeError:
        pass
    for match in matches:
        text = str(match)
        if match.chaos <= least + 0.02 and text not in (c[1] for c in candidates):
            candidates.append((match.encoding, text))
    if len(candidates) == 1:
        return candidates[0]
    from replycheck.api import default_checker

    detector = default_checker()
    candidates = candidates[:6]
    # Judge the words the readings disagree on, in the language of the words they agree on:
    # "mañana" is Spanish in a Spanish text, "mańana" is not; "wiadomoœæ" is nothing.
    tokens = [text.split() for _, text in candidates]
    aligned = all(len(t) == len(tokens[0]) for t in tokens)
    common = " ".join(w for i, w in enumerate(tokens[0]) if all(t[i] == w for t in tokens)) if aligned else ""
    context = detector.detect_language(common) if len(common) >= 20 else None
    scored = []
    for index, (encoding, text) in enumerate(candidates):
        if aligned and context and context.is_known:
            differing_words = [
                word for position, word in enumerate(tokens[index]) if any(t[position] != word for t in tokens)
            ][:30]
            differing = " ".join(differing_words)
            confidence = sum(detector.detect_language(w).confidence_for(context.code) for w in differing_words)
        else:
            differing = text
            confidence = detector.detect_language(text).confidence
        scored.append((_oddity(differing), confidence, encoding, text))
    fewest = min(item[0] for item in scored)
    scored = [item for item in scored if item[0] == fewest]
    best = max(item[1] for item in scored)
    # Ties are common on short texts; the Western code page is by far the most common one.
    for _, score, encoding, text in scored:
        if encoding == PREFERRED_LEGACY and score >= best - 0.05:
            return encoding, text
    return next((encoding, text) for _, score, encoding, text in scored if score == best)


_LATIN_RUN = re.compile(r"[À-ɏ]{3,}")


def _oddity(text: str) -> int:
    """How much a reading looks like mojibake: symbols inside words ("zosta³o") and runs of
    accented Latin letters that no language writes ("Ñïàñèáî")."""
    symbols = sum(1 for ch in text if not (ch.isalpha() or ch.isspace() or ch in ".,;:!?'\"()-"))
    return symbols + 2 * len(_LATIN_RUN.findall(text))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def decode_records(data: bytes, what: str = "input") -> DecodedRecords:
    """Decode a table (CSV, JSONL) whose rows may not all share one encoding.

    Valid UTF-8 (or a byte-order mark) decodes whole. Otherwise the lines are the evidence:
    when no line holds UTF-8 beyond ASCII the file is in a legacy code page and decodes whole
    as ``decode_bytes`` would; when some do, the file is UTF-8 and only the lines that are
    not are looked at, each on its own: binary junk is refused, a line that reads as text in
    the legacy code page of all such lines is read in it (with a note), anything else is
    refused. Lines are split as ``csv`` counts them (``\\n``, ``\\r\\n`` and ``\\r``).
    """
    if data.startswith(tuple(bom for bom, _ in _BOMS)) or _decodes(data, "utf-8"):
        decoded = decode_bytes(data, what, allow_binary=True)
        return DecodedRecords(decoded.text, decoded.encoding, decoded.note)
    lines = data.splitlines(keepends=True)
    bad = [n for n, line in enumerate(lines) if not _decodes(line, "utf-8")]
    bad_set = set(bad)
    utf8_evidence = sum(1 for n, line in enumerate(lines) if not line.isascii() and n not in bad_set)
    if not utf8_evidence:
        decoded = decode_bytes(data, what, allow_binary=True)
        return DecodedRecords(decoded.text, decoded.encoding, decoded.note)
    junk = {n: reason for n in bad if (reason := _junk_reason(lines[n]))}
    legacy = b"".join(lines[n] for n in bad if n not in junk)
    encoding = _guess_legacy(legacy)[0] if legacy else None
    pieces: list[str] = []
    refused: dict[int, str] = {}
    notes: dict[int, str] = {}
    for n, line in enumerate(lines):
        if n not in bad_set:
            pieces.append(line.decode("utf-8"))
            continue
        text = _read_legacy_line(line, encoding) if n not in junk else None
        if text is None:
            refused[n + 1] = junk.get(n) or _not_utf8_reason(line, encoding)
            pieces.append(line.decode("utf-8", "surrogateescape"))
        else:
            notes[n + 1] = f"not valid UTF-8 like the rest of {what}; read as {encoding}"
            pieces.append(text)
    note = f"{what}: {len(bad)} of {len(lines)} lines are not valid UTF-8; read or refused one by one"
    return DecodedRecords("".join(pieces), "utf-8", note, refused, notes)


_EMBEDDED_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _junk_reason(line: bytes) -> str | None:
    """Why a line that is not UTF-8 is binary junk rather than text in a legacy code page."""
    body = line.rstrip(b"\r\n")
    if b"\x00" in body or sum(body.count(bytes([b])) for b in _CONTROL_BYTES) > max(2, len(body) // 100):
        return "binary data (NUL or control bytes), not text"
    if any(bom in body for bom in _EMBEDDED_BOMS):
        return "binary data (a UTF-16 byte-order mark inside the line), not text"
    return None


def _read_legacy_line(line: bytes, encoding: str | None) -> str | None:
    """``line`` in ``encoding`` when it reads as text there: it decodes, has no control
    characters and does not look like mojibake (symbols or runs of accented letters)."""
    if encoding is None:
        return None
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError:
        return None
    foreign = [ch for ch in text if not ch.isascii()]
    symbols = sum(1 for ch in foreign if not (ch.isalpha() or ch.isspace()))
    if _CONTROL_CHARS.search(text) or _LATIN_RUN.search(text) or symbols > 2 + len(foreign) // 4:
        return None
    return text


def _not_utf8_reason(line: bytes, encoding: str | None) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as error:
        where = f"byte 0x{line[error.start]:02x} at position {error.start + 1}"
    else:  # pragma: no cover  (only lines that are not UTF-8 get here)
        where = "somewhere"
    also = f" and does not read as {encoding} either" if encoding else ""
    return f"not valid UTF-8 ({where}) like the rest of the file{also}"


def read_bytes(source: str | Path, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of file ``source``, or of standard input when ``source`` is ``-``."""
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def read_text(source: str | Path, stdin: BinaryIO | None = None) -> Decoded:
    """Read and decode a text file (or stdin for ``-``)."""
    name = "standard input" if str(source) == "-" else str(source)
    return decode_bytes(read_bytes(source, stdin), name)


# -- e-mail messages -----------------------------------------------------------------------
def looks_like_email(data: bytes) -> bool:
    """True when ``data`` starts with an RFC 5322 header block (From:, Subject:, ...)."""
    head = data[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = head.split(b"\n")
    if not lines or not (_HEADER_LINE.match(lines[0]) or lines[0].startswith(b"From ")):
        return False
    names = {line.split(b":", 1)[0].decode("ascii", "replace").lower() for line in lines if _HEADER_LINE.match(line)}
    return len(names & _MAIL_HEADERS) >= 2


def parse_email(data: bytes | EmailMessage, what: str = "message", *, max_chars: int = MAX_MESSAGE_CHARS) -> MessageText:
    """The reply (new text) and customer (quoted earlier message) of one e-mail message.

    Any message, however malformed, gives a ``MessageText`` or an ``InputError`` whose
    one-line reason names ``what``; a message that only encloses another (``message/rfc822``,
    a forward as attachment) is read from the enclosed one.
    """
    try:
        return _parse_email(data, what, max_chars)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{what} has MIME parts nested too deeply to read (more than {MAX_MIME_DEPTH} levels)") from None
    except Exception as error:  # noqa: BLE001  (a malformed message is refused, never a crash)
        reason = " ".join(str(error).split())[:200]
        raise InputError(f"{what} is not a readable e-mail message ({type(error).__name__}: {reason})") from None


def _parse_email(data: bytes | EmailMessage, what: str, max_chars: int) -> MessageText:
    message = data if isinstance(data, EmailMessage) else email.message_from_bytes(data, policy=email.policy.default)
    depth = _mime_depth(message)
    if depth > MAX_MIME_DEPTH:
        raise InputError(f"{what} has MIME parts nested {depth} levels deep (at most {MAX_MIME_DEPTH} are read)")
    notes: list[str] = []
    body = _text_body(message)
    if body is None:
        raise InputError(f"{what} has no text part (only {_describe_parts(message)})")
    text = _part_text(body, what, notes)
    if len(text) > max_chars:
        raise InputError(f"{what} has a text of {len(text):,} characters; at most {max_chars:,} are read")
    if body.get_content_subtype() == "html":
        text = html_to_text(text)
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise InputError(f"{what} has an empty text part")
    reply, customer = split_reply(text)
    if not reply.strip():
        raise InputError(f"{what} has no new text above the quoted message")
    headers = message_headers(message)
    return MessageText(
        reply=reply, customer=customer, subject=headers.get("subject"), notes=tuple(notes),
        sender=headers.get("from"), date=headers.get("date"), message_id=headers.get("message-id"),
    )


def message_headers(data: bytes | EmailMessage) -> dict[str, str]:
    """The ``from``, ``date``, ``message-id`` and ``subject`` headers that can be read (never
    raises: a malformed header is left out). Reads only the header block of ``bytes``."""
    if isinstance(data, EmailMessage):
        message = data
    else:
        try:
            message = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(data)
        except Exception:  # noqa: BLE001
            return {}
    headers = {}
    for name in ("from", "date", "message-id", "subject"):
        try:
            value = message.get(name)
            value = " ".join(str(value).split()) if value is not None else ""
        except Exception:  # noqa: BLE001  (a malformed header is not worth refusing the mail)
            continue
        if value:
            headers[name] = value
    return headers


def _mime_depth(message: EmailMessage) -> int:
    """How deeply the message's parts nest (1 for a single part), counted without recursion."""
    deepest, stack = 0, [(message, 1)]
    while stack:
        part, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_MIME_DEPTH:
            break
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload if isinstance(child, email.message.Message))
    return deepest


def _text_body(message: EmailMessage) -> EmailMessage | None:
    """The text part to read: ``get_body``'s choice, else the first enclosed message's."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        return body
    for part in message.walk():
        if part.get_content_type() == "message/rfc822" and part is not message:
            enclosed = part.get_payload()
            enclosed = enclosed[0] if isinstance(enclosed, list) and enclosed else enclosed
            if isinstance(enclosed, EmailMessage):
                found = _text_body(enclosed)
                if found is not None:
                    return found
    if message.get_content_type() == "message/rfc822":
        enclosed = message.get_payload()
        if isinstance(enclosed, list) and enclosed and isinstance(enclosed[0], EmailMessage):
            return _text_body(enclosed[0])
    return None


def _describe_parts(message: EmailMessage) -> str:
    types = sorted({part.get_content_type() for part in message.walk() if not part.is_multipart()})
    return ", ".join(types) or "no parts"


def _part_text(part: EmailMessage, what: str, notes: list[str]) -> str:
    """A text part's content in its declared charset (guessed, with a note, if that fails:
    an unknown charset, one that cannot decode (``idna``), or bytes that do not fit it)."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, TypeError, AssertionError):
        content = None
    if isinstance(content, str):
        return check_text(content, what)
    payload = part.get_payload(decode=True) or b""
    if not isinstance(payload, bytes):
        payload = str(payload).encode("utf-8", "surrogateescape")
    charset = part.get_content_charset() or "unknown"
    decoded = decode_bytes(payload, what)
    notes.append(f"{what}: declared charset {charset!r} does not fit; decoded as {decoded.encoding}")
    return decoded.text


_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr")


def html_to_text(html: str) -> str:
    """Plain text of an HTML mail body: blocks on their own lines, ``<blockquote>`` as ``>``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    # Innermost quotes first so nesting adds one ">" per level.
    for quote in reversed(soup.find_all("blockquote")):
        inner = _block_text(quote)
        quoted = "\n".join("> " + line if line.strip() else ">" for line in inner.strip("\n").split("\n"))
        quote.replace_with("\n" + quoted + "\n")
    return _block_text(soup).strip("\n") + "\n"


def _block_text(node) -> str:
    for tag in node.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = node.get_text()
    text = text.replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def split_reply(text: str) -> tuple[str, str | None]:
    """Split an e-mail body into its new text and the quoted earlier message (or ``None``)."""
    from mailparser_reply import EmailReplyParser
    from mailparser_reply.constants import MAIL_LANGUAGES

    languages = [code for code in MAIL_LANGUAGES if len(code) == 2]
    replies = EmailReplyParser(languages=languages).read(text).replies
    if replies and replies[0].headers:
        # Nothing above the first quote header (a bare forward): there is no new text.
        return "", _unquote(replies[0].full_body).strip("\n") or None
    reply = replies[0].content if replies else text
    customer = replies[1].full_body if len(replies) > 1 else None
    # Quote headers mail-parser-reply does not know (Norwegian, Finnish, ...) are in our data.
    from replycheck import segment

    parts = segment.split_regions(_short_lines(reply))
    if parts.quoted:
        first = parts.quoted[0].start
        quoted_text = reply[first:]
        reply = reply[:first]
        if customer is None:
            customer = _drop_header_line(quoted_text)
    reply = reply.strip("\n")
    if customer is not None:
        customer = _unquote(customer).strip("\n") or None
    return reply, customer


def _short_lines(text: str) -> str:
    """``text`` with every line longer than ``_LONG_LINE`` cut to its start and padded with
    spaces to its length: offsets stay, and no quote header is that long, but a line of a
    million letters would cost the region splitter's patterns minutes."""
    if len(text) <= _LONG_LINE:
        return text
    return re.sub(
        "[^\n]{%d,}" % (_LONG_LINE + 1),
        lambda m: m.group()[:200] + " " * (len(m.group()) - 200),
        text,
    )


def _drop_header_line(text: str) -> str:
    """Drop a leading "On ... wrote:" line (the quote header) from a quoted block."""
    lines = text.split("\n")
    if lines and not lines[0].lstrip().startswith(">"):
        lines = lines[1:]
    return "\n".join(lines)


def _unquote(text: str) -> str:
    """Remove one level of ``>`` quoting from every line (lines without it stay)."""
    return "\n".join(re.sub(r"^[ \t]*> ?", "", line) for line in text.split("\n"))


# -- one entry point for the CLI -----------------------------------------------------------
def read_message(source: str | Path, stdin: BinaryIO | None = None) -> MessageText:
    """Read a reply from a text file, an ``.eml`` message or stdin (``-``)."""
    name = "standard input" if str(source) == "-" else str(source)
    data = read_bytes(source, stdin)
    if str(source).lower().endswith(".eml") or looks_like_email(data):
        if looks_binary(data):
            raise InputError(f"{name} looks like binary data, not an e-mail message")
        return parse_email(data, name)
    decoded = decode_bytes(data, name)
    return MessageText(reply=decoded.text, notes=(decoded.note,) if decoded.note else ())
