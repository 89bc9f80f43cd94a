"""DynamoDB throttles: reads, writes and the transactions of create and cancel, on moto and on
DynamoDB Local, injected into the app's own client (tests/reliability/throttle.py).

With attempts left the SDK retries and the request succeeds, once; past the retry budget the
API answers 503 with the error body and a Retry-After header, and nothing is half-done: no
order without its stock move, no stock move without its order, no pending action run twice,
and the conversation goes on with the next message.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask

from cloudmart.config import Settings
from tests.conftest import ADMIN, ALICE
from tests.fakes.scripted_provider import Calls, Say
from tests.reliability.support import (
    ADDRESS,
    PatientScriptedProvider,
    headers,
    raw_client,
    scan,
    stocks,
)
from tests.reliability.throttle import fault, throttled_transaction

BUDGET = Settings.dynamodb_max_attempts  # attempts per call (the first and the retries)
WITHIN, PAST = BUDGET - 1, BUDGET  # throttled answers: one fewer than the budget, or all
SLOW = 10.0  # seconds: a request that waits out the retries still answers well before this
NEW_ADDRESS = {**ADDRESS, "street": "1 Elm Street", "city": "Seattle", "postalCode": "98101"}
READS = {  # operation -> (who, path) of a request that needs it, on the orders table
    "GetItem": (ALICE, "/api/orders/CM-7890"),
    "Query": (ALICE, "/api/orders/user?email=alice@example.com"),
    "Scan": (ADMIN, "/api/orders"),
}


def assert_busy(resp: Any) -> None:
    """The one answer for a database past its retries: 503, the error body, Retry-After."""
    assert resp.status_code == 503, (resp.status_code, resp.get_json(silent=True))
    body = resp.get_json()
    assert body["code"] == 503 and body["status"] == "Service Unavailable", body
    assert isinstance(body["message"], str) and body["message"], body
    assert int(resp.headers["Retry-After"]) >= 1, dict(resp.headers)


def timed(call: Any) -> Any:
    started = time.monotonic()
    resp = call()
    elapsed = time.monotonic() - started
    assert elapsed < SLOW, f"answered after {elapsed:.1f}s"
    return resp


def order(app: Flask, order_id: str) -> dict[str, Any] | None:
    return next((o for o in scan(raw_client(app), app, "orders") if o["id"] == order_id), None)


def precondition(ok: bool, what: str) -> None:
    """A broken set-up fails the test outright, never as the expected failure of an xfail."""
    if not ok:
        raise RuntimeError(what)


# --- reads and single-item writes -------------------------------------------------------------


@pytest.mark.parametrize("operation", READS)
def test_a_throttled_read_is_retried_then_answered_503(app, operation):
    app, client = app, app.test_client()
    who, path = READS[operation]
    h = headers(app, who)
    with fault(app, operation, WITHIN, "orders") as f:
        resp = timed(lambda: client.get(path, headers=h))
    assert resp.status_code == 200 and f.hits == WITHIN, resp.get_json()
    with fault(app, operation, PAST, "orders") as f:
        resp = timed(lambda: client.get(path, headers=h))
    assert_busy(resp)
    assert f.hits == BUDGET, "the SDK must stop at the configured attempts"
    assert len(f.delays) == BUDGET - 1 and all(d > 0 for d in f.delays), "no back-off"
    assert client.get(path, headers=h).status_code == 200  # and the next request is served


def test_a_throttled_address_change_is_applied_once_or_not_at_all(app):
    app, client = app, app.test_client()
    h, path = headers(app, ALICE), "/api/orders/CM-7890"
    before = order(app, "CM-7890")
    with fault(app, "UpdateItem", PAST, "orders"):
        assert_busy(
            timed(lambda: client.put(path, headers=h, json={"shippingAddress": NEW_ADDRESS}))
        )
    assert order(app, "CM-7890") == before, "a refused write changed the order"
    with fault(app, "UpdateItem", WITHIN, "orders"):
        resp = timed(lambda: client.put(path, headers=h, json={"shippingAddress": NEW_ADDRESS}))
    assert resp.status_code == 200, resp.json
    after = order(app, "CM-7890")
    assert after["version"] == before["version"] + 1, "applied more than once"
    assert after["shippingAddress"]["street"] == NEW_ADDRESS["street"]


@pytest.mark.parametrize(
    ("order_id", "operation"),
    [("CM-7855", "DeleteItem"), ("CM-7901", "TransactWriteItems")],
    ids=["shipped-deleted-alone", "live-deleted-with-its-stock"],
)
def test_a_throttled_delete_leaves_the_order(app, order_id, operation):
    app, client = app, app.test_client()
    h = headers(app, ADMIN)
    with fault(app, operation, PAST, "orders"):
        assert_busy(timed(lambda: client.delete(f"/api/orders/{order_id}", headers=h)))
    assert order(app, order_id) is not None
    with fault(app, operation, WITHIN, "orders"):
        assert timed(lambda: client.delete(f"/api/orders/{order_id}", headers=h)).status_code == 204
    assert order(app, order_id) is None


# --- the transactions: an order and its stock, together or not at all --------------------------


def place(client: Any, h: dict[str, str]) -> Any:
    body = {"items": [{"productId": "P-1003", "quantity": 2}], "shippingAddress": ADDRESS}
    return client.post("/api/orders", headers=h, json=body)


def test_a_throttled_order_is_placed_once_or_not_at_all(app):
    app, client, raw = app, app.test_client(), raw_client(app)
    h = headers(app, ALICE)
    orders_before, stock_before = len(scan(raw, app, "orders")), stocks(raw, app)["P-1003"]
    with fault(app, "TransactWriteItems", PAST) as f:
        assert_busy(timed(lambda: place(client, h)))
    assert f.hits == BUDGET
    assert len(scan(raw, app, "orders")) == orders_before, "an order without its stock move"
    assert stocks(raw, app)["P-1003"] == stock_before, "a stock move without its order"
    with fault(app, "TransactWriteItems", WITHIN):
        resp = timed(lambda: place(client, h))
    assert resp.status_code == 201, resp.json
    assert len(scan(raw, app, "orders")) == orders_before + 1
    assert stocks(raw, app)["P-1003"] == stock_before - 2


def cancel_by(app: Flask, client: Any, who: str) -> Any:
    if who == "owner":
        return client.post(
            "/api/orders/CM-7890/cancel",
            headers=headers(app, ALICE),
            json={"reason": "no longer needed"},
        )
    return client.put(
        "/api/orders/CM-7890", headers=headers(app, ADMIN), json={"status": "canceled"}
    )


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_a_throttled_cancel_restocks_once_or_not_at_all(app, who):
    app, client, raw = app, app.test_client(), raw_client(app)
    before, stock_before = order(app, "CM-7890"), stocks(raw, app)
    with fault(app, "TransactWriteItems", PAST):
        assert_busy(timed(lambda: cancel_by(app, client, who)))
    assert order(app, "CM-7890") == before and stocks(raw, app) == stock_before
    with fault(app, "TransactWriteItems", WITHIN):
        resp = timed(lambda: cancel_by(app, client, who))
    assert resp.status_code == 200, resp.json
    after = order(app, "CM-7890")
    assert after["status"] == "canceled" and after["version"] == before["version"] + 1
    back = {i["productId"]: int(i["quantity"]) for i in before["items"]}
    assert stocks(raw, app) == {p: s + back.get(p, 0) for p, s in stock_before.items()}


@pytest.mark.parametrize("request_kind", ["place", "cancel"])
def test_a_transaction_canceled_for_throttling_is_a_503(moto_app, request_kind):
    app, client, raw = moto_app, moto_app.test_client(), raw_client(moto_app)
    before = (scan(raw, app, "orders"), stocks(raw, app))
    operations = 2  # the order (Put or Update) and one stock move
    with fault(app, "TransactWriteItems", 1, error=throttled_transaction(operations)) as f:
        if request_kind == "place":
            resp = place(client, headers(app, ALICE))
        else:
            resp = cancel_by(app, client, "owner")
    precondition(f.hits == 1, "the fault was not injected")
    precondition((scan(raw, app, "orders"), stocks(raw, app)) == before, "something changed")
    assert_busy(resp)


# --- the assistant: pending actions and conversations under throttling ---------------------------


def hold_cancel(app: Flask) -> tuple[str, str]:
    """(thread id, action id): alice's conversation holding a pending cancel of CM-7890."""
    client, h = app.test_client(), headers(app, ALICE)
    model = PatientScriptedProvider(
        turns=[
            [
                Calls(
                    [
                        (
                            "cancel_pending_order",
                            {"order_id": "CM-7890", "reason": "no longer needed"},
                        )
                    ]
                ),
                Say("Shall I cancel it?"),
            ]
        ]
    )
    app.extensions["cloudmart"].chat.providers.install("local", model)
    thread = client.post("/api/ai/start", headers=h).json["threadId"]
    turn = client.post("/api/ai/message", headers=h, json={"threadId": thread, "message": "cancel"})
    assert turn.status_code == 200 and turn.json["pendingAction"], turn.json
    return thread, turn.json["pendingAction"]["id"]


