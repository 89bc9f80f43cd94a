"""The assistant's records: a pending action, an execution, a conversation and a ticket.

Each has one builder; field names are the stored attribute names (as in `models`), so a
repository maps a record to its item with `asdict` and back with the constructor.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar

from cloudmart.models import iso


class ActionStatus(StrEnum):
    PENDING = "pending"
    EXECUTED = "executed"
    DECLINED = "declined"
    EXPIRED = "expired"
    FAILED = "failed"


class ExecutionStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class Preview:
    """What a gated tool would do, checked but not done: shown to the customer to confirm."""

    summary: str
    order_id: str | None = None
    order_version: int | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True)
class CallOrigin:
    """Which tool call of which conversation, for whom: what every record of a call carries."""

    conversation_id: str
    customer_email: str
    call_id: str
    tool: str
    arguments: dict[str, Any]
    customer_id: str | None = None
    actor_id: str | None = None  # a staff member acting for the customer
    actor_name: str | None = None


@dataclass(frozen=True)
class PendingAction:
    """A gated tool call held until its customer confirms or declines it."""

    kind: ClassVar[str] = "pending"
    VIEW: ClassVar[tuple[str, ...]] = (
        "id",
        "tool",
        "arguments",
        "summary",
        "details",
        "expiresAt",
        "status",
    )

    id: str
    customerEmail: str
    conversationId: str
    callId: str
    tool: str
    arguments: dict[str, Any]
    summary: str
    status: ActionStatus
    createdAt: str
    expiresAt: str
    details: dict[str, Any] | None = None
    orderId: str | None = None
    orderVersion: int | None = None
    result: dict[str, Any] | None = None
    resolvedAt: str | None = None
    customerId: str | None = None  # the owner; records of earlier versions name only the email
    actorId: str | None = None  # the staff member who proposed it for the customer, if one did
    actorName: str | None = None
    language: str | None = None  # of its summary: its confirmation answers in the same

    @classmethod
    def new(
        cls,
        origin: CallOrigin,
        preview: Preview,
        now: datetime,
        ttl: timedelta,
        language: str | None = None,
    ) -> PendingAction:
        return cls(
            language=language,
            id=action_id_for(origin.conversation_id, origin.call_id),
            customerEmail=origin.customer_email,
            customerId=origin.customer_id,
            actorId=origin.actor_id,
            actorName=origin.actor_name,
            conversationId=origin.conversation_id,
            callId=origin.call_id,
            tool=origin.tool,
            arguments=origin.arguments,
            summary=preview.summary,
            details=preview.details,
            orderId=preview.order_id,
            orderVersion=preview.order_version,
            status=ActionStatus.PENDING,
            createdAt=iso(now),
            expiresAt=iso(now + ttl),
        )

    def view(self) -> dict[str, Any]:
        """What the customer is shown: the message response's `pendingAction`."""
        return {name: getattr(self, name) for name in self.VIEW}

    def expired(self, now: datetime) -> bool:
        return self.expiresAt <= iso(now)


@dataclass(frozen=True)
class Execution:
    """The audit of one state-changing run: claimed under its id, so it runs once."""

    kind: ClassVar[str] = "execution"

    id: str
    customerEmail: str
    conversationId: str
    tool: str
    arguments: dict[str, Any]
    status: ExecutionStatus
    createdAt: str
    actionId: str | None = None
    result: dict[str, Any] | None = None
    finishedAt: str | None = None
    customerId: str | None = None
    actorId: str | None = None
    actorName: str | None = None

    @classmethod
    def of_call(cls, origin: CallOrigin, now: datetime) -> Execution:
        """An ungated tool's run, keyed by the provider's call id."""
        return cls(
            id=f"exec#{origin.conversation_id}#{origin.call_id}",
            customerEmail=origin.customer_email,
            customerId=origin.customer_id,
            actorId=origin.actor_id,
            actorName=origin.actor_name,
            conversationId=origin.conversation_id,
            tool=origin.tool,
            arguments=origin.arguments,
            status=ExecutionStatus.RUNNING,
            createdAt=iso(now),
        )

    @classmethod
    def of_action(
        cls, action: PendingAction, status: ExecutionStatus, at: str, result: Any = None
    ) -> Execution:
        """A confirmed action's run, keyed by the action."""
        return cls(
            id=f"exec#{action.id}",
            customerEmail=action.customerEmail,
            customerId=action.customerId,
            actorId=action.actorId,
            actorName=action.actorName,
            conversationId=action.conversationId,
            tool=action.tool,
            arguments=action.arguments,
            status=status,
            createdAt=at,
            actionId=action.id,
            result=result,
            finishedAt=at if status != ExecutionStatus.RUNNING else None,
        )


