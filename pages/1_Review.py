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
import time
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from replycheck import batch, ui
from replycheck.formats.html import CATEGORY_COLOURS, VERDICT_COLOURS, highlight_html, legend_html
from replycheck.model import CATEGORIES

st.set_page_config(page_title="replycheck · review", layout="wide")
st.title("Review sent replies")
st.caption(
    "Upload a sample of sent replies: CSV or JSONL (column `reply` required; `customer`, `source`, "
    "`agent`, `id`, `sent_at` optional), an mbox, or .eml files."
)

FIELDS = ("reply", "customer", "source", "agent", "id", "sent_at")
NONE = "(none)"


def _columns(name: str, data: bytes) -> list[str]:
    """The column names of an uploaded CSV or JSONL file (empty for mail formats)."""
    text = data.decode("utf-8-sig", errors="replace")
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".csv", ".tsv"):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            return next(csv.reader(io.StringIO(text), dialect), [])
        if suffix in (".jsonl", ".ndjson", ".json"):
            keys: list[str] = []
            for line in text.splitlines()[:50]:
                if line.strip():
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(item, dict):
                        keys += [k for k in item if k not in keys]
            return keys
    except (csv.Error, StopIteration):
        return []
    return []


def _value(row, name: str):
    value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
    return "" if value is None else value


