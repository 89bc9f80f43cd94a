"""The fake OpenAI's HTTP side: a threaded server on 127.0.0.1 (port 0) and how answers are sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.openai_wire import error_body
from tests.fakes.quiet_server import QuietThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: Any = None  # a JSON object, or SSE frames (a list of bytes) sent chunked
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering


def error(status: int, message: str, type_: str, param: str | None = None, **more: Any) -> Answer:
    """An error in OpenAI's shape: {"error": {"message", "type", "param", "code"}}."""
    body = error_body(message, type_, param, more.pop("code", None))
    return Answer(status, body, more.pop("headers", {}))


Handle = Callable[[str, str, bytes, str | None], Answer]  # (method, target, body, authorization)


class LocalServer:
    """Serves `handle` on 127.0.0.1 from a background thread until closed."""

    def __init__(self, handle: Handle) -> None:
        self._httpd = QuietThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_request_with = handle  # type: ignore[attr-defined]
        self._httpd.connections = 0  # type: ignore[attr-defined]
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def connections(self) -> int:
        """Connections accepted so far (a client that keeps its connection makes one)."""
        return int(self._httpd.connections)  # type: ignore[attr-defined]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True  # replies are small writes: no 40 ms delayed-ACK stall
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1  # type: ignore[attr-defined]  # a handler per connection

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, *_: Any) -> None:
        pass

    def _serve(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        handle: Handle = self.server.handle_request_with  # type: ignore[attr-defined]
        answer = handle(self.command, self.path, raw, self.headers.get("authorization"))
        try:
            self._write(answer)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout): nobody to answer

    def _write(self, answer: Answer) -> None:
        if answer.drop:
            self.close_connection = True
            return
        if isinstance(answer.body, list):
            self._write_stream(answer.body)
            return
        data = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        for name, value in {"content-type": "application/json", **answer.headers}.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _write_stream(self, frames: list[bytes]) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for frame in frames:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
        self.wfile.write(b"0\r\n\r\n")
