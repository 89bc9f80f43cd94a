"""The confirm card's facts: the operation as data (the page renders these, nothing else), from
the same preview as its summary."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cloudmart.models import OrderItem
from cloudmart.tools.previews import Previewed, one_line, refund_of, units_named, variants_named


def card(name: str, p: Previewed, moves: list[dict[str, Any]]) -> dict[str, Any]:
    """The confirm card's facts: the order's id, the units the operation touches (before and
    after for a swap), and the money it moves now (`money`) or later (`refund`, `difference`)."""
    return {"order": {"id": p.plan.order.id}, "money": moves, **CARDS[name](p)}


def _unit_view(unit: OrderItem) -> dict[str, Any]:
    return {
        "productId": unit.productId,
        "itemId": unit.itemId,
        "name": unit.name,
        "options": dict(unit.options),
        "quantity": unit.quantity,
        "unitPrice": float(unit.unitPrice),
    }


def _grouped(units: list[OrderItem]) -> list[dict[str, Any]]:
    """Units as lines: one per variant, with how many of it."""
    lines: dict[str, dict[str, Any]] = {}
    for unit in units:
        line = lines.setdefault(unit.itemId or unit.productId, {**_unit_view(unit), "quantity": 0})
        line["quantity"] += unit.quantity
    return list(lines.values())


def _difference(diff: Decimal, method: str) -> dict[str, Any]:
    payer = "customer" if diff > 0 else "shop" if diff < 0 else None
    return {"amount": float(abs(diff)), "payer": payer, "method": method if payer else None}


def _swaps(p: Previewed) -> list[dict[str, Any]]:
    before = units_named(p.plan.order, p.args["item_ids"], as_named=True)
    after = variants_named(p.deps, p.plan.order, p.args["new_item_ids"])
    pairs = zip(before, after, strict=True)  # the checks matched every id to a variant
    return [{"before": _unit_view(b), "after": _unit_view(a)} for b, a in pairs]


def _cancel_card(p: Previewed) -> dict[str, Any]:
    return {"items": _grouped(p.plan.order.units())}


def _address_card(p: Previewed) -> dict[str, Any]:
    old, new = p.plan.order.shippingAddress, p.plan.change.order.shippingAddress
    return {"address": {"before": one_line(old), "after": one_line(new)}}


def _payment_card(p: Previewed) -> dict[str, Any]:
    return {}  # the money moves are all it does


def _items_card(p: Previewed) -> dict[str, Any]:
    diff = p.plan.change.order.total - p.plan.order.total
    return {"swaps": _swaps(p), "difference": _difference(diff, p.method())}


def _return_card(p: Previewed) -> dict[str, Any]:
    refund = {"amount": float(refund_of(p)), "method": p.method()}
    return {"items": _grouped(units_named(p.plan.order, p.args["item_ids"])), "refund": refund}


def _exchange_card(p: Previewed) -> dict[str, Any]:
    diff = p.plan.change.order.exchangePriceDifference or Decimal(0)
    return {"swaps": _swaps(p), "difference": _difference(diff, p.method())}


CARDS: dict[str, Callable[[Previewed], dict[str, Any]]] = {
    "cancel_pending_order": _cancel_card,
    "modify_pending_order_address": _address_card,
    "modify_pending_order_payment": _payment_card,
    "modify_pending_order_items": _items_card,
    "return_delivered_order_items": _return_card,
    "exchange_delivered_order_items": _exchange_card,
}
