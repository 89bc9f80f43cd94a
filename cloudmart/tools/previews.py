"""What a previewed order operation says to the customer, in the conversation's language: the
units it touches, the variants and the money it moves, in words (the summary) and as data (the
confirm card's facts); never the rest of the order."""

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
        units = units_named(self.plan.order, self.args["item_ids"])
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
    diff, w = p.plan.change.order.total - p.plan.order.total, p.words
    facts = {"order_id": p.plan.order.id, "items": p.items(), "new_items": p.new_items()}
    if not diff:
        return w._(
            "In order {order_id}, change {items} to {new_items}. No price difference. After "
            "this the order cannot be changed or canceled any more.",
            **facts,
        )
    facts |= {"difference": w.money(abs(diff)), "money": p.money}
    if diff > 0:
        return w._(
            "In order {order_id}, change {items} to {new_items}. Price difference "
            "{difference}, which you pay: {money}. After this the order cannot be changed or "
            "canceled any more.",
            **facts,
        )
    return w._(
        "In order {order_id}, change {items} to {new_items}. Price difference {difference}, "
        "which you get back: {money}. After this the order cannot be changed or canceled any "
        "more.",
        **facts,
    )


def refund_of(p: Previewed) -> Decimal:
    """What a return refunds once the items arrive: the units' prices."""
    return sum((u.unitPrice for u in units_named(p.plan.order, p.args["item_ids"])), Decimal(0))


def _return_text(p: Previewed) -> str:
    refund = refund_of(p)
    return p.words._(
        "Return from order {order_id}: {items}. Once they arrive, {refund} is refunded to "
        "{method}.",
        order_id=p.plan.order.id,
        items=p.items(),
        refund=p.words.money(refund),
        method=p.method(),
    )


def _exchange_text(p: Previewed) -> str:
    diff, w = p.plan.change.order.exchangePriceDifference or Decimal(0), p.words
    facts = {"order_id": p.plan.order.id, "items": p.items(), "new_items": p.new_items()}
    if not diff:
        return w._(
            "Exchange in order {order_id}: {items} for {new_items}. No price difference.", **facts
        )
    facts |= {"difference": w.money(abs(diff)), "method": p.method()}
    if diff > 0:
        return w._(
            "Exchange in order {order_id}: {items} for {new_items}. Price difference "
            "{difference}, which you pay with {method} once the exchange is processed.",
            **facts,
        )
    return w._(
        "Exchange in order {order_id}: {items} for {new_items}. Price difference {difference}, "
        "which you get back to {method} once the exchange is processed.",
        **facts,
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


def units_named(order: Order, item_ids: list[str], *, as_named: bool = False) -> list[OrderItem]:
    """The order's units the ids name, one unit per id (an id named twice: two units), in the
    order's order, or `as_named` (the i-th unit for the i-th id: a swap's pairs)."""
    units, taken = order.units(), []
    for item_id in item_ids:
        at = next((n for n, u in enumerate(units) if u.itemId == item_id and n not in taken), None)
        if at is not None:
            taken.append(at)
    return [units[n] for n in (taken if as_named else sorted(taken))]


def variants_named(deps: ToolDeps, order: Order, new_item_ids: list[str]) -> list[OrderItem]:
    """The variants named, one unit each, by product, options and price (the checks found
    every one)."""
    catalogue = deps.orders.catalogue(order)
    found = []
    for item_id in new_item_ids:
        for product in catalogue.values():
            variant = product.variants.get(item_id)
            if variant is not None:
                found.append(
                    OrderItem(product.id, product.name, variant.price, 1, item_id, variant.options)
                )
    return found


def _variant_names(p: Previewed, order: Order, new_item_ids: list[str]) -> str:
    units = variants_named(p.deps, order, new_item_ids)
    return "; ".join(_unit_text(u.name, u.options, u.unitPrice, p.words) for u in units)
