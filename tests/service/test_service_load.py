"""bench/serve.py in small, in this process (under the no-network guard): concurrent clients
against the service over the real LanguageTool, which is SIGKILLed once mid-run."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest

from replycheck.service import ServiceSettings

from conftest import RunningService

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _bench(name: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_languagetool_killed_under_load_loses_no_request(lt_checker):
    serve, kills = _bench("serve"), _bench("lt_kills")
    engine = lt_checker.languagetool()
    engine.start()
    restarts = engine.restarts
    items = [item for item in serve.replies(("da", "sv"))][:24]
    killed: list[bool] = []
    with RunningService(ServiceSettings(workers=2, queue=8), lt_checker) as running:
        tally, _wall = serve.load(
            running.url, items, clients=6, seconds=240, max_requests=len(items),
            on_first_round=lambda: threading.Thread(target=lambda: killed.append(kills._kill(engine))).start(),
        )
    assert killed == [True]
    assert (tally.answered, tally.busy, tally.errors) == (24, 0, {})  # every request answered 200
    assert engine.restarts == restarts + 1
    assert engine.ready()
