"""TicketService: the customer's side of a hand-off to a person, and the messages they send one."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from cloudmart.customers.service import CustomerService
from cloudmart.errors import NotFoundError
from cloudmart.limits import Limits
from cloudmart.models import iso, parse_iso
from cloudmart.ops.metrics import HANDOFFS
from cloudmart.orders.service import OrderService
from cloudmart.principal import Principal
from cloudmart.records import Conversation, Ticket, TicketStatus, entry
from cloudmart.repositories.conversations import Change, ConversationRepository
from cloudmart.repositories.tickets import TicketRepository
from i18n import Translator

HUMAN = "human"
WAIT_WINDOW = timedelta(days=1)  # the typical wait is the median first response of this window
WAIT_SAMPLE = 200  # tickets of that window read for it, newest first
WAIT_FRESH = timedelta(minutes=1)  # the figure is read again after this (a Query per message else)


class TicketService:
    def __init__(
        self,
        tickets: TicketRepository,
        conversations: ConversationRepository,
        orders: OrderService,
        customers: CustomerService,
        clock: Callable[[], datetime],
        limits: Limits | None = None,
    ) -> None:
        self._limits = limits
        self.tickets = tickets
        self.conversations = conversations
        self._orders = orders
        self._customers = customers
        self._clock = clock
        self._wait: tuple[datetime, int | None] | None = None  # (read at, seconds)

    def open(
        self,
        principal: Principal,
        conversation_id: str,
        summary: str,
        order_id: str | None,
        said: str | None = None,
    ) -> Ticket:
        """Hand the conversation to a person: a new ticket, or the one already open on it
        (reopened if a person had handed it back); from now on no model answers it. `said`
        is a line for the customer's transcript (the page's "Talk to a person")."""
        if order_id:  # only an order the principal may see may be named on their ticket
            self._orders.get(principal, order_id)
        conv = self.conversations.get(conversation_id)
        if conv is None:
            raise NotFoundError(f"conversation {conversation_id} not found")
        now = iso(self._clock())
        entries = [entry("system", said, now)] if said else []
        current = self.tickets.for_conversation(conv.ticketId)
        if current is not None and current.is_open:
            return self._reopen(conv, current, now, entries)
        if self._limits is not None:
            self._limits.take(principal, "tickets")
        ticket = Ticket.new(
            customer_email=principal.email,
            customer_id=principal.customer_id,
            customer_name=self._name_of(principal),
            conversation_id=conversation_id,
            summary=summary,
            order_id=order_id,
            now=self._clock(),
        )
        change = Change(
            set={"mode": HUMAN, "ticketId": ticket.id},
            remove=("heldBy",),
            require="attribute_not_exists(ticketId)",
            also=[self.tickets.put_new(ticket), self.tickets.count_item(now[:10], "handoffs")],
            refused="this conversation already has an open ticket",
        )
        self.conversations.record(conv.id, entries, now, change=change, last_seq=conv.lastSeq)
        HANDOFFS.inc()
        return ticket

    def _reopen(
        self, conv: Conversation, ticket: Ticket, now: str, entries: list[dict[str, Any]]
    ) -> Ticket:
        if conv.mode == HUMAN and ticket.status == TicketStatus.OPEN and not entries:
            return ticket  # asked twice: the same ticket, nothing more to write
        held = {"heldBy": ticket.assignee} if ticket.assignee else {}
        update = self.tickets.change(
            ticket, now, {"status": TicketStatus.OPEN}, first={"waitingSince": now}
        )
        change = Change(set={"mode": HUMAN, **held}, also=[update])
        self.conversations.record(conv.id, entries, now, change=change, last_seq=conv.lastSeq)
        return self.tickets.require(ticket.id)

    def customer_wrote(self, conv: Conversation, text: str) -> dict[str, Any]:
        """A customer's message while a person holds the conversation: stored for staff (the
        ticket shows it and waits for them again), never sent to a model."""
        now = iso(self._clock())
        ticket = self.tickets.require(str(conv.ticketId))
        said = entry("customer", text, now)
        update = self.tickets.change(
            ticket,
            now,
            {"status": TicketStatus.OPEN, "lastMessage": last_said(said)},
            first={"waitingSince": now},
        )
        change = Change(
            require="#m = :human",
            names={"#m": "mode"},
            values={":human": HUMAN},
            also=[update],
            refused="the conversation changed hands; send your message again",
        )
        return self.conversations.record(conv.id, [said], now, change=change)[0]

    def conversation_started(self) -> None:
        """Counted for the hand-off rate (the assistant's containment)."""
        self.tickets.count(iso(self._clock())[:10], "conversations")

    def typical_wait(self) -> int | None:
        """Seconds: the median time to a person's first answer of the last day's tickets. Read
        at most once a minute per process: every message to a waiting ticket tells it."""
        now = self._clock()
        if self._wait is None or not now - WAIT_FRESH < self._wait[0] <= now:
            self._wait = (now, self._median_wait(now))
        return self._wait[1]

    def _median_wait(self, now: datetime) -> int | None:
        tickets = self.tickets.inbox(WAIT_SAMPLE, None, since=iso(now - WAIT_WINDOW)).items
        waits = [
            (parse_iso(t.firstResponseAt) - parse_iso(t.createdAt)).total_seconds()
            for t in tickets
            if t.firstResponseAt
        ]
        return round(statistics.median(waits)) if waits else None

    def _name_of(self, principal: Principal) -> str:
        try:
            customer = self._customers.me(principal)
        except NotFoundError:
            return principal.name
        return f"{customer.firstName} {customer.lastName}".strip()


def waiting_line(ticket_id: str, wait: int | None, words: Translator | None = None) -> str:
    """What the customer is told while they wait for a person (in their language)."""
    words = words or Translator()
    line = words._(
        "A person from our support team will answer you here (ticket {ticket_id}).",
        ticket_id=ticket_id,
    )
    if wait:
        line += " " + words._(
            "Typical wait right now: about {minutes} min.", minutes=max(1, round(wait / 60))
        )
    return line + " " + words._("You can keep writing: they will see everything.")


def last_said(item: dict[str, Any]) -> dict[str, Any]:
    """What the inbox shows of an entry: who, when, and the start of what was said."""
    shown = {"author": item["author"], "text": item["text"][:280], "at": item["at"]}
    return shown | ({"name": item["name"]} if item.get("name") else {})


def seconds_between(start: str, end: str) -> float:
    return (parse_iso(end) - parse_iso(start)).total_seconds()
