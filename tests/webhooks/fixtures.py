"""Fixtures of the webhooks' tests: members by role, and a real HTTP receiver (``http.server`` in a thread on
127.0.0.1) that records every request and answers what the test queued (a status, a delay, a body)."""

from __future__ import annotations

import http.server
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import pytest

from cadence.core.models import Membership


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    answers: deque[tuple[int, float, bytes, dict[str, str]]] = field(default_factory=deque)

    def answer(self, status: int, *, delay: float = 0.0, body: bytes = b'{"ok":true}',
               headers: dict[str, str] | None = None) -> None:
        self.answers.append((status, delay, body, headers or {}))


@pytest.fixture
def receiver():
    state: dict[str, Receiver] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            rec = state["r"]
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            rec.requests.append(Received(self.path, {k: v for k, v in self.headers.items()}, body))
            status, delay, answer, headers = rec.answers.popleft() if rec.answers else (200, 0.0, b'{"ok":true}', {})
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up (a timeout test)
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state["r"] = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/cadence")
    yield state["r"]
    server.shutdown()
    server.server_close()
