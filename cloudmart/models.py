"""The shop's data as it crosses layers: orders, products and pages of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from providers.wording import money_text

T = TypeVar("T")

ORDER_STATUSES = (
    "pending",
    "processing",
    "shipped",
    "delivered",
    "return_requested",
    "returned",
    "canceled",
)
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"processing", "canceled"}),
    "processing": frozenset({"shipped", "canceled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset({"return_requested"}),
    "return_requested": frozenset({"returned"}),
    "returned": frozenset(),
    "canceled": frozenset(),
}
# The order rules, all read off the status machine: one source for services, tools and views.
CANCELABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "canceled" in nexts)
ADDRESS_CHANGEABLE = CANCELABLE  # an address can change while the order has not shipped
RETURNABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "return_requested" in nexts)


def _leads_to(target: str) -> frozenset[str]:
    found: set[str] = set()
    while more := {s for s, nexts in TRANSITIONS.items() if nexts & (found | {target})} - found:
        found |= more
    return frozenset(found)


IN_FLIGHT = _leads_to("delivered")  # placed and on its way: not yet delivered, not canceled
RETURN_WINDOW_DAYS = 30  # the default of the RETURN_WINDOW_DAYS setting
CENT = Decimal("0.01")


def format_money(amount: Decimal | float | int) -> str:
    """Money as the customer reads it; one rule for the server and the providers (wording)."""
    return money_text(amount)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """One timestamp format everywhere, so strings sort as time does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Address:
    name: str
    street: str
    city: str
    postalCode: str
    country: str
    state: str | None = None


@dataclass(frozen=True)
class OrderItem:
    productId: str
    name: str
    unitPrice: Decimal
    quantity: int


@dataclass(frozen=True)
class StatusChange:
    status: str
    at: str
    by: str


@dataclass(frozen=True)
class Order:
    id: str
    userEmail: str
    status: str
    items: list[OrderItem]
    total: Decimal
    shippingAddress: Address
    createdAt: str
    updatedAt: str
    version: int
    statusHistory: list[StatusChange] = field(default_factory=list)
    cancelReason: str | None = None
    returnReason: str | None = None
    deliveredAt: str | None = None


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str
    price: Decimal
    image: str
    category: str
    stock: int
    createdAt: str


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing; `cursor` is None on the last page."""

    items: list[T]
    cursor: str | None