def confirm_by(app: Flask, how: str, thread: str, action_id: str) -> Any:
    client, h = app.test_client(), headers(app, ALICE)
    if how == "button":
        return client.post(f"/api/ai/actions/{action_id}/confirm", headers=h)
    return client.post("/api/ai/message", headers=h, json={"threadId": thread, "message": "yes"})


def executions(app: Flask) -> list[dict[str, Any]]:
    return [r for r in scan(raw_client(app), app, "agent-actions") if r["kind"] == "execution"]


def record(app: Flask, record_id: str) -> dict[str, Any]:
    """The stored record, or {} when none was written."""
    records = scan(raw_client(app), app, "agent-actions")
    return next((r for r in records if r["id"] == record_id), {})


def says_something(app: Flask, thread: str) -> Any:
    h = headers(app, ALICE)
    body = {"threadId": thread, "message": "What happens now?"}
    return app.test_client().post("/api/ai/message", headers=h, json=body)


@pytest.mark.parametrize("how", ["button", "typed yes"])
def test_a_confirm_within_the_retries_runs_once(app, how):
    app, raw = app, raw_client(app)
    thread, action_id = hold_cancel(app)
    stock_before = stocks(raw, app)
    with fault(app, "TransactWriteItems", WITHIN):
        resp = timed(lambda: confirm_by(app, how, thread, action_id))
    assert resp.status_code == 200, resp.json
    assert order(app, "CM-7890")["status"] == "canceled"
    assert sum(stocks(raw, app).values()) == sum(stock_before.values()) + sum(
        int(i["quantity"]) for i in order(app, "CM-7890")["items"]
    )
    assert [r["status"] for r in executions(app)] == ["succeeded"]
    assert record(app, action_id)["status"] == "executed"
    again = confirm_by(app, "button", thread, action_id)
    assert again.status_code == 409 and order(app, "CM-7890")["version"] == 2


