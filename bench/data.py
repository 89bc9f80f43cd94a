"""Order items and DynamoDB requests shaped exactly like the app's own."""

from __future__ import annotations

import itertools
import threading
from decimal import Decimal
from typing import Any

from cloudmart.models import (
    Address,
    Customer,
    Order,
    OrderItem,
    PaymentMethod,
    Product,
    StatusChange,
    Variant,
)
from cloudmart.repositories.customers import CustomerRepository, customer_to_item
from cloudmart.repositories.order_items import order_to_item
from cloudmart.repositories.products import product_to_item, with_variants
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
    """The product the order benchmarks buy (one variant, its own id): so much stock it never
    runs out."""
    product = Product(
        id=BENCH_PRODUCT,
        name="Benchmark Widget",
        description="A product with a practically endless stock, for load tests.",
        price=Decimal("9.99"),
        image="",
        category="home",
        stock=BENCH_STOCK,
        createdAt=created_at,
    )
    variant = Variant(BENCH_PRODUCT, {}, Decimal("9.99"), True, BENCH_STOCK)
    return product_to_item(with_variants(product, [variant]))


def bench_customer(email: str) -> dict[str, Any]:
    """The customer the order benchmarks buy as: a card on file pays every order."""
    card = PaymentMethod("credit_card_bench", "credit_card", brand="visa", lastFour="0000")
    customer = Customer(
        id="bench_buyer",
        firstName="Bench",
        lastName="Buyer",
        email=email,
        address=Address(**ADDRESS),
        paymentMethods={card.id: card},
        orderIds=[],
    )
    return customer_to_item(customer)


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


def create_order_request(
    orders: str, products: str, item: dict[str, Any], customers: str | None = None
) -> dict[str, Any]:
    """TransactWriteItems as OrderRepository.create sends it: put the order, take the stock
    (of the product's one variant) and, for a customer on record, list the order with them."""
    take = {
        "TableName": products,
        "Key": {"id": {"S": BENCH_PRODUCT}},
        "UpdateExpression": "SET variants.#v0.stock = variants.#v0.stock + :d0",
        "ConditionExpression": "attribute_exists(variants.#v0.stock) AND variants.#v0.stock >= :n0",
        "ExpressionAttributeNames": {"#v0": BENCH_PRODUCT},
        "ExpressionAttributeValues": {":d0": {"N": "-1"}, ":n0": {"N": "1"}},
    }
    put = {"TableName": orders, "Item": item, "ConditionExpression": "attribute_not_exists(id)"}
    ops: list[dict[str, Any]] = [{"Put": put}]
    if customers is not None and "customerId" in item:
        listed = CustomerRepository(None, customers).money_move(
            item["customerId"]["S"], {}, item["id"]["S"]
        )
        ops.append(listed)
    return {"TransactItems": [*ops, {"Update": take}]}


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
