"""replycheck for team leads: review sent replies, now and over the weeks.

Upload CSV, JSONL, mbox or .eml files, map the columns and run the batch: each reply is
stored in the history as soon as it is checked (``replycheck.history``), with a progress bar
that says how long is left, a Cancel button, and Resume for a stopped batch. Below, the
history: pick a period, team, agent, language pair and batch; see the summary, charts and
table, open any reply highlighted, mark a finding wrong, comment on a reply; the weekly
trends; per-check precision from the findings marked wrong (the false alarms to fix); the best
replies per agent; export as CSV or HTML. Everything is read back from the history, so a
reload shows the same. Rows that cannot be read or checked are reported and never stop a batch.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from replycheck import batch, review_view as view, ui
from replycheck.errors import ReplycheckError
from replycheck.formats.html import finding_card, highlight_html, legend_html
from replycheck.history import HistoryError, default_url, open_store
from replycheck.model import CATEGORIES
from replycheck.review_run import CANCELLED, DONE, FAILED, ReviewRun

st.set_page_config(page_title="replycheck · review", layout="wide")

FIELDS = batch.FIELDS
NONE = "(none)"
ALL = "(all)"
REPLY_LIMIT = 5000  # replies listed at once (charts, table, export); trends and precision count all
PERIODS = {"Last 12 weeks": 84, "Last 4 weeks": 28, "Last 7 days": 7, "All time": None, "Custom dates": -1}


# -- shared resources (one per server) ---------------------------------------------------------
@st.cache_resource(show_spinner="Opening the history…")
def history_store(url: str):
    """The history database at ``url`` (``default_url()``: ``$REPLYCHECK_HISTORY_URL`` or SQLite
    in the cache folder), opened and migrated once per server."""
    return open_store(url)


@st.cache_resource
def review_runs() -> dict[int, ReviewRun]:
    """Batches running (or stopped, for Resume) in this server, by batch id."""
    return {}


# -- reading the uploads ---------------------------------------------------------------------------
def _csv_columns(text: str) -> list[str]:
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return next(csv.reader(io.StringIO(text), dialect), [])


def _jsonl_columns(text: str) -> list[str]:
    keys: list[str] = []
    for line in text.splitlines()[:50]:
        try:
            item = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(item, dict):
            keys += [k for k in item if k not in keys]
    return keys


def _columns(name: str, data: bytes) -> list[str]:
    """The column names of an uploaded CSV or JSONL file (empty for mail formats)."""
    text = data.decode("utf-8-sig", errors="replace")
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".csv", ".tsv"):
            return _csv_columns(text)
        if suffix in (".jsonl", ".ndjson", ".json"):
            return _jsonl_columns(text)
    except (csv.Error, StopIteration):
        return []
    return []


def uploads_and_columns() -> tuple[list, list[str]]:
    """The uploaded files and the column names found in them."""
    uploads = st.file_uploader(
        "Replies to review",
        type=["csv", "tsv", "jsonl", "ndjson", "json", "mbox", "eml"],
        accept_multiple_files=True,
        key="uploads",
    )
    columns: list[str] = []
    for upload in uploads or []:
        columns += [c for c in _columns(upload.name, upload.getvalue()) if c not in columns]
    return list(uploads or []), columns


def column_mapping(columns: list[str]) -> dict[str, str]:
    """Which column holds which field (only fields whose column has another name)."""
    mapping: dict[str, str] = {}
    if not columns:
        return mapping
    with st.expander("Column mapping", expanded="reply" not in columns):
        st.caption("Which column holds what. `reply` is required; the rest are optional.")
        for field, col in zip(FIELDS, st.columns(len(FIELDS))):
            options = [NONE, *columns]
            default = options.index(field) if field in columns else 0
            choice = col.selectbox(field, options, index=default, key=f"map-{field}")
            if choice != NONE and choice != field:
                mapping[field] = choice
    if "reply" not in columns and "reply" not in mapping:
        st.warning("Choose the column that holds the reply text.")
    return mapping


def _batch_label(b) -> str:
    started = b.started_at.strftime("%Y-%m-%d %H:%M")
    return f"#{b.id} · {b.name} · {started} · {b.stored} of {b.total} stored · {b.status}"


def run_options(store) -> dict:
    """Glossary, workers, team, batch name, and whether to continue a stopped batch."""
    glossaries = [p.name for p in ui.list_glossaries()]
    g_col, w_col, t_col = st.columns(3)
    choice = g_col.selectbox(
        "Glossary", glossaries or ["(none)"], key="review_glossary",
        index=glossaries.index("default.yaml") if "default.yaml" in glossaries else 0,
    )
    workers = w_col.slider("Parallel workers", 1, 8, 1, help="More workers check faster on a multi-core machine")
    team = t_col.text_input("Team (optional)", key="run_team").strip() or None
    n_col, c_col = st.columns(2)
    name = n_col.text_input("Batch name", key="batch_name", placeholder="the files' names").strip()
    live = review_runs()
    stopped = [b for b in store.batches() if b.status in (CANCELLED, FAILED, "running")
               and not (b.id in live and live[b.id].alive)]
    options = [0, *(b.id for b in stopped)]
    labels = {b.id: f"Resume {_batch_label(b)}" for b in stopped}
    resume = c_col.selectbox(
        "Run as", options, format_func=lambda i: labels.get(i, "New batch"), key="resume_batch",
        help="Resume a stopped batch with the same files: rows already stored are skipped.",
    )
    return {
        "glossary": str(ui.glossary_dir() / choice) if glossaries else None, "workers": workers,
        "team": team, "name": name, "resume": resume or None,
    }


# -- running a batch ---------------------------------------------------------------------------------
def _start_languagetool(checker) -> None:
    engine = checker.languagetool()
    if engine is not None and hasattr(engine, "start_async"):
        engine.start_async()
        with st.spinner("Starting LanguageTool for grammar and spelling…"):
            engine.wait(timeout=180)


def start_run(store, uploads, mapping: dict[str, str], options: dict) -> None:
    """Load the rows and start checking them in the background (a new batch or a resumed one)."""
    sources = [batch.Upload(upload.name, upload.getvalue()) for upload in uploads]
    try:
        rows, problems = batch.load_rows(sources, mapping=mapping or None)
    except Exception as error:  # noqa: BLE001  (a broken file must not crash the page)
        st.error(ui.md_escape(f"The review could not run: {error}"))
        return
    if not rows:
        st.warning("No reply could be read from these files.")
        for problem in problems:
            st.markdown(f"- {ui.md_escape(problem.where)}: {ui.md_escape(problem.message)}")
        return
    checker = ui.cached_checker()
    _start_languagetool(checker)
    settings = {"workers": options["workers"], "glossary": options["glossary"], "team": options["team"]}
    try:
        if options["resume"]:
            run = ReviewRun.resume(store, checker, rows, options["resume"], **settings)
        else:
            name = options["name"] or ", ".join(upload.name for upload in uploads)[:200]
            run = ReviewRun.new(store, checker, rows, name=name, total=len(rows) + len(problems), **settings)
    except HistoryError as error:
        st.error(ui.md_escape(str(error)))
        return
    review_runs()[run.batch_id] = run.start()
    st.session_state.setdefault("load_problems", {})[run.batch_id] = list(problems)
    st.session_state.batch_pick = run.batch_id


def resume_run(batch_id: int) -> None:
    """Resume a stopped batch of this server with the rows it was given (a button's callback)."""
    old = review_runs().get(batch_id)
    if old is None or old.alive:
        return
    run = ReviewRun.resume(old.store, old.checker, old.rows, batch_id, workers=old.workers, glossary=old.glossary,
                           team=old.team, redact=old.redact)
    review_runs()[batch_id] = run.start()
    st.session_state.batch_pick = batch_id


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "estimating time left"
    if seconds < 90:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"


def progress_text(p) -> str:
    head = "Cancelling after the replies in flight" if p.state == "cancelling" else "Checking"
    rate = f" · {p.rate:.1f} replies/s · {_duration(p.seconds_left)}" if p.done < p.total else ""
    return f"{head}: {p.done} of {p.total} replies{rate}"


def watch(run: ReviewRun) -> None:
    """A progress bar (time left) and a Cancel button until the run ends."""
    cancel = st.empty()
    cancel.button("Cancel batch", key=f"cancel-{run.batch_id}", on_click=run.cancel,
                  help="Stops after the replies being checked; Resume checks the rest later.")
    bar = st.progress(0.0, text=progress_text(run.progress()))
    while run.alive:
        p = run.progress()
        bar.progress(p.fraction, text=progress_text(p))
        time.sleep(0.25)
    p = run.wait()
    cancel.empty()
    bar.progress(p.fraction, text=f"Checked {p.done} of {p.total} replies.")
    st.session_state.setdefault("check_errors", {})[run.batch_id] = list(p.errors)


def runs_section() -> None:
    """The running batches (watched until they end), then what stopped batches can do."""
    runs = review_runs()
    for batch_id, run in sorted(runs.items()):
        if run.alive:
            watch(run)
    for batch_id, run in sorted(runs.items()):
        p = run.progress()
        if p.state == DONE:
            runs.pop(batch_id, None)
        elif p.state in (CANCELLED, FAILED):
            st.info(f"Batch #{batch_id} stopped ({p.state}) after {p.done} of {p.total} replies.")
            st.button("Resume batch", key=f"resume-{batch_id}", on_click=resume_run, args=(batch_id,),
                      help="Check the replies that are not stored yet.")


# -- the history: pickers --------------------------------------------------------------------------
def _pair_label(pair) -> str:
    reply_language, customer_language = pair
    return f"{customer_language or '—'} → {reply_language}"


def period() -> tuple[date | None, date | None]:
    """The period picked: since and until (days, both included)."""
    col1, col2 = st.columns([1, 2])
    choice = col1.selectbox("Period", list(PERIODS), key="period")
    today = datetime.now(timezone.utc).date()
    days = PERIODS[choice]
    if days is None:
        return None, None
    if days > 0:
        return today - timedelta(days=days - 1), today
    picked = col2.date_input("From – to", value=(today - timedelta(days=27), today), key="period_dates")
    picked = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
    return (picked[0], picked[-1]) if picked else (None, None)


def history_filters(store) -> dict:
    """Period, team, agent and language pair: the filters of everything below."""
    since, until = period()
    c1, c2, c3 = st.columns(3)
    team = c1.selectbox("Team", [ALL, *store.teams()], key="pick_team")
    agent = c2.selectbox("Agent", [ALL, *store.agents()], key="pick_agent")
    pairs = store.language_pairs()
    pair = c3.selectbox("Language pair (customer → reply)", [None, *pairs], key="pick_pair",
                        format_func=lambda p: ALL if p is None else _pair_label(p))
    return {"since": since, "until": until, "team": None if team == ALL else team,
            "agent": None if agent == ALL else agent, "language_pair": pair, "kind": "batch"}


def batch_pick(store) -> int | None:
    """The batch whose replies are listed (default: the newest); ``None``: every batch."""
    batches = store.batches()
    labels = {b.id: _batch_label(b) for b in batches}
    options = [b.id for b in batches] + [0]
    if st.session_state.get("batch_pick") not in options:
        st.session_state.pop("batch_pick", None)
    choice = st.selectbox("Batch", options, key="batch_pick",
                          format_func=lambda i: labels.get(i, "All batches in the period"))
    return choice or None


# -- the history: replies ---------------------------------------------------------------------------
def skipped_rows(batch_id: int | None, store) -> None:
    """The rows of the batch that could not be read or checked, and why (when known)."""
    if batch_id is None:
        return
    problems = st.session_state.get("load_problems", {}).get(batch_id, [])
    errors = st.session_state.get("check_errors", {}).get(batch_id, [])
    info = next((b for b in store.batches() if b.id == batch_id), None)
    if info is None or info.status == "running":
        return
    if info.status in (CANCELLED, FAILED):
        st.caption(f"This batch stopped ({info.status}) with {info.stored} of {info.total} rows stored: upload the "
                   "same files and run them as 'Resume' to check the rest.")
        return
    skipped = max(len(problems) + len(errors), info.total - info.stored)
    if not skipped:
        return
    with st.expander(f"Skipped: {skipped} of {info.total} rows could not be read or checked", expanded=False):
        for problem in problems:
            st.markdown(f"- {ui.md_escape(problem.where)}: {ui.md_escape(problem.message)}")
        for where, message in errors:
            st.markdown(f"- {ui.md_escape(where)}: {ui.md_escape(message)}")
        if not (problems or errors):
            st.caption("The reasons were shown when the batch ran.")


def summary(checked: pd.DataFrame) -> None:
    """How many replies, their mean score, how many need review or are blocked."""
    a, b, c, d = st.columns(4)
    a.metric("Replies checked", len(checked))
    b.metric("Mean score", f"{checked['score'].mean():.0f}")
    c.metric("Need review", int((checked["verdict"] == "review").sum()))
    d.metric("Blocked", int((checked["verdict"] == "block").sum()))


def findings_chart(shown: pd.DataFrame, heading: str, by: str, legend: bool) -> None:
    """Warnings and errors counted by ``by`` (category or agent), coloured by category."""
    st.markdown(heading)
    if shown.empty:
        st.write("No warnings or errors.")
        return
    colour = alt.Color("category:N", scale=view.CATEGORY_SCALE, **({} if legend else {"legend": None}))
    tooltip = [by, "category", "count()"] if legend else [by, "count()"]
    st.altair_chart(view.count_chart(shown, by, "findings", colour, tooltip), width="stretch")


def charts(checked: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Findings per category and per agent, replies per language pair, the score distribution."""
    left, right = st.columns(2)
    with left:
        findings_chart(shown, "**Findings per category**", "category", legend=False)
        st.markdown("**Replies per language pair** (customer → reply)")
        st.altair_chart(view.count_chart(checked, "language_pair", "replies", alt.Color("verdict:N", scale=view.VERDICT_SCALE),
                                         ["language_pair", "verdict", "count()"]), width="stretch")
    with right:
        findings_chart(shown, "**Findings per agent**", "agent", legend=True)
        st.markdown("**Score distribution**")
        st.altair_chart(view.score_chart(checked), width="stretch")


def filtered(checked: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The replies that pass the category and language filters, lowest score first."""
    f1, f2 = st.columns(2)
    categories = f1.multiselect("Category", [c for c in CATEGORIES if c in set(shown["category"])], key="filter_category")
    codes = set(checked["customer_language"]) | set(checked["reply_language"])
    languages = f2.multiselect("Language", sorted(x for x in codes if x and x != "—"), key="filter_language")
    table = checked
    if categories:
        table = table[table["reply_id"].isin(set(shown[shown["category"].isin(categories)]["reply_id"]))]
    if languages:
        table = table[table["customer_language"].isin(languages) | table["reply_language"].isin(languages)]
    return table.sort_values(["score", "checked_at", "reply_id"]).reset_index(drop=True)


TABLE_COLUMNS = ["id", "agent", "sent_at", "verdict", "score", "language_pair", "categories", "findings",
                 "marked_wrong", "comments"]


def reply_table(table: pd.DataFrame) -> list[int]:
    """The replies as a table; returns the positions of the selected rows."""
    event = st.dataframe(
        table[TABLE_COLUMNS],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="replies_table",
        column_config={"score": st.column_config.ProgressColumn("score", min_value=0, max_value=100, format="%d")},
    )
    return list(getattr(getattr(event, "selection", None), "rows", []) or [])


def _mark(store, reply_id: int, index: int, wrong: bool) -> None:
    """Mark a finding wrong (with the note typed) or take the mark back (a button's callback)."""
    note = st.session_state.get(f"note-{reply_id}-{index}", "") if wrong else ""
    try:
        store.mark_finding(reply_id, index, wrong=wrong, author=st.session_state.get("reviewer") or None, note=note)
    except HistoryError as error:
        st.session_state.history_error = str(error)


def finding_marks(store, stored, index: int, wrong_marks: dict) -> None:
    """Under a finding: 'This finding is wrong' (with an optional note), or the mark and undo."""
    mark = wrong_marks.get(index)
    left, right = st.columns([3, 1])
    if mark is not None:
        by = f" by {mark.author}" if mark.author else ""
        left.caption(ui.md_escape(f"Marked wrong{by}" + (f": {mark.note}" if mark.note else "")))
        right.button("Not wrong after all", key=f"unmark-{stored.id}-{index}", on_click=_mark, args=(store, stored.id, index, False))
    else:
        left.text_input("Why is it wrong? (optional)", key=f"note-{stored.id}-{index}", label_visibility="collapsed",
                        placeholder="Why is this finding wrong? (optional)")
        right.button("This finding is wrong", key=f"wrong-{stored.id}-{index}", on_click=_mark, args=(store, stored.id, index, True))


def comments(store, stored) -> None:
    """The reply's comments and a box to add one."""
    st.markdown("**Comments**")
    for comment in stored.comments:
        by = comment.author or "someone"
        st.markdown(f"- **{ui.md_escape(by)}** ({comment.created_at:%Y-%m-%d %H:%M}): {ui.md_escape(comment.text)}")
    if not stored.comments:
        st.caption("No comments yet.")
    with st.form(f"comment-form-{stored.id}", clear_on_submit=True):
        text = st.text_area("Add a comment", key=f"comment-{stored.id}", height=80)
        if st.form_submit_button("Add comment") and text.strip():
            try:
                store.comment(stored.id, text.strip(), author=st.session_state.get("reviewer") or None)
            except HistoryError as error:
                st.error(ui.md_escape(str(error)))
            else:
                st.rerun()


def opened_reply(store, stored) -> None:
    """One reply highlighted (or, redacted, its spans and codes), with a card per finding,
    'this finding is wrong' marks and the comments."""
    report = view.report_of(stored)
    st.markdown(
        f"**{report.verdict}** · score {report.score} · {ui.language_label(report.customer_language)} → "
        f"{ui.language_label(report.reply_language)} · {ui.md_escape(stored.agent or view.NO_AGENT)}"
    )
    wrong_marks = view.wrong_findings(stored)
    if stored.redacted:
        st.caption("Stored without its text (redacted): the findings as spans and codes.")
        st.dataframe(view.findings_without_text(report), hide_index=True)
    else:
        st.html(legend_html(sorted({f.category for f in report.findings}) or CATEGORIES))
        st.html(highlight_html(report))
    for index, finding in enumerate(report.findings):
        if stored.redacted:
            st.markdown(f"`{finding.code}` ({finding.severity}) at [{finding.start}, {finding.end})")
        else:
            st.html(finding_card(finding, report.reply))
        finding_marks(store, stored, index, wrong_marks)
    comments(store, stored)


def open_a_reply(store, table: pd.DataFrame, selected: list[int]) -> None:
    """Pick a reply (from the table's selection or the box) and show it."""
    choices = [int(r) for r in table["reply_id"]]
    if not choices:
        st.write("No replies match these filters.")
        return
    default = int(table.iloc[selected[0]]["reply_id"]) if selected else choices[0]
    labels = {int(r["reply_id"]): f"{r['id']} · {r['agent']} · score {r['score']}" for _, r in table.iterrows()}
    opened = st.selectbox(
        "Open a reply (or select a row in the table)", choices, index=choices.index(default),
        format_func=lambda r: labels.get(int(r), str(r)), key=f"open-{default}",
    )
    stored = store.reply(int(opened))
    if stored is not None:
        opened_reply(store, stored)


def best_replies(checked: pd.DataFrame, by_id: dict) -> None:
    """The three highest-scoring replies of each agent."""
    st.subheader("Best replies per agent")
    st.caption("The highest-scoring replies of each agent: worth celebrating.")
    best = checked.sort_values(["agent", "score", "reply_id"], ascending=[True, False, True]).groupby("agent").head(3)
    for agent, group in best.groupby("agent", sort=True):
        with st.expander(f"{ui.md_escape(str(agent))}: best score {int(group['score'].max())}"):
            for _, item in group.iterrows():
                stored = by_id[int(item["reply_id"])]
                report = view.report_of(stored)
                st.markdown(f"**{ui.md_escape(str(item['id']))}** · score {report.score} · {report.verdict}")
                if stored.redacted:
                    st.dataframe(view.findings_without_text(report), hide_index=True)
                else:
                    st.html(highlight_html(report))


def _export(results, problems, suffix: str) -> bytes:
    """The batch module's own export (the CLI writes the same files), as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"results{suffix}"
        batch.write_results(results, path, problems)
        return path.read_bytes()


def export(replies: list, problems) -> None:
    """Download the replies shown as CSV or as the self-contained HTML report."""
    st.subheader("Export")
    results = [view.as_result(s) for s in replies]
    e1, e2 = st.columns(2)
    e1.download_button("Download CSV", _export(results, problems, ".csv"), file_name="replycheck-results.csv", mime="text/csv")
    e2.download_button(
        "Download HTML report", _export(results, problems, ".html"),
        file_name="replycheck-report.html", mime="text/html",
    )


# -- the history: trends and precision -------------------------------------------------------------
def trends(store, filters: dict) -> None:
    """Weekly mean score, verdicts and findings per category, over every batch in the filters."""
    st.subheader("Trends per week")
    st.caption("Every batch in the period, team, agent and language pair picked above.")
    scores, verdicts, categories = view.trend_frames(store.weekly_trends(**filters))
    if scores.empty:
        st.write("No replies stored in this period.")
        return
    weeks = len(scores)
    first, last = scores["week"].min(), scores["week"].max()
    st.markdown(f"{weeks} week{'s' if weeks != 1 else ''} with replies, from the week of {first}"
                + (f" to the week of {last}" if weeks > 1 else "") + f": {int(scores['replies'].sum())} replies.")
    left, middle, right = st.columns(3)
    left.altair_chart(view.score_trend_chart(scores), width="stretch")
    middle.altair_chart(view.verdict_trend_chart(verdicts), width="stretch")
    if categories.empty:
        right.write("No warnings or errors in these weeks.")
    else:
        right.altair_chart(view.category_trend_chart(categories), width="stretch")


def precision(store, filters: dict, replies: list) -> None:
    """Per-check precision from the findings marked wrong, and the list of those findings."""
    st.subheader("False alarms: precision per check")
    st.caption("A team lead's 'This finding is wrong' marks; the checks marked wrong most often come first: fix these.")
    table = view.precision_table(store.check_precision(**filters))
    if table.empty:
        st.write("No findings stored in this period.")
        return
    marked = table[table["marked_wrong"] > 0]
    if marked.empty:
        st.write("No finding has been marked wrong yet.")
    shown = pd.concat([marked, table[table["marked_wrong"] == 0]]).head(25)
    st.table(shown.style.format({"precision": "{:.0%}"}).hide(axis="index"))
    wrong = view.marked_wrong(replies)
    if not wrong.empty:
        with st.expander(f"Findings marked wrong in the replies above ({len(wrong)})"):
            st.table(wrong.style.hide(axis="index"))


# -- the page -----------------------------------------------------------------------------------------
def new_batch(store) -> None:
    """Upload, map the columns, choose the options, run."""
    uploads, columns = uploads_and_columns()
    mapping = column_mapping(columns)
    options = run_options(store)
    if st.button("Run review", type="primary", disabled=not uploads, key="run_review"):
        start_run(store, uploads, mapping, options)


def history(store) -> None:
    """The stored replies: pickers, summary, charts, table, one reply, trends, precision, export."""
    if not store.batches() and not store.replies(kind="batch", limit=1):
        st.info("Nothing stored yet. Run a batch above: its results, the weekly trends and the "
                "false-alarm list appear here and are still here after a reload.")
        return
    st.header("History")
    st.text_input("Your name (for marks and comments)", key="reviewer")
    filters = history_filters(store)
    batch_id = batch_pick(store)
    replies = store.replies(**filters, batch_id=batch_id, limit=REPLY_LIMIT)
    if len(replies) == REPLY_LIMIT:
        st.caption(f"Showing the newest {REPLY_LIMIT} replies: pick a shorter period or one batch to see the rest. "
                   "The trends and the precision below count them all.")
    if error := st.session_state.pop("history_error", None):
        st.error(ui.md_escape(error))
    skipped_rows(batch_id, store)
    if not replies:
        st.warning("No stored reply matches these filters.")
    else:
        checked, findings = view.frames(replies)
        summary(checked)
        charts(checked, findings)
        st.subheader("Replies")
        table = filtered(checked, findings)
        open_a_reply(store, table, reply_table(table))
        best_replies(checked, {s.id: s for s in replies})
    trends(store, filters)
    precision(store, filters, replies)
    if replies:
        export(replies, st.session_state.get("load_problems", {}).get(batch_id, []) if batch_id else [])


def review_page() -> None:
    st.title("Review sent replies")
    st.caption(
        "Upload a sample of sent replies: CSV or JSONL (column `reply` required; `customer`, `source`, "
        "`agent`, `id`, `sent_at` optional), an mbox, or .eml files. Every checked reply is kept in "
        "the history below."
    )
    try:
        store = history_store(default_url())
    except ReplycheckError as error:  # HistoryError, or a bad REPLYCHECK_HISTORY_* setting
        st.error(ui.md_escape(f"The history cannot be opened: {error}"))
        return
    new_batch(store)
    runs_section()
    history(store)


review_page()
