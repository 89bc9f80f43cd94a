"""The orders REST API end to end, on moto and on DynamoDB Local: money, stock, status, paging."""

from __future__ import annotations

import base64
import json
import threading
from decimal import Decimal
from typing import Any

import pytest

from cloudmart.repositories.products import product_from_item
from tests.api.support import assert_error_body
from tests.conftest import ADMIN, ALICE, BOB, CAROL

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)

ADDRESS = {
    "name": "Alice Johnson",
    "street": "12 Harbor Lane",
    "city": "Portland",
    "postalCode": "97201",
    "country": "US",
    "state": "OR",
}
NEW_ADDRESS = {
    "name": "Alice Johnson",
    "street": "1 Elm Street",
    "city": "Seattle",
    "postalCode": "98101",
    "country": "US",
}
SEED_ORDERS = {
    ALICE: {"CM-7890", "CM-7712", "CM-7855", "CM-7420"},
    BOB: {"CM-7901", "CM-7650", "CM-7804", "CM-7833", "CM-7921"},
    CAROL: {"CM-7912", "CM-7895", "CM-7866", "CM-7779", "CM-7745", "CM-7588", "CM-7760"},
}
ALL_SEED_ORDERS = set().union(*SEED_ORDERS.values())


def table(app: Any, name: str) -> str:
    return app.extensions["cloudmart"].settings.table_name(name)


def stock(raw: Any, app: Any, product_id: str) -> int:
    item = raw.get_item(
        TableName=table(app, "products"), Key={"id": {"S": product_id}}, ConsistentRead=True
    )["Item"]
    return product_from_item(item).stock


def stocks(raw: Any, app: Any, product_ids: list[str]) -> dict[str, int]:
    return {pid: stock(raw, app, pid) for pid in product_ids}


def order_item(raw: Any, app: Any, order_id: str) -> dict[str, Any] | None:
    return raw.get_item(
        TableName=table(app, "orders"), Key={"id": {"S": order_id}}, ConsistentRead=True
    ).get("Item")


def order_count(raw: Any, app: Any) -> int:
    return raw.scan(TableName=table(app, "orders"), Select="COUNT", ConsistentRead=True)["Count"]


def place(client: Any, headers: dict[str, str], items: list[tuple[str, int]], **extra: Any) -> Any:
    body = {
        "items": [{"productId": p, "quantity": q} for p, q in items],
        "shippingAddress": ADDRESS,
        **extra,
    }
    return client.post("/api/orders", json=body, headers=headers)


def money(value: Any) -> Decimal:
    """A JSON number as the exact decimal it was written as."""
    return Decimal(str(value))


# --- the customer's whole story ------------------------------------------------------------------


def test_order_lifecycle_create_read_list_readdress_cancel(client, auth, app, raw_dynamodb):
    alice = auth(ALICE)
    before = stocks(raw_dynamodb, app, ["P-1003", "P-1008"])

    created = place(client, alice, [("P-1003", 2), ("P-1008", 1)])
    assert created.status_code == 201, created.json
    order = created.json
    assert (order["userEmail"], order["status"], order["version"]) == (ALICE, "pending", 1)
    assert [(i["productId"], i["quantity"], money(i["unitPrice"])) for i in order["items"]] == [
        ("P-1003", 2, Decimal("39.99")),
        ("P-1008", 1, Decimal("44.50")),
    ]
    assert money(order["total"]) == Decimal("124.48")
    assert [h["status"] for h in order["statusHistory"]] == ["pending"]
    assert stocks(raw_dynamodb, app, ["P-1003", "P-1008"]) == {
        "P-1003": before["P-1003"] - 2,
        "P-1008": before["P-1008"] - 1,
    }
    stored = order_item(raw_dynamodb, app, order["id"])
    assert stored["total"] == {"N": "124.48"} and stored["userEmail"] == {"S": ALICE}

    assert client.get(f"/api/orders/{order['id']}", headers=alice).json == order
    mine = client.get(f"/api/orders/user?email={ALICE}", headers=alice)
    assert mine.status_code == 200
    assert mine.json[0]["id"] == order["id"]
    assert {o["id"] for o in mine.json} == SEED_ORDERS[ALICE] | {order["id"]}

    moved = client.put(
        f"/api/orders/{order['id']}", json={"shippingAddress": NEW_ADDRESS}, headers=alice
    )
    assert moved.status_code == 200
    assert moved.json["shippingAddress"] == {**NEW_ADDRESS, "state": None}
    assert (moved.json["status"], moved.json["version"]) == ("pending", 2)
    assert (
        client.get(f"/api/orders/{order['id']}", headers=alice).json["shippingAddress"]["city"]
        == "Seattle"
    )

    canceled = client.post(
        f"/api/orders/{order['id']}/cancel", json={"reason": "no longer needed"}, headers=alice
    )
    assert canceled.status_code == 200
    assert (canceled.json["status"], canceled.json["cancelReason"]) == (
        "canceled",
        "no longer needed",
    )
    assert canceled.json["statusHistory"][-1]["status"] == "canceled"
    assert canceled.json["statusHistory"][-1]["by"] == ALICE
    assert stocks(raw_dynamodb, app, ["P-1003", "P-1008"]) == before

    again = client.post(f"/api/orders/{order['id']}/cancel", json={}, headers=alice)
    assert_error_body(again, 409)
    readdress = client.put(
        f"/api/orders/{order['id']}", json={"shippingAddress": ADDRESS}, headers=alice
    )
    assert_error_body(readdress, 409)
    assert stocks(raw_dynamodb, app, ["P-1003", "P-1008"]) == before
    assert order_item(raw_dynamodb, app, order["id"])["status"] == {"S": "canceled"}


