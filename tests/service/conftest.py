"""A real uvicorn server on 127.0.0.1 in this process, so the suite's no-network guard covers it."""

from __future__ import annotations

import threading
import time

import pytest
import uvicorn

from replycheck.service import ServiceSettings, create_app

TOKEN = "test-token-0123456789abcdef"


class RunningService:
    """``create_app(settings, checker)`` served by uvicorn on a free loopback port."""

    def __init__(self, settings: ServiceSettings, checker, *, warm_up: bool = False) -> None:
        self.app = create_app(settings, checker, warm_up=warm_up)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, access_log=False, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="test-service", daemon=True)

    def __enter__(self) -> "RunningService":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the service did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture(scope="module")
def service(fast_checker):
    """The service over the suite's Checker without LanguageTool, no token (loopback)."""
    with RunningService(ServiceSettings(max_reply_chars=20_000, max_batch=5), fast_checker) as running:
        yield running


@pytest.fixture(scope="module")
def guarded(fast_checker):
    """The same service with a bearer token."""
    with RunningService(ServiceSettings(token=TOKEN), fast_checker) as running:
        yield running
