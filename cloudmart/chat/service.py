"""ChatService: a conversation's turns through its provider, the gate, and the transcript."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.chat import language as languages
from cloudmart.chat.instructions import INSTRUCTIONS
from cloudmart.chat.providers import ProviderFactory
from cloudmart.chat.turn import Deadline, Event, Turn, observe_turn
from cloudmart.customers.service import CustomerService
from cloudmart.errors import CloudMartError, ConflictError
from cloudmart.limits import Limits
from cloudmart.models import Page, iso
from cloudmart.ops import logs
from cloudmart.principal import Principal, require_visible
from cloudmart.records import Conversation, Execution, PendingAction, entry, seen_by_customer
from cloudmart.repositories.conversations import Change, ConversationRepository
from cloudmart.support.service import HUMAN, TicketService, waiting_line
from cloudmart.tools.runner import TakenAction, ToolExecutor
from cloudmart.tools.toolkit import Toolkit
from i18n import N_, Translator
from providers.base import (
    FinalText,
    Message,
    QuickReplies,
    StateChanged,
    TextDelta,
    ToolCallMade,
    TurnRequest,
)
from providers.base import Usage as ProviderUsage
from providers.wording import plain_answer

log = logging.getLogger(__name__)
HISTORY_FOR_STATELESS = 20

MAX_QUICK_REPLIES = 8  # buttons under one answer

DECLINED = N_("All right, I won't do that. Nothing was changed.")
HAND_OFF = "transfer_to_human_agents"
AGENT_CHANNEL = "mcp"  # the "provider" of a conversation an outside AI agent holds over MCP


class ChatService:
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
        customers: CustomerService,
    ) -> None:
        self.tickets = tickets
        self._customers = customers
        self._max_output_tokens = max_output_tokens
        self._limits = limits
        self.conversations = conversations
        self.toolkit = toolkit
        self.providers = providers
        self._max_tool_rounds = max_tool_rounds
        self._turn_timeout = turn_timeout
        self._clock = clock

    def start(self, principal: Principal, provider: str | None = None) -> Conversation:
        name = provider or self.providers.default
        self._limits.take(principal, "conversations")
        conversation = Conversation.new(
            owner_email=principal.email,
            owner_id=principal.customer_id,
            provider=name,
            state={},
            now=self._clock(),
        )
        state = self.providers.get(name).start_conversation(conversation.id)
        created = self.conversations.create(
            Conversation(**{**asdict(conversation), "providerState": state})
        )
        self.tickets.conversation_started()
        return created

    def start_for_agent(self, principal: Principal, client: dict[str, str]) -> Conversation:
        """A conversation an outside agent holds over MCP: its calls, held actions and their
        confirmations are recorded under it, and it names the agent (`client`) for the audit."""
        self._limits.take(principal, "conversations")
        conversation = Conversation.new(
            owner_email=principal.email,
            owner_id=principal.customer_id,
            provider=AGENT_CHANNEL,
            state=client,
            now=self._clock(),
        )
        return self.conversations.create(conversation)

    def agent_call(self, principal: Principal) -> None:
        """An outside agent's tool call counts as a message: the same per-customer rate."""
        self._limits.take(principal, "messages")

    def conversation(
        self, principal: Principal, conversation_id: str, provider: str | None = None
    ) -> Conversation:
        """The principal's own conversation; anyone else's does not exist for them."""
        return self._visible(
            principal, self.conversations.get(conversation_id), conversation_id, provider
        )

    def _visible(
        self,
        principal: Principal,
        conv: Conversation | None,
        conversation_id: str,
        provider: str | None,
    ) -> Conversation:
        require_visible(
            principal,
            conv.ownerEmail if conv else None,
            f"conversation {conversation_id}",
            admin=False,
            owner_id=conv.ownerId if conv else None,
        )
        assert conv is not None
        logs.conversation.set(conv.id)
        if provider is not None and conv.provider != provider:
            raise ConflictError(
                f"conversation {conversation_id} runs on the {conv.provider} provider, "
                f"not {provider}"
            )
        return conv

    def history(self, principal: Principal, conversation_id: str) -> dict[str, Any]:
        conv = self.conversation(principal, conversation_id)
        pending = self.toolkit.actions.pending_in_conversation(conversation_id)
        messages = self.conversations.messages(conversation_id, legacy=conv.transcript)
        return {
            **asdict(conv),
            "transcript": [m for m in messages if seen_by_customer(m)],
            "pendingActions": [a.view() for a in pending],
        }

    def hand_off(
        self, principal: Principal, conversation_id: str, summary: str | None
    ) -> dict[str, Any]:
        """The page's "Talk to a person": a ticket (or the open one) and a person answers."""
        conv = self.conversation(principal, conversation_id)
        words = Translator(conv.language)
        ticket = self.tickets.open(
            principal,
            conv.id,
            summary or "The customer asked to talk to a person.",  # for staff: English
            None,
            said=words._("You asked to talk to a person."),
        )
        wait = self.tickets.typical_wait()
        return {
            "response": waiting_line(ticket.id, wait, words),
            "ticket": {"id": ticket.id, "status": ticket.status},
            "mode": HUMAN,
            "typicalWaitSeconds": wait,
        }

    def turn(
        self,
        principal: Principal,
        conversation_id: str,
        text: str,
        provider: str | None = None,
        accept_language: str | None = None,
    ) -> Iterator[Event]:
        """Check everything that can fail before the first event, then answer as events (in
        the customer's language: `accept_language` is the browser's header). What it reads
        first (the conversation, the customer's language, today's token counts) is one round
        trip."""
        budget = self._limits.budget_reads(principal)
        found, (profile, *counted) = self.conversations.get_with(
            conversation_id, [self._customers.language_read(principal), *budget]
        )
        conv = self._visible(principal, found, conversation_id, provider)
        if conv.provider == AGENT_CHANNEL:
            raise ConflictError(f"conversation {conversation_id} belongs to an AI agent (MCP)")
        self._limits.take(principal, "messages")
        turn = Turn(conv, text, notes=list(conv.notes))
        answer = plain_answer(text)
        pending = self.toolkit.actions.pending_in_conversation(conv.id) if answer else []
        if answer and pending and conv.language:
            # A bare yes or no tells no language: it is answered in the one its cards speak.
            turn.language = conv.language
        else:
            chosen = self._customers.chosen_language(profile)
            turn.language = languages.turn_language(chosen, text, conv.language, accept_language)
        if conv.mode == HUMAN:
            return self._to_person(turn)
        if answer and len(pending) == 1:
            return self._answer_pending(principal, turn, pending[0], answer == "yes")
        if answer and len(pending) > 1:
            return self._ask_which(turn, pending)
        return self._model_turn(principal, turn, counted)

    def _to_person(self, turn: Turn) -> Iterator[Event]:
        """A person holds the conversation: the message is theirs to answer, no model's."""
        conv = turn.conversation
        self.tickets.customer_wrote(conv, turn.text)
        held = (conv.heldBy or {}).get("name")
        wait = None if held else self.tickets.typical_wait()
        words = Translator(turn.language)
        response = (
            words._(
                "{name} from our support team has your message and will answer here.", name=held
            )
            if held
            else waiting_line(str(conv.ticketId), wait, words)
        )
        yield turn.done(response) | {"mode": HUMAN}

    def _ask_which(self, turn: Turn, pending: list[PendingAction]) -> Iterator[Event]:
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

    def _model_turn(
        self, principal: Principal, turn: Turn, counted: Sequence[dict[str, Any] | None]
    ) -> Iterator[Event]:
        """`counted`: today's token counts, as the turn read them first."""
        conv = turn.conversation
        provider = self.providers.get(conv.provider)
        self._limits.check_budget(counted)
        deadline = Deadline(time.monotonic() + self._turn_timeout, self._turn_timeout)
        executor = self.toolkit.executor(principal, conv.id, deadline.check, turn.language)
        request = TurnRequest(
            conversation_id=conv.id,
            text=turn.text,
            instructions=languages.instructions(INSTRUCTIONS, turn.language),
            language=turn.language,
            tools=self.toolkit.registry.specs_for(principal),
            state=conv.providerState,
            history=self._history(conv) if provider.needs_history(conv.providerState) else (),
            notes=tuple(turn.notes),
            max_tool_rounds=self._max_tool_rounds,
            max_output_tokens=self._max_output_tokens,
        )
        turn.notes = []  # the provider has read them
        final, started = "", time.perf_counter()
        try:
            for event in provider.run_turn(request, executor):
                deadline.check()
                if isinstance(event, TextDelta):
                    yield {"type": "text", "text": event.text}
                elif isinstance(event, ToolCallMade):
                    yield _tool_event(event, executor)
                elif isinstance(event, StateChanged):
                    turn.state = event.state
                elif isinstance(event, FinalText):
                    final = event.text
                elif isinstance(event, QuickReplies):
                    turn.quick_replies = list(event.options)[:MAX_QUICK_REPLIES]
                elif isinstance(event, ProviderUsage):
                    turn.usage = event
        except Exception:
            observe_turn(conv.provider, turn.usage, time.perf_counter() - started, "error")
            raise
        observe_turn(conv.provider, turn.usage, time.perf_counter() - started, "ok")
        self._limits.spend(principal, turn.usage.input_tokens + turn.usage.output_tokens)
        turn.held, turn.taken = executor.last_held, executor.taken
        yield self._finish(turn, final)

    def _answer_pending(
        self, principal: Principal, turn: Turn, action: PendingAction, yes: bool
    ) -> Iterator[Event]:
        """A plain typed yes or no to the one pending action: the server answers, no model."""
        words = Translator(turn.language)
        try:
            if yes:
                done, outcome = self.toolkit.gate.confirm(principal, action, turn.language)
                response = _said(outcome, words)
                turn.taken = [TakenAction(done.id, done.tool, done.arguments, "succeeded", outcome)]
                turn.usage = ProviderUsage(0, 1)
                turn.note(f"The customer confirmed: {action.summary} Result: {response}")
            else:
                self.toolkit.gate.decline(action)
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
            self.conversations.record(
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

    def confirm(self, principal: Principal, action_id: str) -> tuple[PendingAction, dict[str, Any]]:
        """A Confirm button: run the action and tell the conversation what happened."""
        gate = self.toolkit.gate
        action = gate.owned(principal, action_id)
        words = Translator(action.language)
        done, outcome = gate.confirm(principal, action, words.language)
        said = _said(outcome, words)
        self._tell(done, f"The customer confirmed: {done.summary} Result: {said}", said)
        return done, outcome

    def action(self, principal: Principal, action_id: str) -> PendingAction:
        """The customer's own pending action (anyone else's does not exist for them)."""
        return self.toolkit.gate.owned(principal, action_id)

    def decline(self, principal: Principal, action_id: str) -> PendingAction:
        gate = self.toolkit.gate
        action = gate.decline(gate.owned(principal, action_id))
        said = Translator(action.language)._(DECLINED)
        self._tell(action, f"The customer declined: {action.summary} Nothing was done.", said)
        return action

    def my_actions(
        self, principal: Principal, limit: int, cursor: str | None
    ) -> Page[PendingAction | Execution]:
        page = self.toolkit.actions.list_for_customer(principal.email, limit, cursor)
        mine = [a for a in page.items if principal.owns(a.customerEmail, a.customerId)]
        return replace(page, items=mine)

    def _history(self, conv: Conversation) -> tuple[Message, ...]:
        """The last messages, for a provider that keeps no state of its own (a bounded context,
        however long the conversation). A conversation never written since it was created has
        none to read: its version is still 1 (every write of every version since the messages
        table adds one to it; entries of the versions before that are in its transcript)."""
        if conv.version == 1 and conv.lastSeq == 0 and not conv.transcript:
            return ()
        entries = self.conversations.messages(
            conv.id, newest=HISTORY_FOR_STATELESS, legacy=conv.transcript
        )
        return tuple(  # a person's words reach the model as notes; staff notes never do
            Message(e["role"], e["text"]) for e in entries if e["role"] in ("user", "assistant")
        )

    def _tell(self, action: PendingAction, note: str, said: str) -> None:
        """What a button did, outside any turn: the provider reads `note` on its next turn,
        the customer's transcript shows what they were `said`."""
        now = iso(self._clock())
        try:
            self.conversations.record(
                action.conversationId, [entry("assistant", said, now)], now, add_note=note
            )
        except (ClientError, BotoCoreError):  # the action ran or was declined: answer that
            log.warning("a confirmation could not be added to its conversation", exc_info=True)


def _said(outcome: dict[str, Any], words: Translator) -> str:
    return str(outcome.get("message") or words._("Done."))


def _tool_event(event: ToolCallMade, executor: ToolExecutor) -> Event:
    if event.result.held:
        return {"type": "pending_action", "action": executor.held[event.call.id].view()}
    taken = executor.taken_for(event.call.id)
    return {"type": "tool", "action": asdict(taken) if taken else None}
