"""The admin import and export endpoints, and the migration of data of the previous version."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cloudmart.repositories.products import product_from_item
from migrations_seed.seed import migrate
from tests.api.support import assert_error_body
from tests.conftest import ADMIN, ALICE
from tests.retail.replay import load, normalized

USERS, ORDERS, PRODUCTS = load("users"), load("orders"), load("products")
ORDER_ID = "#W9911714"


def some_records() -> dict[str, Any]:
    order = ORDERS[ORDER_ID]
    user = order["user_id"]
    products = {i["product_id"] for i in order["items"]}
    return {
        "users": {user: USERS[user]},
        "orders": {ORDER_ID: order},
        "products": {p: PRODUCTS[p] for p in products},
    }


def test_import_then_export_by_id(client: Any, auth: Any) -> None:
    admin = auth(ADMIN, "admin")
    records = some_records()
    resp = client.post("/api/admin/retail/import", json=records, headers=admin)
    assert resp.status_code == 200, resp.json
    assert resp.json == {"users": 1, "orders": 1, "products": len(records["products"])}
    user = next(iter(records["users"]))
    out = client.get(f"/api/admin/retail/export?orders=%23W9911714&users={user}", headers=admin)
    assert out.status_code == 200, out.json
    assert normalized(out.json["orders"]) == normalized(records["orders"])
    assert normalized(out.json["users"]) == normalized(records["users"])
    assert out.json["products"] == {}
    missing = client.get("/api/admin/retail/export?orders=%23W0000000", headers=admin)
    assert_error_body(missing, 404)
    assert_error_body(client.get("/api/admin/retail/export", headers=auth(ALICE)), 403)


def _bad(records: dict[str, Any], where: str) -> dict[str, Any]:
    bad = copy.deepcopy(records)
    order = bad["orders"][ORDER_ID]
    user = next(iter(bad["users"].values()))
    if where == "status":
        order["status"] = "shipped"  # CloudMart's word, not the reference's
    elif where == "key":
        order["order_id"] = "#W1"
    elif where == "card":
        next(iter(user["payment_methods"].values()))["source"] = "cash"
    elif where == "owner":
        bad["users"] = {}
        order["user_id"] = "nobody_1"
    elif where == "price":
        order["items"][0]["price"] = "free"
    return bad


@pytest.mark.parametrize("where", ["status", "key", "card", "owner", "price"])
def test_a_bad_record_is_a_422_and_nothing_is_written(client: Any, auth: Any, where: str) -> None:
    admin = auth(ADMIN, "admin")
    resp = client.post("/api/admin/retail/import", json=_bad(some_records(), where), headers=admin)
    assert_error_body(resp, 422)
    assert_error_body(client.get("/api/admin/retail/export?orders=%23W9911714", headers=admin), 404)
    everything = client.get("/api/admin/retail/export", headers=admin).json
    assert not any(k.startswith("#W") for k in everything["orders"])


def test_data_of_the_previous_version_is_migrated_in_place(
    app: Any, client: Any, auth: Any
) -> None:
    svc = app.extensions["cloudmart"]
    raw, products = svc.dynamodb, svc.settings.table_name("products")
    orders = svc.settings.table_name("orders")
    # what the previous version stored: a product's own price and stock, an order by email
    raw.put_item(
        TableName=products,
        Item={
            "id": {"S": "P-OLD"},
            "name": {"S": "Old lamp"},
            "price": {"N": "12.50"},
            "stock": {"N": "3"},
            "createdAt": {"S": "2026-01-01T00:00:00.000000Z"},
        },
    )
    raw.update_item(
        TableName=orders, Key={"id": {"S": "CM-7890"}}, UpdateExpression="REMOVE customerId"
    )
    before = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert migrate(raw, svc.settings.table_prefix, report=lambda _: None) == 2
    assert migrate(raw, svc.settings.table_prefix, report=lambda _: None) == 0  # idempotent
    item = raw.get_item(TableName=products, Key={"id": {"S": "P-OLD"}})["Item"]
    assert "stock" not in item and product_from_item(item).variants["P-OLD"].stock == 3
    after = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert after["customerId"] == "alice_johnson_1001"
    assert {k: v for k, v in after.items() if k != "customerId"} == {
        k: v for k, v in before.items() if k != "customerId"
    }
