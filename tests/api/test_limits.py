"""Per-customer limits and the model budget: counters in DynamoDB, on by default; past one a 429
with Retry-After and the error body, and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from cloudmart import create_app
from cloudmart.config import Settings
from cloudmart.services import build_services
from migrations_seed.seed import ensure_tables, seed
from providers.base import Event, FinalText, Provider, TextDelta, ToolRunner, TurnRequest, Usage
from tests.api.support import assert_error_body
from tests.chat.support import dynamodb_calls, scan
from tests.conftest import ALICE, BOB

ADDRESS = {"name": "A", "street": "1 Main", "city": "X", "postalCode": "1", "country": "US"}


class TestClock:
    """Time that moves only when the test moves it (a turn reads the clock 4 times; a ticking
    clock's travel would depend on that). It starts at the next real UTC midnight: every window
    (minute, hour, day) begins there, so a test never straddles one, and each counter's expiry
    lies in the real future, where DynamoDB Local's TTL sweeper (which runs on real time and
    deletes an expired item within about a second) leaves it alone."""

    __test__ = False  # not a test class

    def __init__(self) -> None:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        self.now = today + timedelta(days=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def app(settings: dict[str, Any], clock: TestClock) -> Flask:
    services = build_services(Settings.from_env({}, settings), clock=clock)
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


def send(client: Any, auth: Any, thread: str, text: str, email: str = ALICE) -> Any:
    body = {"threadId": thread, "message": text}
    return client.post("/api/ai/message", headers=auth(email), json=body)


def test_100_messages_in_a_minute_meet_a_429_and_the_refused_are_not_stored(
    client, auth, clock
) -> None:
    thread = start(client, auth).json["threadId"]
    answers = []
    for n in range(100):  # one every 0.5 s: all 100 within the minute
        answers.append(send(client, auth, thread, f"hi {n}"))
        clock.advance(0.5)
    statuses = [a.status_code for a in answers]
    assert statuses[:30] == [200] * 30 and set(statuses[30:]) == {429}
    refused = answers[30]
    body = assert_error_body(refused, 429)
    assert "30 messages a minute" in body["message"]
    assert refused.headers["Retry-After"] == "45"  # sent at 15 s into the minute
    history = client.get(f"/api/ai/conversations/{thread}", headers=auth(ALICE)).json
    assert len(history["messages"]) == 60  # the 30 answered turns, nothing of the refused
    other = start(client, auth, BOB).json["threadId"]  # another customer is not limited
    assert send(client, auth, other, "hi", BOB).status_code == 200
    clock.advance(10)  # the next minute: Alice may talk again
    assert send(client, auth, thread, "hi again").status_code == 200


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


class Costly(Provider):
    """Answers every message and reports what it cost: `tokens` tokens."""

    name = "costly"

    def __init__(self, tokens: int) -> None:
        self.tokens = tokens

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        yield TextDelta("ok")
        yield FinalText("ok")
        yield Usage(model_round_trips=1, tool_calls=0, input_tokens=self.tokens)


def costly(app: Flask, tokens: int) -> None:
    app.extensions["cloudmart"].chat.providers.install("local", Costly(tokens))


@pytest.mark.limits(token_budget_per_customer=100)
def test_a_customers_spent_tokens_refuse_their_next_model_turn(client, auth, app) -> None:
    costly(app, 120)
    thread = start(client, auth).json["threadId"]
    assert send(client, auth, thread, "hi").status_code == 200
    refused = send(client, auth, thread, "hi again")
    assert "budget for your account" in assert_error_body(refused, 429)["message"]
    other = start(client, auth, BOB).json["threadId"]  # another customer's budget is their own
    assert send(client, auth, other, "hi", BOB).status_code == 200


@pytest.mark.limits(token_budget_for_shop=100)
def test_the_shops_spent_tokens_refuse_every_customers_model_turn(client, auth, app) -> None:
    costly(app, 120)
    thread = start(client, auth).json["threadId"]
    assert send(client, auth, thread, "hi").status_code == 200
    other = start(client, auth, BOB).json["threadId"]
    refused = send(client, auth, other, "hi", BOB)
    assert "the assistant's budget for today" in assert_error_body(refused, 429)["message"]


def test_a_plain_turn_with_limits_on_makes_five_dynamodb_calls(client, auth, app) -> None:
    """One read: the conversation, the customer's language and today's token counts; the
    message counted; the turn's tokens added to the customer's count and the shop's; the two
    entries written with the conversation. A later turn also reads the last entries (for a
    provider that keeps no conversation of its own)."""
    costly(app, 10)
    thread = start(client, auth).json["threadId"]
    with dynamodb_calls(app) as first:
        assert send(client, auth, thread, "hi").status_code == 200
    assert first == ["BatchGetItem", "UpdateItem", "UpdateItem", "UpdateItem", "TransactWriteItems"]
    with dynamodb_calls(app) as later:
        assert send(client, auth, thread, "hi again").status_code == 200
    assert sorted(later) == sorted([*first, "Query"])
