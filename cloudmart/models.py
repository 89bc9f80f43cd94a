"""The shop's data as it crosses layers: orders, products and pages of them."""

from __future__ import annotations

import dataclasses
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
    "items_modified",  # a pending order whose items were changed once: no further change
    "exchange_requested",
)
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"processing", "canceled", "items_modified"}),
    "items_modified": frozenset({"processing"}),
    "processing": frozenset({"shipped", "canceled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset({"return_requested", "exchange_requested"}),
    "exchange_requested": frozenset(),
    "return_requested": frozenset({"returned"}),
    "returned": frozenset(),
    "canceled": frozenset(),
}
# The order rules, all read off the status machine: one source for services, tools and views.
CANCELABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "canceled" in nexts)
ADDRESS_CHANGEABLE = CANCELABLE  # an address can change while the order has not shipped
RETURNABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "return_requested" in nexts)
EXCHANGEABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "exchange_requested" in nexts)
# Items and payment change only while the order is exactly pending (RETAIL.md §3.4-§3.5).
ITEMS_CHANGEABLE = frozenset(s for s, nexts in TRANSITIONS.items() if "items_modified" in nexts)
PAYMENT_CHANGEABLE = ITEMS_CHANGEABLE
CANCEL_REASONS = ("no longer needed", "ordered by mistake")


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
    address2: str | None = None  # the second address line (suite, floor)


@dataclass(frozen=True)
class OrderItem:
    """A line: `quantity` units of one variant (`itemId`) of a product, at `unitPrice`."""

    productId: str
    name: str
    unitPrice: Decimal
    quantity: int
    itemId: str = ""  # "" only before the variants migration: the product's one variant
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Transaction:
    """One entry of an order's payment history: money taken from or given back to a method."""

    kind: str  # "payment" | "refund"
    amount: Decimal
    paymentMethodId: str


@dataclass(frozen=True)
class Fulfillment:
    trackingIds: list[str]
    itemIds: list[str]


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
    customerId: str = ""  # "" only before the customers migration
    paymentHistory: list[Transaction] = field(default_factory=list)
    fulfillments: list[Fulfillment] = field(default_factory=list)
    returnItems: list[str] | None = None
    returnPaymentMethodId: str | None = None
    exchangeItems: list[str] | None = None
    exchangeNewItems: list[str] | None = None
    exchangePaymentMethodId: str | None = None
    exchangePriceDifference: Decimal | None = None

    def units(self) -> list[OrderItem]:
        """One line per unit, in order: what the retail rules count and rewrite."""
        return [
            dataclasses.replace(item, quantity=1)
            for item in self.items
            for _ in range(item.quantity)
        ]


StockKey = tuple[str, str]  # (product id, item id)


@dataclass(frozen=True)
class Change:
    """What one order operation does, all or nothing (made by cloudmart/orders/rules.py)."""

    order: Order  # the order after the change
    fields: tuple[str, ...]  # its attributes that change
    balances: dict[str, Decimal] = field(default_factory=dict)  # gift card id -> credit (+)
    stock: dict[StockKey, int] = field(default_factory=dict)  # units back (+) or taken (-)


@dataclass(frozen=True)
class Variant:
    """One version of a product for sale (an item id): its options, price, whether it is
    offered (`available`, set by the shop; never derived from stock) and its stock."""

    itemId: str
    options: dict[str, str]
    price: Decimal
    available: bool
    stock: int


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str
    price: Decimal
    image: str
    category: str
    stock: int  # all variants together
    createdAt: str
    variants: dict[str, Variant] = field(default_factory=dict)  # by item id, in shop order

    def shown_variant(self) -> Variant | None:
        """The variant whose price the product shows and which an order naming no variant
        buys: the cheapest for sale (the first of them in shop order), so the price shown is
        the price charged. None when no variant is for sale."""
        offered = [v for v in self.variants.values() if v.available]
        return min(offered, key=lambda v: v.price) if offered else None


@dataclass(frozen=True)
class PaymentMethod:
    """`source` is credit_card (brand, lastFour), paypal, or gift_card (balance)."""

    id: str
    source: str
    brand: str | None = None
    lastFour: str | None = None
    balance: Decimal | None = None

    @property
    def is_gift_card(self) -> bool:
        return self.source == "gift_card"


@dataclass(frozen=True)
class Customer:
    id: str  # the token's `sub`
    firstName: str
    lastName: str
    email: str
    address: Address
    paymentMethods: dict[str, PaymentMethod]
    orderIds: list[str]
    version: int = 1
    language: str | None = None  # the shopper's chosen language; None: detected per message


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing; `cursor` is None on the last page."""

    items: list[T]
    cursor: str | None
