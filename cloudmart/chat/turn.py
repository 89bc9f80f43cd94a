"""A turn being answered, its deadline, and what it costs in the metrics and the log."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from cloudmart.errors import UpstreamTimeoutError
from cloudmart.ops.metrics import MODEL_REQUESTS, MODEL_SECONDS, MODEL_TOKENS, TURN_SECONDS, TURNS
from cloudmart.records import Conversation, PendingAction
from cloudmart.tools.runner import TakenAction
from i18n import DEFAULT
from providers.base import Usage

MAX_NOTES = 5
Event = dict[str, Any]
log = logging.getLogger(__name__)


@dataclass
class Turn:
    """One message being answered: what was said, when, what it did and what it cost."""

    conversation: Conversation
    text: str
    started: float = field(default_factory=time.perf_counter)
    notes: list[str] = field(default_factory=list)  # for the provider's next turn
    state: dict[str, Any] | None = None  # the provider's new state, if it changed
    taken: list[TakenAction] = field(default_factory=list)
    held: PendingAction | None = None
    asked: list[PendingAction] = field(default_factory=list)  # "which one?" of several pending
    quick_replies: list[str] = field(default_factory=list)  # answers offered as buttons
    usage: Usage = field(default_factory=lambda: Usage(0, 0))
    language: str = DEFAULT  # what the answer is written in (chat.language)

    def note(self, text: str) -> None:
        self.notes = [*self.notes, text][-MAX_NOTES:]

    def done(self, response: str) -> Event:
        """The message response (the JSON endpoint's body; the stream's `done` event)."""
        latency = round((time.perf_counter() - self.started) * 1000, 1)
        return {
            "type": "done",
            "response": response,
            "threadId": self.conversation.id,
            "pendingAction": self.held.view() if self.held else None,
            "pendingActions": [a.view() for a in self.asked],
            "quickReplies": list(self.quick_replies),
            "actions": [asdict(a) for a in self.taken],
            "usage": {
                "modelRoundTrips": self.usage.model_round_trips,
                "toolCalls": self.usage.tool_calls,
                "inputTokens": self.usage.input_tokens,
                "outputTokens": self.usage.output_tokens,
                "latencyMs": latency,
            },
        }


@dataclass(frozen=True)
class Deadline:
    """A whole turn's time limit (each model request has its own timeout besides)."""

    at: float  # time.monotonic()
    seconds: float

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise UpstreamTimeoutError(
                f"the assistant took longer than {self.seconds:g} s to answer; try again"
            )


def observe_turn(provider: str, usage: Usage, seconds: float, outcome: str) -> None:
    """A model turn in the metrics and the log: its round trips, their times, its tokens."""
    TURNS.labels(provider, outcome).inc()
    TURN_SECONDS.labels(provider).observe(seconds)
    MODEL_REQUESTS.labels(provider, "ok").inc(len(usage.request_seconds))
    if outcome != "ok":
        MODEL_REQUESTS.labels(provider, "error").inc()
    for one in usage.request_seconds:
        MODEL_SECONDS.labels(provider).observe(one)
    MODEL_TOKENS.labels(provider, "input").inc(usage.input_tokens)
    MODEL_TOKENS.labels(provider, "output").inc(usage.output_tokens)
    log.info(
        "model turn",
        extra={
            "provider": provider,
            "outcome": outcome,
            "model_requests": len(usage.request_seconds),
            "model_ms": round(sum(usage.request_seconds) * 1000, 1),
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "tool_calls": usage.tool_calls,
            "duration_ms": round(seconds * 1000, 1),
        },
    )
