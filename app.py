"""replycheck for agents: paste the customer's message and your draft, press Check.

Run with ``streamlit run app.py``. The review page for team leads is ``views/review.py`` (not in
``pages/``, where Streamlit would list it a second time under its file name).
Widgets in, Checker out, renderers; no checking logic lives here.

The draft is edited where its findings are highlighted (``replycheck.components.editor``): a
click on a highlight opens its card with the message, why it matters, the offered fixes (each
re-checked first: ``replycheck.fixes``), Dismiss (this reply only), and "Add to team dictionary"
/ "Never flag this phrase", which write to the chosen team glossary after a confirmation.

Findings that do not need LanguageTool show at once; grammar and spelling join when the
LanguageTool server is ready (one status line per engine and language says where it is). Set
``REPLYCHECK_LANGUAGETOOL=off`` to run without LanguageTool.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from replycheck import ui
from replycheck.components.editor import EditorFinding, draft_editor, edited_draft, editor_event
from replycheck.engine_status import engine_status
from replycheck.engines.translation import PROVIDER_LABELS, PROVIDERS, TranslationError, TranslationSettings
from replycheck.errors import ReplycheckError
from replycheck.fixes import offered_fixes
from replycheck.formats.html import category_colour, category_heading, finding_card, legend_html
from replycheck.glossary_edit import add_to_dictionary, never_flag
from replycheck.model import CATEGORIES

st.set_page_config(page_title="replycheck", layout="wide")

# Streamlit forgets a widget's value when its page is not shown (a visit to the review page):
# a copy of the agent's texts and settings is kept under other keys and put back when the
# agent comes back to the page. Only then: writing a live widget's key makes Streamlit send
# that value to the browser, over text the agent may still be typing or pasting.
KEPT = ("customer", "source", "glossary_choice", "categories", "my_language",
        "translate_enabled", "translate_provider", "translate_url", "translate_key_libre",
        "translate_key_deepl", "translate_timeout", "keep_history", "history_text", "agent_name")
EDITOR = "draft_editor"  # the editor's key; the draft itself is st.session_state.reply


def restore_kept_values() -> None:
    """Put the kept texts and settings back into the agent page's widgets."""
    for key in KEPT:
        if f"kept_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"kept_{key}"]


for _key in ("customer", "reply", "source"):
    st.session_state.setdefault(_key, "")
st.session_state.setdefault("draft_version", 0)  # raised whenever the page changes the draft
st.session_state.setdefault("dismissed", set())  # ui.dismiss_key of findings hidden for this reply
_env = TranslationSettings.from_env()
ui.cached_checker()  # load the detector and warm it up while the agent types


# -- actions (run as widget callbacks, before the page is drawn) -----------------------------
def _options() -> dict:
    """The chosen glossary (a path or ``None``) and categories."""
    glossary = st.session_state.get("glossary_choice")
    return {
        "glossary": None if not glossary or glossary == "(none)" else str(ui.glossary_dir() / glossary),
        "categories": tuple(st.session_state.get("categories") or CATEGORIES),
    }


def start_full_check(checker, config, texts: tuple, glossary: str | None) -> None:
    """Start LanguageTool and the full check behind the page; the status fragment collects it."""
    engine = checker.languagetool(config)
    if engine is not None and hasattr(engine, "start_async"):
        engine.start_async()
    future = ui.cached_executor().submit(full_check, checker, texts, glossary, config)
    st.session_state.full_future = (future, texts[0])


def full_check(checker, texts: tuple, glossary: str | None, config):
    """The full report (with LanguageTool's findings), off the page."""
    return checker.check(*texts, glossary=glossary, config=config)


def start_fixes(report) -> None:
    """Work out which of the full report's fixes are safe, behind the page: its findings show at
    once, their fix buttons join when the re-checks (which ask LanguageTool too) are done."""
    texts, glossary, config = st.session_state.checked_with
    future = ui.cached_executor().submit(
        offered_fixes, ui.cached_checker(), report, customer=texts[1], source=texts[2], glossary=glossary, config=config
    )
    st.session_state.fixes_future = (future, report)


