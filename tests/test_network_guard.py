"""The session-wide no-network guard (tests/conftest.py): loopback only."""

from __future__ import annotations

import socket
import threading

import pytest


@pytest.mark.parametrize("address", [("93.184.216.34", 80), ("example.com", 443), ("2606:2800:220:1::", 443, 0, 0), ("10.0.0.1", 53)])
def test_non_loopback_connections_are_refused(address, network_attempts):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        with pytest.raises(RuntimeError, match="network access in a test.*loopback"):
            sock.connect(address)
        with pytest.raises(RuntimeError, match="network access"):
            sock.connect_ex(address)
    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(address[:2], timeout=1)
    assert len(network_attempts) == 3  # cleared after this test; elsewhere they fail the test


def test_loopback_and_unix_sockets_work(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepting = threading.Thread(target=lambda: server.accept()[0].close(), daemon=True)
    accepting.start()
    with socket.create_connection(("localhost", port), timeout=5):
        pass
    accepting.join(5)
    server.close()
    path = str(tmp_path / "s.sock")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(path)
    unix.listen()
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(path)
    unix.close()
    for address in [("::1", port, 0, 0), ("127.3.2.1", port), ("::ffff:127.0.0.1", port, 0, 0)]:
        with socket.socket(socket.AF_INET6 if ":" in address[0] else socket.AF_INET) as sock:
            sock.connect_ex(address)  # refused by the kernel (nothing listens), not by the guard
