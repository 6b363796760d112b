"""Fuzzing at scale: hostile text through ``check_fast`` and malformed mail through the reader.

Part 1 runs 10,000 generated hostile inputs (reply, and half the time a customer message:
arbitrary Unicode, control characters, NUL, lone surrogates, astral and combining characters,
right-to-left text, HTML, long runs that trip regular expressions) through
``Checker.check_fast`` in worker processes, each input under a 10-second watchdog of CPU time (a worker
that does not answer in time is killed and replaced; the input counts as a hang). A crash is
any exception but ``InputError``, or a check that crashed inside the report
(``report.errors``); a span error is a finding outside ``[0, len(reply)]``.

Part 2 writes 200 malformed messages (unusable charsets, MIME nested a thousand deep,
enormous quoted-printable lines, forwards as attachments, broken base64, binary junk, ...)
as ``.eml`` files and mbox files, reads them with ``replycheck.batch.load_rows`` and checks
the rows with ``run_batch``, each file under a 60-second watchdog. A crash is an exception
or a hang; every refused message must have a one-line reason.

Prints, as its last two lines (before the samples of what went wrong)::

    inputs=10000 crashes=N hangs=N span_errors=N
    messages=200 crashes=N refused=N (one-line reasons) checked=N

and writes every failing input to ``bench/fuzz-failures.jsonl`` (``--failures PATH``).

    .venv/bin/python bench/fuzz.py [--inputs 10000] [--messages 200] [--workers 2] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import random
import re
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHDOG_SECONDS = 10.0
MESSAGE_WATCHDOG_SECONDS = 60.0

PROSE = [
    "Hej Anna,", "Tack för ditt mejl.", "Vielen Dank für Ihre Nachricht.", "Thank you for your email.",
    "Med vänliga hälsningar\nErik", "Mit freundlichen Grüßen", "Kiitos viestistäsi.", "Bestellung A-10293",
    "https://example.com/orders/A-10293?x=1", "support@example.com", "{{first_name}}", "[NAME]", "+46 8 123 45 67",
    "1.299,00 €", "2024-03-04", "On Mon, Mar 4, 2024 at 10:00 AM Anna <a@example.se> wrote:", "> Var är mitt paket?",
    "Den 3 mars 2024 kl. 10:12 skrev Anna:", "-- \nErik", "PS.", "NB!", "Nej, inte", "Vi skickar inte paketet i dag.",
    "Merci pour votre message.", "Gracias por su mensaje.", "Dziękujemy za wiadomość.", "Takk for henvendelsen.",
]
HOSTILE = [
    "\x00", "\ud83d", "\udc00", "\ud83d\ude00", "😀", "\U0001f1f8\U0001f1ea", "e\u0301\u0301\u0301", "\u202e", "\u202d",
    "\u200b", "\u200f", "\ufeff", "\ufffd", "\r", "\r\n", "\n\n\n", "\t", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029",
    "\x85", "שלום עולם", "مرحبا بالعالم", "你好", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﬁ", "İı", "ß", "\u0308", "<p>", "</div>", "&amp;",
    "&#0;", "<script>alert(1)</script>", "<!--", "\\", "%s", "{0}", "{", "}", "((((", "....", "!!!!", "????",
]
# Units repeated into long runs: the inputs that make a regular expression quadratic.
RUNS = ["a", "å", "1", "-", " ", "@", "@a.", "x@", ">", "a-", "1.", "1 ", "ab ", "Hej ", "\n", ". ", "A-1", "{{", "<a", "Å"]


def hostile_text(rng: random.Random) -> str:
    """One hostile text: a mix of prose, breaking characters, random code points and runs."""
    kind = rng.random()
    if kind < 0.15:  # random code points, surrogates included
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(1, 400)))
    if kind < 0.30:  # a long run of one unit, in prose
        unit = rng.choice(RUNS)
        return rng.choice(PROSE) + " " + unit * rng.randrange(100, 20_000 // len(unit)) + " " + rng.choice(PROSE)
    pieces = []
    for _ in range(rng.randrange(1, 30)):
        roll = rng.random()
        if roll < 0.45:
            pieces.append(rng.choice(PROSE))
        elif roll < 0.8:
            pieces.append(rng.choice(HOSTILE))
        elif roll < 0.9:
            pieces.append(rng.choice(RUNS) * rng.randrange(2, 300))
        else:
            pieces.append("".join(chr(rng.randrange(0x30000)) for _ in range(rng.randrange(1, 20))))
        pieces.append(rng.choice([" ", " ", "\n", "", "\n\n"]))
    return "".join(pieces)


def make_inputs(count: int, seed: int) -> list[tuple[str, str | None]]:
    rng = random.Random(seed)
    return [(hostile_text(rng), hostile_text(rng) if rng.random() < 0.5 else None) for _ in range(count)]


# -- part 1: check_fast in worker processes --------------------------------------------------
def _warm_checker():
    from replycheck import Checker, Config

    checker = Checker(Config(languagetool="off"))
    checker.check_fast("Hej Anna, tack för ditt mejl.", "Hej, var är mitt paket?")  # load the models
    return checker


# The fork server imports this script once (as ``__mp_main__``) and warms a checker; every
# worker is forked from it ready to check, so replacing a hung worker costs no start-up.
_WARM = _warm_checker() if __name__ == "__mp_main__" and os.environ.get("REPLYCHECK_FUZZ_SERVER") == "1" else None


def _check_worker(conn) -> None:  # runs in the worker process
    from replycheck import InputError

    checker = _WARM if _WARM is not None else _warm_checker()
    if os.environ.get("REPLYCHECK_FUZZ_DEBUG"):
        print("worker warm" if _WARM is not None else "worker cold", flush=True)
    conn.send("ready")
    while True:
        item = conn.recv()
        if item is None:
            return
        reply, customer = item
        try:
            report = checker.check_fast(reply, customer)
        except InputError as error:
            conn.send(("refused", str(error)[:200]))
            continue
        except BaseException as error:  # noqa: BLE001
            conn.send(("crash", f"{type(error).__name__}: {error}"[:300], traceback.format_exc()[-3000:]))
            continue
        bad = [(f.code, f.start, f.end) for f in report.findings if not 0 <= f.start <= f.end <= len(reply)]
        errors = [f"{e.name}: {e.reason}"[:300] for e in report.errors]
        conn.send(("ok", bad, errors))


def _answer(conn, process, item, timeout: float):
    import psutil

    conn.send(item)
    watched = psutil.Process(process.pid)
    cpu_start = sum(watched.cpu_times()[:2])
    started = time.monotonic()
    while not conn.poll(0.25):
        try:
            used = sum(watched.cpu_times()[:2]) - cpu_start
        except psutil.Error:  # the worker died (a crash the pipe did not report)
            used = timeout
        if used >= timeout or time.monotonic() - started >= 6 * timeout:
            process.kill()
            process.join(10)
            return None
    return conn.recv()


def _context():
    """Fork-server processes preloading this script (and its warm checker)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__"])
    return context


