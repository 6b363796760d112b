"""The page's warm-up status (``ui.warm_status``): what is warm and what is still loading."""

from __future__ import annotations

import threading

from replycheck import ui
from replycheck.config import Config


class _Engine:
    def __init__(self, status: str = "starting", error: str | None = None) -> None:
        self.status, self.error = status, error


class _Checker:
    """Stands in for a Checker: fast checks do nothing; warming German waits, Finnish fails."""

    def __init__(self, config: Config, engine: _Engine | None = None) -> None:
        self.config, self.engine = config, engine
        self.german = threading.Event()

    def languagetool(self):
        return self.engine

    def check_fast(self, *args, **kwargs) -> None:
        pass

    def warm_up(self, languages) -> None:
        if languages == ["de"]:
            self.german.wait(5)
        if languages == ["fi"]:
            raise RuntimeError("no such thing")


def test_languages_go_from_waiting_to_loading_to_ready_or_failed():
    engine = _Engine()
    checker = _Checker(Config(languagetool="auto"), engine)
    worker = threading.Thread(target=ui.warm_up, args=(checker, ["sv", "de", "fi"]))
    worker.start()
    for _ in range(100):
        if ui.warm_status(checker)["languages"].get("de") == "loading":
            break
        threading.Event().wait(0.02)
    assert ui.warm_status(checker) == {
        "languagetool": "starting", "languages": {"sv": "ready", "de": "loading", "fi": "waiting"},
    }
    engine.status = "ready"
    checker.german.set()
    worker.join(5)
    assert ui.warm_status(checker) == {
        "languagetool": "ready", "languages": {"sv": "ready", "de": "ready", "fi": "failed"},
    }


def test_languagetool_off_or_failed_is_said_so():
    assert ui.warm_status(_Checker(Config(languagetool="off")))["languagetool"] == "off"
    failed = _Checker(Config(languagetool="auto"), _Engine(status="failed: no java", error="no java"))
    assert ui.warm_status(failed) == {"languagetool": "failed", "languages": {}}
