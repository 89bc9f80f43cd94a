"""The order operations as values: what to do to which order, planned by the retail rules.

The service previews one (every check, nothing written: what the customer confirms) or performs
it (planned again on the order as it is now, then written in one transaction).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from cloudmart.models import Address, Change, Customer, Order, Product
from cloudmart.orders.rules import (
    plan_address,
    plan_cancel,
    plan_exchange,
    plan_items,
    plan_payment,
    plan_return,
)


class Shop(Protocol):
    """What planning needs besides the order and its customer (the service provides it)."""

    def catalogue(self, order: Order) -> dict[str, Product]: ...

    def require_window(self, order: Order) -> None: ...


class OrderOperation(Protocol):
    order_id: str

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change: ...


@dataclass(frozen=True)
class Cancel:
    order_id: str
    reason: str

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        return plan_cancel(order, customer, self.reason)


@dataclass(frozen=True)
class ChangeAddress:
    order_id: str
    address: Address  # without a recipient name, the order's stays

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        return plan_address(order, self.address)


@dataclass(frozen=True)
class ChangePayment:
    order_id: str
    payment_method_id: str

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        return plan_payment(order, customer, self.payment_method_id)


@dataclass(frozen=True)
class ChangeItems:
    order_id: str
    item_ids: list[str]
    new_item_ids: list[str]
    payment_method_id: str

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        return plan_items(
            order,
            customer,
            shop.catalogue(order),
            self.item_ids,
            self.new_item_ids,
            self.payment_method_id,
        )


@dataclass(frozen=True)
class ReturnItems:
    order_id: str
    item_ids: list[str]
    payment_method_id: str
    reason: str | None = None  # in the customer's words, kept with the order

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        change = plan_return(order, customer, self.item_ids, self.payment_method_id)
        shop.require_window(order)
        if self.reason is None:
            return change
        return with_fields(change, returnReason=self.reason)


@dataclass(frozen=True)
class ExchangeItems:
    order_id: str
    item_ids: list[str]
    new_item_ids: list[str]
    payment_method_id: str

    def plan(self, order: Order, customer: Customer | None, shop: Shop) -> Change:
        change = plan_exchange(
            order,
            customer,
            shop.catalogue(order),
            self.item_ids,
            self.new_item_ids,
            self.payment_method_id,
        )
        shop.require_window(order)
        return change


def with_fields(change: Change, **values: object) -> Change:
    """`change` also setting `values` on the order."""
    order = dataclasses.replace(change.order, **values)  # type: ignore[arg-type]
    return dataclasses.replace(change, order=order, fields=(*change.fields, *values))