@pytest.mark.parametrize("how", ["button", "typed yes"])
def test_a_confirm_past_the_retries_is_a_503_and_nothing_runs(app, how):
    app, raw = app, raw_client(app)
    thread, action_id = hold_cancel(app)
    before, stock_before = order(app, "CM-7890"), stocks(raw, app)
    with fault(app, "TransactWriteItems", PAST):
        assert_busy(timed(lambda: confirm_by(app, how, thread, action_id)))
    assert order(app, "CM-7890") == before and stocks(raw, app) == stock_before
    assert not [r for r in executions(app) if r["status"] == "succeeded"]

    # The conversation goes on, and the action never runs twice whatever is tried next.
    assert says_something(app, thread).status_code == 200
    for _ in range(2):
        confirm_by(app, "button", thread, action_id)
    after = order(app, "CM-7890")
    assert after["version"] <= before["version"] + 1, "canceled twice"
    assert len([r for r in executions(app) if r["status"] == "succeeded"]) <= 1


def test_a_confirm_past_the_retries_leaves_the_action_settled_or_retryable(moto_app):
    app = moto_app
    thread, action_id = hold_cancel(app)
    with fault(app, "TransactWriteItems", PAST):
        first = confirm_by(app, "button", thread, action_id)
    precondition(first.status_code == 503, f"expected the 503 first: {first.status_code}")
    precondition(order(app, "CM-7890")["status"] == "pending", "the cancel ran")
    action, audit = record(app, action_id), record(app, f"exec#{action_id}")
    retry = confirm_by(app, "button", thread, action_id)
    # Either the confirm can be tried again (and runs), or the action and its audit say it
    # failed; what must not be is an action no one can ever settle.
    retried = retry.status_code == 200 and order(app, "CM-7890")["status"] == "canceled"
    settled = action["status"] == "failed" and audit.get("status") == "failed"
    assert retried or settled, (action["status"], audit["status"], retry.get_json())


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_a_turn_whose_tool_read_is_throttled_fails_clearly_and_the_conversation_goes_on(
    app, stream
):
    app, client, h = app, app.test_client(), headers(app, ALICE)
    model = PatientScriptedProvider(
        turns=[[Calls([("get_order_details", {"order_id": "CM-7890"})]), Say("It is pending.")]]
    )
    app.extensions["cloudmart"].chat.providers.install("local", model)
    thread = client.post("/api/ai/start", headers=h).json["threadId"]
    body = {"threadId": thread, "message": "Where is CM-7890?"}
    path = "/api/ai/message/stream" if stream else "/api/ai/message"
    with fault(app, "GetItem", PAST, "orders"):
        resp = timed(lambda: client.post(path, headers=h, json=body))
    if stream:
        from tests.chat.support import parse_sse

        assert resp.status_code == 200
        events = parse_sse(resp.get_data(as_text=True))
        assert events[-1][0] == "error" and events[-1][1]["code"] == 503, events
        assert "done" not in [kind for kind, _ in events]
    else:
        assert_busy(resp)
    assert says_something(app, thread).status_code == 200
    history = client.get(f"/api/ai/conversations/{thread}", headers=h).json["messages"]
    assert [m["role"] for m in history] == ["user", "assistant"], "the failed turn left a trace"


