"""Toolkit: the one factory of what runs tools for a principal, for chat and Lambda alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cloudmart.customers.service import CustomerService
from cloudmart.orders.service import OrderService
from cloudmart.principal import Principal
from cloudmart.products.service import ProductService
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.support.service import TicketService
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.gate import ConfirmationGate
from cloudmart.tools.registry import ToolRegistry
from cloudmart.tools.runner import ToolExecutor
from i18n import DEFAULT


class Toolkit:
    def __init__(
        self,
        registry: ToolRegistry,
        *,
        orders: OrderService,
        products: ProductService,
        customers: CustomerService,
        tickets: TicketService,
        actions: AgentActionRepository,
        confirm_actions: bool,
        pending_action_ttl_seconds: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.registry = registry
        self.actions = actions
        self._orders = orders
        self._products = products
        self._customers = customers
        self._tickets = tickets
        self._confirm = confirm_actions
        self._ttl = pending_action_ttl_seconds
        self._clock = clock
        self.gate = ConfirmationGate(registry, actions, self.deps, clock)

    def deps(self, principal: Principal, conversation_id: str, language: str = DEFAULT) -> ToolDeps:
        return ToolDeps(
            language=language,
            principal=principal,
            conversation_id=conversation_id,
            orders=self._orders,
            products=self._products,
            customers=self._customers,
            tickets=self._tickets,
            clock=self._clock,
        )

    def executor(
        self,
        principal: Principal,
        conversation_id: str,
        before_each: Callable[[], None] | None = None,
        language: str = DEFAULT,
        *,
        always_confirm: bool = False,
    ) -> ToolExecutor:
        """`before_each` runs before every call (a turn's deadline check, say); what the
        tools write for the customer is in `language`; `always_confirm` holds every gated call
        whatever CONFIRM_ACTIONS says (an outside agent's)."""
        return ToolExecutor(
            self.registry,
            self.deps(principal, conversation_id, language),
            self.actions,
            confirm=self._confirm or always_confirm,
            ttl_seconds=self._ttl,
            before_each=before_each,
        )
