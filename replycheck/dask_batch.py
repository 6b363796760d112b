"""A batch spread over a Dask cluster: each worker checks partitions with its own ``Checker``.

    from dask.distributed import Client
    from replycheck.batch import run

    with Client("tcp://scheduler:8786") as client:
        summary = run(["archive.parquet"], "results.jsonl", client=client, config=Config(...))

How it is spread (Dask schedules; replycheck only says what a partition is):

* ``CheckerPlugin`` (a ``distributed.WorkerPlugin``) creates one ``Checker`` per worker in
  ``setup`` (its LanguageTool server starts then, in the background) and closes it in
  ``teardown``. Its name carries a digest of the ``Config``, and it is idempotent: a second
  batch with the same settings reuses the workers' checkers and servers.
* Partitions: a Parquet file's row groups are read on the workers (the file must be readable
  there: shared storage); CSV, JSONL, mbox and .eml are read on the client with
  ``batch.load_rows`` (per-row decoding and refusals need the whole file) and scattered in
  partitions of ``partition_size`` rows.
* Output: one ``.csv``/``.jsonl`` file is written on the client in input order as partitions
  finish (flushed per row; ``resume`` skips rows already in it). A pattern with ``*`` (or a
  folder, meaning ``folder/part-*.jsonl``) has every worker write its partition's file itself
  (``part-00000.jsonl``..., atomically); ``resume`` then skips partitions whose file exists.
* Inside a partition ``workers`` threads share the worker's ``Checker`` (LanguageTool
  requests in flight); across partitions Dask's own worker threads add more.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from replycheck.batch import BatchResult, BatchRow, RowProblem
from replycheck.errors import InputError
from replycheck.streaming import (
    STREAM_SUFFIXES,
    BatchSummary,
    Message,
    Progress,
    ResultFile,
    check_stream,
    done_keys,
    in_input_order,
    is_parquet,
    parquet_groups,
    parquet_items,
    skip_done,
)

try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover  (dask is an optional extra: pip install replycheck[dask])
    WorkerPlugin = object  # type: ignore[misc,assignment]


class CheckerPlugin(WorkerPlugin):
    """One ``Checker`` per Dask worker, created at ``setup`` and closed at ``teardown``."""

    idempotent = True  # the same settings registered again keep the running checkers

    def __init__(self, config=None) -> None:
        from replycheck.config import Config

        self.config = config or Config.from_env()
        self.name = plugin_name(self.config)
        self.checker = None

    def setup(self, worker=None) -> None:
        from replycheck.api import Checker

        self.checker = Checker(self.config)

    def teardown(self, worker=None) -> None:
        if self.checker is not None:
            self.checker.close()
            self.checker = None


def plugin_name(config) -> str:
    """``replycheck-<digest of the settings>``: one plugin (one Checker) per distinct Config."""
    digest = hashlib.sha1(repr(config).encode("utf-8")).hexdigest()[:12]
    return f"replycheck-{digest}"


def _worker_checker(name: str):
    from distributed import get_worker

    plugin = get_worker().plugins.get(name)
    if plugin is None or plugin.checker is None:
        raise RuntimeError(f"this Dask worker has no replycheck checker ({name}); register CheckerPlugin first")
    return plugin.checker


# -- tasks (run on the workers) ---------------------------------------------------------------
def _check_items(items: list, name: str, threads: int, glossary) -> list:
    """Rows checked (problems passed through), in the partition's order."""
    rows = [item for item in items if isinstance(item, BatchRow)]
    results = iter(check_stream(rows, _worker_checker(name), threads, glossary=glossary))
    return [next(results) if isinstance(item, BatchRow) else item for item in items]


def check_partition(items: list, name: str, threads: int = 1, glossary=None) -> list:
    """Task: check a partition of rows read on the client."""
    return _check_items(items, name, threads, glossary)


def check_parquet_group(path: str, group: int, offset: int, mapping, name: str, threads: int = 1, glossary=None) -> list:
    """Task: read one Parquet row group on the worker and check it."""
    return _check_items(parquet_items(path, group, offset, mapping), name, threads, glossary)


def write_partition(items: list, target: str) -> BatchSummary:
    """Task: write a checked partition to its own file (via a temporary name, then renamed)."""
    temporary = f"{target}.{os.getpid()}.tmp"
    summary = BatchSummary(out=target)
    with ResultFile(Path(temporary).with_suffix(Path(target).suffix)) as handle:
        for item in items:
            handle.write(item)
            summary.add(item)
        written = handle.path
    os.replace(written, target)
    return summary


# -- the client side --------------------------------------------------------------------------
def partition_target(out: str, index: int) -> str | None:
    """The file of partition ``index`` when ``out`` is a pattern (``*``) or a folder, else None."""
    if "*" in out:
        return out.replace("*", f"{index:05d}")
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        return str(Path(out) / f"part-{index:05d}.jsonl")
    return None


