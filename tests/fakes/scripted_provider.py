"""A scripted model as a provider: it makes exactly the tool calls it is told to, hostile or not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from providers.base import (
    FinalText,
    MaxToolRoundsExceededError,
    Provider,
    TextDelta,
    ToolCall,
    ToolCallMade,
    ToolResult,
    ToolRunner,
    TurnRequest,
    Usage,
)


@dataclass
class Calls:
    """One model response made of tool calls: [(name, arguments), ...]."""

    calls: list[tuple[str, Any]]
    ids: list[str] | None = None  # fixed call ids, e.g. to replay one


@dataclass
class Say:
    text: str


@dataclass
class ScriptedProvider(Provider):
    """Each turn takes the next script: a list of Calls and a closing Say."""

    turns: list[list[Calls | Say]]
    name: str = "scripted"
    requests: list[TurnRequest] = field(default_factory=list)
    results: list[list[ToolResult]] = field(default_factory=list)
    _counter: int = 0

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Any]:
        self.requests.append(request)
        steps = self.turns.pop(0)
        rounds = tool_calls = 0
        for step in steps:
            rounds += 1
            if isinstance(step, Say):
                yield TextDelta(step.text)
                yield FinalText(step.text)
                break
            if rounds > request.max_tool_rounds:
                raise MaxToolRoundsExceededError(request.max_tool_rounds)
            calls = [
                ToolCall(self._call_id(step, i), name, args)
                for i, (name, args) in enumerate(step.calls)
            ]
            results = run_tools(calls)
            self.results.append(results)
            tool_calls += len(calls)
            for call, result in zip(calls, results, strict=True):
                yield ToolCallMade(call, result)
        yield Usage(model_round_trips=rounds, tool_calls=tool_calls)

    def _call_id(self, step: Calls, index: int) -> str:
        if step.ids:
            return step.ids[index]
        self._counter += 1
        return f"call_{self._counter}"

    def assert_all_used(self) -> None:
        assert not self.turns, f"{len(self.turns)} scripted turns were never asked for"
