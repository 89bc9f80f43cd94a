"""OpenAI's wire shapes for the fake server: responses, their SSE events, chat completions."""

from __future__ import annotations

import json
import re
import time
from typing import Any

WORDS = re.compile(r"\S+\s*|\s+")


def error_body(message: str, type_: str, param: str | None, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def pieces(text: str) -> list[str]:
    """Text as a model streams it: a word (and its trailing space) per delta."""
    return WORDS.findall(text) or [text]


def message_item(item_id: str, text: str) -> dict[str, Any]:
    part = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
    return {
        "id": item_id,
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [part],
    }


def function_call_item(item_id: str, call_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "function_call",
        "status": "completed",
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def response_object(
    response_id: str, body: dict[str, Any], output: list[dict[str, Any]], status: str
) -> dict[str, Any]:
    conversation = body.get("conversation")
    return {
        "id": response_id,
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "model": body.get("model"),
        "output": output,
        "conversation": {"id": conversation} if conversation else None,
        "previous_response_id": None,
        "instructions": body.get("instructions"),
        "tools": body.get("tools", []),
        "tool_choice": "auto",
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "error": None,
        "incomplete_details": None,
        "metadata": {},
        "text": {"format": {"type": "text"}},
        "usage": {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
    }


def response_events(response: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """created, in_progress, each item's events, completed (carrying the whole response)."""
    started = {**response, "status": "in_progress", "output": []}
    events = [("response.created", {"response": started})]
    events.append(("response.in_progress", {"response": started}))
    for index, item in enumerate(response["output"]):
        if item["type"] == "message":
            events += _message_events(index, item)
        else:
            events += _function_call_events(index, item)
    events.append(("response.completed", {"response": response}))
    return events


def failure_events(response: dict[str, Any], event: str, code: str, message: str) -> list[Any]:
    """A response that fails mid-stream: an `error` event or `response.failed`."""
    started = {**response, "status": "in_progress", "output": []}
    failed: tuple[str, dict[str, Any]] = (
        ("error", {"code": code, "message": message, "param": None})
        if event == "error"
        else (
            "response.failed",
            {
                "response": {
                    **started,
                    "status": "failed",
                    "error": {"code": code, "message": message},
                }
            },
        )
    )
    return [("response.created", {"response": started}), failed]


def _message_events(index: int, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    text = item["content"][0]["text"]
    at = {"item_id": item["id"], "output_index": index, "content_index": 0}
    empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    added = {**item, "status": "in_progress", "content": []}
    return [
        ("response.output_item.added", {"output_index": index, "item": added}),
        ("response.content_part.added", {**at, "part": empty}),
        *(
            ("response.output_text.delta", {**at, "delta": piece, "logprobs": []})
            for piece in pieces(text)
        ),
        ("response.output_text.done", {**at, "text": text, "logprobs": []}),
        ("response.content_part.done", {**at, "part": item["content"][0]}),
        ("response.output_item.done", {"output_index": index, "item": item}),
    ]


def _function_call_events(index: int, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    at = {"item_id": item["id"], "output_index": index}
    args = item["arguments"]
    half = len(args) // 2
    return [
        (
            "response.output_item.added",
            {"output_index": index, "item": {**item, "status": "in_progress", "arguments": ""}},
        ),
        ("response.function_call_arguments.delta", {**at, "delta": args[:half]}),
        ("response.function_call_arguments.delta", {**at, "delta": args[half:]}),
        ("response.function_call_arguments.done", {**at, "name": item["name"], "arguments": args}),
        ("response.output_item.done", {"output_index": index, "item": item}),
    ]


def sse_frames(events: list[tuple[str, dict[str, Any]]]) -> list[bytes]:
    """`event: <type>` + `data: <json>` frames, numbered as the Responses API numbers them."""
    frames = []
    for number, (kind, fields) in enumerate(events):
        data = json.dumps({"type": kind, "sequence_number": number, **fields})
        frames.append(f"event: {kind}\ndata: {data}\n\n".encode())
    return frames


def chat_completion(
    completion_id: str, model: str, text: str, calls: list[dict[str, Any]]
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text or None}
    if calls:
        message["tool_calls"] = calls
    choice = {
        "index": 0,
        "message": message,
        "finish_reason": "tool_calls" if calls else "stop",
        "logprobs": None,
    }
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [choice],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def chat_chunks(completion: dict[str, Any], with_usage: bool = False) -> list[bytes]:
    """The completion as `data:` chunks: role, text pieces, each call (id+name, then arguments),
    the finish reason, the usage (no choices) when asked for, then `data: [DONE]`."""
    message = completion["choices"][0]["message"]
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    deltas += [{"content": piece} for piece in pieces(message["content"] or "") if piece]
    for index, call in enumerate(message.get("tool_calls", [])):
        head = {"name": call["function"]["name"], "arguments": ""}
        deltas.append(
            {
                "tool_calls": [
                    {"index": index, "id": call["id"], "type": "function", "function": head}
                ]
            }
        )
        tail = {"arguments": call["function"]["arguments"]}
        deltas.append({"tool_calls": [{"index": index, "function": tail}]})
    finish = completion["choices"][0]["finish_reason"]
    chunks = [_chunk(completion, delta, None) for delta in deltas]
    chunks.append(_chunk(completion, {}, finish))
    if with_usage:
        chunks.append({**_chunk(completion, {}, None), "choices": [], "usage": completion["usage"]})
    return [f"data: {json.dumps(c)}\n\n".encode() for c in chunks] + [b"data: [DONE]\n\n"]


def _chunk(completion: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
