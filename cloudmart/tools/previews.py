"""What a previewed order operation says to the customer: the items, the variants and the
money, in words (the confirm card shows the same money as data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Order, OrderItem, format_money
from cloudmart.orders.service import Plan
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.money import method_label
from cloudmart.tools.views import items_phrase


def one_line(a: Address) -> str:
    parts = (a.street, a.address2, a.city, a.state, a.postalCode, a.country)
    return ", ".join(p for p in parts if p)


def _swapped(order: Order, item_ids: list[str]) -> str:
    """The units named, by product, options and price."""
    return "; ".join(_unit_text(u.name, u.options, u.unitPrice) for u in _units(order, item_ids))


def _unit_text(name: str, options: dict[str, str], price: Decimal) -> str:
    described = ", ".join(options.values())
    return f"{name}{f' ({described})' if described else ''} {format_money(price)}"


@dataclass(frozen=True)
class Previewed:
    """What a summary is written from: the plan, the call's arguments and the money."""

    plan: Plan
    args: dict[str, Any]
    money: str
    deps: ToolDeps

    def method(self) -> str:
        return method_label(self.plan.customer, self.args["payment_method_id"])

    def items(self) -> str:
        return _swapped(self.plan.order, self.args["item_ids"])

    def new_items(self) -> str:
        return _variant_names(self.deps, self.plan.order, self.args["new_item_ids"])


def _cancel_text(p: Previewed) -> str:
    order = p.plan.order
    return (
        f"Cancel order {order.id} ({items_phrase(order)}, total {format_money(order.total)}) "
        f"because it is {p.args['reason']}. "
        f"{p.money or 'Nothing was paid, so nothing is refunded'}."
    )


def _address_text(p: Previewed) -> str:
    old, new = p.plan.order.shippingAddress, p.plan.change.order.shippingAddress
    return (
        f"Change the shipping address of order {p.plan.order.id} from {one_line(old)} "
        f"to {one_line(new)}."
    )


def _payment_text(p: Previewed) -> str:
    return f"Pay order {p.plan.order.id} with {p.method()}: {p.money}."


def _items_text(p: Previewed) -> str:
    diff = p.plan.change.order.total - p.plan.order.total
    return (
        f"In order {p.plan.order.id}, change {p.items()} to {p.new_items()}. Price difference "
        f"{format_money(diff)}: {p.money}. After this the order cannot be changed or canceled "
        "any more."
    )


def _return_text(p: Previewed) -> str:
    refund = sum((u.unitPrice for u in _units(p.plan.order, p.args["item_ids"])), Decimal(0))
    return (
        f"Return from order {p.plan.order.id}: {p.items()}. Once they arrive, "
        f"{format_money(refund)} is refunded to {p.method()}."
    )


def _exchange_text(p: Previewed) -> str:
    diff = p.plan.change.order.exchangePriceDifference or Decimal(0)
    settle = "you pay" if diff > 0 else "you get back"
    return (
        f"Exchange in order {p.plan.order.id}: {p.items()} for {p.new_items()}. Price "
        f"difference {format_money(abs(diff))} ({settle}), with {p.method()} once the exchange "
        "is processed."
    )


SUMMARIES: dict[str, Callable[[Previewed], str]] = {
    "cancel_pending_order": _cancel_text,
    "modify_pending_order_address": _address_text,
    "modify_pending_order_payment": _payment_text,
    "modify_pending_order_items": _items_text,
    "return_delivered_order_items": _return_text,
    "exchange_delivered_order_items": _exchange_text,
}


def _units(order: Order, item_ids: list[str]) -> list[OrderItem]:
    """The order's units the ids name, one unit per id (an id named twice: two units)."""
    units, taken = order.units(), set()
    for item_id in item_ids:
        at = next((n for n, u in enumerate(units) if u.itemId == item_id and n not in taken), None)
        if at is not None:
            taken.add(at)
    return [units[n] for n in sorted(taken)]


def _variant_names(deps: ToolDeps, order: Order, new_item_ids: list[str]) -> str:
    """The variants named, by product, options and price (the checks found every one)."""
    catalogue = deps.orders.catalogue(order)
    parts = []
    for item_id in new_item_ids:
        for product in catalogue.values():
            variant = product.variants.get(item_id)
            if variant is not None:
                parts.append(_unit_text(product.name, variant.options, variant.price))
    return "; ".join(parts)