def run(
    inputs: Iterable,
    out: str | Path,
    *,
    client,
    config=None,
    workers: int = 1,
    mapping: dict | None = None,
    glossary=None,
    resume: bool = False,
    partition_size: int = 100,
    progress: Progress | None = None,
    message: Message | None = None,
) -> BatchSummary:
    """Check ``inputs`` on the Dask cluster behind ``client``; write to ``out`` (see the module doc)."""
    import time

    from distributed import as_completed

    from replycheck.batch import load_rows
    from replycheck.config import Config

    started = time.perf_counter()
    config = config or Config.from_env()
    out = str(out)
    per_partition = partition_target(out, 0) is not None
    if not per_partition and Path(out).suffix.lower() not in STREAM_SUFFIXES:
        raise InputError(f"{out}: with Dask write a .csv or .jsonl file, or one file per partition (results/part-*.jsonl)")
    if per_partition:
        Path(partition_target(out, 0)).parent.mkdir(parents=True, exist_ok=True)
        if Path(partition_target(out, 0)).suffix.lower() not in STREAM_SUFFIXES:
            raise InputError(f"{out}: partition files must end in .csv or .jsonl")

    plugin = CheckerPlugin(config)
    client.register_plugin(plugin)
    name, threads, mapping = plugin.name, max(1, workers), dict(mapping or {})

    inputs = list(inputs)
    rows, problems = load_rows([p for p in inputs if not is_parquet(p)], mapping)
    items = in_input_order(rows, problems)
    summary = BatchSummary(out=out)
    if resume and not per_partition:
        items, summary.resumed = skip_done(items, done_keys(out), Path(out).suffix.lower())

    # The tasks: (items on the client, scattered) or (a Parquet row group read on the worker).
    tasks = []
    chunks = [items[i : i + partition_size] for i in range(0, len(items), max(1, partition_size))]
    # hash=False: unique keys, so an earlier batch releasing equal chunks cannot take these away
    for chunk, data in zip(chunks, client.scatter(chunks, hash=False) if chunks else []):
        tasks.append((sum(isinstance(i, BatchRow) for i in chunk), lambda data=data: client.submit(
            check_partition, data, name, threads, glossary, pure=False), len(chunk)))
    parquet_done = done_keys(out) if resume and not per_partition else None
    for path in filter(is_parquet, inputs):
        try:
            groups = parquet_groups(path)
        except InputError as error:
            tasks.append((0, RowProblem(str(path), str(error)), 1))
            continue
        for group, offset in groups:
            tasks.append((None, lambda g=group, o=offset, p=str(path): client.submit(
                check_parquet_group, p, g, o, mapping, name, threads, glossary, pure=False), None))

    futures, keep = {}, {}  # keep: a partition's futures until it is written (a released input is a lost dependency)
    for index, (size, make, length) in enumerate(tasks):
        if isinstance(make, RowProblem):
            continue
        target = partition_target(out, index) if per_partition else None
        if target is not None and resume and Path(target).is_file():
            summary.resumed += length if length is not None else _count_lines(target)
            continue
        future = make()
        keep[index] = [future]
        if target is not None:
            future = client.submit(write_partition, future, target, pure=False)
            keep[index].append(future)
        futures[future] = index

    total = sum(size for size, _, _ in tasks if isinstance(size, int)) or len(futures)
    done = 0
    if progress is not None:
        progress(0, total)

    def count(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    loose = [make for _, make, _ in tasks if isinstance(make, RowProblem)]
    if per_partition:
        for future in as_completed(list(futures)):
            part = future.result()
            for kind, where, text in part.messages:
                if message is not None:
                    message(kind, where, text)
            summary.merge(part)
            keep.pop(futures[future], None)
            count(part.checked + part.failed)
        for problem in loose:
            _tell(summary, problem, message)
    else:
        finished: dict[int, list] = {}
        order = sorted(futures.values())
        position = 0
        with ResultFile(out, append=resume) as handle:
            for problem in loose:
                handle.write(problem)
                _tell(summary, problem, message)
            for future in as_completed(list(futures)):
                finished[futures[future]] = future.result()
                count(sum(isinstance(i, BatchResult) for i in finished[futures[future]]))
                while position < len(order) and order[position] in finished:
                    for item in finished.pop(order[position]):
                        if parquet_done is not None and _already(item, parquet_done, Path(out).suffix.lower()):
                            summary.resumed += 1
                            continue
                        handle.write(item)
                        _tell(summary, item, message)
                    keep.pop(order[position], None)  # its results may leave the worker's memory
                    position += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _count_lines(path: str) -> int:
    """The rows in a partition file written before (a Parquet row group's size is not known ahead)."""
    from replycheck.streaming import done_keys

    return sum(done_keys(path).values())


def _tell(summary: BatchSummary, item, message) -> None:
    for kind, where, text in summary.add(item):
        if message is not None:
            message(kind, where, text)


def _already(item, done, suffix: str) -> bool:
    """Whether a row read on a worker (Parquet) was in the output before (then skipped)."""
    from replycheck.streaming import _written_key

    if isinstance(item, BatchResult):
        key = _written_key(item.row, suffix)
    else:
        key = _written_key(item, suffix)
    if done[key] > 0:
        done[key] -= 1
        return True
    return False


def run_at(address: str, inputs: Iterable, out: str | Path, **options) -> BatchSummary:
    """``run`` on the Dask scheduler at ``address`` (``tcp://scheduler:8786``); a scheduler
    that cannot be reached is an ``InputError`` naming it."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'dask[distributed]'") from None
    try:
        client = Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({' '.join(str(error).split())[:200]})") from None
    with client:
        return run(inputs, out, client=client, **options)