class Worker:
    """A worker process with a pipe; ``run`` answers within ``timeout`` or kills it (a hang)."""

    def __init__(self) -> None:
        context = _context()
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_check_worker, args=(child,), daemon=True)
        self.process.start()
        if not self.conn.poll(300):
            raise RuntimeError("worker did not start in 300 s")
        self.conn.recv()

    def run(self, item, timeout: float):
        """The worker's answer, or ``None`` when it used ``timeout`` seconds of CPU (or six
        times that of wall-clock time) on the input: on a shared machine CPU time, not the
        wall clock, says whether the input hangs."""
        return _answer(self.conn, self.process, item, timeout)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(10)

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.kill()


def fuzz_check_fast(items, workers: int, failures: list[dict], minutes: float | None = None) -> Counter:
    counts: Counter = Counter()
    todo: queue.Queue = queue.Queue()
    for index, item in enumerate(items):
        todo.put((index, item))
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + minutes * 60 if minutes else float("inf")

    def drive() -> None:
        worker = Worker()
        while time.monotonic() < deadline:
            try:
                index, item = todo.get_nowait()
            except queue.Empty:
                break
            answer = worker.run(item, WATCHDOG_SECONDS)
            with lock:
                if answer is None:
                    counts["hangs"] += 1
                    failures.append({"kind": "hang", "index": index, "reply": item[0], "customer": item[1]})
                elif answer[0] == "crash":
                    counts["crashes"] += 1
                    failures.append({"kind": "crash", "index": index, "error": answer[1], "stack": answer[2],
                                     "reply": item[0], "customer": item[1]})
                elif answer[0] == "refused":
                    counts["refused"] += 1
                else:
                    _, bad, errors = answer
                    counts["span_errors"] += bool(bad)
                    counts["check_errors"] += bool(errors)
                    if bad or errors:
                        failures.append({"kind": "span" if bad else "check_error", "index": index, "spans": bad,
                                         "errors": errors, "reply": item[0], "customer": item[1]})
                counts["done"] += 1
                if counts["done"] % 250 == 0:
                    print(f"  {counts['done']} inputs, {time.monotonic() - started:.0f} s", flush=True)
            if answer is None:
                worker = Worker()
        worker.close()

    threads = [threading.Thread(target=drive) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


# -- part 2: malformed messages through the reader and the batch ----------------------------
HEAD = b"From: erik@example.com\r\nTo: anna@example.se\r\nSubject: Re: order\r\nDate: Mon, 4 Mar 2024 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
SV = "Hej Anna,\n\nTack för ditt mejl. Vi skickar en ny vara till dig i dag.\n\nMed vänliga hälsningar\nErik\n"


def _nested(depth: int) -> bytes:
    out = HEAD
    for i in range(depth):
        out += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    out += b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + SV.encode() + b"\r\n"
    return out + b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))


