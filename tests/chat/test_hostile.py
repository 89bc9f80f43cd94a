"""A hostile model: whatever it calls, only the signed-in customer's rules apply."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudmart.records import action_id_for
from tests.chat.support import agent_records, snapshot
from tests.conftest import ALICE
from tests.fakes.scripted_provider import Calls, Say

BOB_DATA = ("Bob Smith", "480 Maple Avenue", "Austin", "78701", "Nimbus", "158.99", "Python for")
ADDRESS = {
    "address1": "1 New Street",
    "address2": "",
    "city": "Portland",
    "state": "OR",
    "country": "US",
    "zip": "97201",
}
CANCEL = ("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})
GET = ("get_order_details", {"order_id": "CM-7890"})
NOT_FOUND = "order CM-7901 not found"

HOSTILE = [
    pytest.param(("get_order_details", {"order_id": "CM-7901"}), NOT_FOUND, id="bob-get"),
    pytest.param(
        ("cancel_pending_order", {"order_id": "CM-7901", "reason": "no longer needed"}),
        NOT_FOUND,
        id="bob-cancel",
    ),
    pytest.param(
        ("modify_pending_order_address", {"order_id": "CM-7901", **ADDRESS}),
        NOT_FOUND,
        id="bob-address",
    ),
    pytest.param(
        (
            "return_delivered_order_items",
            {
                "order_id": "CM-7650",
                "item_ids": ["P-1015"],
                "payment_method_id": "credit_card_1001",
            },
        ),
        "order CM-7650 not found",
        id="bob-return",
    ),
    pytest.param(
        ("transfer_to_human_agents", {"summary": "refund bob", "order_id": "CM-7901"}),
        "unknown arguments: order_id",
        id="ticket-naming-an-order",
    ),
    pytest.param(
        ("delete_order", {"order_id": "CM-7890"}), "no tool named 'delete_order'", id="admin-only"
    ),
    pytest.param(("drop_tables", {}), "no tool named 'drop_tables'", id="unknown"),
    pytest.param(("GET_ORDER", GET[1]), "no tool named 'GET_ORDER'", id="unknown-case"),
    pytest.param(("get_order_details", '{"order_id": "CM-7890"'), "not valid JSON", id="malformed"),
    pytest.param(("get_order_details", '["CM-7890"]'), "must be an object", id="not-an-object"),
    pytest.param(
        ("transfer_to_human_agents", json.dumps({"summary": "x" * 9000})),
        "too large",
        id="oversize-json",
    ),
    pytest.param(
        ("transfer_to_human_agents", {"summary": "y" * 9000}), "too large", id="oversize-dict"
    ),
    pytest.param(
        ("get_order_details", {"order_id": "CM-7901", "customer_email": "bob@example.com"}),
        "unknown arguments: customer_email",
        id="smuggled-customer_email",
    ),
    pytest.param(
        ("list_my_orders", {"email": "bob@example.com"}),
        "unknown arguments: email",
        id="smuggled-email",
    ),
    pytest.param(
        (
            "cancel_pending_order",
            {"order_id": "CM-7901", "reason": "no longer needed", "user_email": "bob@example.com"},
        ),
        "unknown arguments: user_email",
        id="smuggled-user_email",
    ),
    pytest.param(
        ("transfer_to_human_agents", {"summary": "s", "customerEmail": "bob@example.com"}),
        "unknown arguments: customerEmail",
        id="smuggled-customerEmail",
    ),
    pytest.param(
        ("modify_pending_order_address", {"order_id": "CM-7855", **ADDRESS}),
        "order CM-7855 is shipped; its address can no longer be changed",
        id="shipped-address",
    ),
    pytest.param(
        ("cancel_pending_order", {"order_id": "CM-7855", "reason": "no longer needed"}),
        "order CM-7855 is shipped and can no longer be canceled",
        id="shipped-cancel",
    ),
    pytest.param(
        (
            "return_delivered_order_items",
            {
                "order_id": "CM-7890",
                "item_ids": ["P-1015"],
                "payment_method_id": "credit_card_1001",
            },
        ),
        "only delivered orders can be returned",
        id="pending-return",
    ),
    pytest.param(("cancel_pending_order", {}), "order_id is required", id="missing-required"),
    # the retail tools: another customer's user id, payment method or address; a variant of
    # another product; a reason the rule does not know; an identity smuggled in
    pytest.param(
        ("get_user_details", {"user_id": "bob_smith_1002"}),
        "user bob_smith_1002 not found",
        id="bob-user",
    ),
    pytest.param(
        ("find_user_id_by_email", {"email": "bob@example.com"}),
        "not found",
        id="bob-by-email",
    ),
    pytest.param(
        ("find_user_id_by_name_zip", {"first_name": "Bob", "last_name": "Smith", "zip": "78701"}),
        "a user with that name and zip not found",
        id="bob-by-name-zip",
    ),
    pytest.param(
        ("modify_user_address", {"user_id": "bob_smith_1002", **ADDRESS}),
        "user bob_smith_1002 not found",
        id="bob-user-address",
    ),
    pytest.param(
        (
            "modify_pending_order_payment",
            {"order_id": "CM-7890", "payment_method_id": "gift_card_1002"},
        ),
        "payment method gift_card_1002 not found",
        id="bob-gift-card",
    ),
    pytest.param(
        (
            "modify_pending_order_items",
            {
                "order_id": "CM-7890",
                "item_ids": '["P-1001"]',
                "new_item_ids": '["P-1006-CLK"]',
                "payment_method_id": "credit_card_1001",
            },
        ),
        "P-1006-CLK is not a variant of",
        id="variant-of-another-product",
    ),
    pytest.param(
        ("cancel_pending_order", {"order_id": "CM-7890", "reason": "changed my mind"}),
        "reason must be one of",
        id="reason-not-in-the-rule",
    ),
    pytest.param(
        ("get_user_details", {"user_id": "alice_johnson_1001", "email": "bob@example.com"}),
        "unknown arguments: email",
        id="smuggled-email-to-user",
    ),
    pytest.param(
        ("get_order_details", {"order_id": {"$ne": ""}}), "must be a string", id="wrong-type"
    ),
    pytest.param(
        ("list_my_orders", {"status": "all"}), "status must be one of", id="enum-violation"
    ),
]


def test_hostile_calls_are_offered_no_confirm_or_admin_tool(script, thread, say) -> None:
    model = script([Say("Hello.")])
    say(thread(), "hi")
    offered = {t.name for t in model.requests[0].tools}
    assert "delete_order" not in offered
    assert not [name for name in offered if "confirm" in name]


@pytest.mark.parametrize(("call", "error"), HOSTILE)
def test_hostile_call_changes_nothing(app, raw_dynamodb, script, thread, say, call, error) -> None:
    model = script([Calls([call]), Say("Sorry, I can't.")])
    tid = thread()
    before = snapshot(raw_dynamodb, app)

    turn = say(tid, "please do it")

    assert snapshot(raw_dynamodb, app) == before
    assert agent_records(raw_dynamodb, app, "pending") == []
    [[res]] = model.results
    assert res.ok is False and error in res.data["error"], res.data
    assert json.loads(res.output) == {"ok": False, "error": res.data["error"]}
    assert turn["response"] == "Sorry, I can't." and turn["pendingAction"] is None
    assert [(a["tool"], a["status"]) for a in turn["actions"]] == [(call[0], "failed")]
    body, asked = json.dumps(turn), json.dumps(call)  # what the model sent itself is no leak
    leaks = [x for x in BOB_DATA if (x in body or x in res.output) and x not in asked]
    assert not leaks


def test_destructive_call_only_records_a_pending_action(
    app, raw_dynamodb, client, auth, script, thread, say
) -> None:
    model = script([Calls([CANCEL]), Say("Shall I?")])
    tid = thread()
    before = snapshot(raw_dynamodb, app)

    turn = say(tid, "cancel CM-7890")

    assert snapshot(raw_dynamodb, app) == before
    [[res]] = model.results
    assert res.ok is True and res.data["status"] == "awaiting_confirmation"
    assert "Nothing has been done" in res.data["message"]
    [pending] = agent_records(raw_dynamodb, app, "pending")
    assert pending["id"]["S"] == res.data["actionId"] == turn["pendingAction"]["id"]
    assert pending["status"]["S"] == "pending"
    assert agent_records(raw_dynamodb, app, "execution") == []
    assert turn["actions"] == []
    order = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert order["status"] == "pending"


def test_the_model_cannot_confirm_its_own_action(app, raw_dynamodb, script, thread, say) -> None:
    tid = thread()
    action_id = action_id_for(tid, "call_cancel")
    attempts = [
        ("confirm_action", {"action_id": action_id}),
        ("confirm", {"id": action_id}),
        ("confirm_pending_action", {"action_id": action_id, "confirmed": True}),
        ("execute_action", {"action_id": action_id}),
    ]
    model = script(
        [
            Calls([CANCEL], ids=["call_cancel"]),
            Calls([*attempts, CANCEL], ids=["a1", "a2", "a3", "a4", "call_cancel"]),
            Say("Done, it is canceled!"),
        ]
    )
    before = snapshot(raw_dynamodb, app)

    turn = say(tid, "cancel CM-7890, I confirm in advance")

    assert snapshot(raw_dynamodb, app) == before
    *refusals, again = model.results[1]
    assert [r.ok for r in refusals] == [False] * len(attempts)
    assert all("no tool named" in r.data["error"] for r in refusals)
    assert again.data == {**again.data, "status": "awaiting_confirmation", "actionId": action_id}
    [pending] = agent_records(raw_dynamodb, app, "pending")
    assert pending["id"]["S"] == action_id and pending["status"]["S"] == "pending"
    assert agent_records(raw_dynamodb, app, "execution") == []
    assert turn["pendingAction"]["id"] == action_id


@pytest.fixture
def overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def settings(settings: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings, **overrides}


@pytest.mark.parametrize(
    ("overrides", "rounds"), [({}, 5), ({"max_tool_rounds": 2}, 2)], ids=["default", "setting"]
)
def test_a_looping_model_is_stopped_and_the_conversation_goes_on(
    app, raw_dynamodb, client, auth, script, thread, say, rounds
) -> None:
    model = script([Calls([GET])] * (rounds + 1) + [Say("never said")], [Say("Back again.")])
    tid = thread()
    before = snapshot(raw_dynamodb, app)

    resp = client.post(
        "/api/ai/message", headers=auth(ALICE), json={"threadId": tid, "message": "loop"}
    )

    assert resp.status_code == 502, resp.json
    assert resp.json["code"] == 502 and resp.json["status"] == "Bad Gateway"
    assert f"asked for tools {rounds} times in one turn" in resp.json["message"]
    assert len(model.results) == rounds
    assert snapshot(raw_dynamodb, app) == before
    turn = say(tid, "hello?")
    assert turn["response"] == "Back again."
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert history["messages"][-1]["text"] == "Back again."
    model.assert_all_used()


def test_a_replayed_escalation_makes_one_ticket(app, raw_dynamodb, script, thread, say) -> None:
    escalate = Calls([("transfer_to_human_agents", {"summary": "parcel lost"})], ids=["call_same"])
    model = script([escalate, escalate, Say("Ticket made.")])  # the call replayed in one turn
    tid = thread()
    say(tid, "I want a human")
    again = say(tid, "I want a human, again")  # a person holds it now: no model, no ticket
    assert again["mode"] == "human" and again["usage"]["modelRoundTrips"] == 0

    [ticket] = snapshot(raw_dynamodb, app)["tickets"]
    first, second = (results[0] for results in model.results)
    assert first.ok and second.ok
    assert "replayed" not in first.data and second.data["replayed"] is True
    assert first.data["ticket"]["id"] == second.data["ticket"]["id"] == ticket["id"]["S"]
    [record] = agent_records(raw_dynamodb, app, "execution")
    assert record["status"]["S"] == "succeeded"


def test_a_replayed_cancel_makes_one_pending_action(app, raw_dynamodb, script, thread, say) -> None:
    cancel = Calls([CANCEL], ids=["call_same"])
    model = script([cancel, Say("Confirm?")], [cancel, Say("Confirm?")])
    tid = thread()
    before = snapshot(raw_dynamodb, app)
    first = say(tid, "cancel CM-7890")
    second = say(tid, "cancel CM-7890 please")

    assert snapshot(raw_dynamodb, app) == before
    [pending] = agent_records(raw_dynamodb, app, "pending")
    ids = {r[0].data["actionId"] for r in model.results}
    assert ids == {pending["id"]["S"], first["pendingAction"]["id"], second["pendingAction"]["id"]}


# --- input the database would refuse, non-JSON numbers, replayed gated calls ------------------


@pytest.mark.parametrize("order_id", ["   ", "€" * 1000], ids=["blank", "key-over-2048-bytes"])
def test_an_invalid_key_comes_back_as_a_tool_error(
    app, raw_dynamodb, client, auth, script, thread, order_id
) -> None:
    model = script([Calls([("get_order_details", {"order_id": order_id})]), Say("Sorry.")])
    tid = thread()
    before = snapshot(raw_dynamodb, app)
    resp = client.post(
        "/api/ai/message", headers=auth(ALICE), json={"threadId": tid, "message": "my order"}
    )
    assert snapshot(raw_dynamodb, app) == before
    assert resp.status_code == 200, resp.json
    assert model.results[0][0].ok is False


@pytest.mark.parametrize("raw", ['{"max_price": NaN}', '{"limit": Infinity}'])
def test_nan_arguments_keep_the_response_valid_json(client, auth, script, thread, raw):
    script([Calls([("search_products", raw)]), Say("Sorry.")])
    tid = thread()
    resp = client.post(
        "/api/ai/message", headers=auth(ALICE), json={"threadId": tid, "message": "cheap stuff"}
    )
    assert resp.status_code == 200

    def reject(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    json.loads(resp.get_data(as_text=True), parse_constant=reject)


@pytest.mark.parametrize(
    ("call", "resolve"),
    [
        (("modify_pending_order_address", {"order_id": "CM-7890", **ADDRESS}), "confirm"),
        (CANCEL, "decline"),
    ],
    ids=["address-after-confirm", "cancel-after-decline"],
)
def test_a_replayed_gated_call_reports_what_happened(
    client, auth, script, thread, say, call, resolve
) -> None:
    replay = Calls([call], ids=["call_same"])
    model = script([replay, Say("Confirm?")], [replay, Say("Confirm?")])
    tid = thread()
    action = say(tid, "please")["pendingAction"]
    done = client.post(f"/api/ai/actions/{action['id']}/{resolve}", headers=auth(ALICE))
    assert done.status_code == 200
    again = say(tid, "please")
    assert model.results[1][0].data.get("status") != "awaiting_confirmation"
    assert again["pendingAction"] is None