def sync_draft() -> None:
    """Take the editor's text as the draft, unless it was typed on a draft the page replaced since."""
    edited = edited_draft(st.session_state.get(EDITOR))
    if edited is not None and edited.version == st.session_state.draft_version:
        st.session_state.reply = edited.text


def set_draft(text: str) -> None:
    """The page changes the draft (a fix, an .eml): the editor shows the new text."""
    st.session_state.reply = ui.normalize_newlines(text)
    st.session_state.draft_version += 1


def run_check() -> None:
    """Check the current texts: fast findings now, LanguageTool's in the background."""
    sync_draft()
    checker = ui.cached_checker()
    options = _options()
    texts = (st.session_state.reply, st.session_state.customer or None, st.session_state.source or None)
    st.session_state.check_error = None
    st.session_state.full_future = None
    st.session_state.fixes_future = None
    st.session_state.lt_error = None
    if st.session_state.get("dismissed_for") != st.session_state.customer:
        st.session_state.dismissed = set()  # dismissals hold for one reply: a new customer message, a new reply
    try:
        config = checker.config.with_(categories=options["categories"])
        report = checker.check_fast(*texts, glossary=options["glossary"], config=config)
    except ReplycheckError as error:
        st.session_state.report = None
        st.session_state.check_error = str(error)
        return
    st.session_state.report = report
    st.session_state.checked_with = (texts, options["glossary"], config)
    if "languagetool" in report.pending:
        start_full_check(checker, config, texts, options["glossary"])
    else:
        keep_in_history(report)


def report_fixes(report) -> dict:
    """The fixes offered for ``report``'s findings (each re-checked: none leaves a new problem);
    none yet while the background re-checks of a full report are running."""
    cached = st.session_state.get("fixes")
    if cached is not None and cached[0] is report:
        return cached[1]
    pending = st.session_state.get("fixes_future")
    if pending is not None and pending[1] is report:
        if not pending[0].done():
            return {}
        st.session_state.fixes_future = None
        try:
            fixes = pending[0].result()
        except Exception:  # noqa: BLE001  (no fix offered is safe; the findings stand)
            fixes = {}
        st.session_state.fixes = (report, fixes)
        return fixes
    texts, glossary, config = st.session_state.get("checked_with") or ((report.reply, None, None), None, None)
    if texts[0] != report.reply:  # a report put in place without a check (tests): the page's texts
        texts = (report.reply, st.session_state.customer or None, st.session_state.source or None)
        glossary, config = _options()["glossary"], None
    try:
        fixes = offered_fixes(ui.cached_checker(), report, customer=texts[1], source=texts[2],
                              glossary=glossary, config=config)
    except ReplycheckError:
        fixes = {}
    st.session_state.fixes = (report, fixes)
    return fixes


def apply_fix(index: int, number: int) -> None:
    """Put fix ``number`` of finding ``index`` into the draft, then check again."""
    sync_draft()
    report = st.session_state.get("report")
    if report is None or st.session_state.reply != report.reply:
        return  # the draft changed since the check: its fixes no longer fit
    fixes = report_fixes(report).get(index, ())
    if number is None or not 0 <= number < len(fixes):
        return
    set_draft(fixes[number].text)
    run_check()


def dismiss(index: int) -> None:
    """Hide finding ``index`` for this reply (list, editor and verdict)."""
    report = st.session_state.get("report")
    if report is not None and 0 <= index < len(report.findings):
        st.session_state.dismissed = st.session_state.dismissed | {ui.dismiss_key(report, index)}
        st.session_state.dismissed_for = st.session_state.customer


def undismiss(key) -> None:
    """Show a dismissed finding again."""
    st.session_state.dismissed = st.session_state.dismissed - {key}


