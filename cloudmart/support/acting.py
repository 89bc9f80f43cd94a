"""StaffActions: an agent runs the customer's order operations from a ticket, through the same
tools, previews and gate as the chat; the agent confirms their own preview, and the audit and
the customer's chat name them."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cloudmart.errors import NotFoundError, UnprocessableError
from cloudmart.models import iso
from cloudmart.principal import Principal
from cloudmart.records import PendingAction, Ticket, entry
from cloudmart.repositories.conversations import Change
from cloudmart.support.inbox import InboxService, holder
from cloudmart.tools.toolkit import Toolkit
from providers.base import ToolCall


class StaffActions:
    def __init__(
        self, inbox: InboxService, toolkit: Toolkit, clock: Callable[[], datetime]
    ) -> None:
        self._inbox = inbox
        self._toolkit = toolkit
        self._clock = clock

    def run(
        self, principal: Principal, ticket_id: str, tool: str, arguments: dict[str, Any]
    ) -> dict[str, Any]:
        """A look-up answers at once; a write is held as a pending action (the preview)."""
        ticket = self._inbox.ticket(principal, ticket_id)
        customer = self._acting(principal, ticket)
        executor = self._toolkit.executor(customer, ticket.conversationId)
        call = ToolCall(f"staff_{secrets.token_hex(8)}", tool, arguments)
        res = executor.run(call)
        if not res.ok:
            raise UnprocessableError(str(res.data.get("error") or f"{tool} was refused"))
        if res.held:
            return {"pendingAction": executor.held[call.id].view()}
        return {"result": res.data}

    def confirm(
        self, principal: Principal, ticket_id: str, action_id: str
    ) -> tuple[PendingAction, dict[str, Any]]:
        ticket, action = self._own_preview(principal, ticket_id, action_id)
        customer = self._acting(principal, ticket)
        # the preview was the agent's (English); what the customer's chat says is in theirs
        words = self._inbox.words_for(ticket)
        done, outcome = self._toolkit.gate.confirm(customer, action, words.language)
        said = str(outcome.get("message") or words._("Done."))
        self._tell(principal, ticket, said, done)
        return done, outcome

    def decline(self, principal: Principal, ticket_id: str, action_id: str) -> PendingAction:
        _, action = self._own_preview(principal, ticket_id, action_id)
        return self._toolkit.gate.decline(action)

    def _own_preview(
        self, principal: Principal, ticket_id: str, action_id: str
    ) -> tuple[Ticket, PendingAction]:
        """The agent's own preview on this ticket's conversation; anything else is a 404."""
        ticket = self._inbox.ticket(principal, ticket_id)
        action = self._toolkit.actions.get(action_id)
        if (
            not isinstance(action, PendingAction)
            or action.conversationId != ticket.conversationId
            or action.actorId != principal.customer_id
        ):
            raise NotFoundError(f"action {action_id} not found")
        return ticket, action

    def _acting(self, principal: Principal, ticket: Ticket) -> Principal:
        me = holder(principal)
        return dataclasses.replace(
            self._inbox.customer_of(ticket), actor_id=me["id"], actor_name=me["name"]
        )

    def _tell(self, principal: Principal, ticket: Ticket, said: str, done: PendingAction) -> None:
        """The customer's chat shows what the person did, in their name."""
        now = iso(self._clock())
        line = entry(
            "agent",
            said,
            now,
            name=principal.display_name,
            agentId=principal.customer_id,
            actionId=done.id,
            tool=done.tool,
        )
        current = self._inbox.tickets.require(ticket.id)
        update = self._inbox.tickets.change(current, now)
        self._inbox.conversations.record(
            ticket.conversationId, [line], now, change=Change(also=[update])
        )
