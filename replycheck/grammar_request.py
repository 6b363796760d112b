"""Asking LanguageTool about a reply: in the background, once, with a time limit.

The request is sent as soon as the reply's language is known, so the server works while
replycheck's own checks run; its answer (or the reason there is none) becomes the
context's ``LanguageToolResult``.
"""

from __future__ import annotations

import threading
from concurrent.futures import Executor, TimeoutError
from typing import Callable

from replycheck import langdata
from replycheck.context import Context, LanguageToolResult

Answer = Callable[[], LanguageToolResult]
SEND_HEAD_START = 0.01  # seconds at most the caller waits for the request's thread to start (all busy: it queues)


def _settings(lang: str):
    from replycheck.engines.languagetool import language_settings

    return language_settings(lang) if lang != "unknown" else None


def not_asked(ctx: Context, reason: str) -> LanguageToolResult:
    """The result when LanguageTool is not asked, and why (its engine is not even imported)."""
    covers = ctx.reply_language.is_known and bool((langdata.load(ctx.lang, "languagetool") or {}).get("code"))
    return LanguageToolResult(covers=covers, reason=reason)


def ask(engine, ctx: Context, executor: Executor, timeout: float) -> Answer:
    """Send the reply to LanguageTool now; the returned function waits for the answer."""
    config = ctx.config
    if not ctx.reply_language.is_known:
        return lambda: not_asked(ctx, "the reply's language was not identified")
    settings = _settings(ctx.lang)
    if settings is None:
        return lambda: not_asked(ctx, f"LanguageTool does not cover {ctx.lang!r}")
    if engine is None:
        return lambda: not_asked(ctx, "LanguageTool is off (Config(languagetool='off'))")
    if not any(c in config.categories for c in ("grammar", "spelling")):
        return lambda: not_asked(ctx, "grammar and spelling are not among the selected categories")
    from replycheck.engines.languagetool import checked_text

    text = checked_text(ctx.reply, ctx.parts.quoted)
    started = threading.Event()

    def request() -> list:
        started.set()
        return engine.check(text, ctx.lang, timeout=timeout)

    future = executor.submit(request)
    # let the sender run until its request is on the wire (it gives the GIL back there): else
    # it waits for the own checks' thread to yield (~4 ms of the server's working time lost)
    started.wait(SEND_HEAD_START)

    def answer() -> LanguageToolResult:
        try:
            matches = future.result(timeout=timeout + 5)  # the engine keeps the limit; this is a backstop
        except TimeoutError:
            return LanguageToolResult(True, None, settings, f"grammar not checked: LanguageTool did not answer within {timeout:g} s")
        except Exception as error:  # noqa: BLE001  (any engine failure means "not checked", never a crash)
            return LanguageToolResult(True, None, settings, f"grammar not checked: LanguageTool failed: {error}")
        return LanguageToolResult(True, tuple(matches), settings, "")

    return answer