def ask_glossary(kind: str, index: int) -> None:
    """Ask (in a dialog) before "add to team dictionary" or "never flag this phrase" writes."""
    report = st.session_state.get("report")
    st.session_state.glossary_notice = None
    if report is None or not 0 <= index < len(report.findings):
        return
    finding = report.findings[index]
    span = report.reply[finding.start : finding.end].strip()
    phrase = ui.dictionary_word(report, finding) if kind == "add_word" else span
    glossary = _options()["glossary"]
    if not phrase:
        st.session_state.glossary_notice = ("error", "There is no word or phrase to add for this finding.")
    elif glossary is None:
        st.session_state.glossary_notice = ("error", "Choose a team glossary in the sidebar first.")
    else:
        language = report.reply_language.code if report.reply_language.is_known else None
        st.session_state.glossary_request = (kind, phrase, language, glossary)


def on_editor_event() -> None:
    """A button on a finding's card in the editor."""
    event = editor_event(st.session_state.get(EDITOR))
    if event is None:
        return
    if event.kind == "fix":
        apply_fix(event.finding, event.fix)
    elif event.kind == "dismiss":
        dismiss(event.finding)
    else:
        ask_glossary(event.kind, event.finding)


def write_glossary() -> None:
    """The dialog's "Add": write to the glossary file, then check again so the check honours it."""
    kind, phrase, language, glossary = st.session_state.glossary_request
    try:
        if kind == "add_word":
            add_to_dictionary(glossary, phrase, language)
        else:
            never_flag(glossary, phrase, language)
    except ReplycheckError as error:
        st.session_state.glossary_error = str(error)
        return
    st.session_state.glossary_request = None
    st.session_state.glossary_error = None
    done = "Added" if kind == "add_word" else "Will never flag"
    where = "the team dictionary in " if kind == "add_word" else ""
    st.session_state.glossary_notice = ("success", f"{done} “{phrase}” ({where}{Path(glossary).name}).")
    run_check()


def cancel_glossary() -> None:
    st.session_state.glossary_request = None
    st.session_state.glossary_error = None


@st.dialog("Team glossary", on_dismiss=cancel_glossary)
def confirm_glossary() -> None:
    """Add / Cancel before anything is written to the team's glossary file."""
    if not st.session_state.get("glossary_request"):  # written or cancelled: close, show the page
        st.rerun()
    kind, phrase, language, glossary = st.session_state.glossary_request
    st.write(ui.md_escape(ui.glossary_question(kind, phrase, Path(glossary).name, language)))
    st.caption(ui.md_escape(f"The file {glossary} is shared by the team; the next check honours it."))
    if st.session_state.get("glossary_error"):
        st.error(ui.md_escape(st.session_state.glossary_error))
    add, cancel = st.columns(2)
    add.button("Add", type="primary", on_click=write_glossary, key="glossary_add")
    cancel.button("Cancel", on_click=cancel_glossary, key="glossary_cancel")


def keep_in_history(report) -> None:
    """Save a finished check in the team history when the agent opted in; a failure only warns."""
    st.session_state.history_warning = None
    if not st.session_state.get("keep_history"):
        return
    try:
        from replycheck.history import open_store

        with open_store() as store:
            store.save(report, kind="draft", agent=(st.session_state.get("agent_name") or "").strip() or None,
                       customer=st.session_state.customer or None,
                       redact=not st.session_state.get("history_text"))
    except Exception as error:  # noqa: BLE001  (the history must never break checking)
        st.session_state.history_warning = f"This check was not kept in the team history: {error}"


def load_eml() -> None:
    """Fill the texts from a dropped .eml: its new text is the reply, the quote the customer."""
    uploaded = st.session_state.get("eml")
    if uploaded is None:
        return
    from replycheck import inputs

    try:
        message = inputs.parse_email(uploaded.getvalue(), uploaded.name)
    except ReplycheckError as error:
        st.session_state.check_error = str(error)
        return
    set_draft(message.reply)
    if message.customer:
        st.session_state.customer = message.customer
    st.session_state.eml_notes = list(message.notes)
    run_check()