@dataclass(frozen=True)
class Conversation:
    """A customer's chat: its provider and that provider's state, transcript and notes."""

    id: str
    ownerEmail: str
    provider: str
    createdAt: str
    updatedAt: str
    providerState: dict[str, Any] = field(default_factory=dict)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    version: int = 1
    ownerId: str | None = None  # the owner; conversations of earlier versions name only the email
    mode: str = "assistant"  # who answers: the assistant, or a person ("human") after a hand-off
    ticketId: str | None = None  # the open ticket of a hand-off (at most one at a time)
    heldBy: dict[str, str] | None = None  # the agent holding a human conversation: {id, name}
    lastSeq: int = 0  # the number of the conversation's last entry
    language: str | None = None  # what the assistant last spoke in it (DESIGN.md §11)

    @classmethod
    def new(
        cls,
        *,
        owner_email: str,
        provider: str,
        state: dict[str, Any],
        now: datetime,
        owner_id: str | None = None,
    ) -> Conversation:
        at = iso(now)
        return cls(
            id=new_conversation_id(),
            ownerEmail=owner_email,
            ownerId=owner_id,
            provider=provider,
            providerState=state,
            createdAt=at,
            updatedAt=at,
        )


class TicketStatus(StrEnum):
    OPEN = "open"  # waits for staff
    PENDING = "pending"  # waits for the customer
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Ticket:
    """A hand-off to a person: the conversation it opened on, who holds it, where it stands."""

    id: str
    customerEmail: str
    conversationId: str
    summary: str
    status: str
    createdAt: str
    orderId: str | None = None
    customerId: str | None = None
    customerName: str = ""
    updatedAt: str = ""  # the last activity: the inbox is ordered by it
    assignee: dict[str, str] | None = None  # {id, name} of the agent holding it
    waitingSince: str | None = None  # since when the customer waits for a person's answer
    lastMessage: dict[str, Any] | None = None  # {author, text, at, name?}
    firstResponseAt: str | None = None
    resolvedAt: str | None = None
    resolution: str | None = None
    claimedAt: str | None = None
    replies: int = 0
    version: int = 1

    @classmethod
    def new(
        cls,
        *,
        customer_email: str,
        customer_id: str | None = None,
        customer_name: str = "",
        conversation_id: str,
        summary: str,
        order_id: str | None,
        now: datetime,
    ) -> Ticket:
        at = iso(now)
        return cls(
            id=f"T-{secrets.token_hex(4).upper()}",
            customerEmail=customer_email,
            customerId=customer_id,
            customerName=customer_name,
            conversationId=conversation_id,
            summary=summary,
            orderId=order_id,
            status=TicketStatus.OPEN,
            createdAt=at,
            updatedAt=at,
            waitingSince=at,
        )

    @property
    def is_open(self) -> bool:
        return self.status != TicketStatus.RESOLVED


AUTHOR_ROLES = {  # an entry's author kind -> the role a provider's history reads
    "customer": "user",
    "assistant": "assistant",
    "agent": "agent",
    "note": "note",  # staff only: never the customer, never the model
    "system": "system",
}


def entry(author: str, text: str, at: str, *, name: str | None = None, **extra: Any) -> dict:
    """One conversation entry: who wrote it (an author kind, and a person's name), what, when."""
    made: dict[str, Any] = {"author": author, "role": AUTHOR_ROLES[author], "text": text, "at": at}
    if name:
        made["name"] = name
    return made | extra


def seen_by_customer(item: dict[str, Any]) -> bool:
    return item.get("author") != "note"


def new_conversation_id() -> str:
    return f"th_{secrets.token_hex(12)}"


def action_id_for(conversation_id: str, call_id: str) -> str:
    """One pending action per provider call: a replayed call finds the same action."""
    digest = hashlib.sha256(f"{conversation_id}\0{call_id}".encode()).hexdigest()
    return f"act_{digest[:24]}"
