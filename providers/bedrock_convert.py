"""Pure converters between Bedrock Agent return of control and the neutral tool types."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from providers.base import ProviderError, ToolCall, ToolResult

SESSION_ATTRIBUTE = "cloudmartConversationId"  # our conversation id, never personal data
TURN_ATTRIBUTE = "cloudmartTurn"  # a random token per turn (a prompt attribute: one turn long)
# The customer's language, a prompt attribute of every turn: the agent's prompt shows it
# ("answer in es"), and the action group's Lambda writes its summaries in it.
LANGUAGE_ATTRIBUTE = "customerLanguage"
_INVALID_SESSION_CHARS = re.compile(r"[^0-9a-zA-Z._:-]")
MAX_NOTES_CHARS = 2000


def session_id(conversation_id: str) -> str:
    """The agent session for a conversation: 2-100 of [0-9a-zA-Z._:-], one per conversation."""
    cleaned = _INVALID_SESSION_CHARS.sub("-", conversation_id)
    if cleaned == conversation_id and 2 <= len(cleaned) <= 100:
        return cleaned
    digest = hashlib.sha256(conversation_id.encode()).hexdigest()[:12]
    return f"{cleaned[:87]}.{digest}"  # the digest keeps two ids that clean alike apart


def input_text(text: str, notes: Sequence[str]) -> str:
    """The user's message, after a short note of what happened since the last turn."""
    if not notes:
        return text
    told = " ".join(notes)[-MAX_NOTES_CHARS:]
    return f"(Since your last reply: {told})\n\n{text}"


@dataclass(frozen=True)
class Invocation:
    """One function call the agent handed back, with where its result must go."""

    action_group: str
    function: str
    call: ToolCall


def invocations(control: dict[str, Any]) -> list[Invocation]:
    """A returnControl event -> its function calls; every value stays the string it came as."""
    invocation_id = control.get("invocationId") or ""
    found = []
    for index, item in enumerate(control.get("invocationInputs") or []):
        fn = item.get("functionInvocationInput")
        if fn is None:
            raise ProviderError(
                "the Bedrock agent asked for an API-schema action; only function-details "
                "action groups are supported (run `flask bedrock sync`)",
                status=502,
            )
        arguments = {
            p["name"]: p["value"] for p in fn.get("parameters") or [] if p.get("value") is not None
        }
        call = ToolCall(f"{invocation_id}:{index}", fn.get("function", ""), arguments)
        found.append(Invocation(fn.get("actionGroup", ""), call.name, call))
    if not found:
        raise ProviderError("the Bedrock agent returned control without any call", status=502)
    return found


def function_response(output: str, ok: bool) -> dict[str, Any]:
    """A function's answer as the agent reads it (returned control and Lambda alike): a
    refusal asks the model to answer it (FAILURE would end the turn)."""
    body: dict[str, Any] = {"responseBody": {"TEXT": {"body": output}}}
    if not ok:  # not found, wrong status...: the model explains
        body["responseState"] = "REPROMPT"
    return body


def function_result(invocation: Invocation, result: ToolResult) -> dict[str, Any]:
    """A tool result in the shape the agent reads in returnControlInvocationResults."""
    return {
        "functionResult": {
            "actionGroup": invocation.action_group,
            "function": invocation.function,
            **function_response(result.output, result.ok),
        }
    }


def results_state(
    control: dict[str, Any],
    found: Sequence[Invocation],
    results: Sequence[ToolResult],
    base: dict[str, Any],
) -> dict[str, Any]:
    """The sessionState that answers one returnControl: every result, with its invocation id."""
    return {
        **base,
        "invocationId": control["invocationId"],
        "returnControlInvocationResults": [
            function_result(i, r) for i, r in zip(found, results, strict=True)
        ],
    }
