"""What a previewed change does to the customer's money, in words and as data for the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cloudmart.models import Change, Customer, Order, PaymentMethod, Transaction
from i18n import Translator


def method_label(customer: Customer | None, method_id: str, words: Translator) -> str:
    """A payment method as the customer knows it: "visa ending 4242", "PayPal", "gift card"."""
    method = customer.paymentMethods.get(method_id) if customer else None
    if method is None:
        return method_id
    return _label(method, words)


def _label(method: PaymentMethod, words: Translator) -> str:
    if method.source == "credit_card":
        brand = method.brand or words._("card")
        return words._("{brand} ending {last_four}", brand=brand, last_four=method.lastFour)
    return "PayPal" if method.source == "paypal" else words._("gift card")


def money_moves(
    before: Order, change: Change, customer: Customer | None, words: Translator
) -> list[dict[str, Any]]:
    """Each payment or refund the change records, with the gift card's balance after it."""
    new = change.order.paymentHistory[len(before.paymentHistory) :]
    balances = {
        m.id: m.balance
        for m in (customer.paymentMethods.values() if customer else [])
        if m.balance is not None
    }
    # A $0.00 entry (an item change at the same price) is recorded, but it moves no money.
    moves = [_move(entry, customer, words) for entry in new if entry.amount]
    for method_id, delta in change.balances.items():
        after = (balances.get(method_id) or Decimal(0)) + delta
        for move in moves:
            if move["paymentMethodId"] == method_id:
                move["giftCardBalanceAfter"] = float(after)
    return moves


def _move(entry: Transaction, customer: Customer | None, words: Translator) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "amount": float(entry.amount),
        "paymentMethodId": entry.paymentMethodId,
        "method": method_label(customer, entry.paymentMethodId, words),
    }


def moves_text(moves: list[dict[str, Any]], words: Translator) -> str:
    """ "$41.92 charged to gift card (balance after: $44.08)", joined."""
    parts = []
    for move in moves:
        amount, method = words.money(move["amount"]), move["method"]
        if move["kind"] == "payment":
            text = words._("{amount} charged to {method}", amount=amount, method=method)
        else:
            text = words._("{amount} refunded to {method}", amount=amount, method=method)
        if "giftCardBalanceAfter" in move:
            after = words.money(move["giftCardBalanceAfter"])
            text += words._(" (balance after: {balance})", balance=after)
        parts.append(text)
    return "; ".join(parts)
