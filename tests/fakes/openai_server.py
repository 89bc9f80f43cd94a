"""A fake OpenAI on 127.0.0.1: Conversations, Responses (JSON, SSE), Chat Completions, scripted."""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes import openai_checks as checks
from tests.fakes import openai_wire as wire
from tests.fakes.openai_http import Answer, LocalServer, error

MODEL_PATHS = ("/v1/responses", "/v1/chat/completions")


@dataclass(frozen=True)
class Text:
    """The model answers with this text."""

    text: str


@dataclass(frozen=True)
class ToolCalls:
    """The model asks for these calls, [(name, arguments dict or raw JSON string)], in one reply."""

    calls: list[tuple[str, Any]]
    ids: list[str] | None = None  # fixed call ids, e.g. to re-issue one
    text: str = ""


@dataclass(frozen=True)
class Error:
    """An HTTP error in OpenAI's shape; nothing is stored."""

    status: int
    message: str = "The fake was told to fail."
    type: str = "server_error"
    code: str | None = None
    param: str | None = None
    retry_after: float | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Failed:
    """A 200 whose stream fails: a `response.failed` (or `error`) event; JSON requests get a 500."""

    code: str = "server_error"
    message: str = "The model failed while answering."
    event: str = "response.failed"


@dataclass(frozen=True)
class Delay:
    """Wait (until the server closes at most), then answer with `then`."""

    seconds: float
    then: Any = Text("Sorry for the wait.")


@dataclass(frozen=True)
class Drop:
    """Close the connection without answering."""


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    body: dict[str, Any]