def _text(charset: str, cte: str, body: bytes, kind: str = "text/plain") -> bytes:
    return HEAD + f'Content-Type: {kind}; charset="{charset}"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n'.encode("latin-1") + body + b"\r\n"


def malformed_message(rng: random.Random) -> bytes:
    """One malformed (or merely odd) message, from a family of known reader breakers."""
    family = rng.randrange(16)
    if family == 0:
        return _text(rng.choice(["idna", "punycode", "rot13", "base64", "utf-7", "x-no-such", "\xff"]), "8bit", SV.encode())
    if family == 1:
        return _nested(rng.choice([50, 200, 1000, 3000]))
    if family == 2:
        return _text("utf-8", "quoted-printable", rng.choice([b"=C3=A5", b"a", b"Hej =C3=A5 ", b"x=\r\n"]) * rng.randrange(100_000, 1_500_000))
    if family == 3:
        inner = b"From: lisa@example.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + SV.encode()
        return HEAD + b"Content-Type: message/rfc822\r\n\r\n" + (inner if rng.random() < 0.7 else b"junk \xff\x00")
    if family == 4:
        return _text("utf-8", "base64", rng.choice([b"!!!not base64!!!", b"SGVq", b"=" * 100, bytes(rng.randrange(256) for _ in range(200))]))
    if family == 5:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(10, 2000)))
    if family == 6:
        return HEAD + b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
    if family == 7:
        return _text("utf-8", "8bit", b"<p>" + b"<div>" * rng.randrange(100, 20_000) + SV.encode() + b"</p>", "text/html")
    if family == 8:
        return _text("utf-16", "8bit", SV.encode(rng.choice(["utf-16", "utf-16-le", "utf-8"])))
    if family == 9:
        return HEAD + b'Content-Type: multipart/alternative; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n' + SV.encode()
    if family == 10:
        return b"From: \xff\xfe\r\nSubject: =?utf-8?q?=FF=FE?=\r\nDate: not a date\r\nContent-Type: text/plain; charset=\"\xff\"\r\n\r\n" + SV.encode("cp1252")
    if family == 11:
        return HEAD + b"\r\n"
    if family == 12:
        return _text("utf-8", "8bit", ("> " + SV.replace("\n", "\n> ")).encode())
    if family == 13:
        return HEAD + b"Content-Type: text/plain\r\n" + b"X-Long: " + b"a" * rng.randrange(10_000, 500_000) + b"\r\n\r\n" + SV.encode()
    if family == 14:
        return _text("utf-8", "8bit", hostile_text(rng).encode("utf-8", "surrogatepass"))
    return _text("utf-8", rng.choice(["x-uuencode", "bogus", "binary", "7bit"]), SV.encode() + bytes(rng.randrange(256) for _ in range(50)))


def _message_worker(conn) -> None:  # runs in a worker process
    from replycheck.batch import load_rows, run_batch

    checker = _WARM if _WARM is not None else _warm_checker()
    conn.send("ready")
    paths = conn.recv()
    try:
        rows, problems = load_rows(paths)
        results = run_batch(rows, checker)
        conn.send(("ok", [(p.where, p.message) for p in problems], [(r.row.where, r.error) for r in results]))
    except BaseException as error:  # noqa: BLE001
        conn.send(("crash", f"{type(error).__name__}: {error}"[:300], traceback.format_exc()[-3000:]))