# --- what the catalogue decides ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body_change",
    [
        pytest.param(
            {"items": [{"productId": "P-1003", "quantity": 1, "unitPrice": 0.01}]},
            id="line-unitPrice",
        ),
        pytest.param(
            {"items": [{"productId": "P-1003", "quantity": 1, "price": 0.01}]}, id="line-price"
        ),
        pytest.param({"total": 0.01}, id="order-total"),
        pytest.param({"status": "delivered"}, id="order-status"),
    ],
)
def test_client_price_or_state_fields_are_unknown_and_write_nothing(
    client, auth, app, raw_dynamodb, body_change
):
    body = {
        "items": [{"productId": "P-1003", "quantity": 1}],
        "shippingAddress": ADDRESS,
        **body_change,
    }
    resp = client.post("/api/orders", json=body, headers=auth(ALICE))
    assert_error_body(resp, 422)
    assert "Unknown field." in json.dumps(resp.json["errors"])
    assert order_count(raw_dynamodb, app) == len(ALL_SEED_ORDERS)
    assert stock(raw_dynamodb, app, "P-1003") == 120


def test_duplicate_product_lines_are_merged_into_one(client, auth, app, raw_dynamodb):
    resp = place(client, auth(ALICE), [("P-1003", 1), ("P-1008", 2), ("P-1003", 2)])
    assert resp.status_code == 201
    assert [(i["productId"], i["quantity"]) for i in resp.json["items"]] == [
        ("P-1003", 3),
        ("P-1008", 2),
    ]
    assert money(resp.json["total"]) == Decimal("3") * Decimal("39.99") + 2 * Decimal("44.50")
    assert stocks(raw_dynamodb, app, ["P-1003", "P-1008"]) == {"P-1003": 117, "P-1008": 68}


@pytest.mark.parametrize(
    ("product_id", "bought"),
    [
        ("P-1001", "P-1001"),  # one variant
        ("P-1015", "P-1015-24"),  # four: the first at 29.99, the 24 oz one for sale at 24.99
    ],
)
def test_an_order_naming_no_variant_is_charged_the_price_the_product_shows(
    client, auth, product_id, bought
):
    shown = client.get(f"/api/products/{product_id}").json
    resp = place(client, auth(ALICE), [(product_id, 2)])
    assert resp.status_code == 201
    (item,) = resp.json["items"]
    assert (item["itemId"], money(item["unitPrice"])) == (bought, money(shown["price"]))
    assert money(resp.json["total"]) == 2 * money(shown["price"])


def test_admin_places_an_order_for_a_customer(client, auth):
    resp = place(client, auth(ADMIN, "admin"), [("P-1003", 1)], userEmail="Carol@Example.com")
    assert resp.status_code == 201
    assert resp.json["userEmail"] == CAROL
    listed = client.get(f"/api/orders/user?email={CAROL}", headers=auth(CAROL)).json
    assert listed[0]["id"] == resp.json["id"]


