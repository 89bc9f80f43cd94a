"""OpenAIProvider: Responses on a server-side Conversation, or stateless Chat Completions."""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import Any

import httpx2
import openai
from openai import DefaultHttpxClient, OpenAI

from providers.base import (
    Event,
    Message,
    ModelCost,
    Provider,
    ProviderError,
    StateChanged,
    TextDelta,
    ToolCall,
    ToolResult,
    ToolRunner,
    TurnRequest,
)
from providers.openai_chat import (
    NOTES_HEADING,
    ChatCompletionsTurn,
    InterruptedCalls,
    Reply,
    tool_loop,
)
from providers.openai_wire import StreamError, untransformed_tools
from providers.tool_schemas import openai_function_tool

log = logging.getLogger(__name__)

STATE_KEY = "openai_conversation"
RATE_LIMIT_CODES = frozenset({"rate_limit_exceeded", "rate_limit_error"})
DANGLING_CALL = "No tool output found for function call"
SEEDED_HISTORY = 20  # the most items conversations.create accepts at once
# Connections kept open to the model, per process: as many as a gevent worker holds turns at
# once (GUNICORN_WORKER_CONNECTIONS). The SDK keeps 100: past that, each request of a busy
# worker opened a connection (a TLS handshake) and dropped it.
CONNECTIONS = 1000


class OpenAIProvider(Provider):
    """One model call per round; every tool call goes through the runner the service hands us."""

    name = "openai"

    def __init__(
        self,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        stateless: bool = False,
        *,
        stream: bool = True,
    ) -> None:
        self.model = model
        self.stateless = stateless
        self.stream = stream
        self._options: dict[str, Any] = {
            "api_key": api_key,
            "timeout": timeout,
            "max_retries": max_retries,
        }
        if base_url:
            self._options["base_url"] = base_url
        self._client: OpenAI | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> OpenAI:
        """Built on first use, so the app starts (and the local provider works) with no key."""
        with self._lock:
            if self._client is None:
                kept = httpx2.Limits(
                    max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS
                )
                self._client = OpenAI(**self._options, http_client=DefaultHttpxClient(limits=kept))
            return self._client

    def start_conversation(self, conversation_id: str) -> dict[str, Any]:
        if self.stateless:
            return {}
        try:
            return {STATE_KEY: self._new_conversation(conversation_id, ())}
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, self.model) from exc

    def needs_history(self, state: dict[str, Any]) -> bool:
        """Chat Completions carries our transcript; a server-side Conversation is seeded from
        it once (a conversation started in stateless mode), then keeps its own."""
        return self.stateless or not state.get(STATE_KEY)

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        try:
            yield from self._turn(request, run_tools)
        except (openai.OpenAIError, StreamError) as exc:
            raise to_provider_error(exc, self.model) from exc

    def _turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        if self.stateless:
            chat = ChatCompletionsTurn(self.client, self.model, request, stream=self.stream)
            yield from tool_loop(request, run_tools, chat)
            return
        conversation = request.state.get(STATE_KEY)
        if not conversation:  # started in stateless mode: carry our transcript over
            conversation = self._new_conversation(request.conversation_id, request.history)
            yield StateChanged({**request.state, STATE_KEY: conversation})
        yield from tool_loop(request, run_tools, ResponsesTurn(self, request, conversation))

    def _new_conversation(self, conversation_id: str, history: Sequence[Message]) -> str:
        items = [
            {"type": "message", "role": m.role, "content": m.content}
            for m in history[-SEEDED_HISTORY:]
        ]
        created = self.client.conversations.create(
            metadata={"cloudmart_conversation": conversation_id},  # our id only: no personal data
            **({"items": items} if items else {}),
        )
        return created.id


