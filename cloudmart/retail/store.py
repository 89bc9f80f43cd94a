"""RetailStore: import records in the reference shapes, and export the store in them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from cloudmart.errors import NotFoundError, UnprocessableError
from cloudmart.models import Customer, Product, iso
from cloudmart.principal import Principal
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.orders import OrderRepository
from cloudmart.repositories.products import ProductRepository, with_variants
from cloudmart.retail.projection import (
    customer_in,
    customer_out,
    order_in,
    order_out,
    product_out,
    variants_in,
)

IMPORT_STOCK = 100  # units a variant new to the store gets (the reference carries no stock)


@dataclass(frozen=True)
class Imported:
    users: int
    orders: int
    products: int


class RetailStore:
    def __init__(
        self,
        customers: CustomerRepository,
        orders: OrderRepository,
        products: ProductRepository,
        clock: Callable[[], datetime],
    ) -> None:
        self._customers = customers
        self._orders = orders
        self._products = products
        self._clock = clock

    def import_records(self, principal: Principal, records: dict[str, Any]) -> Imported:
        """Create or replace exactly the given records (validated by the caller's schema);
        an order whose user is neither given nor stored refuses the whole import."""
        principal.require_admin("importing retail data")
        at = iso(self._clock())
        users = {uid: customer_in(uid, u) for uid, u in records.get("users", {}).items()}
        orders_in = records.get("orders", {})
        owners = self._owners(users, {o["user_id"] for o in orders_in.values()})
        orders = [order_in(o, owners[o["user_id"]], at) for o in orders_in.values()]
        products = self._products_in(records.get("products", {}), at)
        self._customers.put_all(list(users.values()))
        self._products.put_all(products)
        self._orders.put_all(orders)
        return Imported(len(users), len(orders), len(products))

    def _owners(self, given: dict[str, Customer], wanted: set[str]) -> dict[str, Customer]:
        owners = {uid: given[uid] for uid in wanted if uid in given}
        owners |= self._customers.get_many(sorted(wanted - set(owners)))
        missing = sorted(wanted - set(owners))
        if missing:
            raise UnprocessableError(
                "orders of unknown users",
                errors={
                    "orders": [f"user {uid} is neither imported nor stored" for uid in missing]
                },
            )
        return owners

    def _products_in(self, given: dict[str, Any], at: str) -> list[Product]:
        """Products as given; a variant keeps the stock the store holds of it, a new one
        gets IMPORT_STOCK (its availability is kept as given either way)."""
        stored = self._products.get_many(list(given))
        products = []
        for pid, data in given.items():
            held = stored[pid].variants if pid in stored else {}
            stock = {
                iid: held[iid].stock if iid in held else IMPORT_STOCK for iid in data["variants"]
            }
            shell = Product(
                id=pid,
                name=data["name"],
                description=stored[pid].description if pid in stored else "",
                price=Decimal(0),  # with_variants sets it from the variants
                image=stored[pid].image if pid in stored else "",
                category=stored[pid].category if pid in stored else "",
                stock=0,
                createdAt=stored[pid].createdAt if pid in stored else at,
            )
            products.append(with_variants(shell, variants_in(data, stock)))
        return products

    def export(
        self,
        principal: Principal,
        users: list[str] | None = None,
        orders: list[str] | None = None,
        products: list[str] | None = None,
    ) -> dict[str, dict[str, Any]]:
        """The store in the reference shapes: the records named, or all of them when none is."""
        principal.require_admin("exporting retail data")
        everything = users is None and orders is None and products is None
        found_users = (
            self._customers.scan_all()
            if everything
            else self._named(users, self._customers.get_many, "users")
        )
        found_orders = (
            self._orders.scan_all()
            if everything
            else self._named(orders, self._orders.get_many, "orders")
        )
        found_products = (
            self._products.scan_all()
            if everything
            else self._named(products, self._products.get_many, "products")
        )
        return {
            "users": {c.id: customer_out(c) for c in found_users},
            "orders": {o.id: order_out(o) for o in found_orders},
            "products": {p.id: product_out(p) for p in found_products},
        }

    @staticmethod
    def _named(
        ids: list[str] | None, read: Callable[[list[str]], dict[str, Any]], what: str
    ) -> list[Any]:
        if not ids:
            return []
        found = read(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError(f"{what} not found: {', '.join(missing)}")
        return [found[i] for i in dict.fromkeys(ids)]