def translation_settings() -> TranslationSettings:
    """The sidebar's translation settings (the key of the chosen provider only)."""
    provider = st.session_state.translate_provider
    return TranslationSettings(
        enabled=bool(st.session_state.translate_enabled),
        provider=provider,
        url=st.session_state.get("translate_url", _env.url) if provider == "libretranslate" else "",
        api_key={
            "libretranslate": st.session_state.get("translate_key_libre", ""),
            "deepl": st.session_state.get("translate_key_deepl", ""),
        }.get(provider, ""),
        timeout=float(st.session_state.translate_timeout),
    )


# -- LanguageTool status: polls the background check and reruns the page when it is done -------
def take_full_report(future, reply: str) -> None:
    """The background check is done: its report replaces the fast one if the draft is the same."""
    st.session_state.full_future = None
    try:
        full = future.result()
    except Exception as error:  # noqa: BLE001  (shown, never crashes the page)
        st.session_state.lt_error = f"Grammar and spelling are unavailable: {error}"
        return
    report = st.session_state.get("report")
    if report is not None and report.reply == reply:
        st.session_state.report = full
        start_fixes(full)
        keep_in_history(full)
    if not full.grammar_checked:  # LanguageTool failed or timed out: say so, keep the other findings
        reason = next((s.reason for s in full.skipped + full.errors if s.name == "grammar.languagetool"), "")
        st.session_state.lt_error = f"Grammar and spelling are unavailable: {reason}"


@st.fragment(run_every=0.5)
def languagetool_status() -> None:
    """Say where LanguageTool is; swap in the full report (or the failure) when it is done."""
    pending = st.session_state.get("full_future")
    if pending is None:
        return
    if pending[0].done():
        take_full_report(*pending)
        st.rerun()
    engine = ui.cached_checker().languagetool()
    status = str(getattr(engine, "status", "starting") if engine is not None else "starting")
    if status.startswith("failed"):
        # The server will not come: stop waiting, keep the findings we have.
        st.session_state.full_future = None
        st.session_state.lt_error = f"Grammar and spelling are unavailable: LanguageTool {status}"
        st.rerun()
    elif status == "ready":
        st.info("Grammar and spelling: checking…")
    else:
        st.info("Grammar and spelling: LanguageTool is starting; the other findings are shown already.")


# -- the sidebar: what to check, translation settings ------------------------------------------
def sidebar_defaults(glossaries: list[str], languages: list[str]) -> None:
    """Defaults go through session state only (the values may be restored from ``kept_``)."""
    if st.session_state.get("glossary_choice") not in glossaries:
        st.session_state.glossary_choice = "default.yaml" if "default.yaml" in glossaries else glossaries[0]
    if st.session_state.get("my_language") not in languages:
        st.session_state.my_language = "en" if "en" in languages else languages[0]
    for key, value in (
        ("categories", list(CATEGORIES)),
        ("translate_enabled", False),
        ("translate_provider", _env.provider),
        ("translate_url", _env.url),
        ("translate_key_libre", _env.api_key if _env.provider == "libretranslate" else ""),
        ("translate_key_deepl", _env.api_key if _env.provider == "deepl" else ""),
        ("translate_timeout", float(_env.timeout)),
        ("keep_history", False),
        ("history_text", False),
        ("agent_name", ""),
    ):
        st.session_state.setdefault(key, value)


def check_settings(glossaries: list[str], languages: list[str]) -> None:
    """The glossary, the categories to check and the agent's own language."""
    st.selectbox("Glossary", glossaries, key="glossary_choice", help=f"Team glossaries from {ui.glossary_dir()}")
    st.multiselect("Categories to check", list(CATEGORIES), key="categories")
    st.selectbox(
        "My language",
        languages,
        key="my_language",
        format_func=lambda c: f"{ui.language_name(c)} ({c})",
        help="The language translations are made into",
    )


def translation_inputs() -> None:
    """The opt-in translation: provider, its URL or key, the timeout."""
    st.subheader("Translation (opt-in)")
    st.checkbox("Allow translation", key="translate_enabled")
    st.selectbox("Provider", PROVIDERS, key="translate_provider", format_func=PROVIDER_LABELS.get)
    if st.session_state.translate_provider == "libretranslate":
        st.text_input("LibreTranslate URL", key="translate_url")
        st.text_input("API key (only if the server wants one)", type="password", key="translate_key_libre")
    elif st.session_state.translate_provider == "deepl":
        st.text_input("DeepL API key", type="password", key="translate_key_deepl")
    st.number_input("Timeout (seconds)", min_value=1.0, max_value=60.0, key="translate_timeout")


