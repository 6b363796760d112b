"""The command line: argument parsing, input reading and exit codes; no checking logic.

    replycheck check REPLY [--customer FILE] [--source FILE] [--glossary FILE]...
                     [--format text|json] [--fail-on error|warning|never]
    replycheck batch FILE... --out results.csv|results.jsonl|report.html [--workers N]
    replycheck explain CODE
    replycheck checks

Exit codes: 0 = nothing at or above ``--fail-on``; 1 = findings at or above it; 2 = a usage
or input error, with a one-line message on stderr.
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
@_add(languagetool_options)
def check(reply, customer, source, glossaries, output_format, fail_on, color, no_languagetool, languagetool_url):
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
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="Read FIELD (reply, customer, source, agent, id, sent_at) from COLUMN (repeatable).")
@click.option("--glossary", "glossaries", metavar="FILE", multiple=True, help="A glossary YAML file (repeatable).")
@_add(languagetool_options)
def batch(files, out, workers, columns, glossaries, no_languagetool, languagetool_url):
    """Check every reply in FILE... (CSV, JSONL, mbox or .eml files) and write a results file.

    Rows that cannot be checked (no reply, binary junk, undecodable) are reported and skipped.
    """
    from replycheck import batch as batch_module

    suffix = Path(out).suffix.lower()
    if suffix not in batch_module.OUTPUT_SUFFIXES:
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
        rows, problems = batch_module.load_rows(files, mapping)
        for problem in problems:
            err.print(f"[yellow]skipped[/] {_one_line(problem.where)}: {_one_line(problem.message)}", markup=True, highlight=False)
        if not rows:
            _fail(f"no checkable rows in {', '.join(files)} ({len(problems)} skipped)")

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from replycheck.api import Checker

        with Checker(config) as checker, Progress(
            TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, transient=False,
        ) as progress:
            task = progress.add_task("checking", total=len(rows))
            results = batch_module.run_batch(
                rows, checker, workers=workers, glossary=glossary,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        batch_module.write_results(results, out, problems=problems)

    for result in results:
        for note in result.row.notes:  # how a row was read (in another encoding than its file)
            err.print(f"[cyan]note[/] {_one_line(result.row.where)}: {_one_line(note)}", markup=True, highlight=False)
        if result.error:
            err.print(f"[yellow]skipped[/] {_one_line(result.row.where)}: {_one_line(result.error)}", markup=True, highlight=False)
    summary = batch_module.summarize(results, problems)
    err.print(summary, highlight=False)
    click.echo(f"wrote {out}", err=True)
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