def test_a_turn_whose_save_is_throttled_is_a_503_and_the_next_one_is_saved(app):
    app, client, h = app, app.test_client(), headers(app, ALICE)
    app.extensions["cloudmart"].chat.providers.install("local", PatientScriptedProvider(turns=[]))
    thread = client.post("/api/ai/start", headers=h).json["threadId"]
    with fault(app, "TransactWriteItems", PAST, "messages"):
        assert_busy(timed(lambda: says_something(app, thread)))
    assert says_something(app, thread).status_code == 200
    history = client.get(f"/api/ai/conversations/{thread}", headers=h).json["messages"]
    assert len(history) == 2


@pytest.mark.parametrize("how", ["button", "typed yes"])
def test_an_action_that_ran_is_answered_as_done_even_if_its_transcript_write_fails(app, how):
    """The cancel commits; the write of the conversation after it is refused past the retries:
    the customer is still told it is done (no 5xx after a commit), and it ran once."""
    thread, action_id = hold_cancel(app)
    with fault(app, "TransactWriteItems", PAST, "messages"):
        resp = timed(lambda: confirm_by(app, how, thread, action_id))
    assert resp.status_code == 200, resp.json
    assert order(app, "CM-7890")["status"] == "canceled"
    assert [r["status"] for r in executions(app)] == ["succeeded"]
    assert says_something(app, thread).status_code == 200
