"""The draft editor in a real browser (issue 14): click a highlight, read it, fix it, dismiss it,
add its word to the team's dictionary or never flag it again.

Chromium drives `streamlit run app.py` with LanguageTool off, so the findings are the ones that
need no server: a glossary's preferred term (Swedish) and Hunspell's spelling (Norwegian Bokmål).
A click lands where a user clicks: on the text box, over the highlighted word.

The README's docs/screenshots/click-to-fix.png (1400×1000, a card open) is saved by the first
test; regenerate it with ``pytest tests/app/test_editor_browser.py -k click_a_highlight``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUSTOMER_SV = "Hej, när får jag tillbaka mina pengar för den returnerade jackan?"
REPLY_SV = (
    "Hej Karin!\n\nTack för ditt meddelande. Din kreditering är nu gjord och pengarna syns på "
    "ditt konto inom tre dagar.\n\nMed vänliga hälsningar,\nAnna"
)
CUSTOMER_NB = "Hei, hvor er pakken min? Jeg bestilte den for en uke siden."
REPLY_NB = (
    "Hei Kari!\n\nTakk for meldingen din. Du har fått ordrebekreftelsa i dag, og pakken kommer på fredag.\n\n"
    "Med vennlig hilsen\nAnna"
)
COUNTS = re.compile(r"(\d+) errors, (\d+) warnings, (\d+) notes")


def open_page(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="replycheck")).to_be_visible(timeout=60_000)


def choose_glossary(page, name: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=name).click()
    expect(page.get_by_role("combobox", name="Glossary")).to_have_value(name)


def paste_and_check(page, customer: str, reply: str) -> None:
    page.get_by_label("Customer's message").fill(customer)
    draft = page.get_by_label("Your draft reply")
    draft.fill(reply)
    draft.blur()
    page.get_by_role("button", name="Check", exact=True).click()


def finding_count(page) -> int:
    """errors + warnings + notes, from the verdict banner (dismissed findings are not counted)."""
    banner = page.locator('[data-testid="stAlert"]').filter(has_text="Verdict: ")
    expect(banner).to_contain_text(COUNTS, timeout=60_000)
    return sum(int(n) for n in COUNTS.search(banner.inner_text()).groups())


def marks(page, category: str):
    return page.locator(f'.rc-editor mark.rc-finding[data-category~="{category}"]')


def listed(page, code: str):
    """The finding cards of the findings list with ``code``."""
    return page.locator(f'.rc-card[data-code="{code}"]')


def click_highlight(page, mark) -> None:
    """Click the text box where the highlighted word is (the highlight lies under the text).

    The editor redraws its highlights when the page reruns (e.g. after the typed text is sent
    back), so a mark found visible may be replaced before its box is read: then look again.
    """
    for _ in range(20):
        expect(mark).to_be_visible()
        box = mark.bounding_box()
        if box is not None:
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{mark} kept being redrawn: no box to click")


def card(page):
    return page.get_by_role("dialog", name="Finding")


def test_click_a_highlight_apply_its_fix_and_the_finding_is_gone(app_server, page):
    open_page(page, app_server.url)
    choose_glossary(page, "example-team.yaml")
    paste_and_check(page, CUSTOMER_SV, REPLY_SV)
    expect(listed(page, "terminology/preferred")).to_have_count(1, timeout=60_000)
    before = finding_count(page)
    mark = marks(page, "terminology").first
    assert mark.inner_text() == "kreditering"

    click_highlight(page, mark)
    expect(card(page)).to_be_visible()
    expect(card(page).locator(".rc-pop-code")).to_have_text("terminology/preferred")
    expect(card(page).locator(".rc-pop-message")).to_contain_text("återbetalning")
    expect(card(page).locator(".rc-pop-why")).to_have_text(
        "Customers know the team's preferred word from the website and earlier mails."
    )
    fix = card(page).get_by_role("button", name="Replace “kreditering” with “återbetalning”", exact=True)
    expect(fix).to_be_enabled()
    _screenshot(page, "click-to-fix.png")
    fix.click()

    fixed = REPLY_SV.replace("kreditering", "återbetalning")
    expect(page.get_by_label("Your draft reply")).to_have_value(fixed, timeout=30_000)
    expect(marks(page, "terminology")).to_have_count(0, timeout=30_000)
    expect(listed(page, "terminology/preferred")).to_have_count(0)
    expect(card(page)).to_be_hidden()
    assert finding_count(page) == before - 1
    # The draft was checked again: typing on does not bring the old text back.
    expect(page.get_by_label("Your draft reply")).to_have_value(fixed)


def test_typing_moves_the_highlights_and_says_they_are_from_the_last_check(app_server, page):
    open_page(page, app_server.url)
    choose_glossary(page, "example-team.yaml")
    paste_and_check(page, CUSTOMER_SV, REPLY_SV)
    mark = marks(page, "terminology").first
    expect(mark).to_have_text("kreditering", timeout=60_000)
    draft = page.get_by_label("Your draft reply")
    draft.press("Control+Home")
    draft.press_sequentially("Hej igen! ")
    expect(mark).to_have_text("kreditering")  # moved with its word
    expect(page.locator(".rc-status")).to_contain_text("You changed the draft since the last check")
    # The keyboard: Escape closes the card, Alt+Enter opens it where the caret is.
    click_highlight(page, mark)
    expect(card(page)).to_be_visible()
    draft.press("Escape")
    expect(card(page)).to_be_hidden()
    draft.press("Alt+Enter")
    expect(card(page).locator(".rc-pop-code")).to_have_text("terminology/preferred")
    expect(card(page).get_by_role("button", name="Replace “kreditering” with “återbetalning”")).to_be_disabled()
    expect(card(page)).to_contain_text("The draft changed since the check")
    # Editing the highlighted word drops its highlight.
    click_highlight(page, mark)
    draft.press("Backspace")
    expect(marks(page, "terminology")).to_have_count(0)


def test_dismiss_hides_a_finding_for_this_reply_until_undone(app_server, page):
    open_page(page, app_server.url)
    choose_glossary(page, "example-team.yaml")
    paste_and_check(page, CUSTOMER_SV, REPLY_SV)
    expect(listed(page, "terminology/preferred")).to_have_count(1, timeout=60_000)
    before = finding_count(page)

    click_highlight(page, marks(page, "terminology").first)
    card(page).get_by_role("button", name="Dismiss").click()
    expect(marks(page, "terminology")).to_have_count(0, timeout=30_000)
    expect(listed(page, "terminology/preferred")).to_have_count(0)
    assert finding_count(page) == before - 1
    expect(page.get_by_text("Show dismissed (1)")).to_be_visible()

    # A rerun (Check again) keeps it dismissed; the draft is unchanged.
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_timeout(1500)
    expect(page.get_by_text("Show dismissed (1)")).to_be_visible()
    expect(marks(page, "terminology")).to_have_count(0)
    assert finding_count(page) == before - 1
    expect(page.get_by_label("Your draft reply")).to_have_value(REPLY_SV)

    page.get_by_text("Show dismissed (1)").click()
    page.get_by_role("button", name="Undo").click()
    expect(marks(page, "terminology")).to_have_count(1, timeout=30_000)
    expect(listed(page, "terminology/preferred")).to_have_count(1)
    expect(page.get_by_text(re.compile(r"Show dismissed"))).to_have_count(0)
    assert finding_count(page) == before


@pytest.fixture()
def team_glossaries(tmp_path) -> Path:
    """A temporary copy of the team glossaries: the page writes to it, never to glossaries/."""
    folder = tmp_path / "glossaries"
    folder.mkdir()
    shutil.copy(ROOT / "glossaries" / "example-team.yaml", folder / "example-team.yaml")
    return folder


def test_add_to_team_dictionary_writes_the_glossary_and_the_next_check_honours_it(
    start_app_server, page, team_glossaries
):
    glossary = team_glossaries / "example-team.yaml"
    original = glossary.read_text(encoding="utf-8")
    server = start_app_server(
        "app-dictionary", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_GLOSSARIES=str(team_glossaries)
    )
    open_page(page, server.url)
    expect(page.get_by_role("combobox", name="Glossary")).to_have_value("example-team.yaml")
    paste_and_check(page, CUSTOMER_NB, REPLY_NB)
    mark = marks(page, "spelling").first
    expect(mark).to_have_text("ordrebekreftelsa", timeout=120_000)
    expect(page.get_by_text("Spelling: Hunspell (Norwegian Bokmål)")).to_be_visible()

    click_highlight(page, mark)
    expect(card(page).locator(".rc-pop-code")).to_have_text("spelling/misspelling")
    card(page).get_by_role("button", name="Add to team dictionary").click()
    dialog = page.get_by_role("dialog", name="Team glossary")
    expect(dialog.get_by_text("Add “ordrebekreftelsa” to the team dictionary in example-team.yaml?")).to_be_visible()
    assert glossary.read_text(encoding="utf-8") == original  # nothing written before the agent confirms
    dialog.get_by_role("button", name="Add").click()

    expect(page.get_by_text("Added “ordrebekreftelsa” (the team dictionary in example-team.yaml).")).to_be_visible()
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    assert "ordrebekreftelsa" in data["languages"]["nb"]["dictionary"]
    assert original.splitlines()[0] in glossary.read_text(encoding="utf-8")  # the team's comments stay
    expect(marks(page, "spelling")).to_have_count(0, timeout=30_000)
    expect(listed(page, "spelling/misspelling")).to_have_count(0)
    # The next check (a fresh one) honours it too.
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_timeout(1500)
    expect(page.get_by_text(re.compile(r"Verdict: ok"))).to_be_visible()
    expect(marks(page, "spelling")).to_have_count(0)


def test_never_flag_asks_first_cancel_writes_nothing_and_add_is_honoured(
    start_app_server, page, team_glossaries
):
    glossary = team_glossaries / "example-team.yaml"
    original = glossary.read_text(encoding="utf-8")
    server = start_app_server(
        "app-never-flag", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_GLOSSARIES=str(team_glossaries)
    )
    open_page(page, server.url)
    paste_and_check(page, CUSTOMER_SV, REPLY_SV)
    mark = marks(page, "terminology").first
    expect(mark).to_have_text("kreditering", timeout=120_000)

    click_highlight(page, mark)
    card(page).get_by_role("button", name="Never flag this phrase").click()
    dialog = page.get_by_role("dialog", name="Team glossary")
    expect(dialog.get_by_text("Never flag “kreditering” in Swedish replies again (example-team.yaml)?")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert glossary.read_text(encoding="utf-8") == original
    expect(marks(page, "terminology")).to_have_count(1)

    click_highlight(page, mark)
    card(page).get_by_role("button", name="Never flag this phrase").click()
    page.get_by_role("dialog", name="Team glossary").get_by_role("button", name="Add").click()
    expect(page.get_by_text("Will never flag “kreditering” (example-team.yaml).")).to_be_visible()
    assert "kreditering" in yaml.safe_load(glossary.read_text(encoding="utf-8"))["languages"]["sv"]["ignore"]
    expect(marks(page, "terminology")).to_have_count(0, timeout=30_000)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_timeout(1500)
    expect(listed(page, "terminology/preferred")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Verdict: ok"))).to_be_visible()


def _screenshot(page, name: str) -> None:
    """The page as it is (1400×1000), the card open."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


