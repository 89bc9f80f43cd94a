"""OrderService: the order rules, used by the REST views and the assistant's tools alike."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from cloudmart.errors import ConflictError, ForbiddenError, UnprocessableError
from cloudmart.limits import Limits
from cloudmart.models import (
    ADDRESS_CHANGEABLE,
    CANCELABLE,
    CENT,
    RETURN_WINDOW_DAYS,
    RETURNABLE,
    TRANSITIONS,
    Address,
    Order,
    OrderItem,
    Page,
    StatusChange,
    iso,
    parse_iso,
    utc_now,
)
from cloudmart.principal import Principal, require_visible
from cloudmart.repositories.base import Claim
from cloudmart.repositories.orders import DuplicateOrderIdError, OrderRepository
from cloudmart.repositories.products import ProductRepository

MAX_LINES = 50
MAX_QUANTITY = 100


def new_order_id() -> str:
    return f"CM-{secrets.randbelow(900000) + 100000}"


@dataclass(frozen=True)
class OrderLine:
    productId: str
    quantity: int


class OrderService:
    def __init__(
        self,
        orders: OrderRepository,
        products: ProductRepository,
        *,
        clock: Callable[[], datetime] = utc_now,
        return_window_days: int = RETURN_WINDOW_DAYS,
        id_factory: Callable[[], str] = new_order_id,
        limits: Limits | None = None,
    ) -> None:
        self._limits = limits
        self.orders = orders
        self.products = products
        self._clock = clock
        self.return_window = timedelta(days=return_window_days)
        self._new_id = id_factory

    def get(self, principal: Principal, order_id: str) -> Order:
        """The order if the principal may see it; someone else's order does not exist for them."""
        order = self.orders.get(order_id)
        require_visible(principal, order.userEmail if order else None, f"order {order_id}")
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
    ) -> Order:
        """Price the lines from the catalogue and write the order with its stock, atomically."""
        email = (user_email or principal.email).lower()
        if not principal.can_act_for(email):
            raise ForbiddenError("customers place orders for themselves only")
        items = self._price(_merge(lines))
        if self._limits is not None:  # counted once the order is valid, before it is written
            self._limits.take(principal, "orders")
        now = iso(self._clock())
        total = sum((i.unitPrice * i.quantity for i in items), Decimal(0)).quantize(CENT)
        for _ in range(5):
            order = Order(
                id=self._new_id(),
                userEmail=email,
                status="pending",
                items=items,
                total=total,
                shippingAddress=address,
                createdAt=now,
                updatedAt=now,
                version=1,
                statusHistory=[StatusChange("pending", now, principal.email)],
            )
            try:
                return self.orders.create(order)
            except DuplicateOrderIdError:
                continue
        raise ConflictError("could not allocate an order id; try again")

    def check_cancel(self, principal: Principal, order_id: str) -> Order:
        order = self.get(principal, order_id)
        if order.status not in CANCELABLE:
            raise ConflictError(f"order {order.id} is {order.status} and can no longer be canceled")
        return order

    def cancel(
        self,
        principal: Principal,
        order_id: str,
        reason: str | None = None,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """Cancel a pending or processing order and give its stock back, in one transaction."""
        order = _at_version(self.check_cancel(principal, order_id), at_version)
        return self.orders.transition(
            order,
            "canceled",
            principal.email,
            iso(self._clock()),
            restock=True,
            extra={"cancelReason": reason},
            claim=claim,
        )

    def check_address_change(self, principal: Principal, order_id: str) -> Order:
        order = self.get(principal, order_id)
        if order.status not in ADDRESS_CHANGEABLE:
            raise ConflictError(
                f"order {order.id} is {order.status}; its address can no longer be changed"
            )
        return order

    def change_address(
        self,
        principal: Principal,
        order_id: str,
        address: Address,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        order = _at_version(self.check_address_change(principal, order_id), at_version)
        return self.orders.update_address(order, address, iso(self._clock()), claim)

    def check_return(self, principal: Principal, order_id: str) -> Order:
        order = self.get(principal, order_id)
        if order.status not in RETURNABLE:
            raise ConflictError(
                f"order {order.id} is {order.status}; only delivered orders can be returned"
            )
        delivered = parse_iso(order.deliveredAt or order.updatedAt)
        if self._clock() - delivered > self.return_window:
            raise ConflictError(
                f"order {order.id} was delivered more than "
                f"{self.return_window.days} days ago; the return window is over"
            )
        return order

    def request_return(
        self,
        principal: Principal,
        order_id: str,
        reason: str,
        *,
        at_version: int | None = None,
        claim: Claim | None = None,
    ) -> Order:
        order = _at_version(self.check_return(principal, order_id), at_version)
        return self.orders.transition(
            order,
            "return_requested",
            principal.email,
            iso(self._clock()),
            extra={"returnReason": reason},
            claim=claim,
        )

    def change_status(self, principal: Principal, order_id: str, status: str) -> Order:
        """An admin moves an order along the status machine (canceling gives stock back)."""
        principal.require_admin("changing an order's status")
        order = self.get(principal, order_id)
        if status not in TRANSITIONS[order.status]:
            raise ConflictError(f"order {order.id} cannot go from {order.status} to {status}")
        now = iso(self._clock())
        extra = {"deliveredAt": now} if status == "delivered" else None
        return self.orders.transition(
            order, status, principal.email, now, restock=status == "canceled", extra=extra
        )

    def delete(self, principal: Principal, order_id: str, *, claim: Claim | None = None) -> None:
        """An admin deletes an order; a live one that has not shipped gives its stock back in
        the same transaction (a shipped, returned or canceled one holds none)."""
        principal.require_admin("deleting orders")
        order = self.get(principal, order_id)
        self.orders.delete(order, restock=order.status in CANCELABLE, claim=claim)

    def _price(self, lines: list[OrderLine]) -> list[OrderItem]:
        if len(lines) > MAX_LINES:
            raise UnprocessableError(f"an order holds at most {MAX_LINES} different products")
        over = [line.productId for line in lines if line.quantity > MAX_QUANTITY]
        if over:  # lines of one product were merged: the limit holds for their sum
            raise UnprocessableError(
                "quantity too large",
                errors={"items": [f"{pid}: at most {MAX_QUANTITY} in one order" for pid in over]},
            )
        catalogue = self.products.get_many([line.productId for line in lines])
        unknown = [line.productId for line in lines if line.productId not in catalogue]
        if unknown:
            raise UnprocessableError(
                "unknown product", errors={"items": [f"unknown product {pid}" for pid in unknown]}
            )
        return [
            OrderItem(
                productId=line.productId,
                name=catalogue[line.productId].name,
                unitPrice=catalogue[line.productId].price,
                quantity=line.quantity,
            )
            for line in lines
        ]


def _merge(lines: list[OrderLine]) -> list[OrderLine]:
    """One line per product (a transaction may touch each product only once)."""
    quantities: dict[str, int] = {}
    for line in lines:
        quantities[line.productId] = quantities.get(line.productId, 0) + line.quantity
    return [OrderLine(pid, qty) for pid, qty in quantities.items()]


def _at_version(order: Order, version: int | None) -> Order:
    """The order as it was at `version` (when the customer was shown it): the write is
    conditional on that version, so a change since then makes it a conflict. The rules were
    checked on the order as it is now, so they hold either way."""
    return order if version is None else dataclasses.replace(order, version=version)