def sidebar() -> None:
    """Settings in the sidebar."""
    glossaries = [p.name for p in ui.list_glossaries()] or ["(none)"]
    languages = ui.language_choices()
    sidebar_defaults(glossaries, languages)
    with st.sidebar:
        st.header("Settings")
        check_settings(glossaries, languages)
        history_inputs()
        translation_inputs()
        warmth()


def history_inputs() -> None:
    """Opt-in: keep this agent's checked drafts in the team history (redacted unless asked)."""
    st.checkbox("Keep my checked drafts in the team history", key="keep_history",
                help="Off by default. The team lead's review page shows the history.")
    if st.session_state.keep_history:
        st.text_input("Your name (for the history)", key="agent_name")
        st.checkbox("Store text, not only findings", key="history_text",
                    help="Off: only the findings' codes and positions are kept, not what you wrote.")


def warmth() -> None:
    """What is loaded: LanguageTool, and each warmed language (loading ones say so)."""
    status = ui.warm_status(ui.cached_checker())
    langs = ", ".join(f"{code} ({state})" for code, state in status["languages"].items()) or "none yet"
    st.caption(f"LanguageTool: {status['languagetool']} · languages: {langs}")


# -- inputs and the check trigger ----------------------------------------------------------------
def inputs() -> None:
    """The customer's message, the draft editor, the optional source draft and the .eml drop."""
    st.title("replycheck")
    st.caption("Check a customer-support reply before you send it: language, grammar, tone, facts, terminology.")
    left, right = st.columns(2)
    with left:
        st.text_area("Customer's message", key="customer", height=220, placeholder="Paste the customer's e-mail here")
    with right:
        editor()
    with st.expander("Source draft (optional): the text this reply was translated from"):
        st.text_area("Source draft", key="source", height=120, label_visibility="collapsed")
    with st.expander("Or drop an .eml file (the reply with the customer's message quoted below it)"):
        st.file_uploader("E-mail file", type=["eml"], key="eml", on_change=load_eml, label_visibility="collapsed")
        for note in st.session_state.get("eml_notes") or []:
            st.caption(ui.md_escape(note))


def editor() -> None:
    """The draft, edited where its findings are highlighted; a click on one opens its card."""
    report = st.session_state.get("report")
    findings, checked = [], None
    if report is not None:
        checked = report.reply
        fixes = report_fixes(report)
        for index in ui.shown_indexes(report, st.session_state.dismissed):
            finding = report.findings[index]
            findings.append(EditorFinding(
                index, finding, category_colour(finding.category), ui.why_it_matters(finding),
                tuple(fix.label for fix in fixes.get(index, ())), ui.dictionary_word(report, finding) is not None,
            ))
    glossary = _options()["glossary"]
    draft_editor(st.session_state.reply, findings, version=st.session_state.draft_version, checked=checked,
                 glossary=Path(glossary).name if glossary else None, key=EDITOR,
                 on_edit=sync_draft, on_event=on_editor_event)


def check_trigger() -> None:
    """The Check button, and why the last check could not run."""
    st.button("Check", type="primary", on_click=run_check, key="check_button")
    if st.session_state.get("check_error"):
        st.error(ui.md_escape(st.session_state.check_error))
    notice = st.session_state.get("glossary_notice")
    if notice:
        (st.success if notice[0] == "success" else st.error)(ui.md_escape(notice[1]))
    if st.session_state.get("history_warning"):
        st.warning(ui.md_escape(st.session_state.history_warning))
    if st.session_state.get("glossary_request"):
        confirm_glossary()


