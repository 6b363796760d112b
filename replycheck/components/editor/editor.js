// The draft editor (replycheck/components/editor): a native <textarea> over a backdrop <div>
// that mirrors its text with one <mark> per finding span, in the finding's category colour.
//
// Python sends `data`: {text, version, checked, findings, glossary}. Offsets are UTF-16 units
// into `checked` (the text the findings describe); the Python wrapper converts them.
// This sends back: state "draft" = {text, version} (debounced, and at once on blur) and the
// trigger "action" = {kind: "fix"|"dismiss"|"add_word"|"never_flag", finding, fix}.
// A click (or Alt+Enter) inside a highlight opens its card; Escape closes it.
// User text is only ever put into the page as textContent or attribute values.

const EDITORS = new WeakMap();
const DEBOUNCE_MS = 600;
const WORD = /[\p{L}\p{N}]/u;
const RANK = { info: 0, warning: 1, error: 2 };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The one edited region between two texts: [start, oldEnd) in `before` became [start, newEnd) in `after`.
function editedRegion(before, after) {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < shortest - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

// Marks after an edit: the ones before or after the edited region move with the text; a mark
// the edit touches (inside it, or a letter typed right against it) is dropped.
function shiftMarks(marks, before, after) {
  if (before === after) return marks;
  const edit = editedRegion(before, after);
  const inserted = after.slice(edit.start, edit.newEnd);
  const removed = before.slice(edit.start, edit.oldEnd);
  const firstChanged = (inserted[0] || "") + (removed[0] || "");
  const lastChanged = (inserted.slice(-1) || "") + (removed.slice(-1) || "");
  const delta = edit.newEnd - edit.oldEnd;
  const kept = [];
  for (const mark of marks) {
    if (mark.end < edit.start || (mark.end === edit.start && mark.start < mark.end && !WORD.test(firstChanged))) {
      kept.push(mark);
    } else if (mark.start > edit.oldEnd || (mark.start === edit.oldEnd && mark.start < mark.end && !WORD.test(lastChanged))) {
      kept.push({ ...mark, start: mark.start + delta, end: mark.end + delta });
    }
  }
  return kept;
}

class Editor {
  constructor(root) {
    this.root = root;
    this.box = root.querySelector(".rc-editor");
    this.input = root.querySelector(".rc-input");
    this.backdrop = root.querySelector(".rc-backdrop");
    this.status = root.querySelector(".rc-status");
    this.card = root.querySelector(".rc-popover");
    this.cardBody = root.querySelector(".rc-popover-body");
    this.version = null; // the draft version Python last pushed
    this.signature = null; // of the findings last received
    this.checked = null; // the text the findings describe
    this.findings = new Map(); // id -> finding
    this.marks = []; // {id, start, end} in the current text
    this.previous = "";
    this.sent = null; // the last {text, version} sent to Python
    this.timer = null;
    this.openIds = [];
    this.input.addEventListener("input", () => this.onInput());
    this.input.addEventListener("blur", () => this.send());
    this.input.addEventListener("click", () => this.openAtCaret());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("mousemove", (event) => this.onHover(event));
    this.card.addEventListener("keydown", (event) => this.onKey(event));
    root.querySelector(".rc-close").addEventListener("click", () => this.closeCard(true));
    new ResizeObserver(() => this.autosize()).observe(this.box);
  }

  connect(setStateValue, setTriggerValue) {
    this.setStateValue = setStateValue;
    this.setTriggerValue = setTriggerValue;
  }

  update(data) {
    const version = data.version ?? 0;
    if (this.version === null || version !== this.version) {
      // Python changed the draft (first mount, a fix, an .eml): its text replaces the editor's.
      this.version = version;
      clearTimeout(this.timer);
      if (this.input.value !== (data.text ?? "")) this.input.value = data.text ?? "";
      this.previous = this.input.value;
      this.sent = { text: this.input.value, version };
      this.closeCard(false);
    }
    if (data.label) this.root.querySelector(".rc-label").textContent = data.label;
    this.glossary = data.glossary ?? null;
    const findings = data.findings ?? [];
    const signature = JSON.stringify([data.checked ?? null, findings, this.glossary]);
    if (signature !== this.signature) {
      this.signature = signature;
      this.checked = data.checked ?? null;
      this.findings = new Map(findings.map((f) => [f.id, f]));
      this.marks = this.checked === null ? [] : findings.map((f) => ({ id: f.id, start: f.start, end: f.end }));
      if (this.checked !== null) this.marks = shiftMarks(this.marks, this.checked, this.input.value);
      this.closeCard(false); // new findings: a card of the old ones would act on the wrong finding
    }
    this.render();
  }

  get stale() {
    return this.checked !== null && this.input.value !== this.checked;
  }

  onInput() {
    const value = this.input.value;
    this.marks = shiftMarks(this.marks, this.previous, value);
    this.previous = value;
    this.closeCard(false);
    this.render();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
  }

  // Over a highlight: its message as the text box's tooltip, and a pointer that says "click me".
  onHover(event) {
    const over = [...this.backdrop.querySelectorAll("mark.rc-finding")].find((mark) =>
      [...mark.getClientRects()].some((r) =>
        r.left <= event.clientX && event.clientX <= r.right && r.top <= event.clientY && event.clientY <= r.bottom));
    this.input.title = over ? over.title : "";
    this.input.style.cursor = over ? "pointer" : "";
  }

  // Escape closes the card; Alt+Enter opens it from the keyboard, its first button focused.
  onKey(event) {
    if (event.key === "Escape" && !this.card.hidden) {
      event.preventDefault();
      this.closeCard(true);
    } else if (event.key === "Enter" && event.altKey && event.target === this.input) {
      event.preventDefault();
      this.openAtCaret();
      this.card.querySelector("button.rc-button:not(:disabled)")?.focus();
    }
  }

  send() {
    clearTimeout(this.timer);
    const draft = { text: this.input.value, version: this.version ?? 0 };
    if (this.sent && this.sent.text === draft.text && this.sent.version === draft.version) return;
    this.sent = draft;
    this.setStateValue?.("draft", draft);
  }

  act(kind, finding, fix = null) {
    this.send();
    this.setTriggerValue?.("action", { kind, finding, fix });
    this.closeCard(false);
  }

  // -- the backdrop: the text with its marks ------------------------------------------------
  render() {
    const text = this.input.value;
    const spans = this.marks.filter((m) => 0 <= m.start && m.start <= m.end && m.end <= text.length);
    const bounds = new Set([0, text.length]);
    const points = new Map();
    for (const m of spans) {
      if (m.start === m.end) points.set(m.start, [...(points.get(m.start) || []), m]);
      else bounds.add(m.start).add(m.end);
    }
    const ordered = [...bounds].sort((a, b) => a - b);
    const pieces = [];
    ordered.forEach((left, i) => {
      if (points.has(left)) pieces.push(this.markNode("", points.get(left), true));
      if (i + 1 === ordered.length) return;
      const right = ordered[i + 1];
      const covering = spans.filter((m) => m.start < m.end && m.start <= left && right <= m.end);
      const piece = text.slice(left, right);
      pieces.push(covering.length ? this.markNode(piece, covering, false) : document.createTextNode(piece));
    });
    // A final newline needs a character after it, or the backdrop is one line short.
    if (text.endsWith("\n") || text === "") pieces.push(document.createTextNode(" "));
    this.backdrop.replaceChildren(...pieces);
    this.autosize();
    this.showStatus();
  }

  markNode(text, marks, point) {
    const found = marks.map((m) => this.findings.get(m.id)).filter(Boolean);
    const main = found.reduce((a, b) =>
      RANK[b.severity] > RANK[a.severity] || (RANK[b.severity] === RANK[a.severity] && b.end - b.start < a.end - a.start) ? b : a);
    const node = element("mark", "rc-finding" + (point ? " rc-point" : "") + (main.severity === "error" ? " rc-error" : ""), text);
    node.dataset.category = [...new Set(found.map((f) => f.category))].sort().join(" ");
    node.dataset.code = [...new Set(found.map((f) => f.code))].sort().join(" ");
    node.dataset.ids = marks.map((m) => m.id).join(" ");
    node.title = found.map((f) => `${f.code} (${f.severity})\n${f.message}`).join("\n\n");
    node.style.background = main.colour;
    if (this.openIds.some((id) => marks.some((m) => m.id === id))) node.classList.add("rc-active");
    return node;
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = `${this.input.scrollHeight}px`;
  }

  showStatus() {
    this.status.classList.toggle("rc-stale", this.stale);
    if (this.checked === null) {
      this.status.textContent = "";
    } else if (this.stale) {
      this.status.textContent =
        "You changed the draft since the last check: the highlights are from that check, changed passages lose theirs. Press Check to update.";
    } else {
      const count = this.marks.length;
      this.status.textContent = count
        ? `${count} finding${count === 1 ? "" : "s"} from the last check. Click a highlighted passage to see it and fix it.`
        : "No findings in the last check.";
    }
  }

  // -- the card: what a clicked highlight says, and what can be done about it ------------------
  openAtCaret() {
    const { selectionStart: at, selectionEnd } = this.input;
    if (at !== selectionEnd) return;
    const hits = this.marks.filter((m) => (m.start < m.end ? m.start <= at && at <= m.end : Math.abs(at - m.start) <= 1));
    if (!hits.length) {
      this.closeCard(false);
      return;
    }
    this.openCard(hits.map((m) => m.id));
  }

  openCard(ids) {
    this.openIds = ids;
    const items = ids.map((id) => this.cardItem(this.findings.get(id))).filter(Boolean);
    this.cardBody.replaceChildren(...items);
    this.card.hidden = false;
    this.render();
    this.placeCard();
  }

  cardItem(f) {
    if (!f) return null;
    const item = element("div", "rc-pop-item");
    item.dataset.code = f.code;
    const head = element("div", "rc-pop-head");
    const chip = element("span", "rc-pop-chip", f.category);
    chip.style.background = f.colour;
    head.append(chip, element("code", "rc-pop-code", f.code), element("span", "rc-pop-severity", f.severity));
    item.append(head, element("p", "rc-pop-message", f.message));
    if (f.why) item.append(element("p", "rc-pop-why", f.why));
    const fixes = element("div", "rc-pop-fixes");
    for (const fix of f.fixes || []) {
      const button = element("button", "rc-button rc-apply", fix.label);
      button.type = "button";
      button.disabled = this.stale;
      button.title = "Put this into your draft and check again";
      button.addEventListener("click", () => this.act("fix", f.id, fix.index));
      fixes.append(button);
    }
    if (fixes.childElementCount) item.append(fixes);
    if (this.stale && fixes.childElementCount) {
      item.append(element("p", "rc-pop-note", "The draft changed since the check: press Check before applying a fix."));
    } else if (!(f.fixes || []).length) {
      item.append(element("p", "rc-pop-note", "No fix to apply here: rewrite the passage yourself."));
    }
    const actions = element("div", "rc-pop-actions");
    actions.append(this.actionButton("Dismiss", "dismiss", f, "Hide this finding for this reply"));
    const why = this.glossary ? `Writes to ${this.glossary}` : "Choose a team glossary in the sidebar first";
    if (f.word) actions.append(this.actionButton("Add to team dictionary", "add_word", f, why, !this.glossary));
    if (f.phrase) actions.append(this.actionButton("Never flag this phrase", "never_flag", f, why, !this.glossary));
    item.append(actions);
    return item;
  }

  actionButton(label, kind, finding, title, disabled = false) {
    const button = element("button", "rc-button", label);
    button.type = "button";
    button.title = title;
    button.disabled = disabled;
    button.addEventListener("click", () => this.act(kind, finding.id));
    return button;
  }

  placeCard() {
    const marks = [...this.backdrop.querySelectorAll("mark.rc-active")];
    const box = this.box.getBoundingClientRect();
    const field = this.input.getBoundingClientRect();
    const anchor = marks.length ? marks[marks.length - 1].getBoundingClientRect() : field;
    const left = Math.max(0, Math.min(anchor.left - box.left, box.width - this.card.offsetWidth));
    this.card.style.left = `${left}px`;
    this.card.style.top = `${anchor.bottom - box.top + 6}px`;
  }

  closeCard(focus) {
    if (this.card.hidden && !this.openIds.length) return;
    this.card.hidden = true;
    this.cardBody.replaceChildren();
    this.openIds = [];
    this.backdrop.querySelectorAll("mark.rc-active").forEach((m) => m.classList.remove("rc-active"));
    if (focus) this.input.focus();
  }
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let editor = EDITORS.get(parentElement);
  if (!editor) {
    editor = new Editor(parentElement);
    EDITORS.set(parentElement, editor);
  }
  editor.connect(setStateValue, setTriggerValue);
  editor.update(data || {});
  return () => editor.send();
}