@pytest.mark.parametrize(
    ("items", "status"),
    [
        pytest.param([("P-1003", 1), ("P-1005", 4)], 409, id="one-line-over-stock"),
        pytest.param(
            [("P-1023", 1), ("P-1003", 5), ("P-1023", 1)], 409, id="merged-lines-over-stock"
        ),
        pytest.param([("P-1003", 1), ("P-1004", 1)], 409, id="stock-zero"),
        pytest.param([("P-1016", 1)], 409, id="only-stock-zero"),
        pytest.param([("P-1003", 1), ("P-9999", 1)], 422, id="unknown-product"),
    ],
)
def test_an_order_that_cannot_be_filled_writes_nothing(
    client, auth, app, raw_dynamodb, items, status
):
    known = sorted({p for p, _ in items if p != "P-9999"})
    before = stocks(raw_dynamodb, app, known)
    resp = place(client, auth(ALICE), items)
    assert_error_body(resp, status)
    assert stocks(raw_dynamodb, app, known) == before
    assert order_count(raw_dynamodb, app) == len(ALL_SEED_ORDERS)


# --- the status machine --------------------------------------------------------------------------


def test_admin_walks_an_order_through_the_whole_machine(client, auth, app, raw_dynamodb):
    admin = auth(ADMIN, "admin")
    walk = ["processing", "shipped", "delivered", "return_requested", "returned"]
    for version, status in enumerate(walk, start=2):
        resp = client.put("/api/orders/CM-7890", json={"status": status}, headers=admin)
        assert resp.status_code == 200, (status, resp.json)
        assert (resp.json["status"], resp.json["version"]) == (status, version)
        assert resp.json["statusHistory"][-1]["by"] == ADMIN
        if status == "delivered":
            assert resp.json["deliveredAt"] == resp.json["updatedAt"]
            assert resp.json["deliveredAt"] > resp.json["createdAt"]
    final = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert [h["status"] for h in final["statusHistory"]] == ["pending", *walk]
    assert final["deliveredAt"] is not None
    assert stock(raw_dynamodb, app, "P-1001") == 40
    for status in ("canceled", "pending", "delivered"):
        assert_error_body(
            client.put("/api/orders/CM-7890", json={"status": status}, headers=admin), 409
        )


@pytest.mark.parametrize(
    ("order_id", "who", "request_kind", "status"),
    [
        ("CM-7712", ALICE, "cancel", None),
        ("CM-7712", ADMIN, "put", "canceled"),
        ("CM-7712", ADMIN, "put", "pending"),
        ("CM-7855", ALICE, "cancel", None),
        ("CM-7420", ALICE, "cancel", None),
        ("CM-7420", ADMIN, "put", "return_requested"),
        ("CM-7804", BOB, "cancel", None),
        ("CM-7804", ADMIN, "put", "processing"),
        ("CM-7890", ADMIN, "put", "shipped"),
        ("CM-7890", ADMIN, "put", "pending"),
        ("CM-7901", ADMIN, "put", "delivered"),
    ],
)
def test_illegal_transitions_are_conflicts_and_change_nothing(
    client, auth, app, raw_dynamodb, order_id, who, request_kind, status
):
    headers = auth(who, "admin" if who == ADMIN else "customer")
    before = order_item(raw_dynamodb, app, order_id)
    if request_kind == "cancel":
        resp = client.post(f"/api/orders/{order_id}/cancel", json={}, headers=headers)
    else:
        resp = client.put(f"/api/orders/{order_id}", json={"status": status}, headers=headers)
    assert_error_body(resp, 409)
    assert order_item(raw_dynamodb, app, order_id) == before


