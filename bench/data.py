"""Order items and DynamoDB requests shaped exactly like the app's own."""

from __future__ import annotations

import itertools
import threading
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Order, OrderItem, StatusChange
from cloudmart.repositories.base import to_item
from cloudmart.repositories.order_items import order_to_item
from cloudmart.repositories.tables import ORDERS_BY_EMAIL_INDEX

BENCH_PRODUCT = "P-BENCH"
BENCH_STOCK = 10**12
ADDRESS = {
    "name": "Bench Buyer",
    "street": "1 Load Street",
    "city": "Portland",
    "postalCode": "97201",
    "country": "US",
}
_ids = itertools.count(1)
_ids_lock = threading.Lock()


def unique_suffix() -> int:
    """A process-wide counter for order ids the benchmark makes itself."""
    with _ids_lock:
        return next(_ids)


def bench_product(created_at: str) -> dict[str, Any]:
    """The product the order benchmarks buy: so much stock it never runs out."""
    return to_item(
        {
            "id": BENCH_PRODUCT,
            "name": "Benchmark Widget",
            "description": "A product with a practically endless stock, for load tests.",
            "price": Decimal("9.99"),
            "image": "",
            "category": "home",
            "stock": BENCH_STOCK,
            "createdAt": created_at,
        }
    )


def order_item(order_id: str, email: str, created_at: str, lines: int = 2) -> dict[str, Any]:
    """A pending order as the app stores it (items, address, history, version)."""
    items = [
        OrderItem(f"P-10{n:02d}", f"Catalogue item {n}", Decimal("19.99") + n, 1 + n % 3)
        for n in range(1, lines + 1)
    ]
    total = sum((i.unitPrice * i.quantity for i in items), Decimal(0))
    order = Order(
        id=order_id,
        userEmail=email,
        status="pending",
        items=items,
        total=total,
        shippingAddress=Address(**ADDRESS),
        createdAt=created_at,
        updatedAt=created_at,
        version=1,
        statusHistory=[StatusChange("pending", created_at, email)],
    )
    return order_to_item(order)


def create_order_request(orders: str, products: str, item: dict[str, Any]) -> dict[str, Any]:
    """TransactWriteItems as OrderRepository.create sends it: put the order + take the stock."""
    take = {
        "TableName": products,
        "Key": {"id": {"S": BENCH_PRODUCT}},
        "UpdateExpression": "SET stock = stock + :delta",
        "ConditionExpression": "attribute_exists(id) AND stock >= :need",
        "ExpressionAttributeValues": {":delta": {"N": "-1"}, ":need": {"N": "1"}},
    }
    put = {"TableName": orders, "Item": item, "ConditionExpression": "attribute_not_exists(id)"}
    return {"TransactItems": [{"Put": put}, {"Update": take}]}


def query_by_email_request(orders: str, email: str, limit: int = 20) -> dict[str, Any]:
    """Query as OrderRepository.list_by_email sends it (first page, newest first)."""
    return {
        "TableName": orders,
        "IndexName": ORDERS_BY_EMAIL_INDEX,
        "Limit": limit,
        "KeyConditionExpression": "userEmail = :email",
        "ExpressionAttributeValues": {":email": {"S": email}},
        "ScanIndexForward": False,
    }
