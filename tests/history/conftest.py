"""History fixtures: a throw-away PostgreSQL cluster for the session, a fresh database per test.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user
(or ``nobody``) and lives in a folder of its own under /tmp. Without PostgreSQL's binaries
(scripts/ensure_postgresql.sh installs them) the PostgreSQL half of the tests is skipped;
with ``CI`` set and ``initdb`` present, a cluster that does not start fails them instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    def version(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.split("/")[4]))

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True)
    initdb = found[0] if found else shutil.which("initdb")
    if not initdb:
        return None
    folder = Path(initdb).parent
    return folder if all((folder / name).exists() for name in ("pg_ctl", "postgres")) else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _owner() -> str | None:
    """The user to run PostgreSQL as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


class _Cluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir, self.user = bindir, _owner()
        self.root = Path(tempfile.mkdtemp(prefix="rc-pg-"))
        self.data, self.log, self.port = self.root / "data", self.root / "log", _free_port()
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()} {log}")

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except Exception:  # noqa: BLE001  (best effort: the folder goes anyway)
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def postgresql_cluster():
    """A running throw-away PostgreSQL cluster (skipped when PostgreSQL is not installed)."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (scripts/ensure_postgresql.sh installs it)")
    cluster = _Cluster(bindir)
    try:
        cluster.start()
    except Exception as error:  # noqa: BLE001
        cluster.stop()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL did not start: {error}")
        pytest.skip(f"PostgreSQL did not start: {error}")
    yield cluster
    cluster.stop()


_numbers = itertools.count(1)


def _create_database(cluster: _Cluster) -> str:
    import psycopg

    name = f"replycheck_test_{next(_numbers)}"
    with psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return cluster.url(name)


@pytest.fixture
def postgresql_url(postgresql_cluster) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return _create_database(postgresql_cluster)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A new, empty history database: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite3'}"
    return _create_database(request.getfixturevalue("postgresql_cluster"))


@pytest.fixture
def store(store_url):
    """An open HistoryStore on ``store_url`` (closed after the test)."""
    from replycheck.history import open_store

    with open_store(store_url) as opened:
        yield opened
