"""What a previewed change does to the customer's money, in words and as data for the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cloudmart.models import Change, Customer, Order, PaymentMethod, Transaction, format_money


def method_label(customer: Customer | None, method_id: str) -> str:
    """A payment method as the customer knows it: "visa ending 4242", "PayPal", "gift card"."""
    method = customer.paymentMethods.get(method_id) if customer else None
    if method is None:
        return method_id
    return _label(method)


def _label(method: PaymentMethod) -> str:
    if method.source == "credit_card":
        return f"{method.brand or 'card'} ending {method.lastFour}"
    return "PayPal" if method.source == "paypal" else "gift card"


def money_moves(before: Order, change: Change, customer: Customer | None) -> list[dict[str, Any]]:
    """Each payment or refund the change records, with the gift card's balance after it."""
    new = change.order.paymentHistory[len(before.paymentHistory) :]
    balances = {
        m.id: m.balance
        for m in (customer.paymentMethods.values() if customer else [])
        if m.balance is not None
    }
    moves = []
    for entry in new:
        moves.append(_move(entry, customer))
    for method_id, delta in change.balances.items():
        after = (balances.get(method_id) or Decimal(0)) + delta
        for move in moves:
            if move["paymentMethodId"] == method_id:
                move["giftCardBalanceAfter"] = float(after)
    return moves


def _move(entry: Transaction, customer: Customer | None) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "amount": float(entry.amount),
        "paymentMethodId": entry.paymentMethodId,
        "method": method_label(customer, entry.paymentMethodId),
    }


def moves_text(moves: list[dict[str, Any]]) -> str:
    """ "$41.92 charged to gift card (balance after: $44.08)", joined."""
    parts = []
    for move in moves:
        verb = "charged to" if move["kind"] == "payment" else "refunded to"
        text = f"{format_money(move['amount'])} {verb} {move['method']}"
        if "giftCardBalanceAfter" in move:
            text += f" (balance after: {format_money(move['giftCardBalanceAfter'])})"
        parts.append(text)
    return "; ".join(parts)
