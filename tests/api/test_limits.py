"""Per-customer limits and the model budget: counters in DynamoDB, on by default; past one a 429
with Retry-After and the error body, and nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from cloudmart import create_app
from cloudmart.config import Settings
from cloudmart.services import build_services
from migrations_seed.seed import ensure_tables, seed
from tests.api.support import assert_error_body
from tests.chat.support import scan
from tests.conftest import ALICE, BOB

ADDRESS = {"name": "A", "street": "1 Main", "city": "X", "postalCode": "1", "country": "US"}


class TickingClock:
    """Starts at a minute's first second and moves 1 ms a reading: the limits' windows are the
    clock's, so a test never straddles one."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def app(settings: dict[str, Any]) -> Flask:
    services = build_services(Settings.from_env({}, settings), clock=TickingClock())
    app = create_app(services=services)
    ensure_tables(services.dynamodb, settings["table_prefix"], report=lambda _: None)
    seed(services.dynamodb, settings["table_prefix"], report=lambda _: None)
    return app


@pytest.fixture
def settings(settings: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    """The product's defaults (limits on), with this test's own limits if it names some."""
    marker = request.node.get_closest_marker("limits")
    return {**settings, "rate_limits": True, **(marker.kwargs if marker else {})}


def start(client: Any, auth: Any, email: str = ALICE) -> Any:
    return client.post("/api/ai/start", headers=auth(email))


def test_100_messages_in_a_minute_meet_a_429_and_the_refused_are_not_stored(client, auth) -> None:
    thread = start(client, auth).json["threadId"]
    answers = [
        client.post(
            "/api/ai/message", headers=auth(ALICE), json={"threadId": thread, "message": f"hi {n}"}
        )
        for n in range(100)
    ]
    statuses = [a.status_code for a in answers]
    assert statuses[:30] == [200] * 30 and set(statuses[30:]) == {429}
    refused = answers[30]
    body = assert_error_body(refused, 429)
    assert "30 messages a minute" in body["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    history = client.get(f"/api/ai/conversations/{thread}", headers=auth(ALICE)).json
    assert len(history["messages"]) == 60  # the 30 answered turns, nothing of the refused
    other = start(client, auth, BOB).json["threadId"]  # another customer is not limited
    body = {"threadId": other, "message": "hi"}
    assert client.post("/api/ai/message", headers=auth(BOB), json=body).status_code == 200


@pytest.mark.limits(limit_conversations_per_hour=2)
def test_new_conversations_are_limited(client, auth, app, raw_dynamodb) -> None:
    assert [start(client, auth).status_code for _ in range(3)] == [200, 200, 429]
    assert len(scan(raw_dynamodb, app, "conversations")) == 2


@pytest.mark.limits(limit_orders_per_hour=1)
def test_orders_are_limited_and_a_refused_one_takes_no_stock(client, auth) -> None:
    order = {"items": [{"productId": "P-1001", "quantity": 1}], "shippingAddress": ADDRESS}
    mine = f"/api/orders/user?email={ALICE}"
    before = len(client.get(mine, headers=auth(ALICE)).json)
    assert client.post("/api/orders", headers=auth(ALICE), json=order).status_code == 201
    stock = client.get("/api/products/P-1001").json["stock"]
    assert_error_body(client.post("/api/orders", headers=auth(ALICE), json=order), 429)
    assert client.get("/api/products/P-1001").json["stock"] == stock
    assert len(client.get(mine, headers=auth(ALICE)).json) == before + 1


@pytest.mark.limits(token_budget_per_customer=0)
def test_a_spent_model_budget_refuses_model_turns(client, auth) -> None:
    thread = start(client, auth).json["threadId"]
    body = {"threadId": thread, "message": "show my orders"}
    resp = client.post("/api/ai/message", headers=auth(ALICE), json=body)
    assert "budget" in assert_error_body(resp, 429)["message"]
    assert "Retry-After" in resp.headers


@pytest.mark.limits(rate_limits=False)
def test_rate_limits_false_turns_every_limit_off(client, auth) -> None:
    thread = start(client, auth).json["threadId"]
    body = {"threadId": thread, "message": "hi"}
    answers = [client.post("/api/ai/message", headers=auth(ALICE), json=body) for _ in range(40)]
    assert {a.status_code for a in answers} == {200}
