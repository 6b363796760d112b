"""bench/lt_kills.py in small: 60 replies in four languages through a Checker, the server SIGKILLed 3 times."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from replycheck.engines.languagetool import language_settings

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]

BENCH = Path(__file__).resolve().parents[2] / "bench" / "lt_kills.py"


def _bench():
    if "lt_kills" not in sys.modules:
        spec = importlib.util.spec_from_file_location("lt_kills", BENCH)
        module = importlib.util.module_from_spec(spec)
        sys.modules["lt_kills"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["lt_kills"]


# Every kill makes the fresh server load each language's rules again; German and English
# take tens of seconds for that on a busy machine, so this test uses four quick ones.
LANGS = ("da", "es", "it", "sv")


def test_replies_are_distinct_and_take_turns_in_four_languages():
    bench = _bench()
    assert [lang for _text, lang in bench.replies(8)] == ["da", "de", "en", "sv"] * 2
    items = bench.replies(8, langs=LANGS)
    assert [lang for _text, lang in items] == list(LANGS) * 2
    assert len({text for text, _lang in items}) == 8
    assert all(language_settings(lang) is not None for lang in LANGS)


def test_killing_the_server_three_times_loses_no_reply(lt_checker):
    bench = _bench()
    engine = lt_checker.languagetool()
    engine.start()
    restarts = engine.restarts
    tally = bench.run(lt_checker, bench.replies(60, seed=7, langs=LANGS), kills=3, seed=7, timeout=300.0)
    # Each kill hits a server that had answered; the next request notices, restarts it
    # once and retries: nothing is lost and, with one kill per reply, nothing is unchecked.
    assert tally == bench.Tally(kills=3, replies=60, lost=0, marked_not_checked=0)
    assert tally.line() == "kills=3 replies=60 lost=0 marked_not_checked=0"
    assert engine.restarts == restarts + 3
    assert engine.ready()
