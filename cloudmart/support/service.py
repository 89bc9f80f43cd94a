"""TicketService: a hand-off to a human, about the customer's own order if it names one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cloudmart.limits import Limits
from cloudmart.ops.metrics import HANDOFFS
from cloudmart.orders.service import OrderService
from cloudmart.principal import Principal
from cloudmart.records import Ticket
from cloudmart.repositories.tickets import TicketRepository


class TicketService:
    def __init__(
        self,
        tickets: TicketRepository,
        orders: OrderService,
        clock: Callable[[], datetime],
        limits: Limits | None = None,
    ) -> None:
        self._limits = limits
        self._tickets = tickets
        self._orders = orders
        self._clock = clock

    def open(
        self, principal: Principal, conversation_id: str, summary: str, order_id: str | None
    ) -> Ticket:
        if order_id:  # only an order the principal may see may be named on their ticket
            self._orders.get(principal, order_id)
        if self._limits is not None:
            self._limits.take(principal, "tickets")
        ticket = self._tickets.create(
            Ticket.new(
                customer_email=principal.email,
                conversation_id=conversation_id,
                summary=summary,
                order_id=order_id,
                now=self._clock(),
            )
        )
        HANDOFFS.inc()
        return ticket
