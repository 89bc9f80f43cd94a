"""Our OpenAI requests and streams on the wire: sent and read as the plain JSON they are, past
the SDK's typed layers (profiled: most of a turn's CPU in the SDK was those layers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openai import Stream


class StreamError(Exception):
    """A failure the vendor reported inside a 200 response (an `error` or `response.failed`)."""

    def __init__(self, code: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def chunk_data(stream: Stream[Any]) -> Iterator[dict[str, Any]]:
    """A stream's chunks as the JSON the server sent. The SDK would build a typed model of each
    chunk (about 70 µs of CPU each, and a chunk comes per token: most of a long answer's CPU);
    its own SSE decoding and its transport errors are kept, and an `error` the server sends
    inside the stream is raised, as the SDK raises it."""
    # the SDK's own decoder without its models: a private method of the pinned SDK
    # (requirements.txt), covered by tests/providers/test_openai_provider.py
    events = stream._iter_events()
    for event in events:
        if event.data.startswith("[DONE]"):
            break
        data = event.json()
        error = data.get("error") if isinstance(data, dict) else None
        if error:
            found = error if isinstance(error, dict) else {}
            message = found.get("message")
            if not isinstance(message, str) or not message:
                message = "An error occurred during streaming"
            raise StreamError(found.get("code"), message)
        yield data
    # The body ends right after [DONE]: read to its end, so the connection goes back to the
    # pool. Closed with its end unread (the SDK's synchronous stream does that), an HTTP/1.1
    # connection is dropped, and every model request paid a new connection (and TLS handshake).
    for _ in events:
        pass


def untransformed_tools(tools: list[dict[str, Any]]) -> dict[str, Any]:
    """The tools (if any) as part of the request's `extra_body`, sent as they are: the SDK
    walks a `tools=` or `messages=` argument through its type-driven transform on every request
    (about 2.8 ms of CPU for our ten tools, 2.4 ms for twenty messages of history, profiled),
    and ours are plain JSON already. The bytes on the wire are the same."""
    return {"tools": tools} if tools else {}
