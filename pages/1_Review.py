"""replycheck for team leads: review a sample of sent replies.

Upload CSV, JSONL, mbox or .eml files, map the columns, run the batch with a progress bar,
then explore the charts and the table, open any reply highlighted, celebrate the best replies
per agent and export the results as CSV or a self-contained HTML report. Rows that cannot be
read or checked are reported and skipped; they never stop the batch.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import threading
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from replycheck import batch, ui
from replycheck.formats.html import CATEGORY_COLOURS, VERDICT_COLOURS, finding_card, highlight_html, legend_html
from replycheck.model import CATEGORIES

st.set_page_config(page_title="replycheck · review", layout="wide")

FIELDS = ("reply", "customer", "source", "agent", "id", "sent_at")
NONE = "(none)"


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


def _value(row, name: str):
    value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
    return "" if value is None else value


# -- the results as tables ---------------------------------------------------------------------------
def _reply_row(base: dict, result) -> dict:
    """One reply's row: verdict, score, languages, categories and count of warnings and errors."""
    report = result.report
    if report is None:
        return {**base, "verdict": "skipped", "score": None, "customer_language": "", "reply_language": "",
                "language_pair": "", "categories": "", "findings": 0, "error": str(result.error or "")}
    customer = report.customer_language.code if report.customer_language else "—"
    shown = [f for f in report.findings if f.severity != "info"]
    return {
        **base,
        "verdict": report.verdict,
        "score": report.score,
        "customer_language": customer,
        "reply_language": report.reply_language.code,
        "language_pair": f"{customer} → {report.reply_language.code}",
        "categories": ", ".join(sorted({f.category for f in shown})),
        "findings": len(shown),
        "error": "",
    }


FINDING_COLUMNS = ["row", "id", "agent", "sent_at", "category", "code", "severity", "language_pair"]


def frames(results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per reply, one row per finding (both with agent and language pair)."""
    replies, findings = [], []
    for index, result in enumerate(results):
        row = result.row
        base = {
            "row": index + 1,
            "id": str(_value(row, "id") or index + 1),
            "agent": str(_value(row, "agent") or "(no agent)"),
            "sent_at": str(_value(row, "sent_at")),
        }
        reply = _reply_row(base, result)
        replies.append(reply)
        for f in result.report.findings if result.report else ():
            findings.append({**base, "category": f.category, "code": f.code, "severity": f.severity,
                             "language_pair": reply["language_pair"]})
    return pd.DataFrame(replies), pd.DataFrame(findings, columns=FINDING_COLUMNS)


# -- running the batch -----------------------------------------------------------------------------
def _start_languagetool(checker) -> None:
    engine = checker.languagetool()
    if engine is not None and hasattr(engine, "start_async"):
        engine.start_async()
        with st.spinner("Starting LanguageTool for grammar and spelling…"):
            engine.wait(timeout=180)


def run(sources: list[batch.Upload], mapping: dict | None, workers: int, glossary: str | None):
    """Load the rows and check them, updating a progress bar from this (the page's) thread."""
    rows, problems = batch.load_rows(sources, mapping=mapping)
    if not rows:
        return [], problems
    checker = ui.cached_checker()
    _start_languagetool(checker)
    progress = st.progress(0.0, text=f"Checking 0 of {len(rows)} replies…")
    state = {"done": 0, "total": len(rows), "results": None, "error": None}

    def on_progress(done, total):
        state["done"], state["total"] = done, total

    def work():
        try:
            state["results"] = batch.run_batch(rows, checker, workers=workers, progress=on_progress, glossary=glossary)
        except Exception as error:  # noqa: BLE001  (shown on the page)
            state["error"] = error

    thread = threading.Thread(target=work, name="replycheck-batch", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.2)
        total = max(1, state["total"])
        progress.progress(min(1.0, state["done"] / total), text=f"Checking {state['done']} of {total} replies…")
    progress.progress(1.0, text=f"Checked {state['total']} replies.")
    if state["error"] is not None:
        raise state["error"]
    return state["results"], problems


# -- upload, mapping, run ----------------------------------------------------------------------------
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


def review_options() -> tuple[str | None, int]:
    """The glossary (a path or ``None``) and the number of parallel workers."""
    glossaries = [p.name for p in ui.list_glossaries()]
    g_col, w_col = st.columns(2)
    choice = g_col.selectbox(
        "Glossary", glossaries or ["(none)"], key="review_glossary",
        index=glossaries.index("default.yaml") if "default.yaml" in glossaries else 0,
    )
    workers = w_col.slider("Parallel workers", 1, 8, 1, help="More workers check faster on a multi-core machine")
    return (str(ui.glossary_dir() / choice) if glossaries else None), workers


def run_review(uploads, mapping: dict[str, str], workers: int, glossary: str | None) -> None:
    """Check the uploads (named as the user named them), keep the results in the session."""
    sources = [batch.Upload(upload.name, upload.getvalue()) for upload in uploads]
    try:
        results, problems = run(sources, mapping or None, workers, glossary)
    except Exception as error:  # noqa: BLE001  (a broken file must not crash the page)
        st.error(ui.md_escape(f"The review could not run: {error}"))
        results, problems = [], []
    st.session_state.review = {"results": results, "problems": list(problems)}


# -- what the review found ----------------------------------------------------------------------------
def skipped_rows(results, problems) -> None:
    """The rows that could not be read or checked, and why."""
    skipped = [r for r in results if r.report is None]
    if not (problems or skipped):
        return
    label = f"Skipped: {len(problems) + len(skipped)} of {len(problems) + len(results)} rows could not be read or checked"
    with st.expander(label, expanded=False):
        for problem in problems:
            st.markdown(f"- {ui.md_escape(problem.where)}: {ui.md_escape(problem.message)}")
        for index, result in enumerate(results):
            if result.report is None:
                row_id = ui.md_escape(str(_value(result.row, "id") or "no id"))
                st.markdown(f"- row {index + 1} ({row_id}): {ui.md_escape(str(result.error))}")


def summary(checked: pd.DataFrame) -> None:
    """How many replies were checked, their mean score, how many need review or are blocked."""
    a, b, c, d = st.columns(4)
    a.metric("Replies checked", len(checked))
    b.metric("Mean score", f"{checked['score'].mean():.0f}")
    c.metric("Need review", int((checked["verdict"] == "review").sum()))
    d.metric("Blocked", int((checked["verdict"] == "block").sum()))


_COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
CATEGORY_SCALE = alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values()))
VERDICT_SCALE = alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values()))


