"""A counting proxy in front of DynamoDB Local: how many calls a server makes, by operation.

The app is pointed at the proxy (DYNAMODB_ENDPOINT_URL) and every request is passed on as it
came (DynamoDB Local does not check signatures), so any revision of the app is counted the same
way, from outside, with nothing in the app for it. Only `concurrency`'s counting cell uses it:
the hop costs time, so the cells that measure time and CPU talk to DynamoDB Local directly.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.fakes.quiet_server import QuietThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding"}


class CountingProxy:
    """Passes every request to `upstream` and counts them by their X-Amz-Target operation."""

    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                operation = (self.headers.get("X-Amz-Target") or "?").rpartition(".")[2]
                with proxy._lock:
                    proxy.counts[operation] += 1
                status, headers, answer = proxy.forward(self, body)
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_: object) -> None:
                pass

        self._host, self._port = target.hostname or "127.0.0.1", target.port or 80
        self._local = threading.local()  # one upstream connection per handler thread
        self._server = QuietThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def forward(
        self, request: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = http.client.HTTPConnection(self._host, self._port, timeout=60)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        conn.request("POST", request.path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()

    def snapshot(self) -> Counter[str]:
        with self._lock:
            return Counter(self.counts)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
