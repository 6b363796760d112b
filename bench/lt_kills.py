"""Kill the managed LanguageTool server at random moments while replies are being checked.

Checks short replies in four languages (da, de, en, sv) one at a time through
``Checker.check`` (as ``replycheck batch`` does), while the managed server process is killed
with SIGKILL at random moments: each kill lands 0–60 ms after a randomly chosen reply's check
began, so before, during or just after its request. Every reply ends in one of three ways:

* **checked**: a report with LanguageTool's findings (a dead server is restarted, a request in
  flight retried once on the fresh one);
* **marked not checked**: a report whose ``skipped`` says "grammar not checked: ..."
  (``report.grammar_checked`` is False);
* **lost**: no report (an exception). Must be 0.

Only the managed server on 127.0.0.1 is used and only its own process is killed; each check
has a time limit, so the run is bounded. The last line is::

    kills=10 replies=1000 lost=0 marked_not_checked=N

    .venv/bin/python bench/lt_kills.py [--replies 1000] [--kills 10] [--seed 13] [--langs da,de,en,sv]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass

TEMPLATES = {
    "sv": "Hej {name}!\n\nVi har skickat order {n} i dag. Den bör komma fram inom tre dagar.\n\nVänliga hälsningar\nKundtjänst",
    "da": "Hej {name}!\n\nVi har sendt ordre {n} i dag. Den bør være fremme inden for tre dage.\n\nVenlig hilsen\nKundeservice",
    "de": "Hallo {name},\n\nwir haben Ihre Bestellung {n} heute verschickt. Sie sollte in drei Tagen ankommen.\n\nMit freundlichen Grüßen\nKundendienst",
    "en": "Hi {name},\n\nwe have sent order {n} today. It should arrive within three days.\n\nBest regards\nCustomer service",
    "es": "Hola {name}:\n\nHemos enviado el pedido {n} hoy. Debería llegar en tres días.\n\nUn saludo\nAtención al cliente",
    "it": "Ciao {name},\n\nabbiamo spedito l'ordine {n} oggi. Dovrebbe arrivare entro tre giorni.\n\nCordiali saluti\nServizio clienti",
}
LANGS = ("da", "de", "en", "sv")  # the product's main languages (German and English load slowly)
NAMES = ("Anna", "Erik", "Jonas", "Mette", "Lena", "Sam", "Petra", "Ole")


@dataclass(frozen=True, slots=True)
class Tally:
    """How the replies of one run ended, and how many kills were delivered."""

    kills: int
    replies: int
    lost: int
    marked_not_checked: int

    def line(self) -> str:
        return (
            f"kills={self.kills} replies={self.replies} lost={self.lost} "
            f"marked_not_checked={self.marked_not_checked}"
        )


def replies(count: int, seed: int = 13, langs: tuple[str, ...] = LANGS) -> list[tuple[str, str]]:
    """``count`` distinct short replies as ``(text, lang)``, the languages ``langs`` taking turns."""
    rng = random.Random(seed)
    return [
        (TEMPLATES[langs[i % len(langs)]].format(name=rng.choice(NAMES), n=100_000 + i), langs[i % len(langs)])
        for i in range(count)
    ]


def _kill(engine) -> bool:
    """SIGKILL the engine's own server process; ``False`` when none is running (bounded wait)."""
    deadline = time.monotonic() + 30.0
    while time.monotonic() < deadline:
        pid = engine.pid
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                return True
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    return False


def run(checker, items: list[tuple[str, str]], kills: int, seed: int = 13, timeout: float = 120.0) -> Tally:
    """Check ``items`` with ``checker`` (managed LanguageTool), killing its server ``kills`` times."""
    engine = checker.languagetool()
    if engine is None or not engine.managed:
        raise ValueError("lt_kills needs a managed LanguageTool (it kills the server process)")
    config = checker.config.with_(languagetool_timeout=timeout)
    rng = random.Random(seed)
    kill_at = set(rng.sample(range(len(items)), kills))
    delivered: list[bool] = []
    killers: list[threading.Thread] = []
    lost = marked = 0
    for index, (text, lang) in enumerate(items):
        if index in kill_at:
            delay = rng.uniform(0.0, 0.06)
            killer = threading.Timer(delay, lambda: delivered.append(_kill(engine)))
            killer.start()
            killers.append(killer)
        try:
            report = checker.check(text, config=config)
            if not report.grammar_checked:
                marked += 1
                reasons = [s.reason for s in report.skipped if s.name == "grammar.languagetool"]
                print(f"reply {index} ({lang}) not checked: {reasons}", file=sys.stderr)
        except Exception as error:  # noqa: BLE001  (that is what "lost" counts)
            lost += 1
            print(f"reply {index} ({lang}) lost: {type(error).__name__}: {error}", file=sys.stderr)
        for killer in killers:  # one kill at a time: the next waits for this one
            killer.join()
    return Tally(kills=sum(delivered), replies=len(items), lost=lost, marked_not_checked=marked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--langs", default=",".join(LANGS), help=f"comma-separated, of {','.join(sorted(TEMPLATES))}")
    args = parser.parse_args(argv)

    from replycheck import Checker, Config

    with Checker(Config(languagetool="auto")) as checker:
        engine = checker.languagetool()
        engine.start()
        print(f"LanguageTool ready at {engine.url} in {engine.startup_seconds:.1f} s", file=sys.stderr)
        began = time.monotonic()
        items = replies(args.replies, args.seed, tuple(args.langs.split(",")))
        tally = run(checker, items, args.kills, args.seed)
        print(f"seconds={time.monotonic() - began:.1f} restarts={engine.restarts}", file=sys.stderr)
    print(tally.line())
    return 0 if tally.lost == 0 and tally.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