def count_chart(data: pd.DataFrame, by: str, title: str, colour: alt.Color, tooltip: list[str]) -> None:
    """A horizontal bar per value of ``by``, longest first."""
    st.altair_chart(
        alt.Chart(data).mark_bar().encode(
            x=alt.X("count():Q", title=title, axis=_COUNT_AXIS),
            y=alt.Y(f"{by}:N", sort="-x", title=None),
            color=colour,
            tooltip=tooltip,
        ),
        width="stretch",
    )


def findings_chart(shown: pd.DataFrame, heading: str, by: str, legend: bool) -> None:
    """Warnings and errors counted by ``by`` (category or agent), coloured by category."""
    st.markdown(heading)
    if shown.empty:
        st.write("No warnings or errors.")
        return
    colour = alt.Color("category:N", scale=CATEGORY_SCALE, **({} if legend else {"legend": None}))
    count_chart(shown, by, "findings", colour, [by, "category", "count()"] if legend else [by, "count()"])


def score_chart(checked: pd.DataFrame) -> None:
    """How the scores are spread, in bins of ten."""
    st.markdown("**Score distribution**")
    st.altair_chart(
        alt.Chart(checked).mark_bar().encode(
            x=alt.X("score:Q", bin=alt.Bin(step=10, extent=[0, 110]), title="score"),
            y=alt.Y("count():Q", title="replies", axis=_COUNT_AXIS),
            tooltip=["count()"],
        ),
        width="stretch",
    )


