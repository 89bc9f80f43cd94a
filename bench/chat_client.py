"""A keep-alive HTTP client for the chat benchmark: JSON calls and a streamed turn, timed."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from typing import Any

STREAM_LIMIT_S = 120.0  # a stream that runs longer is abandoned


@dataclass(frozen=True)
class Timed:
    status: int
    body: Any
    seconds: float


@dataclass(frozen=True)
class Streamed:
    first_text_s: float | None  # until the first `event: text` frame arrived
    seconds: float  # until the stream ended
    events: list[str]


class ApiClient:
    """One connection to the app on 127.0.0.1:port, signed in with one bearer token."""

    def __init__(self, port: int, token: str) -> None:
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def close(self) -> None:
        self._conn.close()

    def call(self, method: str, path: str, body: Any = None) -> Timed:
        """One request, timed from sending to the end of the body."""
        data = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        try:
            self._conn.request(method, path, body=data, headers=self._headers)
            response = self._conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self._conn.close()
            raise
        seconds = time.perf_counter() - started
        return Timed(response.status, json.loads(raw) if raw else None, seconds)

    def ok(self, method: str, path: str, body: Any = None, expect: int = 200) -> Timed:
        """`call`, insisting on the expected status."""
        result = self.call(method, path, body)
        if result.status != expect:
            raise RuntimeError(f"{method} {path} answered {result.status}: {result.body}")
        return result

    def stream(self, path: str, body: Any) -> Streamed:
        """POST a streamed turn; time the first text event and the end of the stream."""
        started = time.perf_counter()
        self._conn.request("POST", path, body=json.dumps(body).encode(), headers=self._headers)
        response = self._conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"POST {path} answered {response.status}: {response.read()!r}")
        buffer, first_text = b"", None
        while time.perf_counter() - started < STREAM_LIMIT_S:
            chunk = response.read1(65536)
            if not chunk:
                break
            buffer += chunk
            if first_text is None and b"event: text\n" in buffer:
                first_text = time.perf_counter() - started
        seconds = time.perf_counter() - started
        events = [line[7:] for line in buffer.decode().splitlines() if line.startswith("event: ")]
        return Streamed(first_text, seconds, events)
