"""What a previewed order operation says to the customer: the items, the variants and the
money, in words and in the conversation's language (the confirm card shows the same money as
data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Order, OrderItem
from cloudmart.orders.service import Plan
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.money import method_label
from i18n import N_, Translator


def one_line(a: Address) -> str:
    parts = (a.street, a.address2, a.city, a.state, a.postalCode, a.country)
    return ", ".join(p for p in parts if p)


def items_phrase(order: Order, words: Translator) -> str:
    """ "1 x Mug, 2 x Lamp" as the locale lists them."""
    return words.listing(f"{i.quantity} x {i.name}" for i in order.items)


def _unit_text(name: str, options: dict[str, str], price: Decimal, words: Translator) -> str:
    described = ", ".join(options.values())
    return f"{name}{f' ({described})' if described else ''} {words.money(price)}"


@dataclass(frozen=True)
class Previewed:
    """What a summary is written from: the plan, the call's arguments and the money."""

    plan: Plan
    args: dict[str, Any]
    money: str
    deps: ToolDeps

    @property
    def words(self) -> Translator:
        return Translator(self.deps.language)

    def method(self) -> str:
        return method_label(self.plan.customer, self.args["payment_method_id"], self.words)

    def items(self) -> str:
        units = _units(self.plan.order, self.args["item_ids"])
        return "; ".join(_unit_text(u.name, u.options, u.unitPrice, self.words) for u in units)

    def new_items(self) -> str:
        return _variant_names(self, self.plan.order, self.args["new_item_ids"])


def _cancel_text(p: Previewed) -> str:
    order, w = p.plan.order, p.words
    reason = w._(CANCEL_REASON_WORDS.get(p.args["reason"], p.args["reason"]))
    return w._(
        "Cancel order {order_id} ({items}, total {total}) because it is {reason}. {money}.",
        order_id=order.id,
        items=items_phrase(order, w),
        total=w.money(order.total),
        reason=reason,
        money=p.money or w._("Nothing was paid, so nothing is refunded"),
    )


def _address_text(p: Previewed) -> str:
    old, new = p.plan.order.shippingAddress, p.plan.change.order.shippingAddress
    return p.words._(
        "Change the shipping address of order {order_id} from {old} to {new}.",
        order_id=p.plan.order.id,
        old=one_line(old),
        new=one_line(new),
    )


def _payment_text(p: Previewed) -> str:
    return p.words._(
        "Pay order {order_id} with {method}: {money}.",
        order_id=p.plan.order.id,
        method=p.method(),
        money=p.money,
    )


def _items_text(p: Previewed) -> str:
    diff = p.plan.change.order.total - p.plan.order.total
    return p.words._(
        "In order {order_id}, change {items} to {new_items}. Price difference {difference}: "
        "{money}. After this the order cannot be changed or canceled any more.",
        order_id=p.plan.order.id,
        items=p.items(),
        new_items=p.new_items(),
        difference=p.words.money(diff),
        money=p.money,
    )


def _return_text(p: Previewed) -> str:
    refund = sum((u.unitPrice for u in _units(p.plan.order, p.args["item_ids"])), Decimal(0))
    return p.words._(
        "Return from order {order_id}: {items}. Once they arrive, {refund} is refunded to "
        "{method}.",
        order_id=p.plan.order.id,
        items=p.items(),
        refund=p.words.money(refund),
        method=p.method(),
    )


def _exchange_text(p: Previewed) -> str:
    diff = p.plan.change.order.exchangePriceDifference or Decimal(0)
    w = p.words
    settle = w._("you pay") if diff > 0 else w._("you get back")
    return w._(
        "Exchange in order {order_id}: {items} for {new_items}. Price difference {difference} "
        "({settle}), with {method} once the exchange is processed.",
        order_id=p.plan.order.id,
        items=p.items(),
        new_items=p.new_items(),
        difference=w.money(abs(diff)),
        settle=settle,
        method=p.method(),
    )


SUMMARIES: dict[str, Callable[[Previewed], str]] = {
    "cancel_pending_order": _cancel_text,
    "modify_pending_order_address": _address_text,
    "modify_pending_order_payment": _payment_text,
    "modify_pending_order_items": _items_text,
    "return_delivered_order_items": _return_text,
    "exchange_delivered_order_items": _exchange_text,
}
# The reasons are the reference's enum values (data); this is how a summary says them.
CANCEL_REASON_WORDS = {
    "no longer needed": N_("no longer needed"),
    "ordered by mistake": N_("ordered by mistake"),
}


def _units(order: Order, item_ids: list[str]) -> list[OrderItem]:
    """The order's units the ids name, one unit per id (an id named twice: two units)."""
    units, taken = order.units(), set()
    for item_id in item_ids:
        at = next((n for n, u in enumerate(units) if u.itemId == item_id and n not in taken), None)
        if at is not None:
            taken.add(at)
    return [units[n] for n in sorted(taken)]


def _variant_names(p: Previewed, order: Order, new_item_ids: list[str]) -> str:
    """The variants named, by product, options and price (the checks found every one)."""
    catalogue = p.deps.orders.catalogue(order)
    parts = []
    for item_id in new_item_ids:
        for product in catalogue.values():
            variant = product.variants.get(item_id)
            if variant is not None:
                parts.append(_unit_text(product.name, variant.options, variant.price, p.words))
    return "; ".join(parts)
