"""Money under concurrency on DynamoDB Local: one gift card paying many orders at once never
goes below zero, and of two operations racing on one order exactly one wins."""

from __future__ import annotations

import threading
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from flask import Flask

from tests.conftest import ALICE
from tests.reliability.support import ADDRESS, headers

pytestmark = pytest.mark.integration
CARD = "gift_card_1001"  # alice's, 150.00
PRICE = Decimal("39.99")  # P-1003, of which there are plenty


def all_at_once(calls: list[Any]) -> list[Any]:
    """Run the calls on threads released together; their responses in order."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(n: int) -> None:
        start.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def card_balance(app: Flask) -> Decimal:
    customer = app.extensions["cloudmart"].customers.customers.get("alice_johnson_1001")
    return customer.paymentMethods[CARD].balance


def test_twenty_payments_from_one_gift_card_never_overdraw_it(local_app: Flask) -> None:
    client, alice = local_app.test_client(), headers(local_app, ALICE)
    before = card_balance(local_app)
    body = {
        "items": [{"productId": "P-1003", "quantity": 1}],
        "shippingAddress": ADDRESS,
        "paymentMethodId": CARD,
    }
    responses = all_at_once([lambda: client.post("/api/orders", json=body, headers=alice)] * 20)
    paid = [r for r in responses if r.status_code == 201]
    assert {r.status_code for r in responses} <= {201, 409, 422}, [r.json for r in responses]
    assert 1 <= len(paid) <= before // PRICE
    assert card_balance(local_app) == before - PRICE * len(paid) >= 0


def test_of_two_operations_racing_on_one_order_exactly_one_wins(local_app: Flask) -> None:
    client, alice = local_app.test_client(), headers(local_app, ALICE)
    for _ in range(5):
        placed = client.post(
            "/api/orders",
            json={
                "items": [{"productId": "P-1006", "quantity": 1, "itemId": "P-1006-LIN"}],
                "shippingAddress": ADDRESS,
                "paymentMethodId": "credit_card_1001",
            },
            headers=alice,
        ).json
        oid = placed["id"]
        swap = {"itemIds": ["P-1006-LIN"], "newItemIds": ["P-1006-CLK"], "paymentMethodId": CARD}
        before = card_balance(local_app)
        cancel, change = all_at_once(
            [
                partial(client.post, f"/api/orders/{oid}/cancel", json={}, headers=alice),
                partial(client.post, f"/api/orders/{oid}/items", json=swap, headers=alice),
            ]
        )
        codes = sorted([cancel.status_code, change.status_code])
        assert codes == [200, 409], (cancel.json, change.json)
        final = client.get(f"/api/orders/{oid}", headers=alice).json
        if cancel.status_code == 200:
            assert final["status"] == "canceled" and card_balance(local_app) == before
        else:  # the item change won and paid its 5.00 from the card
            assert final["status"] == "items_modified"
            assert card_balance(local_app) == before - Decimal("5.00")
