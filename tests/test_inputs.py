"""replycheck.inputs: decoding files, refusing binary data, splitting .eml messages."""

from __future__ import annotations

import codecs
import io
from email.message import EmailMessage

import pytest

from replycheck import inputs
from replycheck.errors import InputError

SV = "Hej, tack för ditt mejl. Vi återkommer så snart vi kan."


def test_utf8_plain_and_with_bom():
    assert inputs.decode_bytes(SV.encode("utf-8")).text == SV
    decoded = inputs.decode_bytes(codecs.BOM_UTF8 + SV.encode("utf-8"))
    assert decoded.text == SV and decoded.note is None


def test_utf16_with_bom():
    decoded = inputs.decode_bytes(SV.encode("utf-16"))
    assert decoded.text == SV
    assert "UTF-16" in decoded.note


@pytest.mark.parametrize(
    "text, encoding",
    [
        (SV, "cp1252"),
        ("Hei! Takk for henvendelsen din, vi ser på saken så fort som mulig. Hilsen Øyvind", "cp1252"),
        ("Gracias por su mensaje, el pedido llegará mañana.", "cp1252"),
        ("Dziękujemy za wiadomość, zamówienie zostało wysłane.", "cp1250"),
        ("Спасибо за ваше письмо", "cp1251"),
    ],
)
def test_legacy_encodings_are_guessed_with_a_note(text, encoding):
    decoded = inputs.decode_bytes(text.encode(encoding), "reply.txt")
    assert decoded.text == text
    assert decoded.note and "not valid UTF-8" in decoded.note and "reply.txt" in decoded.note


@pytest.mark.parametrize("data", [b"Hej\x00\x00\x01\x02 tack", bytes(range(256)) * 4, b"\x7fELF\x02\x01\x01\x00\x00\x00"])
def test_binary_is_refused(data):
    with pytest.raises(InputError, match="binary"):
        inputs.decode_bytes(data, "junk.bin")


def test_windows_line_endings_are_kept():
    text = "Hej Anna,\r\n\r\nTack!\r\n"
    assert inputs.decode_bytes(text.encode()).text == text


def test_read_text_from_stdin_stream():
    decoded = inputs.read_text("-", stdin=io.BytesIO(SV.encode()))
    assert decoded.text == SV


def test_missing_file_names_it(tmp_path):
    with pytest.raises(InputError, match="missing.txt"):
        inputs.read_text(tmp_path / "missing.txt")


def test_looks_like_email():
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.com", "hi"
    message.set_content("Hej")
    assert inputs.looks_like_email(bytes(message))
    assert not inputs.looks_like_email(b"Hej Anna,\n\nTack for ditt mejl.\n")
    assert not inputs.looks_like_email(b"Note: we will ship today.\nRegards\n")


@pytest.mark.parametrize(
    "header",
    [
        "Den 3 mars 2024 kl. 10:12 skrev Anna Svensson <anna@example.se>:",  # Swedish
        "On Mon, Mar 4, 2024 at 10:00 AM Anna <anna@example.se> wrote:",  # English
        "Am 04.03.2024 um 10:00 schrieb Anna <anna@example.de>:",  # German
        "tir. 5. mar. 2024 kl. 10:00 skrev Kari <kari@example.no>:",  # Norwegian
    ],
)
def test_split_reply_finds_quote_header(header):
    body = f"Hej Kari,\n\nVi skickar en ny vara.\n\nHälsningar\nErik\n\n{header}\n> Min pakke er ikke kommet.\n> Kari\n"
    reply, customer = inputs.split_reply(body)
    assert reply.startswith("Hej Kari,") and reply.endswith("Erik")
    assert "skrev" not in reply and "wrote" not in reply and ">" not in reply
    assert customer == "Min pakke er ikke kommet.\nKari"


def test_split_reply_without_quote():
    reply, customer = inputs.split_reply("Hej!\n\nTack.\n")
    assert reply == "Hej!\n\nTack." and customer is None


def test_parse_email_html_only():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Re"
    message.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Hej Anna,</p><p>Tack f&ouml;r ditt mejl.<br>Vi skickar en ny.</p>"
        "<blockquote><p>Var &auml;r mitt paket?</p></blockquote></body></html>",
        subtype="html",
    )
    text = inputs.parse_email(bytes(message))
    assert text.reply == "Hej Anna,\n\nTack för ditt mejl.\nVi skickar en ny."
    assert text.customer == "Var är mitt paket?"


def test_parse_email_wrong_declared_charset_falls_back():
    raw = (
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=\"x-no-such-charset\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Hej Anna, tack för ditt mejl.\r\n".encode("utf-8")
    )
    text = inputs.parse_email(raw, "odd.eml")
    assert text.reply == "Hej Anna, tack för ditt mejl."
    assert text.notes and "x-no-such-charset" in text.notes[0]


def test_parse_email_without_text_part():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "scan"
    message.add_attachment(b"\x89PNG", maintype="image", subtype="png", filename="scan.png")
    with pytest.raises(InputError, match="no text part"):
        inputs.parse_email(bytes(message), "scan.eml")


