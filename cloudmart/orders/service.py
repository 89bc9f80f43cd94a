"""OrderService: the order rules, used by the REST views and the assistant's tools alike."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from cloudmart.errors import ConflictError, ForbiddenError, UnprocessableError
from cloudmart.limits import Limits
from cloudmart.models import (
    CANCEL_REASONS,
    CANCELABLE,
    RETURN_WINDOW_DAYS,
    TRANSITIONS,
    Address,
    Change,
    Customer,
    Order,
    Page,
    Product,
    StatusChange,
    Transaction,
    iso,
    parse_iso,
    utc_now,
)
from cloudmart.orders.operations import (
    Cancel,
    ChangeAddress,
    ChangeItems,
    ChangePayment,
    ExchangeItems,
    OrderOperation,
    ReturnItems,
)
from cloudmart.orders.pricing import OrderLine, choose_payment, price_lines
from cloudmart.orders.rules import gift_card_money_held
from cloudmart.principal import Principal, require_visible
from cloudmart.repositories.base import Claim
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.orders import DuplicateOrderIdError, OrderRepository
from cloudmart.repositories.products import ProductRepository
from i18n import N_


def new_order_id() -> str:
    return f"CM-{secrets.randbelow(900000) + 100000}"


class Plan(NamedTuple):
    order: Order  # as read
    customer: Customer | None  # the order's
    change: Change  # what the operation would do


@dataclass(frozen=True)
class Swap:
    """Units of an order named by item id, what they become (an exchange or item change;
    empty for a return), and the payment method that pays or is refunded."""

    item_ids: list[str]
    new_item_ids: list[str]
    payment_method_id: str
    reason: str | None = None  # a return's, in the customer's words

    def as_args(self) -> tuple[list[str], list[str], str]:
        return self.item_ids, self.new_item_ids, self.payment_method_id


class OrderService:
    def __init__(
        self,
        orders: OrderRepository,
        products: ProductRepository,
        customers: CustomerRepository,
        *,
        clock: Callable[[], datetime] = utc_now,
        return_window_days: int = RETURN_WINDOW_DAYS,
        id_factory: Callable[[], str] = new_order_id,
        limits: Limits | None = None,
    ) -> None:
        self._limits = limits
        self.orders = orders
        self.products = products
        self.customers = customers
        self._clock = clock
        self.return_window = timedelta(days=return_window_days)
        self._new_id = id_factory

    def get(self, principal: Principal, order_id: str) -> Order:
        """The order if the principal may see it; someone else's order does not exist for them."""
        order = self.orders.get(order_id)
        require_visible(
            principal,
            order.userEmail if order else None,
            f"order {order_id}",
            owner_id=order.customerId if order else None,
        )
        assert order is not None
        return order

    def list_for_customer(
        self, principal: Principal, email: str, limit: int, cursor: str | None
    ) -> Page[Order]:
        if not principal.can_act_for(email):
            raise ForbiddenError("you can list only your own orders")
        page = self.orders.list_by_email(email.lower(), limit, cursor)
        if principal.is_admin:
            return page
        # An order that names another customer id is theirs, whatever email it carries.
        mine = [o for o in page.items if principal.owns(o.userEmail, o.customerId)]
        return dataclasses.replace(page, items=mine)

    def list_all(self, principal: Principal, limit: int, cursor: str | None) -> Page[Order]:
        principal.require_admin("listing all orders")
        return self.orders.list_all(limit, cursor)

    def create(
        self,
        principal: Principal,
        lines: list[OrderLine],
        address: Address,
        user_email: str | None = None,
        payment_method_id: str | None = None,
    ) -> Order:
        """Price the lines from the catalogue and charge one of the customer's payment methods;
        the order, its stock and a gift card's balance are written in one transaction."""
        email = (user_email or principal.email).lower()
        if not principal.can_act_for(email):
            raise ForbiddenError("customers place orders for themselves only")
        customer = self.customers.find_by_email(email)
        if customer is None:
            raise UnprocessableError(
                f"{email} has no customer profile to charge",
                errors={"userEmail": ["no customer profile"]},
            )
        items, total = price_lines(self.products, lines)
        method = choose_payment(customer, total, payment_method_id)
        if self._limits is not None:  # counted once the order is valid, before it is written
            self._limits.take(principal, "orders")
        now = iso(self._clock())
        charge = {method.id: -total} if method.is_gift_card else {}
        for _ in range(5):
            order = Order(
                id=self._new_id(),
                userEmail=email,
                customerId=customer.id,
                status="pending",
                items=items,
                total=total,
                shippingAddress=address,
                createdAt=now,
                updatedAt=now,
                version=1,
                statusHistory=[StatusChange("pending", now, principal.email)],
                paymentHistory=[Transaction("payment", total, method.id)],
            )
            try:
                return self.orders.create(order, charge=charge)
            except DuplicateOrderIdError:
                continue
        raise ConflictError("could not allocate an order id; try again")

    def preview(self, principal: Principal, operation: OrderOperation) -> Plan:
        """Every check of `operation` on the order as it is, nothing written: the order and
        its customer as read, and what the operation would change (what is confirmed)."""
        order = self.get(principal, operation.order_id)
        customer = self.customers.get(order.customerId) if order.customerId else None
        return Plan(order, customer, operation.plan(order, customer, self))

    def perform(
        self,
        principal: Principal,
        operation: OrderOperation,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """Plan `operation` on the order as it is now and write it in one transaction; at
        `at_version` (what the customer was shown) and with the `claim` it commits with."""
        return self.perform_planned(principal, operation, at_version=at_version, claim=claim)[1]

    def perform_planned(
        self,
        principal: Principal,
        operation: OrderOperation,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> tuple[Plan, Order]:
        """`perform`, answering also with its plan (the order before, its customer)."""
        plan = self.preview(principal, operation)
        before = _at_version(plan.order, at_version)
        now = iso(self._clock())
        return plan, self.orders.apply(before, plan.change, principal.email, now, claim)

    def cancel(self, principal: Principal, order_id: str, reason: str, **guard: Any) -> Order:
        """§3.1: every payment refunded, gift cards credited and the stock back."""
        return self.perform(principal, Cancel(order_id, reason), **guard)

    def change_address(
        self, principal: Principal, order_id: str, address: Address, **guard: Any
    ) -> Order:
        """§3.2: ship a pending (or processing) order to another address."""
        return self.perform(principal, ChangeAddress(order_id, address), **guard)

    def change_payment(
        self, principal: Principal, order_id: str, payment_method_id: str, **guard: Any
    ) -> Order:
        """§3.4: pay a pending order with another of the customer's methods, once."""
        return self.perform(principal, ChangePayment(order_id, payment_method_id), **guard)

    def change_items(self, principal: Principal, order_id: str, swap: Swap, **guard: Any) -> Order:
        """§3.5: swap units of a pending order for other variants of the same products."""
        operation = ChangeItems(order_id, *swap.as_args())
        return self.perform(principal, operation, **guard)

    def return_items(self, principal: Principal, order_id: str, items: Swap, **guard: Any) -> Order:
        """§3.6: ask to return some or all units of a delivered order (within the window)."""
        operation = ReturnItems(order_id, items.item_ids, items.payment_method_id, items.reason)
        return self.perform(principal, operation, **guard)

    def exchange_items(
        self, principal: Principal, order_id: str, swap: Swap, **guard: Any
    ) -> Order:
        """§3.7: ask to exchange units of a delivered order for other variants."""
        return self.perform(principal, ExchangeItems(order_id, *swap.as_args()), **guard)

    def catalogue(self, order: Order) -> dict[str, Product]:
        """The products of the order's lines (their variants, for item changes)."""
        return self.products.get_many([i.productId for i in order.items])

    def require_window(self, order: Order) -> None:
        """CloudMart's own rule beside the reference ones: returns and exchanges are asked
        for within the return window after delivery."""
        delivered = parse_iso(order.deliveredAt or order.updatedAt)
        if self._clock() - delivered > self.return_window:
            raise ConflictError(
                N_(
                    "order {order_id} was delivered more than {days} days ago; "
                    "the return window is over"
                ),
                params={"order_id": order.id, "days": self.return_window.days},
            )

    def change_status(self, principal: Principal, order_id: str, status: str) -> Order:
        """An admin moves an order along the status machine (canceling gives stock back)."""
        principal.require_admin("changing an order's status")
        order = self.get(principal, order_id)
        if status not in TRANSITIONS[order.status]:
            raise ConflictError(f"order {order.id} cannot go from {order.status} to {status}")
        if status == "canceled":
            return self.cancel(principal, order_id, CANCEL_REASONS[0])
        now = iso(self._clock())
        moved = dataclasses.replace(
            order, status=status, deliveredAt=now if status == "delivered" else order.deliveredAt
        )
        change = Change(moved, ("status", "deliveredAt"))
        return self.orders.apply(order, change, principal.email, now)

    def delete(self, principal: Principal, order_id: str, *, claim: Claim | None = None) -> None:
        """An admin deletes an order; a live one that has not shipped gives its stock and the
        gift-card money it holds back in the same transaction (one that shipped, or was
        returned or canceled, holds neither)."""
        principal.require_admin("deleting orders")
        order = self.get(principal, order_id)
        live = order.status in CANCELABLE
        refund = {}
        if live and order.customerId:
            customer = self.customers.get(order.customerId)
            refund = gift_card_money_held(order, customer)
        self.orders.delete(order, restock=live, claim=claim, refund=refund)


def _at_version(order: Order, version: int | None) -> Order:
    """The order as it was at `version` (when the customer was shown it): the write is
    conditional on that version, so a change since then makes it a conflict. The rules were
    checked on the order as it is now, so they hold either way."""
    return order if version is None else dataclasses.replace(order, version=version)
