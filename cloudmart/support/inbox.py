"""InboxService: staff work a ticket: read it, claim it, answer or note, hand back, resolve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from cloudmart.customers.service import CustomerService
from cloudmart.errors import ConflictError, ForbiddenError, NotFoundError
from cloudmart.models import Page, iso
from cloudmart.ops.metrics import STAFF_REPLIES, TICKET_FIRST_RESPONSE, TICKET_RESOLUTION
from cloudmart.orders.service import OrderService
from cloudmart.principal import Principal
from cloudmart.records import Ticket, TicketStatus, entry
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.repositories.conversations import Change, ConversationRepository
from cloudmart.repositories.tickets import TicketRepository
from cloudmart.support.service import HUMAN, last_said, seconds_between
from i18n import Translator

ASSISTANT = "assistant"
STATUSES = tuple(TicketStatus)


def holder(principal: Principal) -> dict[str, str]:
    return {"id": principal.customer_id, "name": principal.display_name}


class InboxService:
    def __init__(
        self,
        tickets: TicketRepository,
        conversations: ConversationRepository,
        actions: AgentActionRepository,
        orders: OrderService,
        customers: CustomerService,
        clock: Callable[[], datetime],
    ) -> None:
        self.tickets = tickets
        self.conversations = conversations
        self._actions = actions
        self._orders = orders
        self._customers = customers
        self._clock = clock

    def ticket(self, principal: Principal, ticket_id: str) -> Ticket:
        require_staff(principal)
        return self.tickets.require(ticket_id)

    def inbox(
        self,
        principal: Principal,
        limit: int,
        cursor: str | None,
        status: str | None = None,
        assignee: str | None = None,
    ) -> Page[Ticket]:
        """Newest activity first; `assignee` is "me" or "none" (filtered after the read)."""
        require_staff(principal)
        page = self.tickets.inbox(limit, cursor, status=status)
        if assignee == "me":
            kept = [t for t in page.items if (t.assignee or {}).get("id") == principal.customer_id]
        elif assignee == "none":
            kept = [t for t in page.items if not t.assignee]
        else:
            kept = page.items
        return Page(kept, page.cursor)

    def detail(self, principal: Principal, ticket_id: str) -> dict[str, Any]:
        """The ticket, the whole conversation (notes included), the assistant's actions on
        it, and the customer with their orders."""
        ticket = self.ticket(principal, ticket_id)
        conv = self.conversations.get(ticket.conversationId)
        customer = self.customer_of(ticket)
        try:
            profile = self._customers.me(customer)
        except NotFoundError:  # a customer with no profile (a legacy sign-in): shown without one
            profile = None
        orders = self._orders.list_for_customer(customer, customer.email, 50, None).items
        return {
            "ticket": ticket,
            "conversation": {
                "id": ticket.conversationId,
                "mode": conv.mode if conv else ASSISTANT,
                "heldBy": conv.heldBy if conv else None,
            },
            "transcript": self.conversations.messages(ticket.conversationId),
            "actions": [
                _action_view(a) for a in self._actions.in_conversation(ticket.conversationId)
            ],
            "customer": profile,
            "orders": orders,
        }

    def customer_of(self, ticket: Ticket) -> Principal:
        """The customer a ticket is about, as the principal staff act for."""
        return Principal(
            ticket.customerId or ticket.customerEmail,
            ticket.customerEmail,
            frozenset({"customer"}),
            email_verified=True,
            name=ticket.customerName,
        )

    def claim(self, principal: Principal, ticket_id: str, force: bool = False) -> Ticket:
        """Assign to me; another agent's ticket only with `force`; of two at once, one wins."""
        ticket = self.ticket(principal, ticket_id)
        _open(ticket)
        me = holder(principal)
        if ticket.assignee and ticket.assignee.get("id") == me["id"]:
            return ticket
        if ticket.assignee and not force:
            raise ConflictError(f"{ticket.assignee.get('name')} holds this ticket")
        now = iso(self._clock())
        update = self.tickets.change(ticket, now, {"assignee": me}, first={"claimedAt": now})
        words = self.words_for(ticket)
        joined = entry(
            "system",
            words._("{name} from our support team joined the conversation.", name=me["name"]),
            now,
        )
        self._write(ticket, [joined], now, update, {"heldBy": me})
        return self.tickets.require(ticket_id)

    def post(self, principal: Principal, ticket_id: str, text: str, internal: bool) -> dict:
        """A reply into the customer's chat (claims an unassigned ticket), or a staff note."""
        ticket = self.ticket(principal, ticket_id)
        _open(ticket)
        me, now = holder(principal), iso(self._clock())
        if internal:
            note = entry("note", text, now, name=me["name"], agentId=me["id"])
            update = self.tickets.change(ticket, now)
            written = self._write(ticket, [note], now, update)
            return {"entry": written[0], "ticket": self.tickets.require(ticket_id)}
        if ticket.assignee and ticket.assignee.get("id") != me["id"]:
            raise ConflictError(f"{ticket.assignee.get('name')} holds this ticket; claim it first")
        said = entry("agent", text, now, name=me["name"], agentId=me["id"])
        update = self.tickets.change(
            ticket,
            now,
            {
                "status": TicketStatus.PENDING,
                "lastMessage": last_said(said),
                "assignee": me,
                "replies": ticket.replies + 1,
            },
            ("waitingSince",),
            first={"firstResponseAt": now, "claimedAt": now},
        )
        written = self._write(ticket, [said], now, update, {"heldBy": me})
        STAFF_REPLIES.labels(me["name"]).inc()
        if not ticket.firstResponseAt:
            TICKET_FIRST_RESPONSE.observe(seconds_between(ticket.createdAt, now))
        return {"entry": written[0], "ticket": self.tickets.require(ticket_id)}

    def hand_back(self, principal: Principal, ticket_id: str) -> Ticket:
        """The assistant answers the customer's next message, told what the person did."""
        ticket = self.ticket(principal, ticket_id)
        _open(ticket)
        now, name = iso(self._clock()), principal.display_name
        words = self.words_for(ticket)
        back = entry("system", words._("{name} handed you back to the assistant.", name=name), now)
        update = self.tickets.change(ticket, now, {"status": TicketStatus.PENDING})
        self._write(
            ticket, [back], now, update, {"mode": ASSISTANT}, ("heldBy",), self._told(ticket)
        )
        return self.tickets.require(ticket_id)

    def resolve(self, principal: Principal, ticket_id: str, resolution: str) -> Ticket:
        """Resolved: the conversation goes back to the assistant and may open a new ticket."""
        ticket = self.ticket(principal, ticket_id)
        _open(ticket)
        now = iso(self._clock())
        said = self.words_for(ticket)._("Your support request was resolved. The assistant is back.")
        done = entry("system", said, now)
        update = self.tickets.change(
            ticket,
            now,
            {"status": TicketStatus.RESOLVED, "resolution": resolution, "resolvedAt": now},
            ("waitingSince",),
        )
        self._write(
            ticket,
            [done],
            now,
            update,
            {"mode": ASSISTANT},
            ("heldBy", "ticketId"),
            self._told(ticket),
        )
        TICKET_RESOLUTION.observe(seconds_between(ticket.createdAt, now))
        return self.tickets.require(ticket_id)

    def words_for(self, ticket: Ticket) -> Translator:
        """What the customer's chat is written in: the conversation's language."""
        conv = self.conversations.get(ticket.conversationId)
        return Translator(conv.language if conv else None)

    def _told(self, ticket: Ticket) -> str:
        """The assistant's note of what the person said and did (never a staff note)."""
        said = [
            f"{e.get('name', 'A person')}: {e['text']}"
            for e in self.conversations.messages(ticket.conversationId, newest=50)
            if e.get("author") == "agent" and e.get("at", "") >= ticket.createdAt
        ]
        return "A person from the support team answered the customer. " + (
            "What they said and did: " + " | ".join(said[-10:]) if said else "They wrote nothing."
        )

    def _write(
        self,
        ticket: Ticket,
        entries: list[dict[str, Any]],
        now: str,
        update: dict[str, Any],
        set: dict[str, Any] | None = None,
        remove: tuple[str, ...] = (),
        note: str | None = None,
    ) -> list[dict[str, Any]]:
        change = Change(
            set=set or {},
            remove=remove,
            also=[update],
            refused="the ticket changed meanwhile; look again",
        )
        return self.conversations.record(
            ticket.conversationId, entries, now, change=change, add_note=note
        )


def require_staff(principal: Principal) -> None:
    if not principal.is_staff:
        raise ForbiddenError("the support inbox is for staff (agents and admins)")


def _open(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.RESOLVED:
        raise ConflictError(f"ticket {ticket.id} is resolved")


def _action_view(action: Any) -> dict[str, Any]:
    data = asdict(action)
    actor = data.get("actorId")
    return data | {"actor": {"id": actor, "name": data.get("actorName")} if actor else None}


__all__ = ["HUMAN", "STATUSES", "InboxService", "holder", "require_staff"]
