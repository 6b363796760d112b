"""On the agent page: how long after the fast findings do LanguageTool's grammar findings join?

Starts ``streamlit run app.py`` (LanguageTool managed, its own shared-server folder, the team's
languages ``REPLYCHECK_LANGUAGES`` = the replies' languages, a throw-away history database),
opens it in headless Chromium (Debian's, as the browser tests use), waits until the sidebar
says every language is warm, then for each ~150-word reply of ``bench/replies150.py`` (and a
second, shortened version of it, so neither replycheck's nor LanguageTool's cache answers)
types it into the draft editor, presses *Check* and records

* ``fast``: seconds from the click until the verdict of the fast findings is shown;
* ``grammar``: seconds from the click until the page shows LanguageTool's result (the engine
  line "Grammar: LanguageTool (<language>)", drawn with the full report's grammar findings);
* ``after``: ``grammar - fast``, the wait the issue's target bounds (<= 2 s for a 150-word reply).

The page's polling is part of what is measured. Traffic stays on loopback. The last line::

    page_grammar_after_fast_max=<worst after, s> page_grammar_after_fast_median=<median, s>

    .venv/bin/python bench/page_latency.py [--languages sv,de,nl,en,fr] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "app"))

from replies150 import REPLIES  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402  (the browser tests' server)


def shortened(reply: str) -> str:
    """``reply`` without the last sentence of its body: a text no cache has seen."""
    body_end = reply.rfind("\n\n")
    cut = reply.rfind(". ", 0, body_end)
    return reply[: cut + 1] + reply[body_end:]


def start_page(folder: Path, languages: list[str]) -> StreamlitServer:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPLYCHECK_", "STREAMLIT_SERVER_"))}
    env.update(
        REPLYCHECK_LANGUAGES=",".join(languages),
        REPLYCHECK_LANGUAGETOOL_STATE=str(folder / "state"),  # a server of its own
        REPLYCHECK_HISTORY_URL=f"sqlite:///{folder / 'history.sqlite3'}",
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    server = StreamlitServer(env, folder / "streamlit.log")
    server.wait(timeout=120)
    return server


def wait_warm(page, url: str, languages: list[str], timeout: float) -> float:
    """Seconds until the sidebar says LanguageTool and every language are ready (the sidebar
    is drawn on each run of the page: it is reloaded to be read again)."""
    began = time.perf_counter()
    wanted = [f"{code} (ready)" for code in languages]
    text = ""
    while time.perf_counter() - began < timeout:
        caption = page.get_by_text(re.compile(r"^LanguageTool: ")).first
        if caption.count():
            text = caption.inner_text()
            if text.startswith("LanguageTool: ready") and all(w in text for w in wanted):
                return time.perf_counter() - began
            if "failed" in text:
                raise SystemExit(f"warm-up failed: {text}")
        page.wait_for_timeout(2000)
        page.goto(url)
        page.get_by_role("heading", name="replycheck").wait_for(timeout=60_000)
    raise SystemExit(f"the page was not warm after {timeout:.0f} s: {text!r}")


def measure(page, url: str, reply: str) -> tuple[float, float]:
    """(fast, grammar) seconds after pressing Check on ``reply``."""
    page.goto(url)
    page.get_by_role("heading", name="replycheck").wait_for(timeout=60_000)
    box = page.get_by_label("Your draft reply")
    box.fill(reply)
    box.blur()
    page.wait_for_timeout(300)  # the editor hands its text to the page
    began = time.perf_counter()
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_function("document.body.innerText.includes('Verdict:')", timeout=60_000, polling="raf")
    fast = time.perf_counter() - began
    page.wait_for_function(
        "/Grammar: LanguageTool \\(|Grammar and spelling are unavailable/.test(document.body.innerText)",
        timeout=120_000,
        polling="raf",
    )
    grammar = time.perf_counter() - began
    if page.get_by_text(re.compile("Grammar and spelling are unavailable")).count():
        raise SystemExit("LanguageTool did not answer on the page")
    return fast, grammar


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="sv,de,nl,en,fr")
    parser.add_argument("--rounds", type=int, default=2, help="texts per language: the reply, then shortened ones")
    parser.add_argument("--warm-timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    languages = [code for code in args.languages.split(",") if code]
    unknown = [code for code in languages if code not in REPLIES]
    if unknown:
        parser.error(f"no ~150-word reply for {unknown}; choose from {sorted(REPLIES)}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing; run scripts/ensure_chromium.sh")
    from playwright.sync_api import sync_playwright

    afters: list[float] = []
    with tempfile.TemporaryDirectory(prefix="replycheck-page-bench-") as tmp:
        server = start_page(Path(tmp), languages)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-GB")
                page.goto(server.url)
                page.get_by_role("heading", name="replycheck").wait_for(timeout=60_000)
                print(f"page warm (LanguageTool and {','.join(languages)}): {wait_warm(page, server.url, languages, args.warm_timeout):.1f} s")
                for lang in languages:
                    text = REPLIES[lang]
                    for round_ in range(args.rounds):
                        fast, grammar = measure(page, server.url, text)
                        afters.append(grammar - fast)
                        label = "first" if round_ == 0 else f"again {round_}"
                        print(f"{lang} {label} ({len(text.split())} words): fast findings {fast:.2f} s, "
                              f"grammar {grammar:.2f} s, grammar after fast {grammar - fast:.2f} s")
                        text = shortened(text)
                browser.close()
        finally:
            server.stop()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"page_grammar_after_fast_max={max(afters):.2f} page_grammar_after_fast_median={statistics.median(afters):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