class ResponsesTurn:
    """One turn on the Responses API: the Conversation keeps the items, we send only what's new."""

    def __init__(self, provider: OpenAIProvider, request: TurnRequest, conversation: str) -> None:
        self.requests = 0
        self.cost = ModelCost()
        self._client = provider.client
        self._conversation = conversation
        self._stream = provider.stream
        self._params: dict[str, Any] = {
            "model": provider.model,
            "conversation": conversation,
            "instructions": request.instructions,
        }
        if request.max_output_tokens:
            self._params["max_output_tokens"] = request.max_output_tokens
        if request.tools:
            tools = [openai_function_tool(spec) for spec in request.tools]
            self._params["extra_body"] = untransformed_tools(tools)
            self._params["parallel_tool_calls"] = True
        self._opening = opening_items(request)  # sent with the first request that succeeds
        self._recovered = False

    def send(self, results: Sequence[ToolResult]) -> Generator[TextDelta, None, Reply]:
        outputs = [
            {"type": "function_call_output", "call_id": r.call_id, "output": r.output}
            for r in results
        ]
        params = {**self._params, "input": [*outputs, *self._opening]}
        self.requests += 1
        try:
            response = yield from (self._streamed(params) if self._stream else self._whole(params))
        except openai.BadRequestError as exc:
            if not self._opening or self._recovered or DANGLING_CALL not in _vendor(exc):
                raise
            self._recovered = True
            unanswered = self._unanswered()
            if not unanswered:
                raise
            raise InterruptedCalls(unanswered) from exc
        self._opening = []
        if response.usage is not None:
            self.cost.add_tokens(response.usage.input_tokens, response.usage.output_tokens)
        return Reply(response.output_text, _function_calls(response.output))

    def _whole(self, params: dict[str, Any]) -> Generator[TextDelta, None, Any]:
        response = self._client.responses.create(**params)
        if response.status == "failed":
            raise _failure(response)
        if response.output_text:
            yield TextDelta(response.output_text)
        return response

    def _streamed(self, params: dict[str, Any]) -> Generator[TextDelta, None, Any]:
        final = None
        with self._client.responses.create(**params, stream=True) as events:
            for event in events:
                if event.type == "response.output_text.delta":
                    yield TextDelta(event.delta)
                elif event.type in ("response.completed", "response.incomplete"):
                    final = event.response
                elif event.type == "response.failed":
                    raise _failure(event.response)
                elif event.type == "error":
                    raise StreamError(event.code, event.message)
        if final is None:
            raise StreamError(None, "the response stream ended before response.completed")
        return final

    def _unanswered(self) -> list[ToolCall]:
        """The function calls in the Conversation that no function_call_output answers yet."""
        page = self._client.conversations.items.list(self._conversation, order="desc", limit=50)
        answered: set[str] = set()
        calls: list[ToolCall] = []
        for item in page.data:  # newest first: an output comes before the call it answers
            if item.type == "function_call_output":
                answered.add(item.call_id)
            elif item.type == "function_call" and item.call_id not in answered:
                calls.append(ToolCall(item.call_id, item.name, item.arguments))
        return calls[::-1]


def opening_items(request: TurnRequest) -> list[dict[str, Any]]:
    """The customer's message, after a developer note of what happened outside the model."""
    items: list[dict[str, Any]] = []
    if request.notes:
        note = f"{NOTES_HEADING} {' '.join(request.notes)}"
        items.append({"type": "message", "role": "developer", "content": note})
    items.append({"type": "message", "role": "user", "content": request.text})
    return items


def _function_calls(output: Sequence[Any]) -> tuple[ToolCall, ...]:
    return tuple(
        ToolCall(item.call_id, item.name, item.arguments)
        for item in output
        if item.type == "function_call"
    )


def _failure(response: Any) -> StreamError:
    error = getattr(response, "error", None)
    if error is None:
        return StreamError(None, "the response failed without an error")
    return StreamError(error.code, error.message)


def to_provider_error(exc: Exception, model: str) -> ProviderError:
    """The one mapping of an OpenAI failure to what it means for our caller."""
    log.warning("OpenAI call failed: %s: %s", type(exc).__name__, _vendor(exc))
    if isinstance(exc, openai.RateLimitError):
        retry = _retry_after(exc.response.headers)
        return ProviderError("OpenAI is rate limiting us; try again shortly", 503, retry)
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError("OpenAI did not answer in time (OPENAI_TIMEOUT); try again", 504)
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError("could not reach OpenAI (OPENAI_BASE_URL); try again shortly", 502)
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ProviderError("OpenAI refused our credentials: check OPENAI_API_KEY", 503)
    if isinstance(exc, openai.NotFoundError) and _about_model(exc):
        return ProviderError(f"OpenAI has no model {model!r}: check OPENAI_MODEL", 503)
    if isinstance(exc, openai.BadRequestError):
        return ProviderError(f"OpenAI rejected the request: {_vendor(exc)}", 502)
    if isinstance(exc, openai.APIStatusError):
        return ProviderError(f"OpenAI failed with status {exc.status_code}; try again", 502)
    if isinstance(exc, StreamError | openai.APIError):  # reported inside a stream
        code = exc.code
        if code is not None and code in RATE_LIMIT_CODES:
            return ProviderError("OpenAI is rate limiting us; try again shortly", 503)
        return ProviderError(f"OpenAI failed while answering: {_vendor(exc)}", 502)
    return ProviderError(f"the OpenAI client failed: {exc}", 502)


def _about_model(exc: openai.NotFoundError) -> bool:
    return exc.code == "model_not_found" or exc.param == "model"


def _vendor(exc: Exception) -> str:
    """The vendor's own message: the `message` of the error body when there is one."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return str(getattr(exc, "message", None) or exc)


def _retry_after(headers: Any) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after`, as the SDK reads them."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return max(0.0, float(headers[name]) / scale)
        except (KeyError, TypeError, ValueError):
            continue
    return None
