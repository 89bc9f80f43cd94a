"""ChatService: a conversation's turns through its provider, the gate, and the transcript."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cloudmart.auth import Principal
from cloudmart.chat.instructions import INSTRUCTIONS
from cloudmart.chat.providers import ProviderFactory
from cloudmart.errors import CloudMartError, ConflictError, NotFoundError
from cloudmart.models import Page, iso
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.conversations import ConversationRepository
from cloudmart.tools.context import ToolContext
from cloudmart.tools.gate import ConfirmationGate, plain_answer
from cloudmart.tools.registry import ToolRegistry
from cloudmart.tools.runner import ToolExecutor
from providers.base import (
    FinalText,
    Message,
    StateChanged,
    TextDelta,
    ToolCallMade,
    TurnRequest,
    Usage,
)

if TYPE_CHECKING:
    from cloudmart.services import Services

HISTORY_FOR_STATELESS = 20
DECLINED = "All right, I won't do that. Nothing was changed."
PENDING_FIELDS = ("id", "tool", "arguments", "summary", "details", "expiresAt", "status")


def pending_view(action: dict[str, Any]) -> dict[str, Any]:
    return {k: action.get(k) for k in PENDING_FIELDS}


class ChatService:
    def __init__(
        self,
        services: Services,
        conversations: ConversationRepository,
        actions: AgentActionRepository,
        registry: ToolRegistry,
        providers: ProviderFactory,
        clock: Callable[[], datetime],
    ) -> None:
        self._services = services
        self.conversations = conversations
        self.actions = actions
        self._registry = registry
        self.providers = providers
        self._clock = clock
        self.gate = ConfirmationGate(registry, actions, clock)

    def start(self, principal: Principal, provider: str | None = None) -> dict[str, Any]:
        name = provider or self.providers.default
        conversation_id = f"th_{secrets.token_hex(12)}"
        state = self.providers.get(name).start_conversation(conversation_id)
        now = iso(self._clock())
        return self.conversations.create(
            {
                "id": conversation_id,
                "ownerEmail": principal.email,
                "provider": name,
                "providerState": state,
                "transcript": [],
                "notes": [],
                "createdAt": now,
                "updatedAt": now,
                "version": 1,
            }
        )

    def conversation(
        self, principal: Principal, thread_id: str, provider: str | None = None
    ) -> dict[str, Any]:
        """The principal's own conversation; anyone else's does not exist for them."""
        conv = self.conversations.get(thread_id)
        if conv is None or conv["ownerEmail"] != principal.email:
            raise NotFoundError(f"conversation {thread_id} not found")
        if provider is not None and conv["provider"] != provider:
            raise ConflictError(
                f"conversation {thread_id} runs on the {conv['provider']} provider, not {provider}"
            )
        return conv

    def turn(
        self, principal: Principal, thread_id: str, text: str, provider: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Check everything that can fail before the first event, then answer as events."""
        conv = self.conversation(principal, thread_id, provider)
        answer = plain_answer(text)
        pending = self.actions.pending_in_conversation(conv["id"]) if answer else []
        if answer and len(pending) == 1:
            return self._answer_pending(principal, conv, text, pending[0], answer == "yes")
        return self._model_turn(principal, conv, text, self.providers.get(conv["provider"]))

    def _model_turn(
        self, principal: Principal, conv: dict[str, Any], text: str, provider: Any
    ) -> Iterator[dict[str, Any]]:
        started = time.perf_counter()
        executor = ToolExecutor(
            self._registry,
            self._context(principal, conv["id"]),
            self.actions,
            confirm=self._settings.confirm_actions,
            ttl_seconds=self._settings.pending_action_ttl_seconds,
            clock=self._clock,
        )
        request = TurnRequest(
            conversation_id=conv["id"],
            text=text,
            instructions=INSTRUCTIONS,
            tools=self._registry.specs_for(principal),
            state=conv.get("providerState") or {},
            history=_history(conv),
            notes=tuple(conv.get("notes") or ()),
            max_tool_rounds=self._settings.max_tool_rounds,
        )
        final, usage = "", Usage(0, 0)
        for event in provider.run_turn(request, executor):
            if isinstance(event, TextDelta):
                yield {"type": "text", "text": event.text}
            elif isinstance(event, ToolCallMade):
                yield from self._tool_events(event, executor)
            elif isinstance(event, StateChanged):
                conv["providerState"] = event.state
            elif isinstance(event, FinalText):
                final = event.text
            elif isinstance(event, Usage):
                usage = event
        pending = executor.pending[-1] if executor.pending else None
        conv["notes"] = []
        yield self._finish(
            conv,
            text,
            final,
            pending,
            executor.taken,
            started,
            usage.model_round_trips,
            usage.tool_calls,
        )

    def _tool_events(self, event: ToolCallMade, executor: ToolExecutor) -> Iterator[dict[str, Any]]:
        if event.result.data.get("status") == "awaiting_confirmation":
            action = next(a for a in executor.pending if a["id"] == event.result.data["actionId"])
            yield {"type": "pending_action", "action": pending_view(action)}
        else:
            yield {
                "type": "tool",
                "action": next(a for a in reversed(executor.taken) if a["id"] == event.call.id),
            }

    def _answer_pending(
        self,
        principal: Principal,
        conv: dict[str, Any],
        text: str,
        action: dict[str, Any],
        yes: bool,
    ) -> Iterator[dict[str, Any]]:
        started = time.perf_counter()
        taken: list[dict[str, Any]] = []
        try:
            if yes:
                done, outcome = self.confirm(principal, action["id"], conv=conv)
                response = outcome.get("message", "Done.")
                taken.append(
                    {
                        "id": done["id"],
                        "tool": done["tool"],
                        "status": "succeeded",
                        "arguments": done["arguments"],
                        "result": outcome,
                    }
                )
            else:
                self.decline(principal, action["id"], conv=conv)
                response = DECLINED
        except CloudMartError as exc:
            response = f"I couldn't do that: {exc.message}"
        yield self._finish(conv, text, response, None, taken, started, 0, len(taken))

    def _finish(
        self,
        conv: dict[str, Any],
        text: str,
        response: str,
        pending: dict[str, Any] | None,
        taken: list[dict[str, Any]],
        started: float,
        round_trips: int,
        tool_calls: int,
    ) -> dict[str, Any]:
        now = iso(self._clock())
        entries = [
            {"role": "user", "text": text, "at": now},
            {
                "role": "assistant",
                "text": response,
                "at": now,
                "actions": [{"tool": a["tool"], "status": a["status"]} for a in taken],
                "pendingActionId": pending["id"] if pending else None,
            },
        ]
        self.conversations.record(
            conv["id"], entries, now, notes=conv.get("notes") or [], state=conv.get("providerState")
        )
        return {
            "type": "done",
            "response": response,
            "threadId": conv["id"],
            "pendingAction": pending_view(pending) if pending else None,
            "actions": taken,
            "usage": {
                "modelRoundTrips": round_trips,
                "toolCalls": tool_calls,
                "latencyMs": round((time.perf_counter() - started) * 1000, 1),
            },
        }

    def confirm(
        self, principal: Principal, action_id: str, conv: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        action, outcome = self.gate.confirm(
            principal, action_id, lambda cid: self._context(principal, cid)
        )
        said = outcome.get("message", "Done.")
        self._note(
            action,
            f"The customer confirmed: {action['summary']} Result: {said}",
            said,
            conv,
        )
        return action, outcome

    def decline(
        self, principal: Principal, action_id: str, conv: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        action = self.gate.decline(principal, action_id)
        self._note(
            action,
            f"The customer declined: {action['summary']} Nothing was done.",
            DECLINED,
            conv,
        )
        return action

    def my_actions(
        self, principal: Principal, limit: int, cursor: str | None
    ) -> Page[dict[str, Any]]:
        return self.actions.list_for_customer(principal.email, limit, cursor)

    def _note(
        self,
        action: dict[str, Any],
        note: str,
        said: str,
        conv: dict[str, Any] | None,
    ) -> None:
        """Tell the provider on the next turn what happened outside it (`note`), and the
        customer's transcript what they saw (`said`) when a button, not a turn, did it."""
        if conv is not None:  # a typed yes/no: the turn records what was said
            conv["notes"] = [*(conv.get("notes") or []), note][-5:]
            return
        now = iso(self._clock())
        self.conversations.record(
            action["conversationId"],
            [{"role": "assistant", "text": said, "at": now}],
            now,
            add_note=note,
        )

    def _context(self, principal: Principal, conversation_id: str) -> ToolContext:
        return ToolContext(principal, conversation_id, self._services)

    @property
    def _settings(self) -> Any:
        return self._services.settings


def _history(conv: dict[str, Any]) -> tuple[Message, ...]:
    entries = conv.get("transcript", [])[-HISTORY_FOR_STATELESS:]
    return tuple(
        Message(e["role"], e["text"]) for e in entries if e["role"] in ("user", "assistant")
    )