@pytest.mark.parametrize(
    ("order_id", "who", "how", "restocked"),
    [
        ("CM-7890", ALICE, "cancel", {"P-1001": 1}),
        ("CM-7901", BOB, "cancel", {"P-1006": 1, "P-1026": 1}),
        ("CM-7901", ADMIN, "put", {"P-1006": 1, "P-1026": 1}),
        ("CM-7912", ADMIN, "cancel", {"P-1025": 1, "P-1028": 1, "P-1029": 2}),
    ],
)
def test_canceling_gives_the_stock_back_in_the_same_change(
    client, auth, app, raw_dynamodb, order_id, who, how, restocked
):
    headers = auth(who, "admin" if who == ADMIN else "customer")
    before = stocks(raw_dynamodb, app, list(restocked))
    if how == "cancel":
        resp = client.post(
            f"/api/orders/{order_id}/cancel", json={"reason": "ordered by mistake"}, headers=headers
        )
    else:
        resp = client.put(f"/api/orders/{order_id}", json={"status": "canceled"}, headers=headers)
    assert resp.status_code == 200, resp.json
    assert resp.json["status"] == "canceled"
    assert stocks(raw_dynamodb, app, list(restocked)) == {
        pid: before[pid] + qty for pid, qty in restocked.items()
    }
    assert order_item(raw_dynamodb, app, order_id)["status"] == {"S": "canceled"}


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("put", {"status": "processing"}),
        ("put", {"shippingAddress": ADDRESS}),
        ("delete", None),
        ("cancel", {}),
        ("get", None),
    ],
)
def test_admin_on_an_unknown_order_is_404_and_creates_nothing(
    client, auth, app, raw_dynamodb, method, body
):
    admin = auth(ADMIN, "admin")
    if method == "cancel":
        resp = client.post("/api/orders/CM-0001/cancel", json=body, headers=admin)
    else:
        resp = getattr(client, method)("/api/orders/CM-0001", json=body, headers=admin)
    assert_error_body(resp, 404)
    assert order_item(raw_dynamodb, app, "CM-0001") is None
    assert order_count(raw_dynamodb, app) == len(ALL_SEED_ORDERS)


def test_admin_deletes_an_order_and_it_is_gone(client, auth, app, raw_dynamodb):
    resp = client.delete("/api/orders/CM-7712", headers=auth(ADMIN, "admin"))
    assert resp.status_code == 204 and resp.data == b""
    assert order_item(raw_dynamodb, app, "CM-7712") is None
    assert_error_body(client.get("/api/orders/CM-7712", headers=auth(ADMIN, "admin")), 404)
    assert_error_body(client.get("/api/orders/CM-7712", headers=auth(ALICE)), 404)
    listed = client.get(f"/api/orders/user?email={ALICE}", headers=auth(ALICE)).json
    assert {o["id"] for o in listed} == SEED_ORDERS[ALICE] - {"CM-7712"}
    assert_error_body(client.delete("/api/orders/CM-7712", headers=auth(ADMIN, "admin")), 404)


# --- paging --------------------------------------------------------------------------------------


def walk_pages(client: Any, path: str, headers: dict[str, str]) -> list[list[dict[str, Any]]]:
    pages, cursor = [], None
    for _ in range(30):
        sep = "&" if "?" in path else "?"
        url = f"{path}{sep}limit=2" + (f"&cursor={cursor}" if cursor else "")
        resp = client.get(url, headers=headers)
        assert resp.status_code == 200, resp.json
        assert len(resp.json) <= 2
        pages.append(resp.json)
        cursor = resp.headers.get("X-Next-Cursor")
        if not cursor:
            return pages
    raise AssertionError("the cursor never ran out")


@pytest.mark.parametrize(
    ("path", "who", "expected"),
    [
        ("/api/orders", ADMIN, ALL_SEED_ORDERS),
        (f"/api/orders/user?email={ALICE}", ALICE, SEED_ORDERS[ALICE]),
        (f"/api/orders/user?email={CAROL}", CAROL, SEED_ORDERS[CAROL]),
        (f"/api/orders/user?email={BOB}", ADMIN, SEED_ORDERS[BOB]),
    ],
)
def test_paging_visits_every_order_exactly_once(client, auth, path, who, expected):
    pages = walk_pages(client, path, auth(who, "admin" if who == ADMIN else "customer"))
    ids = [o["id"] for page in pages for o in page]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    assert len(pages) >= len(expected) // 2
    if "/user" in path:
        created = [o["createdAt"] for page in pages for o in page]
        assert created == sorted(created, reverse=True)


