"""The catalogue REST API: public reads, admin writes, exact money, products that can be ordered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.api.support import assert_error_body
from tests.conftest import ADMIN, ALICE

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)

SEED_PRODUCTS = {f"P-{n}" for n in range(1001, 1031)}
ADDRESS = {
    "name": "Alice Johnson",
    "street": "12 Harbor Lane",
    "city": "Portland",
    "postalCode": "97201",
    "country": "US",
}
NEW_PRODUCT = {
    "name": "Field Notes Journal",
    "description": "Dot-grid, 120 pages.",
    "price": 19.99,
    "category": "books",
    "stock": 5,
}


def raw_product(raw: Any, app: Any, product_id: str) -> dict[str, Any] | None:
    table = app.extensions["cloudmart"].settings.table_name("products")
    return raw.get_item(TableName=table, Key={"id": {"S": product_id}}, ConsistentRead=True).get(
        "Item"
    )


def order_lines(product_id: str, quantity: int) -> dict[str, Any]:
    return {"items": [{"productId": product_id, "quantity": quantity}], "shippingAddress": ADDRESS}


@pytest.mark.parametrize("limit", [7, 30, 100])
def test_the_catalogue_is_public_and_paged(client, limit):
    seen: list[str] = []
    cursor = None
    for _ in range(40):
        resp = client.get(f"/api/products?limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert resp.status_code == 200
        assert len(resp.json) <= limit
        seen += [p["id"] for p in resp.json]
        cursor = resp.headers.get("X-Next-Cursor")
        if not cursor:
            break
    assert len(seen) == len(set(seen))
    assert set(seen) == SEED_PRODUCTS


def test_a_product_is_public(client):
    resp = client.get("/api/products/P-1017")
    assert resp.status_code == 200
    assert set(resp.json) == {
        "id",
        "name",
        "description",
        "price",
        "image",
        "category",
        "stock",
        "createdAt",
        "variants",
    }
    assert (resp.json["id"], resp.json["price"], resp.json["stock"]) == ("P-1017", 19.99, 95)
    # a product of one variant: its own id, price and stock
    assert resp.json["variants"] == [
        {"itemId": "P-1017", "options": {}, "price": 19.99, "available": True, "stock": 95}
    ]
    assert b'"price":19.99' in resp.data


def test_a_product_shows_its_variants(client: Any) -> None:
    keyboard = client.get("/api/products/P-1006").json
    by_id = {v["itemId"]: v for v in keyboard["variants"]}
    assert by_id["P-1006-CLK"]["options"] == {"switch type": "clicky", "layout": "full size"}
    assert by_id["P-1006-TKL"]["available"] is False  # listed, not for sale
    # the price shown is the lowest for sale; the stock counts the variants for sale
    offered = [v for v in keyboard["variants"] if v["available"]]
    assert keyboard["price"] == min(v["price"] for v in offered)
    assert keyboard["stock"] == sum(v["stock"] for v in offered)


def test_admin_creates_changes_and_deletes_a_product_that_can_be_ordered(
    client, auth, app, raw_dynamodb
):
    admin = auth(ADMIN, "admin")
    created = client.post("/api/products", json=NEW_PRODUCT, headers=admin)
    assert created.status_code == 201, created.json
    product = created.json
    pid = product["id"]
    assert pid.startswith("P-") and pid not in SEED_PRODUCTS
    assert {k: product[k] for k in NEW_PRODUCT} == NEW_PRODUCT
    stored = raw_product(raw_dynamodb, app, pid)["variants"]["M"][pid]["M"]  # its one variant
    assert stored["price"] == {"N": "19.99"}

    assert client.get(f"/api/products/{pid}").json == product
    listed = client.get("/api/products?limit=100").json
    assert pid in {p["id"] for p in listed} and len(listed) == len(SEED_PRODUCTS) + 1

    order = client.post("/api/orders", json=order_lines(pid, 3), headers=auth(ALICE))
    assert order.status_code == 201, order.json
    assert order.json["total"] == 59.97 and order.json["items"][0]["unitPrice"] == 19.99
    assert b'"total":59.97' in order.data
    assert client.get(f"/api/products/{pid}").json["stock"] == 2

    changed = client.put(f"/api/products/{pid}", json={"price": 24.5, "stock": 10}, headers=admin)
    assert changed.status_code == 200
    assert (changed.json["price"], changed.json["stock"], changed.json["name"]) == (
        24.5,
        10,
        NEW_PRODUCT["name"],
    )
    assert client.get(f"/api/products/{pid}").json == changed.json
    kept = client.get(f"/api/orders/{order.json['id']}", headers=auth(ALICE)).json
    assert (kept["items"][0]["unitPrice"], kept["total"]) == (19.99, 59.97)

    deleted = client.delete(f"/api/products/{pid}", headers=admin)
    assert deleted.status_code == 204 and deleted.data == b""
    assert raw_product(raw_dynamodb, app, pid) is None
    assert_error_body(client.get(f"/api/products/{pid}"), 404)
    assert_error_body(
        client.post("/api/orders", json=order_lines(pid, 1), headers=auth(ALICE)), 422
    )


@pytest.mark.parametrize(
    ("price", "quantity", "total"),
    [
        ("19.99", 3, "59.97"),
        ("0.10", 3, "0.30"),
        ("0.07", 3, "0.21"),
        ("33.33", 3, "99.99"),
        ("1.15", 7, "8.05"),
        ("999999.99", 2, "1999999.98"),
    ],
)
def test_money_stays_exact_from_price_to_total(
    client, auth, app, raw_dynamodb, price, quantity, total
):
    body = {**NEW_PRODUCT, "price": float(price), "stock": 10}
    created = client.post("/api/products", json=body, headers=auth(ADMIN, "admin"))
    assert created.status_code == 201
    pid = created.json["id"]
    assert Decimal(str(client.get(f"/api/products/{pid}").json["price"])) == Decimal(price)
    variant = raw_product(raw_dynamodb, app, pid)["variants"]["M"][pid]["M"]
    assert Decimal(variant["price"]["N"]) == Decimal(price)
    order = client.post("/api/orders", json=order_lines(pid, quantity), headers=auth(ALICE))
    assert order.status_code == 201
    assert Decimal(str(order.json["total"])) == Decimal(total)
    assert f'"total":{float(total)!r}'.encode() in order.data


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("get", None),
        ("put", {"price": 5}),
        ("delete", None),
    ],
)
def test_an_unknown_product_is_404_and_nothing_is_created(
    client, auth, app, raw_dynamodb, method, body
):
    resp = getattr(client, method)("/api/products/P-NOPE", json=body, headers=auth(ADMIN, "admin"))
    assert_error_body(resp, 404)
    assert raw_product(raw_dynamodb, app, "P-NOPE") is None
