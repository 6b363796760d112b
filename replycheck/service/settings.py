"""Settings of ``replycheck serve``: where it listens, who may call it, and its limits."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, replace
from pathlib import Path

from replycheck.errors import ConfigError

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: an address only this machine can reach."""
    host = host.strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_token(token: str | None, token_file: str | None) -> str | None:
    """The bearer token, from the value itself or the first line of a file (a Docker secret)."""
    if token_file:
        try:
            text = Path(token_file).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"token file {token_file}: {error.strerror or error}") from None
        token = text.strip().splitlines()[0] if text.strip() else ""
        if not token:
            raise ConfigError(f"token file {token_file} is empty")
    if token is not None and len(token.strip()) < 16:
        raise ConfigError("the bearer token must be at least 16 characters")
    return token.strip() if token else None


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """How the service listens and what it accepts.

    ``workers`` replies are checked at once; up to ``queue`` more wait, and a request beyond
    that is answered 503 with ``Retry-After``. A request body over ``max_body_bytes`` or a
    reply over ``max_reply_chars`` is answered 413 without being checked. A check taking
    longer than ``request_timeout`` seconds is answered 504. ``log_text`` puts customer text
    in the logs (for debugging only; off by default).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    workers: int = 2
    queue: int = 32
    max_body_bytes: int = 1_000_000
    max_reply_chars: int = 50_000
    max_batch: int = 50
    request_timeout: float = 60.0
    retry_after: int = 2
    glossary_dir: str = ""
    log_text: bool = False

    def __post_init__(self) -> None:
        if not self.token and not is_loopback(self.host):
            raise ConfigError(
                f"refusing to listen on {self.host} without a bearer token: set REPLYCHECK_TOKEN "
                "or REPLYCHECK_TOKEN_FILE (or --token-file), or listen on 127.0.0.1"
            )
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be 1-65535, not {self.port}")
        for name in ("workers", "max_body_bytes", "max_reply_chars", "max_batch", "retry_after"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be positive, not {getattr(self, name)}")
        if self.queue < 0:
            raise ConfigError(f"queue must be 0 or more, not {self.queue}")
        if not self.request_timeout > 0:
            raise ConfigError("request_timeout must be a positive number of seconds")

    @property
    def capacity(self) -> int:
        """Requests admitted at once: those being checked plus those waiting."""
        return self.workers + self.queue

    @property
    def glossaries(self) -> Path:
        """The folder named glossaries come from (the project's ``glossaries/`` by default)."""
        from replycheck.glossary import GLOSSARY_DIR

        return Path(self.glossary_dir) if self.glossary_dir else GLOSSARY_DIR

    @classmethod
    def from_env(cls, **overrides) -> "ServiceSettings":
        """Defaults, then ``REPLYCHECK_SERVE_*`` / ``REPLYCHECK_TOKEN[_FILE]``, then ``overrides``."""
        env = os.environ
        values: dict = {}
        numbers = {
            "port": int, "workers": int, "queue": int, "max_body_bytes": int,
            "max_reply_chars": int, "max_batch": int, "request_timeout": float,
        }
        for name, kind in numbers.items():
            raw = env.get(f"REPLYCHECK_SERVE_{name.upper()}")
            if raw:
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise ConfigError(f"REPLYCHECK_SERVE_{name.upper()} must be a number, not {raw!r}") from None
        if env.get("REPLYCHECK_SERVE_HOST"):
            values["host"] = env["REPLYCHECK_SERVE_HOST"]
        if env.get("REPLYCHECK_GLOSSARY_DIR"):
            values["glossary_dir"] = env["REPLYCHECK_GLOSSARY_DIR"]
        token_file = overrides.pop("token_file", None) or env.get("REPLYCHECK_TOKEN_FILE")
        token = overrides.pop("token", None) or env.get("REPLYCHECK_TOKEN")
        values["token"] = read_token(token, token_file)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "ServiceSettings":
        return replace(self, **changes)