def _run_files(paths: list[str], timeout: float):
    context = _context()
    parent, child = context.Pipe()
    process = context.Process(target=_message_worker, args=(child,), daemon=True)
    process.start()
    parent.recv()  # ready
    answer = _answer(parent, process, paths, timeout)
    process.kill()
    process.join(10)
    return answer


def fuzz_messages(count: int, seed: int, failures: list[dict]) -> tuple[Counter, Counter]:
    rng = random.Random(seed)
    messages = [malformed_message(rng) for _ in range(count)]
    counts: Counter = Counter()
    reasons: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="replycheck-fuzz-") as tmp:
        groups: list[tuple[list[str], int]] = []
        half = count // 2
        for index, message in enumerate(messages[:half]):  # one .eml file each
            path = Path(tmp) / f"m{index:03d}.eml"
            path.write_bytes(message)
            groups.append(([str(path)], 1))
        for start in range(half, count, 10):  # mbox files of ten
            batch = messages[start : start + 10]
            path = Path(tmp) / f"box{start:03d}.mbox"
            path.write_bytes(b"".join(
                b"From fuzz Mon Mar  4 10:00:00 2024\n" + re.sub(rb"(?m)^From ", b">From ", m.replace(b"\r\n", b"\n")) + b"\n"
                for m in batch
            ))
            groups.append(([str(path)], len(batch)))
        for paths, size in groups:
            answer = _run_files(paths, MESSAGE_WATCHDOG_SECONDS * size)
            if answer is None or answer[0] == "crash":
                counts["crashes"] += size
                failures.append({"kind": "message-hang" if answer is None else "message-crash", "files": paths,
                                 "error": None if answer is None else answer[1], "stack": None if answer is None else answer[2],
                                 "data": Path(paths[0]).read_bytes()[:5000].decode("latin-1")})
                continue
            _, problems, results = answer
            for where, message in problems:
                counts["refused"] += 1
                counts["multiline"] += "\n" in message
                reasons[_reason_kind(message)] += 1
            for where, error in results:
                if error:
                    counts["refused"] += 1
                    reasons[_reason_kind(error)] += 1
                else:
                    counts["checked"] += 1
            counts["lost"] += size - len(problems) - len(results)
    return counts, reasons


def _reason_kind(message: str) -> str:
    """A refusal reason without the numbers and names that vary: for the tally."""
    text = re.sub(r"^(message \d+|\S+\.eml)\s*", "", message)
    text = re.sub(r"\d[\d,]*", "N", text)
    text = re.sub(r"\(.*", "(…)", text)
    return text.strip()[:90]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--failures", default=str(ROOT / "bench" / "fuzz-failures.jsonl"))
    parser.add_argument("--minutes", type=float, default=None,
                        help="stop feeding check_fast after this long and report the inputs done")
    args = parser.parse_args()

    os.environ["REPLYCHECK_FUZZ_SERVER"] = "1"  # read by the fork server when it preloads this script
    failures: list[dict] = []
    started = time.monotonic()
    counts = fuzz_check_fast(make_inputs(args.inputs, args.seed), args.workers, failures, args.minutes) if args.inputs else Counter()
    check_seconds = time.monotonic() - started
    message_counts, reasons = fuzz_messages(args.messages, args.seed, failures) if args.messages else (Counter(), Counter())
    failures.sort(key=lambda f: (f["kind"], f.get("index", 0)))
    Path(args.failures).write_text("".join(json.dumps(f) + "\n" for f in failures), encoding="utf-8")

    print(f"check_fast: {check_seconds:.0f} s; refused (InputError) {counts['refused']}; "
          f"checks crashed inside the report {counts['check_errors']}")
    for kind, number in reasons.most_common():
        print(f"  refused {number:>3} × {kind}")
    if message_counts["multiline"] or message_counts["lost"]:
        print(f"  reasons on several lines: {message_counts['multiline']}; messages lost: {message_counts['lost']}")
    for failure in failures[:8]:
        shown = failure.get("reply", failure.get("files"))
        print(f"  {failure['kind']}: {failure.get('error') or failure.get('errors') or failure.get('spans') or ''} "
              f"input={str(shown)[:120]!r}")
    print(f"inputs={counts['done']} crashes={counts['crashes']} hangs={counts['hangs']} span_errors={counts['span_errors']}")
    print(f"messages={args.messages} crashes={message_counts['crashes']} refused={message_counts['refused']} "
          f"(one-line reasons) checked={message_counts['checked']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