def charts(checked: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Findings per category and per agent, replies per language pair, the score distribution."""
    st.subheader("Charts")
    left, right = st.columns(2)
    with left:
        findings_chart(shown, "**Findings per category**", "category", legend=False)
        st.markdown("**Replies per language pair** (customer → reply)")
        count_chart(checked, "language_pair", "replies", alt.Color("verdict:N", scale=VERDICT_SCALE),
                    ["language_pair", "verdict", "count()"])
    with right:
        findings_chart(shown, "**Findings per agent**", "agent", legend=True)
        score_chart(checked)


def filtered(checked: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The replies that pass the category, agent and language filters, lowest score first."""
    f1, f2, f3 = st.columns(3)
    categories = f1.multiselect("Category", [c for c in CATEGORIES if c in set(shown["category"])], key="filter_category")
    agents = f2.multiselect("Agent", sorted(set(checked["agent"])), key="filter_agent")
    codes = set(checked["customer_language"]) | set(checked["reply_language"])
    languages = f3.multiselect("Language", sorted(x for x in codes if x and x != "—"), key="filter_language")
    table = checked
    if categories:
        table = table[table["row"].isin(set(shown[shown["category"].isin(categories)]["row"]))]
    if agents:
        table = table[table["agent"].isin(agents)]
    if languages:
        table = table[table["customer_language"].isin(languages) | table["reply_language"].isin(languages)]
    return table.sort_values(["score", "row"]).reset_index(drop=True)


TABLE_COLUMNS = ["row", "id", "agent", "sent_at", "verdict", "score", "language_pair", "categories", "findings"]


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


def opened_reply(report) -> None:
    """One reply highlighted, with a card per finding (the same cards as the agent page)."""
    st.markdown(
        f"**{report.verdict}** · score {report.score} · "
        f"{ui.language_label(report.customer_language)} → {ui.language_label(report.reply_language)}"
    )
    st.html(legend_html(sorted({f.category for f in report.findings}) or CATEGORIES))
    st.html(highlight_html(report))
    for finding in report.findings:
        st.html(finding_card(finding, report.reply))


def open_a_reply(table: pd.DataFrame, selected: list[int], results) -> None:
    """Pick a reply (from the table's selection or the box) and show it."""
    choices = list(table["row"])
    if not choices:
        st.write("No replies match these filters.")
        return
    default_row = int(table.iloc[selected[0]]["row"]) if selected else choices[0]
    labels = {int(r["row"]): f"row {r['row']} · {r['id']} · {r['agent']} · score {r['score']}" for _, r in table.iterrows()}
    opened = st.selectbox(
        "Open a reply (or select a row in the table)", choices, index=choices.index(default_row),
        format_func=lambda r: labels.get(int(r), str(r)), key=f"open-{default_row}",
    )
    opened_reply(results[int(opened) - 1].report)


def best_replies(checked: pd.DataFrame, results) -> None:
    """The three highest-scoring replies of each agent."""
    st.subheader("Best replies per agent")
    st.caption("The highest-scoring replies of each agent: worth celebrating.")
    best = checked.sort_values(["agent", "score", "row"], ascending=[True, False, True]).groupby("agent").head(3)
    for agent, group in best.groupby("agent", sort=True):
        with st.expander(f"{ui.md_escape(str(agent))}: best score {int(group['score'].max())}"):
            for _, item in group.iterrows():
                report = results[int(item["row"]) - 1].report
                st.markdown(f"**{ui.md_escape(str(item['id']))}** · score {report.score} · {report.verdict}")
                st.html(highlight_html(report))


def _export(results, problems, suffix: str) -> bytes:
    """The batch module's own export (the CLI writes the same files), as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"results{suffix}"
        batch.write_results(results, path, problems)
        return path.read_bytes()


def export(results, problems) -> None:
    """Download the results as CSV or as the self-contained HTML report."""
    st.subheader("Export")
    e1, e2 = st.columns(2)
    e1.download_button("Download CSV", _export(results, problems, ".csv"), file_name="replycheck-results.csv", mime="text/csv")
    e2.download_button(
        "Download HTML report", _export(results, problems, ".html"),
        file_name="replycheck-report.html", mime="text/html",
    )


def review_results(results, problems) -> None:
    """Everything the review found: skipped rows, summary, charts, table, best replies, export."""
    skipped_rows(results, problems)
    if not any(r.report is not None for r in results):
        st.warning("No reply could be checked.")
        return
    replies, findings = frames(results)
    checked = replies[replies["verdict"] != "skipped"]
    shown = findings[findings["severity"] != "info"]
    summary(checked)
    charts(checked, shown)
    st.subheader("Replies")
    table = filtered(checked, shown)
    selected = reply_table(table)
    open_a_reply(table, selected, results)
    best_replies(checked, results)
    export(results, problems)


def review_page() -> None:
    """Upload, map the columns, run; then the results of the last run."""
    st.title("Review sent replies")
    st.caption(
        "Upload a sample of sent replies: CSV or JSONL (column `reply` required; `customer`, `source`, "
        "`agent`, `id`, `sent_at` optional), an mbox, or .eml files."
    )
    uploads, columns = uploads_and_columns()
    mapping = column_mapping(columns)
    glossary, workers = review_options()
    if st.button("Run review", type="primary", disabled=not uploads, key="run_review"):
        run_review(uploads, mapping, workers, glossary)
    review = st.session_state.get("review")
    if review:
        review_results(review["results"], review["problems"])


review_page()