def test_bare_forward_has_no_new_text():
    reply, customer = inputs.split_reply("On Mon, Mar 4, 2024 at 10:00 AM John <j@example.com> wrote:\n> It is broken.\n")
    assert reply == "" and customer == "It is broken."
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Fwd"
    message.set_content("On Mon, Mar 4, 2024 at 10:00 AM John <j@example.com> wrote:\n> It is broken.\n")
    with pytest.raises(InputError, match="no new text"):
        inputs.parse_email(bytes(message), "fwd.eml")


# -- issue 13: per-row decoding and malformed messages -----------------------------------------
HEAD = b"From: erik@example.com\r\nTo: anna@example.se\r\nSubject: Re: order\r\nMIME-Version: 1.0\r\n"


def test_decode_records_keeps_utf8_rows_and_refuses_a_junk_line():
    data = ("id,reply\n1,Hej Åsa, tack för ditt mejl\n").encode() + b"2,\xff\xfe\x00junk\n" + "3,Grüße aus Köln\n".encode()
    decoded = inputs.decode_records(data, "s.csv")
    assert decoded.encoding == "utf-8"
    assert "1,Hej Åsa, tack för ditt mejl\n" in decoded.text and "3,Grüße aus Köln\n" in decoded.text
    assert list(decoded.refused) == [3] and "binary" in decoded.refused[3]
    assert decoded.text.splitlines()[2].encode("utf-8", "surrogateescape") == b"2,\xff\xfe\x00junk"


def test_decode_records_reads_a_legacy_line_on_its_own():
    data = "id,reply\n1,Hej Åsa, tack för ditt mejl\n".encode() + "2,Vi återkommer så snart vi kan.\n".encode("cp1252")
    decoded = inputs.decode_records(data, "s.csv")
    assert decoded.text.endswith("2,Vi återkommer så snart vi kan.\n") and not decoded.refused
    assert "cp1252" in decoded.notes[3]


def test_decode_records_of_a_legacy_file_is_the_whole_file_decoding():
    data = "id,reply\n1,Hej Åsa, tack för ditt mejl\n2,Vi återkommer så snart vi kan.\n".encode("cp1252")
    decoded = inputs.decode_records(data, "s.csv")
    assert decoded.text == data.decode("cp1252") and not decoded.refused and not decoded.notes


def test_unusable_declared_charset_idna_is_guessed():
    raw = HEAD + b'Content-Type: text/plain; charset="idna"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + SV.encode() + b"\r\n"
    text = inputs.parse_email(raw, "idna.eml")
    assert text.reply == SV and "idna" in text.notes[0]
    assert text.sender == "erik@example.com"


def test_parts_nested_a_thousand_deep_are_refused_in_one_line():
    raw = HEAD
    for i in range(1000):
        raw += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    raw += b"Content-Type: text/plain\r\n\r\nHej Anna, tack.\r\n"
    with pytest.raises(InputError, match="deep.eml.*nested") as caught:
        inputs.parse_email(raw, "deep.eml")
    assert "\n" not in str(caught.value)


def test_parts_nested_moderately_deep_are_refused_before_recursing():
    raw = HEAD
    for i in range(60):
        raw += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    raw += b"Content-Type: text/plain\r\n\r\nHej Anna, tack.\r\n"
    with pytest.raises(InputError, match="nested 41 levels deep"):
        inputs.parse_email(raw, "deep.eml")


def test_forward_as_attachment_is_read_from_the_enclosed_message():
    inner = b"From: lisa@example.com\r\nSubject: inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + SV.encode() + b"\r\n"
    text = inputs.parse_email(HEAD + b"Content-Type: message/rfc822\r\n\r\n" + inner, "fwd.eml")
    assert text.reply == SV


def test_an_enormous_quoted_printable_line_is_refused_quickly():
    import time

    raw = HEAD + b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' + b"=C3=A5" * 1_000_000
    started = time.monotonic()
    with pytest.raises(InputError, match="1,000,000 characters"):
        inputs.parse_email(raw, "long.eml")
    assert time.monotonic() - started < 20


def test_a_long_line_of_letters_is_split_in_bounded_time():
    import time

    started = time.monotonic()
    reply, customer = inputs.split_reply("Hej!\n\n" + "å" * 150_000 + "\n\nOn Mon, Mar 4, 2024 at 10:00 AM Anna <a@example.se> wrote:\n> Var?\n")
    assert time.monotonic() - started < 20
    assert reply.startswith("Hej!") and len(reply) > 150_000 and customer == "Var?"


@pytest.mark.parametrize(
    "raw",
    [
        HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
        HEAD + b'Content-Type: multipart/alternative; boundary="x"\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>' + b"<div>" * 5000 + b"Hej</p>\r\n--x--\r\n",
        HEAD + b"Content-Type: text/plain; charset=\"utf-7\"\r\n\r\n+AGUAZQ-x+\r\n",
        b"From: \xff\xfe\r\nSubject: =?utf-8?q?=FF=FE?=\r\nContent-Type: text/plain; charset=\"\xff\"\r\n\r\nHej Anna, tack.\r\n",
        HEAD + b"Content-Type: message/rfc822\r\n\r\n" + b"garbage without headers",
    ],
)
def test_malformed_messages_give_a_reply_or_one_input_error(raw):
    try:
        text = inputs.parse_email(raw, "odd.eml")
    except InputError as error:
        assert "\n" not in str(error) and "odd.eml" in str(error)
    else:
        assert isinstance(text.reply, str) and text.reply.strip()
