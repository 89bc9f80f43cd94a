"""ToolExecutor: runs a turn's tool calls for the conversation's principal, guarded.

Every call passes the same checks whatever the model asked: the tool exists and the principal
may use it, the arguments fit its schema, a gated tool is held for confirmation, and a
state-changing execution is claimed under the provider's call id first, so a replayed call
returns the recorded result instead of acting twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.errors import CloudMartError
from cloudmart.models import iso
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.base import error_code
from cloudmart.tools.context import ToolContext
from cloudmart.tools.registry import ArgumentError, Tool, ToolRegistry, parse_arguments
from providers.base import ToolCall, ToolResult

log = logging.getLogger(__name__)


def result(call: ToolCall, data: dict[str, Any], ok: bool = True) -> ToolResult:
    body = {"ok": ok, **data}
    return ToolResult(call.id, call.name, json.dumps(body, default=str), ok, body)


def refused(call: ToolCall, message: str) -> ToolResult:
    return result(call, {"error": message}, ok=False)


def action_id_for(conversation_id: str, call_id: str) -> str:
    """One pending action per provider call: a replayed call finds the same action."""
    digest = hashlib.sha256(f"{conversation_id}\0{call_id}".encode()).hexdigest()
    return f"act_{digest[:24]}"


class ToolExecutor:
    """The runner a provider is handed for one turn; it also collects what the turn did."""

    def __init__(
        self,
        registry: ToolRegistry,
        ctx: ToolContext,
        actions: AgentActionRepository,
        *,
        confirm: bool,
        ttl_seconds: int,
        clock: Callable[[], datetime],
    ) -> None:
        self._registry = registry
        self._ctx = ctx
        self._actions = actions
        self._confirm = confirm
        self._ttl = timedelta(seconds=ttl_seconds)
        self._clock = clock
        self.pending: list[dict[str, Any]] = []
        self.taken: list[dict[str, Any]] = []

    def __call__(self, calls: Sequence[ToolCall]) -> list[ToolResult]:
        return [self.run(call) for call in calls]

    def run(self, call: ToolCall) -> ToolResult:
        tool = self._registry.get(call.name)
        if tool is None or not tool.allowed(self._ctx.principal):
            res = refused(call, f"there is no tool named {call.name!r}")
        else:
            try:
                args = parse_arguments(tool.spec, call.arguments)
            except ArgumentError as exc:
                res = refused(call, f"invalid arguments for {call.name}: {exc}")
            else:
                res = self._dispatch(tool, call, args)
        if res.data.get("status") != "awaiting_confirmation":
            self.taken.append(_action_entry(call, res))
        return res

    def _dispatch(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        try:
            if tool.spec.needs_confirmation and self._confirm:
                return self._hold(tool, call, args)
            if tool.mutates:
                return self._execute_once(tool, call, args)
            return result(call, tool.run(self._ctx, args))
        except CloudMartError as exc:  # not found, wrong status...: the model can explain it
            return refused(call, exc.message)
        except ClientError as exc:
            if error_code(exc) != "ValidationException":
                raise  # an outage is the turn's error, not something for the model to explain
            return refused(call, f"invalid arguments for {call.name}")

    def _hold(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        assert tool.preview is not None
        preview = tool.preview(self._ctx, args)
        now = self._clock()
        action = {
            "id": action_id_for(self._ctx.conversation_id, call.id),
            "kind": "pending",
            "customerEmail": self._ctx.principal.email,
            "conversationId": self._ctx.conversation_id,
            "callId": call.id,
            "tool": tool.name,
            "arguments": args,
            "summary": preview.summary,
            "details": preview.details,
            "orderId": preview.order_id,
            "orderVersion": preview.order_version,
            "status": "pending",
            "createdAt": iso(now),
            "expiresAt": iso(now + self._ttl),
        }
        if not self._actions.create(action):
            action = self._actions.get(action["id"]) or action
            if action["status"] != "pending":
                return _replayed_action(call, action)
        self.pending.append(action)
        return result(
            call,
            {
                "status": "awaiting_confirmation",
                "actionId": action["id"],
                "summary": action["summary"],
                "message": "Nothing has been done yet: the customer must confirm this action "
                "(a Confirm button, or replying yes). Ask them to confirm.",
            },
        )

    def _execute_once(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        record_id = f"exec#{self._ctx.conversation_id}#{call.id}"
        record = self.execution_record(record_id, tool.name, args)
        if not self._actions.create(record):
            return _replayed(call, self._actions.get(record_id) or {})
        try:
            data = tool.run(self._ctx, args)
        except CloudMartError as exc:
            self._actions.update(record_id, {"status": "failed", "result": {"error": exc.message}})
            raise
        except (ClientError, BotoCoreError):  # never left "running": a replay is told why
            self._actions.update(
                record_id,
                {
                    "status": "failed",
                    "result": {"error": "the database did not answer; nothing may have been done"},
                },
            )
            raise
        self._actions.update(
            record_id, {"status": "succeeded", "result": data, "finishedAt": iso(self._clock())}
        )
        return result(call, data)

    def execution_record(
        self, record_id: str, tool: str, args: dict[str, Any], action_id: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": record_id,
            "kind": "execution",
            "customerEmail": self._ctx.principal.email,
            "conversationId": self._ctx.conversation_id,
            "tool": tool,
            "arguments": args,
            "status": "running",
            "createdAt": iso(self._clock()),
            "actionId": action_id,
        }


def _replayed(call: ToolCall, record: dict[str, Any]) -> ToolResult:
    """A call id seen before: its recorded outcome, and nothing done again."""
    if record.get("status") == "succeeded":
        return result(call, {**record.get("result", {}), "replayed": True})
    if record.get("status") == "failed":
        return refused(call, record.get("result", {}).get("error", "this call failed before"))
    return refused(call, "this call is already being carried out")


def _replayed_action(call: ToolCall, action: dict[str, Any]) -> ToolResult:
    """A call id whose action was already settled: what happened, and nothing offered again."""
    if action["status"] == "executed":
        return result(call, {**action.get("result", {}), "replayed": True})
    return refused(call, f"this action was already {action['status']}; nothing was done now")


def _action_entry(call: ToolCall, res: ToolResult) -> dict[str, Any]:
    status = "succeeded" if res.ok else "failed"
    return {
        "id": call.id,
        "tool": call.name,
        "arguments": _jsonable_args(call.arguments),
        "status": status,
        "result": res.data,
    }


def _jsonable_args(raw: Any) -> Any:
    """The arguments as the model sent them, for the response: valid JSON or a short string."""
    if isinstance(raw, str):
        try:
            return json.loads(raw, parse_constant=_not_json)
        except ValueError:
            return raw[:200]
    try:
        return json.loads(json.dumps(raw, allow_nan=False, default=str))
    except ValueError:
        return str(raw)[:200]


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")
