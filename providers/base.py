"""The provider interface and the neutral types that cross it: tools, calls, results, events."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

ParamType = Literal["string", "number", "integer", "boolean", "array"]


@dataclass(frozen=True)
class ToolParameter:
    """One flat argument: scalars or an array of scalars (what every vendor can express)."""

    name: str
    type: ParamType
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    items: ParamType | None = None  # element type of an array
    allow_empty: bool = False  # a required string that may be "" (a second address line)


@dataclass(frozen=True)
class ToolSpec:
    """What a model is told about a tool; who may run it is the server's business, not here."""

    name: str
    description: str
    parameters: tuple[ToolParameter, ...] = ()
    needs_confirmation: bool = False


@dataclass(frozen=True)
class ToolCall:
    """A model's request to run a tool; `arguments` is untrusted (a dict or a JSON string)."""

    id: str
    name: str
    arguments: Any


@dataclass(frozen=True)
class ToolResult:
    """What the runner answers a call with; `output` is the text the model reads."""

    call_id: str
    name: str
    output: str
    ok: bool
    data: dict[str, Any] = field(default_factory=dict)
    held: bool = False  # held for the customer's confirmation: nothing was done yet


@dataclass(frozen=True)
class Message:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class TextDelta:
    text: str
    type: str = "text"


@dataclass(frozen=True)
class ToolCallMade:
    call: ToolCall
    result: ToolResult
    type: str = "tool"


@dataclass(frozen=True)
class FinalText:
    text: str
    type: str = "final"


@dataclass(frozen=True)
class QuickReplies:
    """Answers the customer may pick instead of typing (the page shows them as buttons)."""

    options: tuple[str, ...]
    type: str = "quick_replies"


@dataclass(frozen=True)
class StateChanged:
    """The provider's own state for this conversation (e.g. a vendor's conversation id)."""

    state: dict[str, Any]
    type: str = "state"


@dataclass(frozen=True)
class Usage:
    """What a turn cost: its model requests (each one's seconds), tokens, and tool calls."""

    model_round_trips: int
    tool_calls: int
    input_tokens: int = 0
    output_tokens: int = 0
    request_seconds: tuple[float, ...] = field(default=(), compare=False)  # timings vary
    type: str = "usage"


@dataclass
class ModelCost:
    """A turn's model requests as they are made: durations and the tokens the vendor reported."""

    request_seconds: list[float] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0

    def add_tokens(self, input_tokens: int | None, output_tokens: int | None) -> None:
        self.input_tokens += input_tokens or 0
        self.output_tokens += output_tokens or 0

    def usage(self, tool_calls: int, round_trips: int | None = None) -> Usage:
        """The turn's Usage; `round_trips` when the transport counts them itself."""
        return Usage(
            model_round_trips=len(self.request_seconds) if round_trips is None else round_trips,
            tool_calls=tool_calls,
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            request_seconds=tuple(self.request_seconds),
        )


Event = TextDelta | ToolCallMade | FinalText | QuickReplies | StateChanged | Usage
ToolRunner = Callable[[Sequence[ToolCall]], list[ToolResult]]


@dataclass(frozen=True)
class TurnRequest:
    """One user message and everything a provider may use to answer it."""

    conversation_id: str
    text: str
    instructions: str
    tools: tuple[ToolSpec, ...]
    state: dict[str, Any] = field(default_factory=dict)
    history: tuple[Message, ...] = ()
    notes: tuple[str, ...] = ()  # what happened since the last turn (e.g. a confirmed action)
    max_tool_rounds: int = 5
    max_output_tokens: int | None = None  # per model request, where the vendor takes it
    language: str = "en"  # the customer's: what every answer is written in (en, es, fr, de)


class ProviderError(Exception):
    """Any failure of a provider or its vendor, with the HTTP status it means to our caller."""

    def __init__(self, message: str, status: int = 502, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class ProviderNotConfiguredError(ProviderError):
    def __init__(self, provider: str, missing: Sequence[str]) -> None:
        super().__init__(
            f"the {provider} provider is not configured: set {', '.join(missing)}", status=503
        )
        self.missing = tuple(missing)


class MaxToolRoundsExceededError(ProviderError):
    def __init__(self, rounds: int) -> None:
        super().__init__(
            f"the model asked for tools {rounds} times in one turn without "
            "answering; the turn was stopped",
            status=502,
        )


class Provider(ABC):
    """Turns a user message into events; runs tools only through the runner it is handed."""

    name: str

    def start_conversation(self, conversation_id: str) -> dict[str, Any]:
        """Create whatever the vendor keeps for a conversation; returns the provider state."""
        return {}

    def needs_history(self, state: dict[str, Any]) -> bool:
        """Whether a turn on this provider state reads our transcript (`TurnRequest.history`):
        a vendor that keeps the conversation itself needs none, and it is not read."""
        return True

    @abstractmethod
    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        """Yield events for one turn, ending with FinalText and Usage."""