class FakeOpenAI:
    """Answers each model request with the next scripted step; records and counts requests."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.conversations: dict[str, dict[str, Any]] = {}
        self.issued: set[str] = set()  # every call id a reply has carried
        self.rejected: list[str] = []  # the 400s the fake gave for protocol mistakes
        self._steps: deque[Any] = deque()
        self.always: Any = None  # the step for a request when the script is empty (load tests)
        self.in_flight = 0  # model requests being answered right now
        self.max_in_flight = 0  # the most at once so far
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._closing = threading.Event()
        self._server: LocalServer | None = None

    def __enter__(self) -> FakeOpenAI:
        self._server = LocalServer(self.handle)
        return self

    def __exit__(self, *_: object) -> None:
        self._closing.set()  # a Delay in progress stops waiting
        if self._server is not None:
            self._server.close()

    @property
    def url(self) -> str:
        assert self._server is not None, "use the fake as a context manager"
        return self._server.url

    @property
    def connections(self) -> int:
        assert self._server is not None, "use the fake as a context manager"
        return self._server.connections

    def script(self, *steps: Any) -> FakeOpenAI:
        """Queue one step per model request: Text, ToolCalls, Error, Failed, Delay or Drop."""
        self._steps.extend(steps)
        return self

    @property
    def model_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path in MODEL_PATHS]

    @property
    def round_trips(self) -> int:
        return len(self.model_requests)

    def assert_all_used(self) -> None:
        assert not self._steps, f"{len(self._steps)} scripted steps were never asked for"

    def handle(self, method: str, target: str, raw: bytes, auth: str | None) -> Answer:
        path, query = urlsplit(target).path, parse_qs(urlsplit(target).query)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return error(
                400, "We could not parse the JSON body of your request.", "invalid_request_error"
            )
        with self._lock:
            self.requests.append(Recorded(method, path, body))
        if not (auth or "").startswith("Bearer ") or len(auth or "") <= 7:
            return error(401, "You didn't provide an API key.", "invalid_request_error")
        return self._route(method, path, query, body)

    def _route(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any]) -> Answer:
        parts = path.strip("/").split("/")
        if (method, path) == ("POST", "/v1/conversations"):
            return self._create_conversation(body)
        if method == "GET" and parts[:2] == ["v1", "conversations"] and parts[3:] == ["items"]:
            return self._list_items(parts[2], query)
        if (method, path) == ("POST", "/v1/responses"):
            return self._model_request(body, checks.responses_problem, self._response)
        if (method, path) == ("POST", "/v1/chat/completions"):
            return self._model_request(body, checks.chat_problem, self._chat)
        return error(404, f"Invalid URL ({method} {path})", "invalid_request_error")

    def _create_conversation(self, body: dict[str, Any]) -> Answer:
        problem = checks.metadata_problem(body.get("metadata") or {})
        if problem:
            return self._reject(problem, "metadata")
        with self._lock:
            conv_id = f"conv_{next(self._ids):06d}"
            items = [self._stored(item) for item in body.get("items") or []]
            self.conversations[conv_id] = {"metadata": body.get("metadata") or {}, "items": items}
        conv = {
            "id": conv_id,
            "object": "conversation",
            "created_at": 0,
            "metadata": body.get("metadata") or {},
        }
        return Answer(200, conv)

    def _list_items(self, conv_id: str, query: dict[str, Any]) -> Answer:
        conv = self.conversations.get(conv_id)
        if conv is None:
            return error(
                404, f"Conversation with id '{conv_id}' not found.", "invalid_request_error"
            )
        items = list(conv["items"])
        if query.get("order", ["desc"])[0] == "desc":
            items.reverse()
        items = items[: int(query.get("limit", ["20"])[0])]
        return Answer(200, {"object": "list", "data": items, "has_more": False, "last_id": None})

    def _model_request(self, body: dict[str, Any], check: Any, answer: Any) -> Answer:
        with self._lock:
            problem = check(self, body)
            if problem is not None:
                return self._reject(*problem)
            step = self._steps.popleft() if self._steps else self.always
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return self._answer(body, step, answer)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, body: dict[str, Any], step: Any, answer: Any) -> Answer:
        if step is None:
            return error(
                500,
                "fake: no scripted step left",
                "server_error",
                headers={"x-should-retry": "false"},
            )
        while isinstance(step, Delay):
            self._closing.wait(step.seconds)
            step = step.then
        if isinstance(step, Error):
            headers = dict(step.headers)
            if step.retry_after is not None:
                headers["retry-after"] = str(step.retry_after)
            return error(
                step.status, step.message, step.type, step.param, code=step.code, headers=headers
            )
        if isinstance(step, Drop):
            return Answer(drop=True)
        with self._lock:
            return answer(body, step)

    def _reject(self, message: str, param: str | None, status: int = 400) -> Answer:
        self.rejected.append(message)
        return error(status, message, "invalid_request_error", param)

    def _response(self, body: dict[str, Any], step: Any) -> Answer:
        response_id = f"resp_{next(self._ids):06d}"
        if isinstance(step, Failed):
            if not body.get("stream"):
                return error(500, step.message, "server_error", code=step.code)
            started = wire.response_object(response_id, body, [], "in_progress")
            return Answer(
                200,
                wire.sse_frames(wire.failure_events(started, step.event, step.code, step.message)),
            )
        output = self._output(step)
        conv_id = body.get("conversation")
        if conv_id:
            new = [*checks.input_items(body), *output]
            self.conversations[conv_id]["items"] += [self._stored(i) for i in new]
        response = wire.response_object(response_id, body, output, "completed")
        if body.get("stream"):
            return Answer(200, wire.sse_frames(wire.response_events(response)))
        return Answer(200, response)

    def _output(self, step: Any) -> list[dict[str, Any]]:
        text = step.text
        output = [wire.message_item(f"msg_{next(self._ids):06d}", text)] if text else []
        for call_id, name, arguments in self._calls(step):
            output.append(
                wire.function_call_item(f"fc_{next(self._ids):06d}", call_id, name, arguments)
            )
        return output

    def _calls(self, step: Any) -> list[tuple[str, str, str]]:
        if not isinstance(step, ToolCalls):
            return []
        calls = []
        for index, (name, arguments) in enumerate(step.calls):
            call_id = step.ids[index] if step.ids else f"call_{next(self._ids):06d}"
            self.issued.add(call_id)
            raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
            calls.append((call_id, name, raw))
        return calls

    def _chat(self, body: dict[str, Any], step: Any) -> Answer:
        if isinstance(step, Failed):
            if not body.get("stream"):
                return error(500, step.message, "server_error", code=step.code)
            failure = wire.error_body(step.message, "server_error", None, step.code)
            return Answer(200, [f"data: {json.dumps(failure)}\n\n".encode()])
        calls = [
            {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
            for call_id, name, arguments in self._calls(step)
        ]
        completion = wire.chat_completion(
            f"chatcmpl-{next(self._ids):06d}", body.get("model", ""), step.text, calls
        )
        if body.get("stream"):
            usage = (body.get("stream_options") or {}).get("include_usage")
            return Answer(200, wire.chat_chunks(completion, with_usage=bool(usage)))
        return Answer(200, completion)

    def _stored(self, item: dict[str, Any]) -> dict[str, Any]:
        """An item as a conversation keeps it: typed, with an id."""
        item = {"type": "message", **item}
        prefix = {"message": "msg", "function_call": "fc", "function_call_output": "fco"}
        return {"id": f"{prefix.get(item['type'], 'item')}_{next(self._ids):06d}", **item}
