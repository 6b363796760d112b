"""Checking batch rows in worker processes: each process has its own ``Checker`` (its own
interpreter, so replycheck's checks run on every core), and all of them ask the one
LanguageTool server the caller's ``Checker`` uses.

Processes are started with ``spawn`` (a fork of a threaded process can hang), so each pays
about a second or two of start-up (imports, the detector) before its first row. The workers
use the server by its URL: if it dies they do not restart it, and their rows say grammar was
not checked (the caller's own checks, with threads, restart a managed server).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

_checker = None  # the worker process's Checker (set by _start)


def _start(config) -> None:
    global _checker
    from replycheck.api import Checker

    _checker = Checker(config)


def check_row(row, glossary):
    """``batch._check_row`` in a worker process, with that process's ``Checker``."""
    from replycheck.batch import _check_row

    return _check_row(row, _checker, glossary)


def worker_config(checker):
    """``checker``'s configuration, with LanguageTool at the URL of the server it uses (started
    now if it is not running), so that the workers share that server instead of starting theirs."""
    config = checker.config
    engine = checker.languagetool()
    if engine is None:
        return config
    return config.with_(languagetool=engine.start())


def process_pool(checker, workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each with a ``Checker`` configured like ``checker``."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(worker_config(checker),),
    )
