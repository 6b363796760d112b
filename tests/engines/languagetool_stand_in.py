"""A LanguageTool stand-in on 127.0.0.1 for the failure paths the real server cannot show on
demand (a slow answer, an error status, a broken body): ``GET /v2/languages``, ``POST /v2/check``."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = {"matches": [{
    "offset": 7, "length": 5, "message": "stavfel", "replacements": [{"value": "test"}],
    "rule": {"id": "HUNSPELL_RULE", "issueType": "misspelling", "category": {"id": "TYPOS"}},
}]}


class StandIn:
    """Answers ``/v2/check`` with ``body`` (default ``ANSWER``) and ``status`` after ``delay`` s;
    ``requests`` counts the checks, ``most_in_flight`` the most answered at once."""

    def __init__(self, delay: float = 0.0, status: int = 200, body: bytes | None = None) -> None:
        outer = self
        self.requests = 0
        self.in_flight = self.most_in_flight = 0
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._answer(200, b"[]")

            def do_POST(self) -> None:  # noqa: N802
                with lock:
                    outer.requests += 1
                    outer.in_flight += 1
                    outer.most_in_flight = max(outer.most_in_flight, outer.in_flight)
                try:
                    self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    time.sleep(delay)
                finally:
                    with lock:  # before the answer: the client cannot ask again until it has it
                        outer.in_flight -= 1
                self._answer(status, body if body is not None else json.dumps(ANSWER).encode())

            def _answer(self, code: int, payload: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
