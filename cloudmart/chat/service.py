"""ChatService: a conversation's life (start, history, hand-off), each turn checked before it is
answered (cloudmart.chat.answers), and the Confirm and Decline buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.chat import language as languages
from cloudmart.chat.answers import DECLINED, Answers, said
from cloudmart.chat.providers import ProviderFactory
from cloudmart.chat.turn import Event, Turn
from cloudmart.customers.service import CustomerService
from cloudmart.errors import ConflictError
from cloudmart.limits import Limits
from cloudmart.models import Page, iso
from cloudmart.ops import logs
from cloudmart.principal import Principal, require_visible
from cloudmart.records import Conversation, Execution, PendingAction, entry, seen_by_customer
from cloudmart.repositories.conversations import ConversationRepository
from cloudmart.support.service import HUMAN, TicketService, waiting_line
from cloudmart.tools.toolkit import Toolkit
from i18n import Translator
from providers.wording import plain_answer

log = logging.getLogger(__name__)
AGENT_CHANNEL = "mcp"  # the "provider" of a conversation an outside AI agent holds over MCP


class ChatService:
    def __init__(
        self,
        conversations: ConversationRepository,
        toolkit: Toolkit,
        providers: ProviderFactory,
        answers: Answers,
        *,
        limits: Limits,
        clock: Callable[[], datetime],
        tickets: TicketService,
        customers: CustomerService,
    ) -> None:
        self.tickets = tickets
        self._customers = customers
        self._limits = limits
        self.conversations = conversations
        self.toolkit = toolkit
        self.providers = providers
        self._clock = clock
        self._answers = answers  # how a checked turn is answered and recorded

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
        turn.language = self._language(
            conv, profile, text, bool(answer and pending), accept_language
        )
        if conv.mode == HUMAN:
            return self._answers.to_person(turn)
        if answer and len(pending) == 1:
            return self._answers.answer_pending(principal, turn, pending[0], answer == "yes")
        if answer and len(pending) > 1:
            return self._answers.ask_which(turn, pending)
        return self._answers.model_turn(principal, turn, counted)

    def _language(
        self,
        conv: Conversation,
        profile: Any,
        text: str,
        answers_cards: bool,
        accept_language: str | None,
    ) -> str:
        """The turn's language: a bare yes or no tells none, so it is answered in the one its
        pending cards speak; else the customer's choice, the message's, the conversation's."""
        if answers_cards and conv.language:
            return str(conv.language)
        chosen = self._customers.chosen_language(profile)
        return languages.turn_language(chosen, text, conv.language, accept_language)

    def confirm(self, principal: Principal, action_id: str) -> tuple[PendingAction, dict[str, Any]]:
        """A Confirm button: run the action and tell the conversation what happened."""
        gate = self.toolkit.gate
        action = gate.owned(principal, action_id)
        words = Translator(action.language)
        done, outcome = gate.confirm(principal, action, words.language)
        told = said(outcome, words)
        self._tell(done, f"The customer confirmed: {done.summary} Result: {told}", told)
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
