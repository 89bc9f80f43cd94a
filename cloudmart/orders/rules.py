"""The retail rules of the order operations (docs/RETAIL.md §2-§3), as pure functions.

Each `plan_*` runs every check of one operation, in the contract's order, on the order and the
customer as read, and returns the `Change` to write: the order after, the gift-card balance
moves and the stock moves. A failed check raises and nothing is written. The service reads,
plans and writes the change in one transaction; nothing here reads a clock or a table.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

from cloudmart.errors import ConflictError, NotFoundError, UnprocessableError
from cloudmart.models import (
    ADDRESS_CHANGEABLE,
    CANCEL_REASONS,
    CANCELABLE,
    CENT,
    EXCHANGEABLE,
    ITEMS_CHANGEABLE,
    PAYMENT_CHANGEABLE,
    RETURNABLE,
    Address,
    Change,
    Customer,
    Order,
    PaymentMethod,
    Product,
    StockKey,
    Transaction,
    Variant,
)
from i18n import N_


def plan_cancel(order: Order, customer: Customer | None, reason: str) -> Change:
    """§3.1: refund every entry of the history as it stands; gift cards are credited at once."""
    _require_status(
        order, CANCELABLE, N_("order {order_id} is {status} and can no longer be canceled")
    )
    if reason not in CANCEL_REASONS:
        raise UnprocessableError(
            N_("the reason must be one of: {reasons}"),
            params={"reasons": ", ".join(CANCEL_REASONS)},
            errors={"reason": [f"one of: {', '.join(CANCEL_REASONS)}"]},
        )
    refunds = [Transaction("refund", t.amount, t.paymentMethodId) for t in order.paymentHistory]
    new = dataclasses.replace(
        order,
        status="canceled",
        cancelReason=reason,
        paymentHistory=[*order.paymentHistory, *refunds],
    )
    return Change(
        new,
        ("status", "cancelReason", "paymentHistory"),
        balances=_gift_card_moves(customer, [(r.paymentMethodId, r.amount) for r in refunds]),
        stock={key: n for key, n in _units_by_variant(order).items()},
    )


def plan_address(order: Order, address: Address) -> Change:
    """§3.2: the address becomes exactly the given one; the status stays."""
    _require_status(
        order,
        ADDRESS_CHANGEABLE,
        N_("order {order_id} is {status}; its address can no longer be changed"),
    )
    if not address.name:  # the reference address has no recipient: the order's stays
        address = dataclasses.replace(address, name=order.shippingAddress.name)
    return Change(dataclasses.replace(order, shippingAddress=address), ("shippingAddress",))


def plan_payment(order: Order, customer: Customer | None, method_id: str) -> Change:
    """§3.4: pay the one payment with another method of the order's customer."""
    _require_status(
        order,
        PAYMENT_CHANGEABLE,
        N_("order {order_id} is {status}; only a pending order can be paid another way"),
    )
    method = _own_method(customer, method_id)
    history = order.paymentHistory
    if len(history) != 1 or history[0].kind != "payment":
        raise ConflictError(
            N_("the payment of order {order_id} was already changed once"),
            params={"order_id": order.id},
        )
    paid = history[0]
    if paid.paymentMethodId == method.id:
        raise ConflictError(
            N_("order {order_id} is already paid with {method}"),
            params={"order_id": order.id, "method": method.id},
        )
    _require_covers(method, paid.amount)
    new = dataclasses.replace(
        order,
        paymentHistory=[
            *history,
            Transaction("payment", paid.amount, method.id),
            Transaction("refund", paid.amount, paid.paymentMethodId),
        ],
    )
    moves = [(method.id, -paid.amount), (paid.paymentMethodId, paid.amount)]
    return Change(new, ("paymentHistory",), balances=_gift_card_moves(customer, moves))


def plan_items(
    order: Order,
    customer: Customer | None,
    catalogue: dict[str, Product],
    item_ids: list[str],
    new_item_ids: list[str],
    method_id: str,
) -> Change:
    """§3.5: swap units for other variants of the same products, once; the difference is
    paid or refunded with `method_id` at once."""
    _require_status(
        order,
        ITEMS_CHANGEABLE,
        N_("order {order_id} is {status}; only a pending order's items can be changed (once)"),
    )
    diff, new_variants = _swap_difference(order, catalogue, item_ids, new_item_ids)
    method = _own_method(customer, method_id)
    _require_covers(method, diff)
    units = order.units()
    stock: Counter[StockKey] = Counter()
    for old_id, new_id in zip(item_ids, new_item_ids, strict=True):
        at = next(i for i, unit in enumerate(units) if unit.itemId == old_id)
        old, variant = units[at], new_variants[new_id]
        units[at] = dataclasses.replace(
            old, itemId=new_id, unitPrice=variant.price, options=dict(variant.options)
        )
        stock[(old.productId, old_id)] += 1
        stock[(old.productId, new_id)] -= 1
    kind = "payment" if diff > 0 else "refund"
    new = dataclasses.replace(
        order,
        status="items_modified",
        items=units,
        total=sum((u.unitPrice for u in units), Decimal(0)),
        paymentHistory=[*order.paymentHistory, Transaction(kind, abs(diff), method.id)],
    )
    return Change(
        new,
        ("status", "items", "total", "paymentHistory"),
        balances=_gift_card_moves(customer, [(method.id, -diff)]),
        stock={k: n for k, n in stock.items() if n},
    )


