"""One local-provider turn's tool calls: only offered tools, only declared arguments."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from providers.base import Event, ToolCall, ToolCallMade, ToolResult, ToolRunner, TurnRequest


class Turn:
    """One turn's tool calls: only offered tools, only declared arguments, each one recorded."""

    def __init__(self, request: TurnRequest, run_tools: ToolRunner) -> None:
        self.specs = {spec.name: spec for spec in request.tools}
        self.max_rounds = max(1, request.max_tool_rounds)
        self.run_tools = run_tools
        self.events: list[Event] = []
        self.calls = 0
        self.in_runner = False
        self.last_held = False  # the last call was held for the customer's confirmation
        self.quick_replies: tuple[str, ...] = ()  # answers offered as buttons

    def offer(self, *options: str) -> None:
        self.quick_replies = tuple(dict.fromkeys(options))

    def offers(self, name: str) -> bool:
        return name in self.specs

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        spec = self.specs.get(name)
        if spec is None or self.calls >= self.max_rounds:
            return {"ok": False, "error": "I can't do that in this chat", "unavailable": True}
        declared = {p.name: p for p in spec.parameters}
        args = {
            k: v
            for k, v in arguments.items()
            if k in declared and (v not in (None, "") or (v == "" and declared[k].allow_empty))
        }
        call = ToolCall(id=f"local_{uuid4().hex[:16]}", name=name, arguments=args)
        self.in_runner = True
        results = self.run_tools([call])
        self.in_runner = False
        self.calls += 1
        result = next((r for r in results if r.call_id == call.id), None)
        if result is None:  # a runner that answered nothing for this call
            result = ToolResult(call.id, name, "", False, {"ok": False, "error": "no answer"})
        self.events.append(ToolCallMade(call, result))
        self.last_held = result.held
        return _data(result)


def _data(result: ToolResult) -> dict[str, Any]:
    if result.data:
        return dict(result.data)
    try:
        data = json.loads(result.output)
    except (TypeError, ValueError):
        data = None
    return data if isinstance(data, dict) else {"ok": result.ok, "error": result.output}
