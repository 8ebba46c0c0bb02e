"""A recording HTTP server on 127.0.0.1 for the tests that call generated clients.

`RecordingServer` listens on a free loopback port, records every request it
gets and answers each with its current `reply`. The `recording_server`
fixture starts one per test and stops it afterwards. Nothing here talks to
any other address.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["RecordedRequest", "RecordingServer", "Reply", "recording_server"]


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str
    """The path as sent, still percent-encoded."""
    raw_query: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names lower-cased."""
    body: bytes


@dataclass
class Reply:
    """What the server answers to every request."""

    status: int = 200
    content_type: str | None = "application/json"
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)


class RecordingServer:
    """A loopback HTTP server that records requests and sends a set reply."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.reply = Reply()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.recorder = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def only_request(self) -> RecordedRequest:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]

    def respond_json(
        self,
        data: Any,
        *,
        status: int = 200,
        content_type: str = "application/json",
    ) -> None:
        self.reply = Reply(
            status=status, content_type=content_type, body=json.dumps(data).encode()
        )

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        assert not self._thread.is_alive()


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so no connection outlives a test.
    protocol_version = "HTTP/1.0"

    def _handle(self) -> None:
        recorder: RecordingServer = self.server.recorder  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        recorder.record(
            RecordedRequest(
                method=self.command,
                path=url.path,
                raw_query=url.query,
                query=parse_qs(url.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
        )
        reply = recorder.reply
        self.send_response(reply.status)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle
    do_HEAD = do_TRACE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


def recording_server() -> Iterator[RecordingServer]:
    """Run a `RecordingServer` for the length of a test (use as a fixture body)."""
    recording = RecordingServer()
    recording.start()
    try:
        yield recording
    finally:
        recording.stop()