def cursor_of(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


INDEX_KEY_OF_ALICES_ORDER = {
    "id": {"S": "CM-7855"},
    "userEmail": {"S": ALICE},
    "createdAt": {"S": "2026-11-19T19:05:00.000000Z"},
}
# A well-formed cursor the engine would refuse (another customer's listing, an empty key
# value) must be refused by the app as a 400, not reach DynamoDB (ValidationException -> 503).
CURSORS = {
    "garbage": "garbage",
    "not-base64": "%%%",
    "not-an-object": cursor_of([1, 2]),
    "number-key": cursor_of({"id": {"N": "1"}}),
    "wrong-key": cursor_of({"sku": {"S": "x"}}),
    "extra-key": cursor_of({"id": {"S": "CM-7855"}, "x": {"S": "y"}}),
    "empty-key": cursor_of({"id": {"S": ""}}),
    "index-key": cursor_of(INDEX_KEY_OF_ALICES_ORDER),
    "table-key": cursor_of({"id": {"S": "CM-7901"}}),
    "empty-index-value": cursor_of(
        {**INDEX_KEY_OF_ALICES_ORDER, "userEmail": {"S": BOB}, "createdAt": {"S": ""}}
    ),
}
LISTINGS = {
    "all": ("/api/orders?", ADMIN),
    "bobs": (f"/api/orders/user?email={BOB}&", BOB),
    "products": ("/api/products?", None),
}


@pytest.mark.parametrize(
    ("listing", "cursor"),
    [
        *[
            ("all", name)
            for name in ("garbage", "not-base64", "not-an-object", "number-key", "wrong-key")
        ],
        ("all", "extra-key"),
        ("all", "empty-key"),
        ("all", "index-key"),
        *[("products", name) for name in ("garbage", "empty-key", "index-key")],
        *[("bobs", name) for name in ("garbage", "not-an-object", "empty-key")],
        ("bobs", "index-key"),  # alice's cursor on bob's listing
        ("bobs", "table-key"),
        ("bobs", "empty-index-value"),
    ],
)
def test_a_cursor_we_did_not_issue_is_a_400(client, auth, listing, cursor):
    path, who = LISTINGS[listing]
    headers = auth(who, "admin" if who == ADMIN else "customer") if who else {}
    resp = client.get(f"{path}limit=2&cursor={CURSORS[cursor]}", headers=headers)
    body = assert_error_body(resp, 400)
    assert body["errors"] == {"cursor": ["not a cursor we issued"]}


# --- races ---------------------------------------------------------------------------------------


def race(app: Any, requests: list[tuple[str, str, dict[str, Any], dict[str, str]]]) -> list[Any]:
    """Send the requests at the same moment from threads; their responses, in order."""
    barrier = threading.Barrier(len(requests))
    responses: list[Any] = [None] * len(requests)

    def send(i: int, method: str, path: str, body: dict[str, Any], headers: dict[str, str]):
        client = app.test_client()
        barrier.wait()
        responses[i] = getattr(client, method)(path, json=body, headers=headers)

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return responses


@pytest.mark.parametrize("second", ["admin-processing", "admin-canceled"])
def test_two_concurrent_transitions_one_wins_one_conflicts(engine, app, auth, raw_dynamodb, second):
    if engine["name"] == "moto":
        pytest.skip(
            "moto does not serialize concurrent writes (transact_write_items copies "
            "and restores whole tables); the real engine's semantics are under test"
        )
    admin = auth(ADMIN, "admin")
    if second == "admin-processing":
        first = ("put", "/api/orders/CM-7890", {"status": "processing"}, admin)
        other = ("put", "/api/orders/CM-7890", {"status": "processing"}, admin)
        outcomes = {"processing"}
    else:
        first = ("post", "/api/orders/CM-7890/cancel", {"reason": "no longer needed"}, auth(ALICE))
        other = ("put", "/api/orders/CM-7890", {"status": "canceled"}, admin)
        outcomes = {"canceled"}
    responses = race(app, [first, other])
    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert_error_body(loser, 409)
    item = order_item(raw_dynamodb, app, "CM-7890")
    assert item["status"]["S"] in outcomes
    assert item["version"] == {"N": "2"}
    assert len(item["statusHistory"]["L"]) == 2
    assert stock(raw_dynamodb, app, "P-1001") == (41 if second == "admin-canceled" else 40)
