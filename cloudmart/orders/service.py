"""OrderService: the order rules, used by the REST views and the assistant's tools alike."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

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
from cloudmart.orders.pricing import OrderLine, choose_payment, price_lines
from cloudmart.orders.rules import (
    gift_card_money_held,
    plan_address,
    plan_cancel,
    plan_exchange,
    plan_items,
    plan_payment,
    plan_return,
)
from cloudmart.principal import Principal, require_visible
from cloudmart.repositories.base import Claim
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.orders import DuplicateOrderIdError, OrderRepository
from cloudmart.repositories.products import ProductRepository

Planner = Callable[[Order, Customer | None], Change]


def new_order_id() -> str:
    return f"CM-{secrets.randbelow(900000) + 100000}"


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
        return self.orders.list_by_email(email.lower(), limit, cursor)

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

    def check_cancel(self, principal: Principal, order_id: str) -> Order:
        return self._plan(principal, order_id, lambda o, c: plan_cancel(o, c, CANCEL_REASONS[0]))[0]

    def cancel(
        self,
        principal: Principal,
        order_id: str,
        reason: str,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.1: cancel a pending (or processing) order: every payment refunded, gift cards
        credited and the stock back, in one transaction."""
        return self._run(
            principal, order_id, lambda o, c: plan_cancel(o, c, reason), at_version, claim
        )

    def check_address_change(self, principal: Principal, order_id: str) -> Order:
        return self._plan(principal, order_id, lambda o, c: plan_address(o, o.shippingAddress))[0]

    def change_address(
        self,
        principal: Principal,
        order_id: str,
        address: Address,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.2: ship a pending (or processing) order to another address."""
        return self._run(
            principal, order_id, lambda o, c: plan_address(o, address), at_version, claim
        )

    def change_payment(
        self,
        principal: Principal,
        order_id: str,
        payment_method_id: str,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.4: pay a pending order with another of the customer's methods, once."""
        return self._run(
            principal,
            order_id,
            lambda o, c: plan_payment(o, c, payment_method_id),
            at_version,
            claim,
        )

    def change_items(
        self,
        principal: Principal,
        order_id: str,
        swap: Swap,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.5: swap units of a pending order for other variants of the same products."""

        def plan(order: Order, customer: Customer | None) -> Change:
            catalogue = self._catalogue(order)
            return plan_items(order, customer, catalogue, *swap.as_args())

        return self._run(principal, order_id, plan, at_version, claim)

    def check_return(self, principal: Principal, order_id: str) -> Order:
        order = self.get(principal, order_id)
        whole = Swap([u.itemId for u in order.units()], [], _first_payer(order))
        return self._plan(principal, order_id, self._return_plan(whole))[0]

    def return_items(
        self,
        principal: Principal,
        order_id: str,
        items: Swap,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.6: ask to return some or all units of a delivered order (within the window)."""
        return self._run(principal, order_id, self._return_plan(items), at_version, claim)

    def exchange_items(
        self,
        principal: Principal,
        order_id: str,
        swap: Swap,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """§3.7: ask to exchange units of a delivered order for other variants."""

        def plan(order: Order, customer: Customer | None) -> Change:
            change = plan_exchange(order, customer, self._catalogue(order), *swap.as_args())
            self._require_window(order)
            return change

        return self._run(principal, order_id, plan, at_version, claim)

    def request_return(
        self,
        principal: Principal,
        order_id: str,
        reason: str,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """Return a whole delivered order, refunded to the method that paid."""
        order = self.get(principal, order_id)
        whole = Swap([u.itemId for u in order.units()], [], _first_payer(order), reason)
        return self.return_items(principal, order_id, whole, at_version=at_version, claim=claim)

    def _return_plan(self, items: Swap) -> Planner:
        def plan(order: Order, customer: Customer | None) -> Change:
            change = plan_return(order, customer, items.item_ids, items.payment_method_id)
            self._require_window(order)
            if items.reason is None:
                return change
            order = dataclasses.replace(change.order, returnReason=items.reason)
            return dataclasses.replace(change, order=order, fields=(*change.fields, "returnReason"))

        return plan

    def _require_window(self, order: Order) -> None:
        """CloudMart's own rule beside the reference ones: returns and exchanges are asked
        for within the return window after delivery."""
        delivered = parse_iso(order.deliveredAt or order.updatedAt)
        if self._clock() - delivered > self.return_window:
            raise ConflictError(
                f"order {order.id} was delivered more than "
                f"{self.return_window.days} days ago; the return window is over"
            )

    def _plan(self, principal: Principal, order_id: str, planner: Planner) -> tuple[Order, Change]:
        """Every check of an operation on the order as it is, nothing written."""
        order = self.get(principal, order_id)
        customer = self.customers.get(order.customerId) if order.customerId else None
        return order, planner(order, customer)

    def _run(
        self,
        principal: Principal,
        order_id: str,
        planner: Planner,
        at_version: int | None,
        claim: Claim | None,
    ) -> Order:
        order, change = self._plan(principal, order_id, planner)
        before = _at_version(order, at_version)
        return self.orders.apply(before, change, principal.email, iso(self._clock()), claim)

    def _catalogue(self, order: Order) -> dict[str, Product]:
        return self.products.get_many([i.productId for i in order.items])

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


def _first_payer(order: Order) -> str:
    """The method of the order's original payment ("" when it has none on record)."""
    return order.paymentHistory[0].paymentMethodId if order.paymentHistory else ""
