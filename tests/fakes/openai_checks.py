"""What the fake OpenAI refuses, in OpenAI's words: tool shapes, call ids, combined state."""

from __future__ import annotations

from typing import Any

Problem = (
    tuple[Any, ...] | None
)  # (message, param[, status]) of a rejection, or None if all is well


def input_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    raw = body.get("input") or []
    if isinstance(raw, str):
        return [{"type": "message", "role": "user", "content": raw}]
    return [{"type": "message", **item} for item in raw]


def metadata_problem(metadata: Any) -> str | None:
    if not isinstance(metadata, dict) or len(metadata) > 16:
        return "Invalid 'metadata': expected an object with at most 16 pairs."
    for key, value in metadata.items():
        if not isinstance(value, str) or len(key) > 64 or len(value) > 512:
            return f"Invalid 'metadata.{key}': keys up to 64 characters, string values up to 512."
    return None


def strict_tool_problem(index: int, tool: Any) -> Problem:
    """A Responses function tool: flat, strict, every property required, nothing extra allowed."""
    where = f"tools[{index}]"
    if not isinstance(tool, dict) or tool.get("type") != "function" or "function" in tool:
        return f"Invalid '{where}': expected a flat function tool (no 'function' key).", where
    if not tool.get("name") or tool.get("strict") is not True:
        return f"Invalid '{where}': 'name' is required and the fake expects 'strict': true.", where
    params = tool.get("parameters") or {}
    props = params.get("properties") or {}
    missing = sorted(set(props) - set(params.get("required") or []))
    if params.get("type") != "object" or params.get("additionalProperties") is not False:
        return (
            f"Invalid schema for function '{tool['name']}': 'additionalProperties' is required "
            "to be supplied and to be false.",
            f"{where}.parameters",
        )
    if missing:
        return (
            f"Invalid schema for function '{tool['name']}': In context=(), 'required' is required "
            "to be supplied and to be an array including every key in properties. "
            f"Missing '{missing[0]}'.",
            f"{where}.parameters",
        )
    return None


def responses_problem(fake: Any, body: dict[str, Any]) -> Problem:
    if body.get("conversation") and body.get("previous_response_id"):
        return (
            "Mutually exclusive parameters: Ensure you are only providing one of: "
            "'previous_response_id' or 'conversation'.",
            "conversation",
        )
    for index, tool in enumerate(body.get("tools") or []):
        problem = strict_tool_problem(index, tool)
        if problem:
            return problem
    conv_id = body.get("conversation")
    if conv_id and conv_id not in fake.conversations:
        return f"Conversation with id '{conv_id}' not found.", "conversation", 404
    known = fake.conversations[conv_id]["items"] if conv_id else []
    return _call_problem(fake, known, input_items(body), bool(conv_id))


def _call_problem(
    fake: Any, known: list[dict[str, Any]], items: list[dict[str, Any]], in_conversation: bool
) -> Problem:
    context = [*known, *items]
    calls = [i["call_id"] for i in context if i["type"] == "function_call"]
    answered = {i["call_id"] for i in context if i["type"] == "function_call_output"}
    for item in items:
        call_id = item.get("call_id")
        if item["type"] != "function_call_output":
            continue
        if call_id not in calls and (in_conversation or call_id not in fake.issued):
            return f"No tool call found for function call output with call_id {call_id}.", "input"
    dangling = [call_id for call_id in calls if call_id not in answered]
    if in_conversation and dangling:
        return f"No tool output found for function call {dangling[0]}.", "input"
    return None


def chat_problem(fake: Any, body: dict[str, Any]) -> Problem:
    for index, tool in enumerate(body.get("tools") or []):
        function = tool.get("function") if isinstance(tool, dict) else None
        if tool.get("type") != "function" or not isinstance(function, dict):
            return f"Missing required parameter: 'tools[{index}].function'.", f"tools[{index}]"
        if not function.get("name") or (function.get("parameters") or {}).get("type") != "object":
            return f"Invalid 'tools[{index}].function': name and object parameters required.", None
    if not body.get("messages"):
        return "Invalid 'messages': empty array.", "messages"
    return _chat_calls_problem(fake, body["messages"])


def _chat_calls_problem(fake: Any, messages: list[dict[str, Any]]) -> Problem:
    open_calls: set[str] = set()
    for message in messages:
        if message.get("role") == "tool":
            if message.get("tool_call_id") not in open_calls:
                return (
                    "Invalid parameter: messages with role 'tool' must be a response to a "
                    "preceeding message with 'tool_calls'.",
                    "messages",
                )
            open_calls.discard(message["tool_call_id"])
            continue
        if open_calls:
            break
        calls = {c["id"] for c in message.get("tool_calls") or []}
        if message.get("role") == "assistant" and calls - fake.issued:
            return f"Invalid 'tool_calls': unknown id {sorted(calls - fake.issued)[0]}.", "messages"
        open_calls = calls
    if open_calls:
        return (
            "An assistant message with 'tool_calls' must be followed by tool messages responding "
            "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
            f"{', '.join(sorted(open_calls))}",
            "messages",
        )
    return None
