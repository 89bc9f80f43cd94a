"""What a tool runs with: the conversation's principal (never the model's word), the services
it calls and the clock; never the app's container."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cloudmart.customers.service import CustomerService
from cloudmart.orders.service import OrderService
from cloudmart.principal import Principal
from cloudmart.products.service import ProductService
from cloudmart.repositories.base import Claim
from cloudmart.support.service import TicketService
from i18n import DEFAULT, Translator


@dataclass(frozen=True)
class ToolDeps:
    principal: Principal
    conversation_id: str
    orders: OrderService
    products: ProductService
    customers: CustomerService
    tickets: TicketService
    clock: Callable[[], datetime]
    language: str = DEFAULT  # of what the tools write for the customer (summaries, results)

    @property
    def words(self) -> Translator:
        return Translator(self.language)


@dataclass(frozen=True)
class Confirmed:
    """A gated tool runs for a confirmation: at the order version the customer was shown, and
    committing the confirmation's `claim` with its change (so it runs once, or not at all)."""

    order_version: int | None
    claim: Claim