# -- the results ---------------------------------------------------------------------------------
@st.fragment(run_every=0.5)
def fixes_status() -> None:
    """While the full report's fixes are re-checked: say so, and redraw the page when they are ready."""
    pending = st.session_state.get("fixes_future")
    if pending is None:
        return
    if pending[0].done():
        st.rerun()
    st.caption("Fixes: checking which suggestions are safe to apply…")


def languagetool_note(report) -> None:
    """Where grammar and spelling stand, per engine and language: coming, unavailable, checked, off."""
    if st.session_state.get("full_future") is not None:
        languagetool_status()
    if st.session_state.get("fixes_future") is not None:
        fixes_status()
    lt_failures = [e for e in report.errors if e.name.startswith(("grammar.", "spelling."))]
    if st.session_state.get("lt_error"):
        st.warning(ui.md_escape(st.session_state.lt_error))
    elif lt_failures:
        st.warning(ui.md_escape("Grammar and spelling are unavailable: " + "; ".join(e.reason for e in lt_failures)))
    checked_with = st.session_state.get("checked_with")
    config = checked_with[2] if checked_with and checked_with[2] is not None else ui.cached_checker().config
    for line in engine_status(report, config):
        st.caption(ui.md_escape(ui.engine_line(line.text, line.state)))


def language_pair(report) -> None:
    """Both languages side by side, a mismatch made obvious."""
    mismatch = ui.language_mismatch(report)
    left, middle, right = st.columns([5, 1, 5])
    left.metric("Customer's language", ui.language_label(report.customer_language))
    middle.html(
        f"<div style='font-size:2.2rem;text-align:center;color:{'#b42318' if mismatch else '#1e7b34'}'>"
        f"{'≠' if mismatch else '='}</div>"
    )
    right.metric("Reply's language", ui.language_label(report.reply_language))
    if mismatch:
        st.error(
            f"Language mismatch: the customer wrote {ui.language_name(report.customer_language.code)}, "
            f"the reply is {ui.language_name(report.reply_language.code)}."
        )


def verdict_banner(report) -> None:
    """The verdict, the score and the counts, green, yellow or red."""
    banner = {"ok": st.success, "review": st.warning, "block": st.error}[report.verdict]
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    banner(
        f"**Verdict: {report.verdict}** · score {report.score}/100 · "
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes"
    )


def apply_buttons(index: int, finding, fixes, stale: bool) -> None:
    """One button per offered fix (each re-checked), and Dismiss."""
    columns = st.columns(len(fixes) + 1)
    for number, (column, fix) in enumerate(zip(columns, fixes)):
        column.button(
            f"Apply: {ui.md_escape(fix.replacement[:70])}" if fix.replacement else "Apply: delete",
            key=f"apply-{finding.code}-{finding.start}-{finding.end}-{number}",
            on_click=apply_fix,
            args=(index, number),
            disabled=stale,
            help=ui.md_escape(fix.label) + " (checked again first: it leaves no new problem)",
        )
    columns[-1].button("Dismiss", key=f"dismiss-{finding.code}-{finding.start}-{finding.end}", on_click=dismiss,
                       args=(index,), help="Hide this finding for this reply")


def finding_list(report, stale: bool) -> None:
    """The findings by category: one card each (shared with the HTML report), with Apply buttons."""
    st.subheader("Findings")
    shown = ui.shown_indexes(report, st.session_state.dismissed)
    fixes = report_fixes(report)
    if not shown:
        st.write("Nothing found.")
    else:
        st.html(legend_html(sorted({report.findings[i].category for i in shown})))
    by_category: dict[str, list[int]] = {}
    for index in shown:
        by_category.setdefault(report.findings[index].category, []).append(index)
    for category in [c for c in CATEGORIES if c in by_category] + sorted(set(by_category) - set(CATEGORIES)):
        st.html(category_heading(category, len(by_category[category])))
        for index in by_category[category]:
            finding = report.findings[index]
            st.html(finding_card(finding, report.reply, suggestions=False))
            apply_buttons(index, finding, fixes.get(index, ()), stale)
    dismissed_list(report)


