"""Replies with known findings (checked without LanguageTool) for the history tests."""

CUSTOMER = "Hej,\nMin beställning har inte kommit och jag har väntat i två veckor. Vad händer?\n/Anna\n"
EN_REPLY = "Hello Anna,\n\nThank you for your email. We will send a new item to you today.\n\nBest regards\nErik\n"  # language/mismatch
SV_REPLY = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"  # ok, 100
PLACEHOLDER = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag, {{order_number}}.\n\nMed vänliga hälsningar\nErik\n"
TWO_PLACEHOLDERS = ("Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag. TODO lägg till spårningsnummer.\n\n"
                    "Med vänliga hälsningar\n[AGENT NAME]\n")
