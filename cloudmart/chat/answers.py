"""How a checked message is answered: by the person who holds the conversation, by the server
(a typed yes or no to what is pending), or by the model; and how the exchange is recorded."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.chat import language as languages
from cloudmart.chat.instructions import INSTRUCTIONS
from cloudmart.chat.providers import ProviderFactory
from cloudmart.chat.turn import Deadline, Event, Turn, observe_turn
from cloudmart.errors import CloudMartError
from cloudmart.limits import Limits
from cloudmart.models import iso
from cloudmart.principal import Principal
from cloudmart.records import Conversation, PendingAction, entry
from cloudmart.repositories.conversations import Change, ConversationRepository
from cloudmart.support.service import HUMAN, TicketService, waiting_line
from cloudmart.tools.runner import TakenAction, ToolExecutor
from cloudmart.tools.toolkit import Toolkit
from i18n import N_, Translator
from providers.base import Event as ProviderEvent
from providers.base import (
    FinalText,
    Message,
    Provider,
    QuickReplies,
    StateChanged,
    TextDelta,
    ToolCallMade,
    TurnRequest,
)
from providers.base import Usage as ProviderUsage

log = logging.getLogger(__name__)
HISTORY_FOR_STATELESS = 20
MAX_QUICK_REPLIES = 8  # buttons under one answer
DECLINED = N_("All right, I won't do that. Nothing was changed.")
HAND_OFF = "transfer_to_human_agents"


class Answers:
    """The ways a turn is answered, once ChatService.turn has checked all that can fail."""

    def __init__(
        self,
        conversations: ConversationRepository,
        toolkit: Toolkit,
        providers: ProviderFactory,
        *,
        max_tool_rounds: int,
        turn_timeout: float,
        max_output_tokens: int,
        limits: Limits,
        clock: Callable[[], datetime],
        tickets: TicketService,
    ) -> None:
        self._conversations = conversations
        self._toolkit = toolkit
        self._providers = providers
        self._max_tool_rounds = max_tool_rounds
        self._turn_timeout = turn_timeout
        self._max_output_tokens = max_output_tokens
        self._limits = limits
        self._clock = clock
        self._tickets = tickets

    def to_person(self, turn: Turn) -> Iterator[Event]:
        """A person holds the conversation: the message is theirs to answer, no model's."""
        conv = turn.conversation
        self._tickets.customer_wrote(conv, turn.text)
        held = (conv.heldBy or {}).get("name")
        wait = None if held else self._tickets.typical_wait()
        words = Translator(turn.language)
        response = (
            words._(
                "{name} from our support team has your message and will answer here.", name=held
            )
            if held
            else waiting_line(str(conv.ticketId), wait, words)
        )
        yield turn.done(response) | {"mode": HUMAN}

    def ask_which(self, turn: Turn, pending: list[PendingAction]) -> Iterator[Event]:
        """A bare yes or no with several actions pending: which one is meant is not guessed."""
        listed = "\n".join(f"{n}. {a.summary}" for n, a in enumerate(pending, 1))
        turn.asked = pending  # their cards come with the reply
        words = Translator(turn.language)
        yield self._finish(
            turn,
            words.n_(
                "You have {n} action waiting for your confirmation:",
                "You have {n} actions waiting for your confirmation:",
                len(pending),
            )
            + f"\n{listed}\n"
            + words._(
                "Which one do you mean? Use its Confirm or Decline button, or tell me which."
            ),
        )

    def model_turn(
        self, principal: Principal, turn: Turn, counted: Sequence[dict[str, Any] | None]
    ) -> Iterator[Event]:
        """`counted`: today's token counts, as the turn read them first."""
        conv = turn.conversation
        provider = self._providers.get(conv.provider)
        self._limits.check_budget(counted)
        deadline = Deadline(time.monotonic() + self._turn_timeout, self._turn_timeout)
        executor = self._toolkit.executor(principal, conv.id, deadline.check, turn.language)
        request = self._request(principal, turn, provider)
        turn.notes = []  # the provider has read them
        final, started = "", time.perf_counter()
        try:
            for event in provider.run_turn(request, executor):
                deadline.check()
                if isinstance(event, FinalText):
                    final = event.text
                elif said := _relayed(event, turn, executor):
                    yield said
        except Exception:
            observe_turn(conv.provider, turn.usage, time.perf_counter() - started, "error")
            raise
        observe_turn(conv.provider, turn.usage, time.perf_counter() - started, "ok")
        self._limits.spend(principal, turn.usage.input_tokens + turn.usage.output_tokens)
        turn.held, turn.taken = executor.last_held, executor.taken
        yield self._finish(turn, final)

    def _request(self, principal: Principal, turn: Turn, provider: Provider) -> TurnRequest:
        """What the provider is given: the message, the tools this principal may run, and
        the history only when the provider keeps none of its own."""
        conv = turn.conversation
        return TurnRequest(
            conversation_id=conv.id,
            text=turn.text,
            instructions=languages.instructions(INSTRUCTIONS, turn.language),
            language=turn.language,
            tools=self._toolkit.registry.specs_for(principal),
            state=conv.providerState,
            history=self._history(conv) if provider.needs_history(conv.providerState) else (),
            notes=tuple(turn.notes),
            max_tool_rounds=self._max_tool_rounds,
            max_output_tokens=self._max_output_tokens,
        )

    def answer_pending(
        self, principal: Principal, turn: Turn, action: PendingAction, yes: bool
    ) -> Iterator[Event]:
        """A plain typed yes or no to the one pending action: the server answers, no model."""
        words = Translator(turn.language)
        try:
            if yes:
                done, outcome = self._toolkit.gate.confirm(principal, action, turn.language)
                response = said(outcome, words)
                turn.taken = [TakenAction(done.id, done.tool, done.arguments, "succeeded", outcome)]
                turn.usage = ProviderUsage(0, 1)
                turn.note(f"The customer confirmed: {action.summary} Result: {response}")
            else:
                self._toolkit.gate.decline(action)
                response = words._(DECLINED)
                turn.note(f"The customer declined: {action.summary} Nothing was done.")
        except CloudMartError as exc:
            response = words._("I couldn't do that: {reason}", reason=exc.said(turn.language))
        yield self._finish(turn, response)

    def _finish(self, turn: Turn, response: str) -> Event:
        """Record the exchange (and the provider's new state), then answer it."""
        now = iso(self._clock())
        entries = [
            entry("customer", turn.text, now),
            entry(
                "assistant",
                response,
                now,
                actions=[{"tool": a.tool, "status": a.status} for a in turn.taken],
                pendingActionId=turn.held.id if turn.held else None,
            ),
        ]
        conv = turn.conversation
        spoke = Change(set={"language": turn.language}) if turn.language != conv.language else None
        try:
            self._conversations.record(
                conv.id,
                entries,
                now,
                notes=turn.notes,
                state=turn.state,
                last_seq=conv.lastSeq,
                change=spoke,
            )
        except (ClientError, BotoCoreError):
            if not any(a.status == "succeeded" for a in turn.taken):
                raise  # nothing was done: the customer may simply send it again
            # A change was made: the customer is told so, whatever became of the transcript.
            log.warning("a turn that changed something could not be recorded", exc_info=True)
        handed = any(a.tool == HAND_OFF and a.status == "succeeded" for a in turn.taken)
        mode = HUMAN if handed else conv.mode
        return turn.done(response) | {"mode": mode}

    def _history(self, conv: Conversation) -> tuple[Message, ...]:
        """The last messages, for a provider that keeps no state of its own (a bounded context,
        however long the conversation). A conversation never written since it was created has
        none to read: its version is still 1 (every write of every version since the messages
        table adds one to it; entries of the versions before that are in its transcript)."""
        if conv.version == 1 and conv.lastSeq == 0 and not conv.transcript:
            return ()
        entries = self._conversations.messages(
            conv.id, newest=HISTORY_FOR_STATELESS, legacy=conv.transcript
        )
        return tuple(  # a person's words reach the model as notes; staff notes never do
            Message(e["role"], e["text"]) for e in entries if e["role"] in ("user", "assistant")
        )


def said(outcome: dict[str, Any], words: Translator) -> str:
    return str(outcome.get("message") or words._("Done."))


def _relayed(event: ProviderEvent, turn: Turn, executor: ToolExecutor) -> Event | None:
    """A provider's event as the chat stream's, or kept on the turn (state, quick replies,
    usage) for the turn's end."""
    if isinstance(event, TextDelta):
        return {"type": "text", "text": event.text}
    if isinstance(event, ToolCallMade):
        return _tool_event(event, executor)
    if isinstance(event, StateChanged):
        turn.state = event.state
    elif isinstance(event, QuickReplies):
        turn.quick_replies = list(event.options)[:MAX_QUICK_REPLIES]
    elif isinstance(event, ProviderUsage):
        turn.usage = event
    return None


def _tool_event(event: ToolCallMade, executor: ToolExecutor) -> Event:
    if event.result.held:
        return {"type": "pending_action", "action": executor.held[event.call.id].view()}
    taken = executor.taken_for(event.call.id)
    return {"type": "tool", "action": asdict(taken) if taken else None}
