"""Fixtures for the command-line tests: run the real console script in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script() -> list[str]:
    script = Path(sys.executable).with_name("replycheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "replycheck"]


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli(*args, input=bytes)`` -> CompletedProcess of the installed ``replycheck``."""

    def run(*args, input: bytes | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
        env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
        env.pop("REPLYCHECK_LANGUAGETOOL_URL", None)
        return subprocess.run(
            [*_script(), *map(str, args)],
            input=input,
            capture_output=True,
            timeout=timeout,
            env=env,
            cwd=ROOT,
        )

    return run
