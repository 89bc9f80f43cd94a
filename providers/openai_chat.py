"""The tool loop both OpenAI modes share, and its Chat Completions transport (stateless mode)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from openai import OpenAI

from providers.base import (
    Event,
    FinalText,
    MaxToolRoundsExceededError,
    Message,
    ModelCost,
    TextDelta,
    ToolCall,
    ToolCallMade,
    ToolResult,
    ToolRunner,
    TurnRequest,
)
from providers.openai_wire import StreamError, chunk_data, untransformed_tools
from providers.tool_schemas import chat_completions_tool

NOTES_HEADING = "Since the customer's last message:"


@dataclass(frozen=True)
class Reply:
    """One model response: its text and the tool calls it asks for."""

    text: str
    calls: tuple[ToolCall, ...] = ()


class InterruptedCalls(Exception):
    """Calls a broken-off earlier turn left unanswered: the loop runs them and answers first."""

    def __init__(self, calls: Sequence[ToolCall]) -> None:
        super().__init__(f"{len(calls)} unanswered tool calls")
        self.calls = tuple(calls)


class Transport(Protocol):
    """How one turn talks to the model; `requests` counts the model round trips made and
    `cost` their durations and tokens."""

    requests: int
    cost: ModelCost

    def send(self, results: Sequence[ToolResult]) -> Generator[TextDelta, None, Reply]: ...


def tool_loop(request: TurnRequest, run_tools: ToolRunner, transport: Transport) -> Iterator[Event]:
    """Ask; run every call of the reply in one batch; answer them all in one request; repeat."""
    results: list[ToolResult] = []
    texts: list[str] = []
    tool_calls = 0
    while True:
        reply = yield from _ask(transport, results, "\n\n" if texts else "")
        if reply.text:
            texts.append(reply.text)
        if not reply.calls:
            break
        if transport.requests > request.max_tool_rounds:
            raise MaxToolRoundsExceededError(request.max_tool_rounds)
        results = run_tools(reply.calls)
        tool_calls += len(reply.calls)
        for call, result in zip(reply.calls, results, strict=True):
            yield ToolCallMade(call, result)
    yield FinalText("\n\n".join(texts))
    yield transport.cost.usage(tool_calls, round_trips=transport.requests)


def _ask(
    transport: Transport, results: Sequence[ToolResult], separator: str
) -> Generator[Event, None, Reply]:
    """Forward the reply's text deltas, with a paragraph break before a later reply's text."""
    deltas = transport.send(results)
    started = time.perf_counter()
    try:
        while True:
            delta = next(deltas)
            if separator:
                yield TextDelta(separator)
                separator = ""
            yield delta
    except StopIteration as done:
        return done.value
    except InterruptedCalls as interrupted:
        return Reply("", interrupted.calls)
    finally:
        deltas.close()  # a client gone mid-stream: let go of the HTTP response now
        transport.cost.request_seconds.append(time.perf_counter() - started)


def new_call_id() -> str:
    """For servers that leave a tool call's id out: the runner's idempotency needs one."""
    return f"call_{secrets.token_hex(12)}"


class ChatCompletionsTurn:
    """One turn on Chat Completions: our transcript travels with every request (no server state)."""

    def __init__(self, client: OpenAI, model: str, request: TurnRequest, *, stream: bool) -> None:
        self.requests = 0
        self.cost = ModelCost()
        self._client = client
        self._model = model
        self._stream = stream
        self._tools = [chat_completions_tool(spec) for spec in request.tools]
        self._max_tokens = request.max_output_tokens
        self._messages = opening_messages(request)

    def send(self, results: Sequence[ToolResult]) -> Generator[TextDelta, None, Reply]:
        self._messages.extend(
            {"role": "tool", "tool_call_id": r.call_id, "content": r.output} for r in results
        )
        # messages=[] for the SDK's signature; the messages themselves go untransformed
        body = {"messages": list(self._messages), **untransformed_tools(self._tools)}
        params: dict[str, Any] = {"model": self._model, "messages": [], "extra_body": body}
        if self._max_tokens:  # max_tokens: what OpenAI-compatible servers all understand
            params["max_tokens"] = self._max_tokens
        self.requests += 1
        reply = yield from (self._streamed(params) if self._stream else self._whole(params))
        self._messages.append(_assistant_message(reply))
        return reply

    def _whole(self, params: dict[str, Any]) -> Generator[TextDelta, None, Reply]:
        completion = self._client.chat.completions.create(**params)
        if completion.usage is not None:
            self.cost.add_tokens(completion.usage.prompt_tokens, completion.usage.completion_tokens)
        if not completion.choices:
            raise StreamError(None, "the model server answered with no choices")
        message = completion.choices[0].message
        calls = tuple(
            ToolCall(tc.id or new_call_id(), tc.function.name, tc.function.arguments)
            for tc in message.tool_calls or ()
            if tc.type == "function"
        )
        if message.content:
            yield TextDelta(message.content)
        return Reply(message.content or "", calls)

    def _streamed(self, params: dict[str, Any]) -> Generator[TextDelta, None, Reply]:
        parts: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = {"include_usage": True}
        with self._client.chat.completions.create(
            **params, stream=True, stream_options=usage
        ) as chunks:
            for chunk in chunk_data(chunks):
                if chunk.get("usage"):  # the closing chunk, when the server sends one
                    tokens = chunk["usage"]
                    self.cost.add_tokens(tokens["prompt_tokens"], tokens["completion_tokens"])
                if not chunk.get("choices"):
                    continue
                delta = chunk["choices"][0].get("delta") or {}
                if delta.get("content"):
                    parts.append(delta["content"])
                    yield TextDelta(delta["content"])
                for piece in delta.get("tool_calls") or ():
                    index = piece["index"] if piece.get("index") is not None else len(calls)
                    _merge(calls.setdefault(index, {"id": "", "name": "", "arguments": ""}), piece)
        found = (calls[i] for i in sorted(calls))
        return Reply(
            "".join(parts),
            tuple(ToolCall(c["id"] or new_call_id(), c["name"], c["arguments"]) for c in found),
        )


def _merge(call: dict[str, str], piece: dict[str, Any]) -> None:
    """A streamed tool call arrives in pieces: the id and name first, then the arguments."""
    call["id"] = piece.get("id") or call["id"]
    function = piece.get("function")
    if function is not None:
        call["name"] = function.get("name") or call["name"]
        call["arguments"] += function.get("arguments") or ""


def _assistant_message(reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if reply.calls:
        message["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in reply.calls
        ]
    return message


def opening_messages(request: TurnRequest) -> list[dict[str, Any]]:
    """System prompt (with the notes), our transcript, then the new message, roles alternating."""
    system = request.instructions
    if request.notes:
        system = f"{system}\n\n{NOTES_HEADING} {' '.join(request.notes)}"
    turns = _alternating([*request.history, Message("user", request.text)])
    return [{"role": "system", "content": system}, *turns]


def _alternating(history: Sequence[Message]) -> list[dict[str, Any]]:
    """Many chat templates insist on user/assistant turns alternating, starting with the user."""
    merged: list[dict[str, Any]] = []
    for message in history:
        if not merged and message.role == "assistant":
            continue
        if merged and merged[-1]["role"] == message.role:
            merged[-1]["content"] += f"\n\n{message.content}"
        else:
            merged.append({"role": message.role, "content": message.content})
    return merged
