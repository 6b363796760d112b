"""HTML: the reply with every finding highlighted, and a self-contained batch report.

``highlight_html(report)`` marks each finding's ``[start, end)`` span in the reply with the
colour of its category; hovering a mark shows the finding's code, message and suggestions
(the ``title`` attribute, so it works in any browser without scripts). Overlapping findings
share a mark; a zero-width finding (something missing at a point) shows as a small caret.
All styles are inline, so the fragment renders the same inside Streamlit, an e-mail or a
saved file.

``finding_card(finding, reply)`` renders one finding (category, severity, code, the quoted
text, message, suggestions) as a card: the agent page, the review page and the batch report
all use it. Every piece of text from outside (reply, message, suggestion, glossary note) is
escaped; nothing here emits a script, an event attribute or a link.

``batch_report_html(results)`` renders a whole batch (``replycheck.batch`` results) as one
HTML file with no external resources: a summary, findings per category and per agent, and
every reply highlighted.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Iterable

from replycheck.model import CATEGORIES, SEVERITY_RANK, Finding, Report

# One colour per category (background of the highlight; readable with black text).
CATEGORY_COLOURS: dict[str, str] = {
    "language": "#f4a6a6",
    "grammar": "#a8d5ff",
    "spelling": "#ffd59e",
    "translation": "#d7b8f3",
    "contradiction": "#ff9ecf",
    "terminology": "#b5e8b0",
    "tone": "#ffe98a",
    "hygiene": "#c9c9c9",
}
VERDICT_COLOURS = {"ok": "#1e7b34", "review": "#9a6700", "block": "#b42318"}
_FALLBACK = "#dddddd"


def category_colour(category: str) -> str:
    """The highlight colour of ``category``."""
    return CATEGORY_COLOURS.get(category, _FALLBACK)


def finding_tooltip(finding: Finding) -> str:
    """Plain text shown on hover: code, severity, message and suggestions."""
    lines = [f"{finding.code} ({finding.severity})", finding.message]
    if finding.suggestions:
        lines.append("Suggestions: " + " | ".join(s if s else "(delete)" for s in finding.suggestions))
    return "\n".join(lines)


def _strongest(findings: list[Finding]) -> Finding:
    return max(findings, key=lambda f: (SEVERITY_RANK[f.severity], -(f.end - f.start)))


def _mark(text: str, findings: list[Finding]) -> str:
    main = _strongest(findings)
    colour = category_colour(main.category)
    border = "2px solid #b42318" if main.severity == "error" else "1px solid rgba(0,0,0,.25)"
    categories = " ".join(sorted({f.category for f in findings}))
    codes = " ".join(sorted({f.code for f in findings}))
    title = "\n\n".join(finding_tooltip(f) for f in findings)
    return (
        f'<mark class="rc-finding" data-category="{html.escape(categories)}" '
        f'data-code="{html.escape(codes)}" title="{html.escape(title)}" '
        f'style="background:{colour};border-bottom:{border};border-radius:3px;padding:0 1px;color:#111">'
        f"{html.escape(text)}</mark>"
    )


def _caret(findings: list[Finding]) -> str:
    main = _strongest(findings)
    title = "\n\n".join(finding_tooltip(f) for f in findings)
    return (
        f'<mark class="rc-finding rc-point" data-category="{html.escape(main.category)}" '
        f'data-code="{html.escape(" ".join(sorted({f.code for f in findings})))}" title="{html.escape(title)}" '
        f'style="background:{category_colour(main.category)};border-radius:3px;padding:0 2px;color:#111">'
        "&#8248;</mark>"
    )


def highlight_fragment(reply: str, findings: Iterable[Finding]) -> str:
    """``reply`` as escaped HTML with each finding's span wrapped in a coloured ``<mark>``."""
    spans = [f for f in findings if 0 <= f.start <= f.end <= len(reply)]
    points: dict[int, list[Finding]] = {}
    bounds = {0, len(reply)}
    for f in spans:
        if f.start == f.end:
            points.setdefault(f.start, []).append(f)
        else:
            bounds.update((f.start, f.end))
    ordered = sorted(bounds)
    out: list[str] = []
    for i, left in enumerate(ordered):
        if left in points:
            out.append(_caret(points[left]))
        if i + 1 == len(ordered):
            break
        right = ordered[i + 1]
        piece = reply[left:right]
        covering = [f for f in spans if f.start <= left and right <= f.end and f.start < f.end]
        out.append(_mark(piece, covering) if covering else html.escape(piece))
    return "".join(out)