HOSTILE = (
    '<script>window.__rc_pwned="script"</script> '
    "<img src=x onerror=\"window.__rc_pwned='img';alert(1)\"> "
    "<svg onload=\"window.__rc_pwned='svg'\"></svg>"
)
_SHADOW_ELEMENTS = """() => {
  const tags = [];
  for (const host of document.querySelectorAll('*'))
    if (host.shadowRoot)
      for (const el of host.shadowRoot.querySelectorAll('*')) {
        tags.push(el.tagName.toLowerCase());
        for (const a of el.attributes) if (/^on/i.test(a.name)) tags.push('on-attribute ' + a.name);
      }
  return tags;
}"""


def test_hostile_text_in_the_editor_and_its_card_is_shown_as_text(start_app_server, page, tmp_path):
    entry = {"term": "asap", "note": HOSTILE, "suggest": ["<b>soon</b>"]}
    (tmp_path / "team.yaml").write_text(
        yaml.safe_dump({"languages": {"en": {"forbidden": [entry]}}}, allow_unicode=True), encoding="utf-8"
    )
    server = start_app_server(
        "app-editor-hostile", REPLYCHECK_LANGUAGETOOL="off", REPLYCHECK_GLOSSARIES=str(tmp_path)
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, server.url)
    reply = f"Hi John,\n\nThank you for your message. We will ship your order asap. {HOSTILE}\n\nBest regards,\nAnna"
    paste_and_check(page, "Hi, where is my order?", reply)
    mark = marks(page, "terminology").first
    expect(mark).to_have_text("asap", timeout=120_000)
    click_highlight(page, mark)
    expect(card(page).locator(".rc-pop-message")).to_contain_text(HOSTILE)  # shown as typed
    expect(page.locator(".rc-editor .rc-backdrop")).to_contain_text(HOSTILE)
    page.wait_for_timeout(1000)
    assert dialogs == []
    assert page.evaluate("() => window.__rc_pwned") is None
    inside = set(page.evaluate(_SHADOW_ELEMENTS))
    assert inside and not inside & {"script", "img", "svg", "iframe", "object", "embed", "a", "b"}
    assert not [t for t in inside if t.startswith("on-attribute")]
