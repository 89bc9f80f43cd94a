"""ToolExecutor: runs a turn's tool calls for the conversation's principal, guarded.

Every call passes the same checks whatever the model asked: the tool exists and the principal
may use it, the arguments fit its schema, a gated tool is held for confirmation, and a
state-changing execution is claimed under the provider's call id first, so a replayed call
returns the recorded result instead of acting twice.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.errors import CloudMartError
from cloudmart.models import iso
from cloudmart.ops.metrics import PENDING_ACTIONS, TOOL_CALLS, TOOL_SECONDS
from cloudmart.records import (
    ActionStatus,
    CallOrigin,
    Execution,
    ExecutionStatus,
    PendingAction,
)
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.base import error_code
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.registry import ArgumentError, Tool, ToolRegistry, parse_arguments
from providers.base import ToolCall, ToolResult

log = logging.getLogger(__name__)
AWAITING_CONFIRMATION = "awaiting_confirmation"  # what the model reads of a held call


def result(call: ToolCall, data: dict[str, Any], ok: bool = True, held: bool = False) -> ToolResult:
    body = {"ok": ok, **data}
    return ToolResult(call.id, call.name, json.dumps(body, default=str), ok, body, held)


def refused(call: ToolCall, message: str, said: str | None = None) -> ToolResult:
    """A refusal; `said` is how the customer reads it in their language (when not English)."""
    return result(call, {"error": message, **({"said": said} if said else {})}, ok=False)


@dataclass(frozen=True)
class TakenAction:
    """A call the turn ran (or that was refused), as the message response lists it."""

    id: str
    tool: str
    arguments: Any
    status: str
    result: dict[str, Any]


class ToolExecutor:
    """The runner a provider is handed for one turn; it also collects what the turn did."""

    def __init__(
        self,
        registry: ToolRegistry,
        deps: ToolDeps,
        actions: AgentActionRepository,
        *,
        confirm: bool,
        ttl_seconds: int,
        before_each: Callable[[], None] | None = None,
    ) -> None:
        self._before_each = before_each
        self._registry = registry
        self._deps = deps
        self._actions = actions
        self._confirm = confirm
        self._ttl = timedelta(seconds=ttl_seconds)
        self.held: dict[str, PendingAction] = {}  # by call id
        self.taken: list[TakenAction] = []

    def __call__(self, calls: Sequence[ToolCall]) -> list[ToolResult]:
        return [self.run(call) for call in calls]

    @property
    def last_held(self) -> PendingAction | None:
        return next(reversed(self.held.values()), None)

    def taken_for(self, call_id: str) -> TakenAction | None:
        return next((a for a in reversed(self.taken) if a.id == call_id), None)

    def run(self, call: ToolCall) -> ToolResult:
        if self._before_each is not None:
            self._before_each()
        started = time.perf_counter()
        res = self._run(call)
        known = call.name if self._registry.get(call.name) else "(unknown)"  # no made-up labels
        observe_tool_call(known, res, time.perf_counter() - started)
        return res

    def _run(self, call: ToolCall) -> ToolResult:
        tool = self._registry.get(call.name)
        if tool is None or not tool.allowed(self._deps.principal):
            res = refused(call, f"there is no tool named {call.name!r}")
        else:
            try:
                args = parse_arguments(tool.spec, call.arguments)
            except ArgumentError as exc:
                res = refused(call, f"invalid arguments for {call.name}: {exc}")
            else:
                res = self._dispatch(tool, call, args)
        if not res.held:
            status = "succeeded" if res.ok else "failed"
            self.taken.append(
                TakenAction(call.id, call.name, _jsonable_args(call.arguments), status, res.data)
            )
        return res

    def _dispatch(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        try:
            if tool.spec.needs_confirmation and self._confirm:
                return self._hold(tool, call, args)
            if tool.mutates:
                return self._execute_once(tool, call, args)
            return result(call, tool.run(self._deps, args))
        except CloudMartError as exc:  # not found, wrong status...: the model can explain it
            language = self._deps.language
            return refused(call, exc.message, exc.said(language) if language != "en" else None)
        except ClientError as exc:
            if error_code(exc) != "ValidationException":
                raise  # an outage is the turn's error, not something for the model to explain
            return refused(call, f"invalid arguments for {call.name}")

    def _hold(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        assert tool.preview is not None
        preview = tool.preview(self._deps, args)
        action = PendingAction.new(
            self._origin(call, args), preview, self._deps.clock(), self._ttl, self._deps.language
        )
        if self._actions.create(action):
            PENDING_ACTIONS.labels("proposed").inc()
        else:
            stored = self._actions.get(action.id)
            if isinstance(stored, PendingAction):
                action = stored
            if action.status != ActionStatus.PENDING:
                return _replayed_action(call, action)
        self.held[call.id] = action
        return result(
            call,
            {
                "status": AWAITING_CONFIRMATION,
                "actionId": action.id,
                "summary": action.summary,
                "message": "Nothing has been done yet: the customer must confirm this action "
                "(a Confirm button, or replying yes). Ask them to confirm.",
            },
            held=True,
        )

    def _execute_once(self, tool: Tool, call: ToolCall, args: dict[str, Any]) -> ToolResult:
        record = Execution.of_call(self._origin(call, args), self._deps.clock())
        if not self._actions.create(record):
            return _replayed(call, self._actions.get(record.id))
        try:
            data = tool.run(self._deps, args)
        except CloudMartError as exc:
            self._finish(record, ExecutionStatus.FAILED, {"error": exc.message})
            raise
        except (ClientError, BotoCoreError):  # never left "running": a replay is told why
            error = "the database did not answer; nothing may have been done"
            self._finish(record, ExecutionStatus.FAILED, {"error": error})
            raise
        self._finish(record, ExecutionStatus.SUCCEEDED, data)
        return result(call, data)

    def _origin(self, call: ToolCall, args: dict[str, Any]) -> CallOrigin:
        deps = self._deps
        principal = deps.principal
        return CallOrigin(
            deps.conversation_id,
            principal.email,
            call.id,
            call.name,
            args,
            principal.customer_id,
            principal.actor_id or None,
            principal.actor_name or None,
        )

    def _finish(self, record: Execution, status: ExecutionStatus, data: dict[str, Any]) -> None:
        self._actions.finish_execution(record.id, status, data, iso(self._deps.clock()))


def observe_tool_call(name: str, res: ToolResult, seconds: float) -> None:
    """One tool call in the metrics and the log: held, ok or refused, and how long it took."""
    outcome = "held" if res.held else "ok" if res.ok else "refused"
    TOOL_CALLS.labels(name, outcome).inc()
    TOOL_SECONDS.labels(name).observe(seconds)
    log.info(
        "tool call",
        extra={"tool": name, "outcome": outcome, "duration_ms": round(seconds * 1000, 1)},
    )


def _replayed(call: ToolCall, record: PendingAction | Execution | None) -> ToolResult:
    """A call id seen before: its recorded outcome, and nothing done again."""
    status = getattr(record, "status", None)
    recorded = getattr(record, "result", None) or {}
    if status == ExecutionStatus.SUCCEEDED:
        return result(call, {**recorded, "replayed": True})
    if status == ExecutionStatus.FAILED:
        return refused(call, recorded.get("error", "this call failed before"))
    return refused(call, "this call is already being carried out")


def _replayed_action(call: ToolCall, action: PendingAction) -> ToolResult:
    """A call id whose action was already settled: what happened, and nothing offered again."""
    if action.status == ActionStatus.EXECUTED:
        return result(call, {**(action.result or {}), "replayed": True})
    return refused(call, f"this action was already {action.status}; nothing was done now")


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