def highlight_html(report: Report) -> str:
    """The reply of ``report`` with every finding highlighted, as a self-styled ``<div>``."""
    body = highlight_fragment(report.reply, report.findings)
    return (
        '<div class="rc-reply" style="white-space:pre-wrap;font-family:system-ui,sans-serif;'
        "line-height:1.6;padding:.75rem 1rem;border:1px solid #ddd;border-radius:6px;"
        f'background:#fff;color:#111">{body}</div>'
    )


def category_chip(category: str) -> str:
    """The category's name on its colour, exactly as the API spells it."""
    return (
        f'<span class="rc-chip" style="background:{category_colour(category)};border-radius:3px;'
        f'padding:0 .4rem;margin-right:.3rem;color:#111">{html.escape(category)}</span>'
    )


def legend_html(categories: Iterable[str] = CATEGORIES) -> str:
    """A row of coloured chips naming each category exactly as the API spells it."""
    chips = "".join(category_chip(c) for c in categories)
    return f'<div class="rc-legend" style="font-family:system-ui,sans-serif;font-size:.85rem">{chips}</div>'


def category_heading(category: str, count: int) -> str:
    """The chip of ``category`` and how many findings it has, above that category's cards."""
    return (
        f'<div class="rc-category" data-category="{html.escape(category)}" '
        f'style="font-family:system-ui,sans-serif;font-weight:600;margin-top:.6rem">'
        f"{category_chip(category)} {count}</div>"
    )


# -- finding cards -----------------------------------------------------------------------------
_QUOTE_LIMIT = 120


def quoted_span(finding: Finding, reply: str, limit: int = _QUOTE_LIMIT) -> str:
    """The reply's text under the finding (cut to ``limit`` with an ellipsis); ``""`` if blank."""
    quoted = reply[finding.start:finding.end] if 0 <= finding.start <= finding.end <= len(reply) else ""
    if not quoted.strip():
        return ""
    return quoted[:limit] + ("…" if len(quoted) > limit else "")


def _card_head(finding: Finding, reply: str) -> str:
    quoted = quoted_span(finding, reply)
    return (
        f'<div class="rc-card-head">{category_chip(finding.category)}'
        f'<strong class="rc-severity">{html.escape(finding.severity)}</strong> · '
        f'<code class="rc-code">{html.escape(finding.code)}</code>'
        + (f' · <q class="rc-quote">{html.escape(quoted)}</q>' if quoted else "")
        + "</div>"
    )


def _card_suggestions(finding: Finding) -> str:
    if not finding.suggestions:
        return ""
    listed = " | ".join(s or "(delete)" for s in finding.suggestions)
    return f'<div class="rc-suggestions"><em>→ {html.escape(listed)}</em></div>'


def finding_card(finding: Finding, reply: str, *, suggestions: bool = True) -> str:
    """One finding as an escaped HTML card; ``suggestions=False`` where buttons offer them."""
    border = "#b42318" if finding.severity == "error" else "#ddd"
    return (
        f'<div class="rc-card" data-code="{html.escape(finding.code)}" '
        f'style="font-family:system-ui,sans-serif;line-height:1.5;padding:.5rem .75rem;margin:.35rem 0;'
        f'border:1px solid {border};border-radius:6px;background:#fff;color:#111">'
        f"{_card_head(finding, reply)}"
        f'<div class="rc-message">{html.escape(finding.message)}</div>'
        + (_card_suggestions(finding) if suggestions else "")
        + "</div>"
    )


def finding_cards(report: Report) -> str:
    """Every finding of ``report`` as a card, in report order (``<p>No findings.</p>`` if none)."""
    if not report.findings:
        return "<p>No findings.</p>"
    return "".join(finding_card(f, report.reply) for f in report.findings)


# -- batch report ----------------------------------------------------------------------------
def _row_value(row, name: str, default=""):
    if row is None:
        return default
    if isinstance(row, dict):
        value = row.get(name, default)
    else:
        value = getattr(row, name, default)
    return default if value is None else value


