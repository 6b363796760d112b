"""The command line: argument parsing, input reading and exit codes; no checking logic.

    replycheck check REPLY [--customer FILE] [--source FILE] [--glossary FILE]...
                     [--format text|json] [--fail-on error|warning|never]
    replycheck batch FILE... --out results.csv|results.jsonl|report.html [--workers N] [--resume]
                     [--dask tcp://scheduler:8786 [--out 'results/part-*.jsonl']]
                     [--no-history] [--history-db URL] [--team NAME] [--redact]
    replycheck history [--since DATE] [--until DATE] [--agent A] [--team T] [--language-pair sv:nb]
                       [--batch ID] [--kind batch|draft] [--limit N] [--format text|json] [--db URL]
    replycheck explain CODE
    replycheck checks
    replycheck languagetool start [--heap 2g] [--languages sv,de] | stop | status
    replycheck serve [--host 127.0.0.1] [--port 8080] [--token-file FILE] [--openapi]

Exit codes: 0 = nothing at or above ``--fail-on``; 1 = findings at or above it; 2 = a usage
or input error, with a one-line message on stderr; ``languagetool status`` exits 3 when no
shared server runs.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from replycheck.errors import ReplycheckError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    """Print a one-line error on stderr and exit 2."""
    click.echo(f"replycheck: error: {' '.join(str(message).split())}", err=True)
    sys.exit(EXIT_ERROR)


@contextmanager
def _errors_exit_2():
    """Turn input errors, Ctrl-C and bugs into a one-line message and exit 2."""
    try:
        yield
    except ReplycheckError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted")
    except Exception as error:  # noqa: BLE001  (a bug must not look like exit 1, "findings")
        _fail(f"internal error ({type(error).__name__}: {error}); please report it")


def _note(message: str) -> None:
    click.echo(f"replycheck: note: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"replycheck: warning: {' '.join(str(message).split())}", err=True)


def _config(no_languagetool: bool, languagetool_url: str | None):
    from replycheck.config import Config

    overrides = {}
    if no_languagetool:
        overrides["languagetool"] = "off"
    elif languagetool_url:
        overrides["languagetool"] = languagetool_url
    return Config.from_env(**overrides)


def _console(color: str, stderr: bool = False):
    from rich.console import Console

    force = {"always": True, "never": False}.get(color)
    return Console(
        stderr=stderr,
        force_terminal=force,
        no_color=(color == "never") or None,
        highlight=False,
        soft_wrap=True,
    )


languagetool_options = [
    click.option("--no-languagetool", is_flag=True, help="Skip grammar and spelling through LanguageTool."),
    click.option("--languagetool-url", metavar="URL", help="Use this running LanguageTool server."),
]


def _add(options):
    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="replycheck")
def main() -> None:
    """Check customer-support e-mail replies: language, grammar, translation, tone, hygiene."""


# -- check ------------------------------------------------------------------------------------
@main.command()
@click.argument("reply", metavar="REPLY")
@click.option("--customer", metavar="FILE", help="The customer's message (text or .eml; - for stdin).")
@click.option("--source", metavar="FILE", help="The draft the reply was translated from.")
@click.option("--glossary", "glossaries", metavar="FILE", multiple=True, help="A glossary YAML file (repeatable).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Exit 1 when a finding has at least this severity.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--language", metavar="CODE", default="", help="The reply's language when you know it (e.g. sv); default: identify it.")
@_add(languagetool_options)
def check(reply, customer, source, glossaries, output_format, fail_on, color, language, no_languagetool, languagetool_url):
    """Check one REPLY (a text file, an .eml message, or - for stdin).

    From an .eml message the new text is the reply and the quoted earlier message is the
    customer's text, unless --customer is given.
    """
    from replycheck import inputs

    if [reply, customer, source].count("-") > 1:
        _fail("only one of REPLY, --customer and --source can be - (standard input)")
    for path in glossaries:
        if not Path(path).is_file():
            _fail(f"--glossary {path}: no such file")
    with _errors_exit_2():
        config = _config(no_languagetool, languagetool_url)
        if language:
            config = config.with_(language=language)
        message = inputs.read_message(reply)
        notes = list(message.notes)
        customer_text = message.customer
        if customer:
            given = inputs.read_message(customer)
            customer_text = given.reply
            notes.extend(given.notes)
        elif customer_text:
            notes.append("customer's message taken from the quoted text of the e-mail")
        source_text = None
        if source:
            given = inputs.read_message(source)
            source_text = given.reply
            notes.extend(given.notes)
        glossary = None
        if glossaries:
            glossary = glossaries[0] if len(glossaries) == 1 else list(glossaries)

        from replycheck.api import Checker

        with Checker(config) as checker:
            report = checker.check(message.reply, customer_text, source_text, glossary=glossary)

    if output_format == "json":
        from replycheck.formats.jsonfmt import render_json

        from replycheck.formats.text import failure_notes

        for note in notes + failure_notes(report):
            _note(note)
        click.echo(render_json(report))
    else:
        from replycheck.formats.text import render

        render(report, _console(color), notes=tuple(notes))
    if fail_on != "never" and report.at_least(fail_on):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


# -- explain / checks -------------------------------------------------------------------------
def _declaration(spec) -> str:
    """``name  (code: severity, ...)  module.function`` and what the check needs."""
    codes = ", ".join(f"{code}: {severity}" for code, severity in spec.codes)
    needs = f"\n    needs: {', '.join(spec.needs)}" if spec.needs else ""
    data = f"\n    data: {', '.join(spec.data)}" if spec.data else ""
    return f"{spec.name}  ({codes})\n    in {spec.location}{needs}{data}"


@main.command()
@click.argument("code")
def explain(code):
    """Print the documentation of the check that reports CODE (e.g. language/mismatch).

    A category name (``hygiene``) lists its checks; an unknown code exits with 2.
    """
    from replycheck.registry import checks_for

    code = code.strip()
    specs = checks_for(code)
    if not specs:
        _fail(f"no check reports {code!r}; 'replycheck checks' lists every code")
    for index, spec in enumerate(specs):
        if index:
            click.echo()
        click.echo(_declaration(spec))
        click.echo()
        click.echo(spec.doc or "(no documentation)")


@main.command("checks")
def list_checks():
    """List the registered checks, their codes and severities, and what they need."""
    from replycheck.registry import all_checks

    for spec in all_checks():
        summary = (spec.doc.strip().splitlines() or [""])[0]
        click.echo(_declaration(spec))
        if summary:
            click.echo(f"    {summary}")


# -- serve ------------------------------------------------------------------------------------
@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; any other needs a token).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default 8080).")
@click.option("--token-file", metavar="FILE", help="File whose first line is the bearer token (or REPLYCHECK_TOKEN).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Replies checked at once (default 2).")
@click.option("--queue", type=click.IntRange(0, 10_000), default=None, help="Requests that may wait (default 32); more get 503.")
@click.option("--timeout", "request_timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds per request (default 60); then 504.")
@click.option("--glossaries", "glossary_dir", metavar="DIR", help="Folder of the glossaries requests may name (default: glossaries/).")
@click.option("--log-text", is_flag=True, help="Put customer text in the logs (debugging only).")
@click.option("--openapi", "print_openapi", is_flag=True, help="Print the OpenAPI document and exit.")
@_add(languagetool_options)
def serve(host, port, token_file, workers, queue, request_timeout, glossary_dir, log_text, print_openapi,
          no_languagetool, languagetool_url):
    """Run the HTTP service: POST /v1/check, /v1/batch, GET /v1/checks, /healthz, /readyz.

    It listens on 127.0.0.1 unless --host says otherwise, and then only with a bearer token.
    """
    import json

    from replycheck.service import ServiceSettings, openapi_document
    from replycheck.service import serve as run_service

    if print_openapi:
        click.echo(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
        return
    with _errors_exit_2():
        settings = ServiceSettings.from_env(
            host=host, port=port, token_file=token_file, workers=workers, queue=queue,
            request_timeout=request_timeout, glossary_dir=glossary_dir, log_text=log_text or None,
        )
        config = _config(no_languagetool, languagetool_url)
    run_service(settings, config)


# -- languagetool -----------------------------------------------------------------------------
EXIT_NOT_RUNNING = 3


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


@main.group("languagetool")
def languagetool_group() -> None:
    """Run one shared LanguageTool server that every replycheck on this machine uses.

    'start' leaves it running in the background (detached from the terminal), so 'replycheck
    check' answers in about a second instead of starting LanguageTool each time; 'stop' ends it.
    """


@languagetool_group.command("start")
@click.option("--heap", metavar="SIZE", help="Java heap, e.g. 2g (default: REPLYCHECK_LANGUAGETOOL_HEAP or 2g).")
@click.option("--languages", metavar="CODES", default="",
              help="Comma-separated languages to load now, e.g. sv,de,nl (default: the configured ones).")
def languagetool_start(heap, languages):
    """Start the shared LanguageTool server (unless it runs), warm LANGUAGES, print its URL."""
    from replycheck import warmup
    from replycheck.engines.languagetool import language_settings, shared

    with _errors_exit_2():
        config = _config(False, None)
        codes = [code.strip() for code in languages.split(",") if code.strip()] or list(config.languages)
        unknown = [code for code in codes if language_settings(code) is None]
        if unknown:
            _fail(f"--languages: LanguageTool does not cover {', '.join(unknown)}")
        record, started = shared.start(heap or config.languagetool_heap)
        if not started:
            _note(f"LanguageTool already runs (pid {record.pid}, heap {record.heap})")
        if codes:
            timings = shared.warm(record, {code: warmup.languagetool_texts(code) for code in codes})
            _note("warmed " + ", ".join(f"{code} {seconds:.1f} s" for code, seconds in timings.items()))
    click.echo(record.url)
    sys.exit(EXIT_OK)


@languagetool_group.command("stop")
def languagetool_stop():
    """Stop the shared LanguageTool server (nothing to do when none runs)."""
    from replycheck.engines.languagetool import shared

    with _errors_exit_2():
        record = shared.stop_shared()
    click.echo("stopped" if record is not None else "not running")
    sys.exit(EXIT_OK)


@languagetool_group.command("status")
def languagetool_status():
    """Print the shared server's URL, pid, uptime, memory and warmed languages.

    Exit 0 when it runs, 3 when it does not.
    """
    from replycheck.engines.languagetool import shared

    with _errors_exit_2():
        record = shared.find()
        if record is None:
            click.echo("not running")
            sys.exit(EXIT_NOT_RUNNING)
        info = shared.describe(record)
    click.echo(f"url: {info['url']}")
    click.echo(f"pid: {info['pid']}")
    click.echo(f"version: {info['version']}")
    click.echo(f"uptime: {_duration(info['uptime_seconds'])}")
    click.echo(f"rss: {info['rss_bytes'] / 2**20:.0f} MiB (heap {info['heap']}, {info['threads']} check threads)")
    click.echo(f"languages: {', '.join(info['languages']) or 'none warmed'}")
    sys.exit(EXIT_OK)


# -- batch ------------------------------------------------------------------------------------
def _parse_mapping(columns: tuple[str, ...]) -> dict[str, str]:
    from replycheck.batch import FIELDS

    mapping: dict[str, str] = {}
    for item in columns:
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            _fail(f"--column {item!r}: expected FIELD=COLUMN, e.g. reply=body")
        if field not in FIELDS:
            _fail(f"--column {item!r}: FIELD must be one of {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def _one_line(text) -> str:
    """``text`` on one line with rich markup escaped (a file name may hold ``[bold]``)."""
    from rich.markup import escape

    return escape(" ".join(str(text).split()))


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--out", "out", required=True, metavar="PATH",
              help="Where to write the results: .csv, .jsonl or .html.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Replies checked at once (threads sharing one checker; LanguageTool requests in flight).")
@click.option("--processes", is_flag=True,
              help="Run the --workers as processes (each its own checker, one LanguageTool server): for machines with cores to spare.")
@click.option("--resume", is_flag=True, help="Keep --out (.csv/.jsonl) and check only the rows not in it yet.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Spread the rows over the Dask cluster at ADDRESS (tcp://scheduler:8786); see README.")
@click.option("--partition-size", type=click.IntRange(1), default=100, show_default=True, help="Rows per Dask partition.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="Read FIELD (reply, customer, source, agent, id, sent_at) from COLUMN (repeatable).")
@click.option("--glossary", "glossaries", metavar="FILE", multiple=True, help="A glossary YAML file (repeatable).")
@click.option("--no-history", is_flag=True, help="Do not store the results in the history database.")
@click.option("--history-db", metavar="URL", help="Store the results in this database (default: REPLYCHECK_HISTORY_URL or the cache).")
@click.option("--team", metavar="NAME", help="The team the batch belongs to (stored with it in the history).")
@click.option("--redact", is_flag=True, help="Store the results without the replies' and customers' text.")
@_add(languagetool_options)
def batch(files, out, workers, processes, resume, dask_address, partition_size, columns, glossaries, no_history, history_db, team,
          redact, no_languagetool, languagetool_url):
    """Check every reply in FILE... (CSV, JSONL, Parquet, mbox or .eml files) and write the results as they are done.

    Rows that cannot be checked (no reply, binary junk, undecodable) are reported and skipped.
    Every checked row is also stored in the history database (see 'replycheck history'),
    unless --no-history or REPLYCHECK_HISTORY=off; a history that fails is a warning, not a
    failed batch.
    """
    from replycheck import batch as batch_module

    suffix = Path(out).suffix.lower()
    if suffix not in batch_module.OUTPUT_SUFFIXES and not (dask_address and ("*" in out or out.endswith("/"))):
        _fail(f"--out {out}: use a .csv, .jsonl or .html file name")
    mapping = _parse_mapping(columns)
    for path in glossaries:
        if not Path(path).is_file():
            _fail(f"--glossary {path}: no such file")
    glossary = None
    if glossaries:
        glossary = glossaries[0] if len(glossaries) == 1 else list(glossaries)
    err = _console("auto", stderr=True)
    with _errors_exit_2():
        config = _config(no_languagetool, languagetool_url)
        from replycheck import streaming

        def tell(kind, where, text):  # a row's note or failure, printed as it is written
            if kind != "refused" or dask_address:  # rows refused while reading are listed below
                label = "[cyan]note[/]" if kind == "note" else "[yellow]skipped[/]"
                err.print(f"{label} {_one_line(where)}: {_one_line(text)}", markup=True, highlight=False)

        history = _history_settings(no_history)
        if dask_address:
            from replycheck import dask_batch

            if history is not None:
                _note("results of a --dask batch are not stored in the history")

            with streaming.progress_bar(err) as bar:
                task = bar.add_task("checking", total=None)
                summary = dask_batch.run_at(
                    dask_address, files, out, config=config, workers=workers, mapping=mapping, glossary=glossary,
                    resume=resume, partition_size=partition_size, message=tell,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
            err.print(summary.line(), highlight=False)
            click.echo(f"wrote {out}", err=True)
            sys.exit(EXIT_OK)
        rows, problems = streaming.load(files, mapping)
        for problem in problems:
            err.print(f"[yellow]skipped[/] {_one_line(problem.where)}: {_one_line(problem.message)}", markup=True, highlight=False)
        if not rows:
            _fail(f"no checkable rows in {', '.join(files)} ({len(problems)} skipped)")

        recorder = None
        if history is not None:
            from replycheck.history.recording import BatchRecorder

            recorder = BatchRecorder.start(
                ", ".join(map(str, files)), len(rows), url=history_db, team=team,
                redact=redact or history.redact_batches, resume=resume, warn=_warn,
            )
        options = dict(config=config, workers=workers, processes=processes, glossary=glossary, resume=resume, message=tell)
        status = "failed"
        try:
            with streaming.progress_bar(err) as bar:  # results are written as they are done
                task = bar.add_task("checking", total=len(rows))
                options["progress"] = lambda done, total: bar.update(task, completed=done, total=total)
                summary = streaming.run_rows(rows, problems, out, written=recorder, **options)
            status = "done"
        except KeyboardInterrupt:
            status = "cancelled"
            raise
        finally:
            if recorder is not None:
                recorder.finish(status)
    err.print(summary.line(), highlight=False)
    if recorder is not None and not recorder.failed:
        _note(f"stored {recorder.stored} replies in the history (batch {recorder.batch_id})")
    click.echo(f"wrote {out}", err=True)
    sys.exit(EXIT_OK)


def _history_settings(no_history: bool):
    """The history settings when results are to be stored, else None."""
    from replycheck.history.settings import HistorySettings

    settings = HistorySettings.from_env()
    return None if no_history or not settings.enabled else settings


# -- history ----------------------------------------------------------------------------------
def _when(ctx, param, value):
    """``--since``/``--until``: a date (YYYY-MM-DD, the whole day in UTC) or an ISO date and time."""
    from datetime import date, datetime

    if value is None:
        return None
    text = value.strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)") from None


def _language_pair(ctx, param, value):
    """``--language-pair REPLY:CUSTOMER`` (e.g. sv:nb; ``sv:-`` for no customer text)."""
    import re

    if value is None:
        return None
    match = re.fullmatch(r"\s*([A-Za-z]{2,3}|unknown)\s*:\s*([A-Za-z]{2,3}|unknown|-)\s*", value)
    if not match:
        raise click.BadParameter(f"{value!r}: expected REPLY:CUSTOMER language codes, e.g. sv:nb (sv:- for no customer text)")
    reply_language, customer_language = match.group(1).lower(), match.group(2).lower()
    return reply_language, None if customer_language == "-" else customer_language


def _history_line(stored) -> str:
    """One row of the ``history`` table."""
    languages = f"{stored.reply_language}:{stored.customer_language or '-'}"
    if stored.reply is None:
        words = "(redacted)"
    else:
        words = " ".join(stored.reply.split())
        words = words if len(words) <= 60 else words[:59] + "…"
    when = stored.checked_at.strftime("%Y-%m-%d %H:%M")
    return (f"{stored.id:>6}  {when}  {(stored.agent or '-')[:20]:<20}  {languages:<9}  {stored.verdict:<6}  "
            f"{stored.score:>5}  {len(stored.findings):>8}  {words}")


@main.command("history")
@click.option("--since", callback=_when, metavar="DATE", help="From this day (YYYY-MM-DD, UTC) or time on.")
@click.option("--until", callback=_when, metavar="DATE", help="Up to and including this day (or up to this time).")
@click.option("--agent", metavar="NAME", help="Only this agent's replies.")
@click.option("--team", metavar="NAME", help="Only this team's replies.")
@click.option("--language-pair", callback=_language_pair, metavar="REPLY:CUSTOMER",
              help="Only replies in this language to customers in that one, e.g. sv:nb.")
@click.option("--batch", "batch_id", type=click.IntRange(1), metavar="ID", help="Only the replies of this batch.")
@click.option("--kind", type=click.Choice(["batch", "draft"]), help="Only checked batch replies, or drafts.")
@click.option("--limit", type=click.IntRange(0), default=100, show_default=True, help="At most this many (0: all).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or JSON Lines (one reply with its report per line).")
@click.option("--db", "url", metavar="URL", help="The history database (default: REPLYCHECK_HISTORY_URL or the cache).")
def history(since, until, agent, team, language_pair, batch_id, kind, limit, output_format, url):
    """List stored replies, newest first: time (UTC), agent, languages, verdict, score, findings."""
    import json
    from datetime import datetime

    if since is not None and until is not None:
        start = since if isinstance(since, datetime) else datetime.combine(since, datetime.min.time())
        end = until if isinstance(until, datetime) else datetime.combine(until, datetime.max.time())
        if start.replace(tzinfo=None) > end.replace(tzinfo=None):
            raise click.BadParameter("--until is before --since", param_hint="--until")
    with _errors_exit_2():
        from replycheck.history import open_store

        with open_store(url) as store:
            stored = store.replies(since=since, until=until, agent=agent, team=team, language_pair=language_pair,
                                   batch_id=batch_id, kind=kind, limit=limit or None)
    if output_format == "json":
        for item in stored:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
    else:
        if not stored:
            _note("no stored replies match")
            sys.exit(EXIT_OK)
        click.echo(f"{'id':>6}  {'time (UTC)':<16}  {'agent':<20}  {'languages':<9}  {'verdict':<6}  "
                   f"{'score':>5}  {'findings':>8}  reply")
        for item in stored:
            click.echo(_history_line(item))
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