def dismissed_list(report) -> None:
    """The findings dismissed for this reply, each with Undo."""
    keys = [ui.dismiss_key(report, i) for i in range(len(report.findings))]
    hidden = [key for key in keys if key in st.session_state.dismissed]
    if not hidden:
        return
    with st.expander(f"Show dismissed ({len(hidden)})"):
        for key in hidden:
            code, text, occurrence = key
            left, right = st.columns([4, 1])
            left.markdown(f"`{code}` · {ui.md_escape(text[:80])}")
            right.button("Undo", key=f"undismiss-{key!r}", on_click=undismiss, args=(key,))


def failed_checks(report) -> None:
    """Checks that crashed, with their reason (the other findings stand)."""
    if report.errors:
        with st.expander("Checks that failed"):
            for item in report.errors:
                st.markdown(f"`{item.name}`: {ui.md_escape(item.reason)}")


def translate_and_show(settings: TranslationSettings, jobs: list[tuple[str, str, str | None]], target: str) -> None:
    """Translate each ``(title, text, source language)`` into ``target`` and show it as plain text."""
    for title, text, source in jobs:
        try:
            with st.spinner("Translating…"):
                result = ui.cached_translator(settings).translate(text, target=target, source=source)
        except TranslationError as error:
            st.error(ui.md_escape(f"{title}: {error}"))
        else:
            st.markdown(f"**{title} in {ui.language_name(target)}**" + (" (cached)" if result.cached else ""))
            st.text(result.text)


def translation_buttons(report, settings: TranslationSettings, target: str) -> None:
    """Where the text would go, then the two translate buttons."""
    st.warning(
        f"Text you translate here will be sent to {settings.destination()}. "
        "Do not translate messages with personal data unless that service is allowed to see them.",
    )
    a, b = st.columns(2)
    translate_customer = a.button(
        f"Translate the customer's message into {ui.language_name(target)}",
        disabled=not (st.session_state.customer or "").strip(),
    )
    translate_draft = b.button(f"Back-translate my draft into {ui.language_name(target)}")
    jobs = []
    if translate_customer:
        source = report.customer_language.code if report.customer_language else None
        jobs.append(("Customer's message", st.session_state.customer, source))
    if translate_draft:
        jobs.append(("Your draft", st.session_state.reply, report.reply_language.code))
    translate_and_show(settings, jobs, target)


def translation_panel(report) -> None:
    """The opt-in translation of the customer's message and back-translation of the draft."""
    with st.expander("Translate (opt-in)", expanded=bool(st.session_state.translate_enabled)):
        settings = translation_settings()
        problem = settings.problem() if settings.enabled else None
        if not settings.enabled:
            st.write("Translation is off. Tick “Allow translation” in the sidebar to use it.")
        elif problem:
            st.warning(problem)
        else:
            translation_buttons(report, settings, st.session_state.my_language)


def results(report) -> None:
    """Everything below the Check button once there is a report."""
    languagetool_note(report)
    shown = ui.without_dismissed(report, st.session_state.dismissed)
    language_pair(shown)
    verdict_banner(shown)
    stale = st.session_state.reply != report.reply
    if stale:
        st.info("The draft changed since this check; press Check again to update the findings.")
    finding_list(report, stale)
    failed_checks(report)
    translation_panel(report)


def keep_values() -> None:
    """Copy the texts and settings aside so a visit to the review page does not lose them."""
    for key in KEPT:
        if key in st.session_state:
            st.session_state[f"kept_{key}"] = st.session_state[key]


def agent_page() -> None:
    """The page: settings in the sidebar, the texts, the Check button, the results."""
    sidebar()
    inputs()
    check_trigger()
    report = st.session_state.get("report")
    if report is not None:
        results(report)
    keep_values()


agent = st.Page(agent_page, title="Check a reply", default=True)
review = st.Page("views/review.py", title="Review replies", url_path="Review")
navigation = st.navigation([agent, review])
arrived = st.session_state.get("shown_page") != navigation.url_path
st.session_state.shown_page = navigation.url_path
if arrived and navigation.url_path == agent.url_path:
    restore_kept_values()
navigation.run()
