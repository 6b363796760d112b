"""The draft editor: the agent edits the reply where its findings are highlighted.

A native ``<textarea>`` (typing, paste and undo as usual) lies over a backdrop that mirrors its
text with a coloured ``<mark>`` per finding. A click inside a highlight opens a card: the
finding's message, why it matters, its offered fixes, "Dismiss", "Add to team dictionary"
(spelling findings) and "Never flag this phrase". An ``st.components.v2`` component; the HTML,
CSS and JavaScript are the files next to this module.

How it talks to Python:

* in: ``data`` = the draft text and its ``version`` (raised by the page whenever *it* changes
  the draft, e.g. a fix: the editor takes a text only when the version changed, so a rerun never
  overwrites what the agent is typing), the checked text and its findings (UTF-16 offsets,
  converted here), the glossary's name;
* out: the state ``draft`` = ``{text, version}`` (debounced while typing, at once on blur) and
  the trigger ``action`` = ``{kind, finding, fix}``, read with :func:`edited_draft` and
  :func:`editor_event`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Callable, Sequence

from replycheck.model import Finding

KINDS = ("fix", "dismiss", "add_word", "never_flag")


@dataclass(frozen=True, slots=True)
class EditorEvent:
    """What the agent did on a finding's card: ``kind`` is one of :data:`KINDS`; ``finding`` the
    finding's index in the report; ``fix`` the index of the applied fix (``kind == "fix"``)."""

    kind: str
    finding: int
    fix: int | None = None


@dataclass(frozen=True, slots=True)
class EditedDraft:
    """The editor's text, and the page's draft version it was typed on."""

    text: str
    version: int


@dataclass(frozen=True, slots=True)
class EditorFinding:
    """A finding as the editor shows it: where, what, why, and the labels of its offered fixes."""

    index: int
    finding: Finding
    colour: str
    why: str = ""
    fixes: tuple[str, ...] = ()
    dictionary: bool = False  # offer "Add to team dictionary"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def _component():
    import streamlit as st

    return st.components.v2.component(
        "replycheck_draft_editor", html=_asset("editor.html"), css=_asset("editor.css"), js=_asset("editor.js")
    )


def utf16_offsets(text: str) -> list[int]:
    """``offsets[i]`` = the UTF-16 offset of code point ``i`` of ``text`` (JavaScript's string index)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def payload(text: str, version: int, checked: str | None, findings: Sequence[EditorFinding],
            glossary: str | None = None, label: str = "Your draft reply") -> dict:
    """The JSON the editor receives (findings whose span is outside ``checked`` are left out)."""
    items = []
    if checked is not None:
        units = utf16_offsets(checked)
        for item in findings:
            f = item.finding
            if not 0 <= f.start <= f.end <= len(checked):
                continue
            items.append({
                "id": item.index, "code": f.code, "category": f.category, "severity": f.severity,
                "message": f.message, "why": item.why, "colour": item.colour,
                "start": units[f.start], "end": units[f.end],
                "fixes": [{"index": i, "label": label} for i, label in enumerate(item.fixes)],
                "word": item.dictionary,
                "phrase": f.start < f.end,  # "Never flag this phrase" needs one
            })
    return {"text": text, "version": version, "checked": checked, "findings": items,
            "glossary": glossary, "label": label}


def edited_draft(state) -> EditedDraft | None:
    """The editor's last text from its session state value (``st.session_state[key]``)."""
    draft = (state or {}).get("draft") if hasattr(state, "get") else None
    if not isinstance(draft, dict) or not isinstance(draft.get("text"), str):
        return None
    version = draft.get("version")
    return EditedDraft(draft["text"], version if isinstance(version, int) else -1)


def editor_event(state) -> EditorEvent | None:
    """The card action of this run, from the editor's session state value; ``None`` without one."""
    action = (state or {}).get("action") if hasattr(state, "get") else None
    if not isinstance(action, dict) or action.get("kind") not in KINDS or not isinstance(action.get("finding"), int):
        return None
    fix = action.get("fix")
    return EditorEvent(action["kind"], action["finding"], fix if isinstance(fix, int) else None)


def draft_editor(text: str, findings: Sequence[EditorFinding] = (), *, version: int = 0,
                 checked: str | None = None, glossary: str | None = None, key: str = "draft_editor",
                 on_edit: Callable[[], None] | None = None, on_event: Callable[[], None] | None = None,
                 label: str = "Your draft reply") -> EditorEvent | None:
    """Show the editor; return the card action of this run, if any.

    ``on_edit`` and ``on_event`` run as widget callbacks, before the page is drawn; they read
    the editor through :func:`edited_draft` / :func:`editor_event` of ``st.session_state[key]``.
    """
    result = _component()(
        key=key,
        data=payload(text, version, checked, findings, glossary, label),
        on_draft_change=on_edit or _ignore,
        on_action_change=on_event or _ignore,
    )
    return editor_event(result)


def _ignore() -> None:
    """Callbacks must exist for a state or trigger to be reported."""


__all__ = ["EditedDraft", "EditorEvent", "EditorFinding", "draft_editor", "edited_draft", "editor_event",
           "payload", "utf16_offsets"]