def _bar_table(title: str, counts: Counter, colour_of=None) -> str:
    if not counts:
        return f"<h2>{html.escape(title)}</h2><p>None.</p>"
    top = max(counts.values())
    rows = []
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        width = max(2, round(300 * count / top))
        colour = colour_of(name) if colour_of else "#4c78a8"
        rows.append(
            f"<tr><td>{html.escape(str(name))}</td><td>"
            f'<span style="display:inline-block;width:{width}px;height:.8em;background:{colour}"></span> '
            f"{count}</td></tr>"
        )
    return f"<h2>{html.escape(title)}</h2><table class=\"bars\">{''.join(rows)}</table>"


def _language_pair(report: Report) -> str:
    customer = report.customer_language.code if report.customer_language else "—"
    return f"{customer} → {report.reply_language.code}"


def _reply_section(index: int, result) -> str:
    """One checked row: id, agent, verdict, score and language pair, the highlighted reply, the cards."""
    report = result.report
    row_id = _row_value(result.row, "id") or f"row {index + 1}"
    agent = _row_value(result.row, "agent")
    return (
        f'<section class="reply verdict-{html.escape(report.verdict)}">'
        f"<h3>{html.escape(str(row_id))}"
        + (f" · {html.escape(str(agent))}" if agent else "")
        + f' · <span style="color:{VERDICT_COLOURS[report.verdict]}">{html.escape(report.verdict)}</span>'
        f" · score {report.score} · {html.escape(_language_pair(report))}</h3>"
        f"{highlight_html(report)}{finding_cards(report)}</section>"
    )


def _skipped_rows(failed) -> str:
    """The rows that could not be read or checked, with why (empty when there are none)."""
    if not failed:
        return ""
    items = "".join(
        f"<li>{html.escape(str(_row_value(r.row, 'id') or '(row)'))}: {html.escape(str(r.error))}</li>"
        for r in failed
    )
    return f"<h2>Skipped rows</h2><ul>{items}</ul>"


def _summary(results, checked, failed, generated: str | None) -> str:
    verdicts = Counter(r.report.verdict for r in checked)
    mean = round(sum(r.report.score for r in checked) / len(checked), 1) if checked else 0
    return (
        f"<p>{len(results)} rows: {len(checked)} checked, {len(failed)} skipped. "
        f"Verdicts: ok {verdicts['ok']}, review {verdicts['review']}, block {verdicts['block']}. "
        f"Mean score {mean}." + (f" Generated {html.escape(generated)}." if generated else "") + "</p>"
    )


def _charts(checked) -> str:
    """Findings per category and per agent (warnings and errors), replies per language pair."""
    per_category: Counter = Counter()
    per_agent: Counter = Counter()
    per_pair = Counter(_language_pair(r.report) for r in checked)
    for r in checked:
        for f in r.report.findings:
            if f.severity != "info":
                per_category[f.category] += 1
                per_agent[_row_value(r.row, "agent") or "(no agent)"] += 1
    return (
        _bar_table("Findings per category", per_category, category_colour)
        + _bar_table("Findings per agent", per_agent)
        + _bar_table("Replies per language pair (customer → reply)", per_pair)
    )


_REPORT_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "table.bars td{padding:.1rem .6rem}"
    "section.reply{margin:1.5rem 0;padding-top:.5rem;border-top:1px solid #eee}"
    "h3{font-size:1rem}"
)


def batch_report_html(results, title: str = "replycheck batch report", generated: str | None = None) -> str:
    """A complete, self-contained HTML document for a batch's results.

    The same results give the same bytes; pass ``generated`` (a date) to print it.

    ``results`` are ``BatchResult(row, report, error)`` items (``replycheck.batch``): rows that
    failed are listed with their error; the others with verdict, score and highlighted reply.
    """
    results = list(results)
    checked = [r for r in results if getattr(r, "report", None) is not None]
    failed = [r for r in results if getattr(r, "report", None) is None]
    ordered = sorted(checked, key=lambda r: (r.report.score, str(_row_value(r.row, "id"))))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>{_REPORT_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{_summary(results, checked, failed, generated)}{legend_html()}"
        + _charts(checked)
        + _skipped_rows(failed)
        + "<h2>Replies (lowest score first)</h2>"
        + "".join(_reply_section(index, r) for index, r in enumerate(ordered))
        + "</body></html>\n"
    )
