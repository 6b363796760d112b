"""Shared fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

import json
import os
import tempfile
from pathlib import Path

import pytest

import replycheck

# Tests neither use nor leave behind a shared LanguageTool server (`replycheck languagetool
# start`): its record lives in a folder of this session, not in the user's cache.
os.environ.setdefault("REPLYCHECK_LANGUAGETOOL_STATE", tempfile.mkdtemp(prefix="replycheck-lt-state-"))
# Recent languages of this run's checks stay in the run: a page started by a test must not
# warm a dozen languages some earlier run checked.
os.environ.setdefault("REPLYCHECK_STATE_DIR", tempfile.mkdtemp(prefix="replycheck-state-"))
# Checked replies go to a history database of this run, never to the user's.
os.environ.setdefault(
    "REPLYCHECK_HISTORY_URL", "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="replycheck-history-"), "history.sqlite3")
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def fast_checker():
    """A Checker without LanguageTool: every other check, with real detectors."""
    with replycheck.Checker(replycheck.Config(languagetool="off")) as checker:
        yield checker


@pytest.fixture(scope="session")
def dev_cases():
    """The shared labelled example cases (skipped when shared/ is not beside the repo)."""
    path = SHARED / "examples" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("shared/examples/dev.jsonl is not available")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def lt_checker():
    """A Checker with the real, managed LanguageTool server (installed and started once)."""
    from replycheck.engines.languagetool import LanguageToolError

    with replycheck.Checker(replycheck.Config(languagetool="auto")) as checker:
        engine = checker.languagetool()
        try:
            engine.start()
        except LanguageToolError as error:  # a broken install must fail loudly, not skip
            pytest.fail(f"LanguageTool could not start: {error}")
        yield checker


# -- no network: tests talk to loopback only -----------------------------------------------------
import ipaddress  # noqa: E402
import socket  # noqa: E402

_BLOCKED: list[str] = []


class NetworkBlockedError(RuntimeError):
    """A test tried to connect to a non-loopback address."""


def _loopback(address) -> bool:
    """Whether a ``connect`` address is local: AF_UNIX paths, 127.0.0.0/8, ::1, localhost."""
    if not isinstance(address, tuple):  # AF_UNIX path (str/bytes) or abstract socket
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0].strip("[]")
    if host.lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name would be looked up (DNS): that is network, too
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _refuse(address) -> None:
    message = (
        f"network access in a test: connect to {address!r} refused. Tests may only use loopback "
        "(127.0.0.0/8, ::1, localhost, AF_UNIX); start a local fake server instead."
    )
    _BLOCKED.append(message)
    raise NetworkBlockedError(message)


@pytest.fixture(scope="session", autouse=True)
def no_network():
    """For the whole session: any connection to a non-loopback address fails the test."""
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    original_create = socket.create_connection

    def connect(self, address, *args, **kwargs):
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            _refuse(address)
        return original_connect(self, address, *args, **kwargs)

    def connect_ex(self, address, *args, **kwargs):
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            _refuse(address)
        return original_connect_ex(self, address, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        if not _loopback(address):
            _refuse(address)
        return original_create(address, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.create_connection = create_connection
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = original_connect, original_connect_ex
        socket.create_connection = original_create


@pytest.fixture(autouse=True)
def _network_attempts_fail_the_test(no_network):
    """Fail a test that tried to reach the network even if the code under test caught the
    refusal (a client that retries or falls back quietly)."""
    del _BLOCKED[:]
    yield
    if _BLOCKED:
        attempts = list(_BLOCKED)
        del _BLOCKED[:]
        pytest.fail(attempts[0] + (f" ({len(attempts)} attempts)" if len(attempts) > 1 else ""), pytrace=False)


@pytest.fixture
def network_attempts():
    """The refused connection attempts of this test (cleared after it: for testing the guard)."""
    yield _BLOCKED
    del _BLOCKED[:]
