"""Listing a customer's orders is a Query on the email index, never a Scan (DESIGN.md §3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ADMIN, ALICE, BOB, CAROL

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)


@pytest.fixture
def dynamodb_calls(app: Any) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Every DynamoDB operation the app's own client makes, with its API parameters."""
    calls: list[tuple[str, dict[str, Any]]] = []
    real_client = app.extensions["cloudmart"].dynamodb.get()

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, dict(params)))

    real_client.meta.events.register("before-parameter-build.dynamodb", record)
    yield calls
    real_client.meta.events.unregister("before-parameter-build.dynamodb", record)


@pytest.mark.parametrize(
    ("who", "role", "email", "expected"),
    [
        (ALICE, "customer", ALICE, 4),
        (CAROL, "customer", CAROL.upper(), 7),
        (ADMIN, "admin", BOB, 5),
    ],
)
def test_listing_a_customers_orders_queries_the_email_index(
    client, auth, dynamodb_calls, who, role, email, expected
):
    headers, seen, cursor = auth(who, role), [], None
    client.get("/api/auth/me", headers=headers)  # the sign-in's customer, resolved once
    while True:
        dynamodb_calls.clear()
        url = f"/api/orders/user?email={email}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        resp = client.get(url, headers=headers)
        assert resp.status_code == 200
        seen += [o["id"] for o in resp.json]
        assert [name for name, _ in dynamodb_calls] == ["Query"]
        params = dynamodb_calls[0][1]
        assert params["IndexName"] == "byUserEmail"
        assert params["KeyConditionExpression"] == "userEmail = :email"
        assert params["ExpressionAttributeValues"] == {":email": {"S": email.lower()}}
        assert params["Limit"] == 3
        assert ("ExclusiveStartKey" in params) == (cursor is not None)
        cursor = resp.headers.get("X-Next-Cursor")
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == expected


def test_a_forbidden_listing_reads_nothing(client, auth, dynamodb_calls):
    client.get("/api/auth/me", headers=auth(BOB))  # the sign-in's customer, resolved once
    dynamodb_calls.clear()
    resp = client.get(f"/api/orders/user?email={ALICE}", headers=auth(BOB))
    assert resp.status_code == 403
    assert dynamodb_calls == []
