"""Sample texts and e-mail builders shared by the CLI tests."""

from __future__ import annotations

from email.message import EmailMessage


def make_email(body: str, *, charset: str = "utf-8", subtype: str = "plain", subject: str = "Re: order") -> bytes:
    message = EmailMessage()
    message["From"] = "support@example.com"
    message["To"] = "anna@example.se"
    message["Subject"] = subject
    message["Date"] = "Mon, 4 Mar 2024 10:00:00 +0100"
    message.set_content(body, subtype=subtype, charset=charset, cte="quoted-printable" if charset != "utf-8" else None)
    return bytes(message)


SV_REPLY = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"
SV_CUSTOMER = "Hej,\nMin beställning har inte kommit och jag har väntat i två veckor. Vad händer?\n/Anna\n"
EN_REPLY = "Hello Anna,\n\nThank you for your email. We will send a new item to you today.\n\nBest regards\nErik\n"