def frames(results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per reply, one row per finding (both with agent and language pair)."""
    replies, findings = [], []
    for index, result in enumerate(results):
        row, report = result.row, result.report
        base = {
            "row": index + 1,
            "id": str(_value(row, "id") or index + 1),
            "agent": str(_value(row, "agent") or "(no agent)"),
            "sent_at": str(_value(row, "sent_at")),
        }
        if report is None:
            replies.append({**base, "verdict": "skipped", "score": None, "customer_language": "", "reply_language": "",
                            "language_pair": "", "categories": "", "findings": 0, "error": str(result.error or "")})
            continue
        customer = report.customer_language.code if report.customer_language else "—"
        pair = f"{customer} → {report.reply_language.code}"
        shown = [f for f in report.findings if f.severity != "info"]
        replies.append({
            **base,
            "verdict": report.verdict,
            "score": report.score,
            "customer_language": customer,
            "reply_language": report.reply_language.code,
            "language_pair": pair,
            "categories": ", ".join(sorted({f.category for f in shown})),
            "findings": len(shown),
            "error": "",
        })
        for f in report.findings:
            findings.append({**base, "category": f.category, "code": f.code, "severity": f.severity, "language_pair": pair})
    replies_df = pd.DataFrame(replies)
    findings_df = pd.DataFrame(findings, columns=["row", "id", "agent", "sent_at", "category", "code", "severity", "language_pair"])
    return replies_df, findings_df


def run(paths: list[Path], mapping: dict | None, workers: int, glossary: str | None):
    """Load the rows and check them, updating a progress bar from this (the page's) thread."""
    rows, problems = batch.load_rows([str(p) for p in paths], mapping=mapping)
    if not rows:
        return [], problems
    checker = ui.cached_checker()
    engine = checker.languagetool()
    if engine is not None and hasattr(engine, "start_async"):
        engine.start_async()
        with st.spinner("Starting LanguageTool for grammar and spelling…"):
            engine.wait(timeout=180)
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


# -- upload and mapping ------------------------------------------------------------------------
uploads = st.file_uploader(
    "Replies to review",
    type=["csv", "tsv", "jsonl", "ndjson", "json", "mbox", "eml"],
    accept_multiple_files=True,
    key="uploads",
)
columns: list[str] = []
for upload in uploads or []:
    columns += [c for c in _columns(upload.name, upload.getvalue()) if c not in columns]

mapping: dict[str, str] = {}
if columns:
    with st.expander("Column mapping", expanded="reply" not in columns):
        st.caption("Which column holds what. `reply` is required; the rest are optional.")
        cols = st.columns(len(FIELDS))
        for field, col in zip(FIELDS, cols):
            options = [NONE, *columns]
            default = options.index(field) if field in columns else 0
            choice = col.selectbox(field, options, index=default, key=f"map-{field}")
            if choice != NONE and choice != field:
                mapping[field] = choice
    if "reply" not in columns and "reply" not in mapping:
        st.warning("Choose the column that holds the reply text.")

glossaries = [p.name for p in ui.list_glossaries()]
g_col, w_col = st.columns(2)
glossary_choice = g_col.selectbox(
    "Glossary", glossaries or ["(none)"], key="review_glossary",
    index=glossaries.index("default.yaml") if "default.yaml" in glossaries else 0,
)
glossary = str(ui.glossary_dir() / glossary_choice) if glossaries else None
workers = w_col.slider("Parallel workers", 1, 8, 1, help="More workers check faster on a multi-core machine")
if st.button("Run review", type="primary", disabled=not uploads, key="run_review"):
    with tempfile.TemporaryDirectory(prefix="replycheck-review-") as tmp:
        paths = []
        for number, upload in enumerate(uploads):
            path = Path(tmp) / f"{number:03d}-{Path(upload.name).name}"
            path.write_bytes(upload.getvalue())
            paths.append(path)
        try:
            results, problems = run(paths, mapping or None, workers, glossary)
        except Exception as error:  # noqa: BLE001  (a broken file must not crash the page)
            st.error(f"The review could not run: {error}")
            results, problems = [], []
    st.session_state.review = {"results": results, "problems": list(problems)}

review = st.session_state.get("review")
if not review:
    st.stop()

results = review["results"]
problems = review["problems"]
skipped = [r for r in results if r.report is None]
if problems or skipped:
    with st.expander(f"Skipped: {len(problems) + len(skipped)} of {len(problems) + len(results)} rows could not be read or checked", expanded=False):
        for problem in problems:
            st.markdown(f"- {ui.md_escape(problem.where)}: {ui.md_escape(problem.message)}")
        for index, result in enumerate(results):
            if result.report is None:
                st.markdown(f"- row {index + 1} ({ui.md_escape(str(_value(result.row, 'id') or 'no id'))}): {ui.md_escape(str(result.error))}")
if not any(r.report is not None for r in results):
    st.warning("No reply could be checked.")
    st.stop()

replies, findings = frames(results)
checked = replies[replies["verdict"] != "skipped"]
a, b, c, d = st.columns(4)
a.metric("Replies checked", len(checked))
b.metric("Mean score", f"{checked['score'].mean():.0f}")
c.metric("Need review", int((checked["verdict"] == "review").sum()))
d.metric("Blocked", int((checked["verdict"] == "block").sum()))

# -- charts ------------------------------------------------------------------------------------
st.subheader("Charts")
category_scale = alt.Scale(domain=list(CATEGORY_COLOURS), range=list(CATEGORY_COLOURS.values()))
verdict_scale = alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values()))
shown = findings[findings["severity"] != "info"]
left, right = st.columns(2)
with left:
    st.markdown("**Findings per category**")
    if shown.empty:
        st.write("No warnings or errors.")
    else:
        st.altair_chart(
            alt.Chart(shown).mark_bar().encode(
                x=alt.X("count():Q", title="findings", axis=alt.Axis(format="d", tickMinStep=1)),
                y=alt.Y("category:N", sort="-x", title=None),
                color=alt.Color("category:N", scale=category_scale, legend=None),
                tooltip=["category", "count()"],
            ),
            width="stretch",
        )
    st.markdown("**Replies per language pair** (customer → reply)")
    st.altair_chart(
        alt.Chart(checked).mark_bar().encode(
            x=alt.X("count():Q", title="replies", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("language_pair:N", sort="-x", title=None),
            color=alt.Color("verdict:N", scale=verdict_scale),
            tooltip=["language_pair", "verdict", "count()"],
        ),
        width="stretch",
    )
with right:
    st.markdown("**Findings per agent**")
    if shown.empty:
        st.write("No warnings or errors.")
    else:
        st.altair_chart(
            alt.Chart(shown).mark_bar().encode(
                x=alt.X("count():Q", title="findings", axis=alt.Axis(format="d", tickMinStep=1)),
                y=alt.Y("agent:N", sort="-x", title=None),
                color=alt.Color("category:N", scale=category_scale),
                tooltip=["agent", "category", "count()"],
            ),
            width="stretch",
        )
    st.markdown("**Score distribution**")
    st.altair_chart(
        alt.Chart(checked).mark_bar().encode(
            x=alt.X("score:Q", bin=alt.Bin(step=10, extent=[0, 110]), title="score"),
            y=alt.Y("count():Q", title="replies", axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=["count()"],
        ),
        width="stretch",
    )

# -- table -------------------------------------------------------------------------------------
st.subheader("Replies")
f1, f2, f3 = st.columns(3)
pick_categories = f1.multiselect("Category", [c for c in CATEGORIES if c in set(shown["category"])], key="filter_category")
pick_agents = f2.multiselect("Agent", sorted(set(checked["agent"])), key="filter_agent")
pick_languages = f3.multiselect(
    "Language", sorted({x for x in set(checked["customer_language"]) | set(checked["reply_language"]) if x and x != "—"}),
    key="filter_language",
)
table = checked.copy()
if pick_categories:
    rows_with = set(shown[shown["category"].isin(pick_categories)]["row"])
    table = table[table["row"].isin(rows_with)]
if pick_agents:
    table = table[table["agent"].isin(pick_agents)]
if pick_languages:
    table = table[table["customer_language"].isin(pick_languages) | table["reply_language"].isin(pick_languages)]
table = table.sort_values(["score", "row"]).reset_index(drop=True)
columns_shown = ["row", "id", "agent", "sent_at", "verdict", "score", "language_pair", "categories", "findings"]
event = st.dataframe(
    table[columns_shown],
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="replies_table",
    column_config={"score": st.column_config.ProgressColumn("score", min_value=0, max_value=100, format="%d")},
)
selected_rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
choices = list(table["row"])
if choices:
    default_row = int(table.iloc[selected_rows[0]]["row"]) if selected_rows else choices[0]
    labels = {int(r["row"]): f"row {r['row']} · {r['id']} · {r['agent']} · score {r['score']}" for _, r in table.iterrows()}
    opened = st.selectbox(
        "Open a reply (or select a row in the table)", choices, index=choices.index(default_row),
        format_func=lambda r: labels.get(int(r), str(r)), key=f"open-{default_row}",
    )
    result = results[int(opened) - 1]
    report = result.report
    st.markdown(
        f"**{report.verdict}** · score {report.score} · "
        f"{ui.language_label(report.customer_language)} → {ui.language_label(report.reply_language)}"
    )
    st.html(legend_html(sorted({f.category for f in report.findings}) or CATEGORIES))
    st.html(highlight_html(report))
    for f in report.findings:
        st.markdown(f"- `{f.category}` · `{f.code}` · {f.severity}: {ui.md_escape(f.message)}"
                    + (f" → {ui.md_escape(' | '.join(s or '(delete)' for s in f.suggestions))}" if f.suggestions else ""))
else:
    st.write("No replies match these filters.")

# -- best replies --------------------------------------------------------------------------------
st.subheader("Best replies per agent")
st.caption("The highest-scoring replies of each agent: worth celebrating.")
best = checked.sort_values(["agent", "score", "row"], ascending=[True, False, True]).groupby("agent").head(3)
for agent, group in best.groupby("agent", sort=True):
    with st.expander(f"{agent}: best score {int(group['score'].max())}"):
        for _, item in group.iterrows():
            report = results[int(item["row"]) - 1].report
            st.markdown(f"**{ui.md_escape(str(item['id']))}** · score {report.score} · {report.verdict}")
            st.html(highlight_html(report))

# -- export ----------------------------------------------------------------------------------------
st.subheader("Export")


def _export(results, problems, suffix: str) -> bytes:
    """The batch module's own export (the CLI writes the same files), as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"results{suffix}"
        batch.write_results(results, path, problems)
        return path.read_bytes()


e1, e2 = st.columns(2)
e1.download_button("Download CSV", _export(results, problems, ".csv"), file_name="replycheck-results.csv", mime="text/csv")
e2.download_button(
    "Download HTML report", _export(results, problems, ".html"),
    file_name="replycheck-report.html", mime="text/html",
)