def plan_return(
    order: Order, customer: Customer | None, item_ids: list[str], method_id: str
) -> Change:
    """§3.6: ask to return some or all units; the refund goes to the method that paid or a
    gift card. No money moves yet."""
    _require_status(
        order, RETURNABLE, N_("order {order_id} is {status}; only delivered orders can be returned")
    )
    method = _own_method(customer, method_id)
    first = order.paymentHistory[0].paymentMethodId if order.paymentHistory else None
    if not method.is_gift_card and method.id != first:
        raise UnprocessableError(
            N_("a refund goes back to the method that paid or to a gift card"),
            params={},
            errors={"payment_method_id": [f"{method.id} did not pay for order {order.id}"]},
        )
    _require_contained(order, item_ids)
    new = dataclasses.replace(
        order,
        status="return_requested",
        returnItems=sorted(item_ids),
        returnPaymentMethodId=method.id,
    )
    return Change(new, ("status", "returnItems", "returnPaymentMethodId"))


def plan_exchange(
    order: Order,
    customer: Customer | None,
    catalogue: dict[str, Product],
    item_ids: list[str],
    new_item_ids: list[str],
    method_id: str,
) -> Change:
    """§3.7: ask to exchange units for other variants of the same products; the difference
    (new minus old) is settled later with `method_id`."""
    _require_status(
        order,
        EXCHANGEABLE,
        N_("order {order_id} is {status}; only delivered orders can be exchanged"),
    )
    diff, _ = _swap_difference(order, catalogue, item_ids, new_item_ids)
    method = _own_method(customer, method_id)
    _require_covers(method, diff)
    new = dataclasses.replace(
        order,
        status="exchange_requested",
        exchangeItems=sorted(item_ids),
        exchangeNewItems=sorted(new_item_ids),
        exchangePaymentMethodId=method.id,
        exchangePriceDifference=diff.quantize(CENT),
    )
    fields = ("status", "exchangeItems", "exchangeNewItems", "exchangePaymentMethodId")
    return Change(new, (*fields, "exchangePriceDifference"))


def _require_status(order: Order, allowed: frozenset[str], refusal: str) -> None:
    """`refusal` is a msgid naming {order_id} and {status}."""
    if order.status not in allowed:
        raise ConflictError(refusal, params={"order_id": order.id, "status": order.status})


def _require_contained(order: Order, item_ids: list[str]) -> None:
    """§2.7: each id at most as often as the order has units of it."""
    held = Counter(unit.itemId for unit in order.units())
    missing = [i for i, n in Counter(item_ids).items() if n > held[i]]
    if missing:
        raise UnprocessableError(
            N_("order {order_id} does not hold these items"),
            params={"order_id": order.id},
            errors={
                "item_ids": [f"not in order {order.id} (that many times): {i}" for i in missing]
            },
        )


def _swap_difference(
    order: Order, catalogue: dict[str, Product], item_ids: list[str], new_item_ids: list[str]
) -> tuple[Decimal, dict[str, Variant]]:
    """Checks 3-5 of §3.5/§3.7: the price difference (new minus old) and the new variants."""
    _require_contained(order, item_ids)
    if len(item_ids) != len(new_item_ids):
        raise UnprocessableError(
            N_("name one new item for each item"),
            params={},
            errors={"new_item_ids": ["as many as item_ids"]},
        )
    units = order.units()
    diff, variants = Decimal(0), dict[str, Variant]()
    for old_id, new_id in zip(item_ids, new_item_ids, strict=True):
        old = next(unit for unit in units if unit.itemId == old_id)
        product = catalogue.get(old.productId)
        variant = product.variants.get(new_id) if product else None
        if variant is None:
            raise UnprocessableError(
                N_("{item_id} is not a variant of {product}"),
                params={"item_id": new_id, "product": old.name},
                errors={"new_item_ids": [f"{new_id}: not a variant of product {old.productId}"]},
            )
        if not variant.available:
            raise UnprocessableError(
                N_("that {product} ({item_id}) is not for sale"),
                params={"product": old.name, "item_id": new_id},
                errors={"new_item_ids": [f"{new_id}: not available"]},
            )
        diff += variant.price - old.unitPrice
        variants[new_id] = variant
    return diff, variants


def _own_method(customer: Customer | None, method_id: str) -> PaymentMethod:
    method = customer.paymentMethods.get(method_id) if customer else None
    if method is None:  # another customer's method does not exist for this one
        raise NotFoundError(N_("payment method {method} not found"), params={"method": method_id})
    return method


def _require_covers(method: PaymentMethod, amount: Decimal) -> None:
    if method.is_gift_card and (method.balance or Decimal(0)) < amount:
        raise ConflictError(
            N_("gift card {method} holds {balance}, less than {amount}"),
            params={"method": method.id, "balance": method.balance or Decimal(0), "amount": amount},
        )


def _gift_card_moves(
    customer: Customer | None, moves: list[tuple[str, Decimal]]
) -> dict[str, Decimal]:
    """The net balance change of each gift card among `moves` (other methods move no balance)."""
    cards = customer.paymentMethods if customer else {}
    net: dict[str, Decimal] = {}
    for method_id, amount in moves:
        method = cards.get(method_id)
        if method is not None and method.is_gift_card:
            net[method_id] = net.get(method_id, Decimal(0)) + amount
    return {k: v for k, v in net.items() if v}


def _units_by_variant(order: Order) -> Counter[StockKey]:
    held: Counter[StockKey] = Counter()
    for item in order.items:
        held[(item.productId, item.itemId)] += item.quantity
    return held


def gift_card_money_held(order: Order, customer: Customer | None) -> dict[str, Decimal]:
    """What the order holds of each gift card: its payments less its refunds."""
    signed = [
        (t.paymentMethodId, t.amount if t.kind == "payment" else -t.amount)
        for t in order.paymentHistory
    ]
    return _gift_card_moves(customer, signed)
