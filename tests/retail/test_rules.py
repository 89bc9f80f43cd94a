"""The rules no reference task exercises (RETAIL.md §6, last bullet), on the pure planners."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from cloudmart.errors import CloudMartError, ConflictError, NotFoundError, UnprocessableError
from cloudmart.models import Customer, Order, Product
from cloudmart.orders.rules import (
    plan_cancel,
    plan_exchange,
    plan_items,
    plan_payment,
    plan_return,
)
from cloudmart.repositories.products import with_variants
from cloudmart.retail.projection import customer_in, order_in, order_out, variants_in
from tests.retail.replay import load

USERS, ORDERS, PRODUCTS = load("users"), load("orders"), load("products")
AT = "2026-11-30T00:00:00.000000Z"


def customer(user_id: str) -> Customer:
    return customer_in(user_id, USERS[user_id])


def order(order_id: str) -> Order:
    data = ORDERS[order_id]
    return order_in(data, customer(data["user_id"]), AT)


def catalogue() -> dict[str, Product]:
    found = {}
    for pid, data in PRODUCTS.items():
        shell = Product(pid, data["name"], "", Decimal(0), "", "", 0, AT)
        found[pid] = with_variants(shell, variants_in(data, dict.fromkeys(data["variants"], 5)))
    return found


def pending_with(source: str) -> tuple[Order, Customer]:
    """A pending order of a customer who also holds a method of `source` that did not pay."""
    for oid, data in ORDERS.items():
        if data["status"] != "pending" or len(data["payment_history"]) != 1:
            continue
        owner = customer(data["user_id"])
        paid = data["payment_history"][0]["payment_method_id"]
        if any(m.source == source and m.id != paid for m in owner.paymentMethods.values()):
            return order(oid), owner
    raise AssertionError(f"no pending order whose customer holds another {source}")


def other(owner: Customer, source: str, paid: str) -> str:
    return next(m.id for m in owner.paymentMethods.values() if m.source == source and m.id != paid)


@pytest.mark.parametrize(
    "reason", ["No longer needed", "changed my mind", "", "ordered by mistake "]
)
def test_a_cancel_reason_must_be_one_of_the_two_exactly(reason: str) -> None:
    o, c = pending_with("credit_card")
    with pytest.raises(UnprocessableError):
        plan_cancel(o, c, reason)


def test_an_unavailable_variant_and_a_variant_of_another_product_are_refused() -> None:
    o, c = pending_with("credit_card")
    unit, products = o.units()[0], catalogue()
    own = products[unit.productId].variants.values()
    unavailable = next((v.itemId for v in own if not v.available), None)
    foreign = next(iter(p for p in products.values() if p.id != unit.productId)).variants
    method = o.paymentHistory[0].paymentMethodId
    for new in filter(None, [unavailable, next(iter(foreign))]):
        with pytest.raises(UnprocessableError):
            plan_items(o, c, products, [unit.itemId], [new], method)


def test_lists_of_unequal_length_are_refused() -> None:
    o, c = pending_with("credit_card")
    unit, method = o.units()[0], o.paymentHistory[0].paymentMethodId
    with pytest.raises(UnprocessableError):
        plan_items(o, c, catalogue(), [unit.itemId], [], method)


def test_a_second_payment_change_is_refused_and_a_cancel_then_refunds_all_three() -> None:
    o, c = pending_with("credit_card")
    paid = o.paymentHistory[0]
    first = plan_payment(o, c, other(c, "credit_card", paid.paymentMethodId))
    with pytest.raises(ConflictError):
        plan_payment(first.order, c, paid.paymentMethodId)
    canceled = plan_cancel(first.order, c, "no longer needed").order
    history = order_out(canceled)["payment_history"]
    assert [t["transaction_type"] for t in history] == ["payment"] * 2 + ["refund"] + ["refund"] * 3
    assert [t["amount"] for t in history[3:]] == [t["amount"] for t in history[:3]]


def test_a_gift_card_pays_only_what_it_holds() -> None:
    o, c = pending_with("gift_card")
    card = other(c, "gift_card", o.paymentHistory[0].paymentMethodId)
    amount = o.paymentHistory[0].amount
    poor = dataclasses.replace(
        c,
        paymentMethods={
            **c.paymentMethods,
            card: dataclasses.replace(c.paymentMethods[card], balance=amount - Decimal("0.01")),
        },
    )
    with pytest.raises(ConflictError):
        plan_payment(o, poor, card)
    exact = dataclasses.replace(
        poor,
        paymentMethods={
            **poor.paymentMethods,
            card: dataclasses.replace(poor.paymentMethods[card], balance=amount),
        },
    )
    change = plan_payment(o, exact, card)
    assert change.balances[card] == -amount  # equal passes, and leaves the card at zero


def test_another_customers_payment_method_does_not_exist() -> None:
    o, c = pending_with("credit_card")
    stranger = next(m for u, data in USERS.items() if u != c.id for m in data["payment_methods"])
    with pytest.raises(NotFoundError):
        plan_payment(o, c, stranger)


@pytest.mark.parametrize("status", ["pending", "processed", "cancelled", "return requested"])
def test_returns_and_exchanges_want_a_delivered_order(status: str) -> None:
    oid = next(k for k, v in ORDERS.items() if v["status"] == "delivered")
    data: dict[str, Any] = {**ORDERS[oid], "status": status}
    c = customer(data["user_id"])
    o = order_in(data, c, AT)
    unit, method = o.units()[0], data["payment_history"][0]["payment_method_id"]
    for attempt in (
        lambda: plan_return(o, c, [unit.itemId], method),
        lambda: plan_exchange(o, c, catalogue(), [unit.itemId], [unit.itemId], method),
    ):
        with pytest.raises(CloudMartError):
            attempt()
