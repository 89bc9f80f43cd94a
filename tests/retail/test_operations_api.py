"""The retail operations over REST, on the demo shop: the owner (or an admin) acts, money and
stock move with the order, bad input and other people's things change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.support import assert_error_body
from tests.conftest import ADMIN, ALICE, BOB, CAROL

pytestmark = pytest.mark.shared_shop

ADDRESS = {
    "name": "Alice Johnson",
    "street": "1 Elm Street",
    "city": "Seattle",
    "postalCode": "98101",
    "country": "US",
}


def me(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    resp = client.get("/api/me", headers=headers)
    assert resp.status_code == 200, resp.json
    return resp.json


def balance(client: Any, headers: dict[str, str], card: str) -> float:
    return next(m["balance"] for m in me(client, headers)["paymentMethods"] if m["id"] == card)


def variant_stock(client: Any, product_id: str, item_id: str) -> int:
    variants = client.get(f"/api/products/{product_id}").json["variants"]
    return next(v["stock"] for v in variants if v["itemId"] == item_id)


def test_me_shows_the_profile_and_payment_methods(client: Any, auth: Any) -> None:
    profile = me(client, auth(ALICE))
    assert profile["email"] == ALICE and profile["id"] == "alice_johnson_1001"
    methods = {m["id"]: m for m in profile["paymentMethods"]}
    assert methods["gift_card_1001"]["balance"] == 150.0
    assert methods["credit_card_1001"]["lastFour"] == "4242"
    assert "CM-7890" in profile["orderIds"]
    assert (
        client.get("/api/customers/alice_johnson_1001", headers=auth(ADMIN, "admin")).json["email"]
        == ALICE
    )
    other = client.get("/api/customers/alice_johnson_1001", headers=auth(BOB))
    assert_error_body(other, 404)
    assert client.get("/api/me", headers=auth(ADMIN, "admin")).status_code == 404


def test_an_order_paid_by_gift_card_debits_it_with_the_stock(client: Any, auth: Any) -> None:
    alice = auth(ALICE)
    before = balance(client, alice, "gift_card_1001")
    placed = client.post(
        "/api/orders",
        json={
            "items": [{"productId": "P-1006", "itemId": "P-1006-CLK", "quantity": 1}],
            "shippingAddress": ADDRESS,
            "paymentMethodId": "gift_card_1001",
        },
        headers=alice,
    )
    assert placed.status_code == 201, placed.json
    assert placed.json["paymentHistory"] == [
        {"kind": "payment", "amount": 124.0, "paymentMethodId": "gift_card_1001"}
    ]
    assert balance(client, alice, "gift_card_1001") == before - 124.0
    assert placed.json["id"] in me(client, alice)["orderIds"]
    # canceling refunds the card at once and gives the stock back
    stock = variant_stock(client, "P-1006", "P-1006-CLK")
    done = client.post(f"/api/orders/{placed.json['id']}/cancel", json={}, headers=alice)
    assert done.status_code == 200 and done.json["cancelReason"] == "no longer needed"
    assert balance(client, alice, "gift_card_1001") == before
    assert variant_stock(client, "P-1006", "P-1006-CLK") == stock + 1


@pytest.mark.parametrize(
    "body, status",
    [
        ({"paymentMethodId": "gift_card_1002"}, 404),  # bob's card
        (
            {
                "paymentMethodId": "credit_card_1001",
                "items": [{"productId": "P-1006", "quantity": 1, "itemId": "P-1006-TKL"}],
            },
            422,
        ),  # not for sale
        (
            {
                "paymentMethodId": "gift_card_1001",
                "items": [{"productId": "P-1018", "quantity": 1}],
            },
            422,
        ),  # 499 > 150
    ],
)
def test_an_order_that_cannot_be_paid_writes_nothing(
    client: Any, auth: Any, body: dict[str, Any], status: int
) -> None:
    alice = auth(ALICE)
    before = me(client, alice)
    order = {"items": [{"productId": "P-1003", "quantity": 1}], "shippingAddress": ADDRESS}
    resp = client.post("/api/orders", json={**order, **body}, headers=alice)
    assert_error_body(resp, status)
    assert me(client, alice) == before


def test_items_of_a_pending_order_change_once_with_the_difference_paid(
    client: Any, auth: Any
) -> None:
    alice = auth(ALICE)
    placed = client.post(
        "/api/orders",
        json={
            "items": [{"productId": "P-1006", "quantity": 1, "itemId": "P-1006-LIN"}],
            "shippingAddress": ADDRESS,
        },
        headers=alice,
    ).json
    assert placed["paymentHistory"][0]["paymentMethodId"] == "credit_card_1001"  # the default
    card = balance(client, alice, "gift_card_1001")
    swap = {
        "itemIds": ["P-1006-LIN"],
        "newItemIds": ["P-1006-CLK"],
        "paymentMethodId": "gift_card_1001",
    }
    changed = client.post(f"/api/orders/{placed['id']}/items", json=swap, headers=alice)
    assert changed.status_code == 200, changed.json
    assert changed.json["status"] == "items_modified"
    assert changed.json["items"][0]["itemId"] == "P-1006-CLK" and changed.json["total"] == 124.0
    assert changed.json["paymentHistory"][-1] == {
        "kind": "payment",
        "amount": 5.0,
        "paymentMethodId": "gift_card_1001",
    }
    assert balance(client, alice, "gift_card_1001") == card - 5.0
    again = client.post(f"/api/orders/{placed['id']}/items", json=swap, headers=alice)
    assert_error_body(again, 409)
    assert_error_body(
        client.post(f"/api/orders/{placed['id']}/cancel", json={}, headers=alice), 409
    )


def test_a_partial_return_and_an_exchange_of_delivered_orders(client: Any, auth: Any) -> None:
    alice = auth(ALICE)
    # CM-7712: 1 boots and 2 water bottles, delivered, paid by alice's card
    wrong = {"itemIds": ["P-1015"], "paymentMethodId": "paypal_1001"}  # paypal did not pay
    assert_error_body(client.post("/api/orders/CM-7712/return", json=wrong, headers=alice), 422)
    three = {"itemIds": ["P-1015"] * 3, "paymentMethodId": "credit_card_1001"}
    assert_error_body(client.post("/api/orders/CM-7712/return", json=three, headers=alice), 422)
    ok = {"itemIds": ["P-1015"], "paymentMethodId": "gift_card_1001", "reason": "too many"}
    returned = client.post("/api/orders/CM-7712/return", json=ok, headers=alice)
    assert returned.status_code == 200, returned.json
    assert (returned.json["status"], returned.json["returnItems"]) == (
        "return_requested",
        ["P-1015"],
    )
    assert returned.json["returnPaymentMethodId"] == "gift_card_1001"
    carol = auth(CAROL)  # CM-7745 (delivered 17 days ago): the same mug set for another one
    same = {"itemIds": ["P-1012"], "newItemIds": ["P-1012"], "paymentMethodId": "paypal_1003"}
    exchanged = client.post("/api/orders/CM-7745/exchange", json=same, headers=carol)
    assert exchanged.status_code == 200, exchanged.json
    assert exchanged.json["status"] == "exchange_requested"
    assert exchanged.json["exchangePriceDifference"] == 0.0


@pytest.mark.parametrize(
    "path, body",
    [
        ("payment", {"paymentMethodId": "gift_card_1002"}),
        ("items", {"itemIds": ["P-1001"], "newItemIds": ["P-1001"], "paymentMethodId": "x"}),
        ("return", {"itemIds": ["P-1001"], "paymentMethodId": "credit_card_1002"}),
        ("exchange", {"itemIds": ["P-1001"], "newItemIds": ["P-1001"], "paymentMethodId": "x"}),
        ("cancel", {}),
    ],
)
def test_another_customers_order_does_not_exist(
    client: Any, auth: Any, path: str, body: dict[str, Any]
) -> None:
    before = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    resp = client.post(f"/api/orders/CM-7890/{path}", json=body, headers=auth(BOB))
    assert_error_body(resp, 404)
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json == before


@pytest.mark.parametrize(
    "path, body",
    [
        ("payment", {}),
        ("payment", {"paymentMethodId": ""}),
        ("payment", {"paymentMethodId": "gift_card_1002"}),  # bob's: not alice's method
        ("payment", {"paymentMethodId": "credit_card_1001"}),  # already pays
        ("items", {"itemIds": [], "newItemIds": [], "paymentMethodId": "credit_card_1001"}),
        ("items", {"itemIds": ["P-1001"], "newItemIds": [], "paymentMethodId": "credit_card_1001"}),
        (
            "items",
            {
                "itemIds": ["P-1001"],
                "newItemIds": ["P-1006-CLK"],
                "paymentMethodId": "credit_card_1001",
            },
        ),
        (
            "items",
            {"itemIds": "P-1001", "newItemIds": ["P-1001"], "paymentMethodId": "credit_card_1001"},
        ),
        ("return", {"itemIds": ["P-1001"], "paymentMethodId": "credit_card_1001"}),  # pending
        ("cancel", {"reason": "changed my mind"}),
    ],
)
def test_bad_input_is_a_4xx_and_changes_nothing(
    client: Any, auth: Any, path: str, body: dict[str, Any]
) -> None:
    alice = auth(ALICE)
    before = (client.get("/api/orders/CM-7890", headers=alice).json, me(client, alice))
    resp = client.post(f"/api/orders/CM-7890/{path}", json=body, headers=alice)
    assert 400 <= resp.status_code < 500
    assert_error_body(resp, resp.status_code)
    assert (client.get("/api/orders/CM-7890", headers=alice).json, me(client, alice)) == before


def test_a_payment_change_moves_gift_card_money_and_the_default_address_changes(
    client: Any, auth: Any
) -> None:
    alice = auth(ALICE)
    card = balance(client, alice, "gift_card_1001")
    paid = client.post(
        "/api/orders/CM-7890/payment", json={"paymentMethodId": "gift_card_1001"}, headers=alice
    )
    assert paid.status_code == 200, paid.json
    assert [t["kind"] for t in paid.json["paymentHistory"]] == ["payment", "payment", "refund"]
    assert balance(client, alice, "gift_card_1001") == card - paid.json["total"]
    moved = client.put("/api/me/address", json={"address": ADDRESS}, headers=alice)
    assert moved.status_code == 200 and moved.json["address"]["city"] == "Seattle"
    assert client.get("/api/orders/CM-7890", headers=alice).json["shippingAddress"]["city"] != (
        "Seattle"
    )


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/me/address", {}, 422),
        ("/api/me/address", {"address": {"street": "1 A St"}}, 422),
        ("/api/me/address", {"address": {**ADDRESS, "postalCode": ""}}, 422),
        ("/api/customers/bob_smith_1002/address", {"address": ADDRESS}, 404),
        ("/api/customers/nobody/address", {"address": ADDRESS}, 404),
    ],
)
def test_a_bad_address_change_is_a_4xx_and_changes_nothing(
    client: Any, auth: Any, path: str, body: dict[str, Any], status: int
) -> None:
    before = me(client, auth(BOB)), me(client, auth(ALICE))
    assert_error_body(client.put(path, json=body, headers=auth(ALICE)), status)
    assert (me(client, auth(BOB)), me(client, auth(ALICE))) == before
