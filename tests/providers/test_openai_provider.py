"""The OpenAI provider end to end: the real openai SDK, the fake server, the app, both modes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from providers.openai_responses import OpenAIProvider
from tests.chat.support import dynamodb_calls
from tests.conftest import ALICE
from tests.fakes.openai_server import Text, ToolCalls
from tests.providers.openai_harness import (
    MODES,
    Harness,
    last_user_text,
    openai_app,
    sent,
    tool_names,
    tool_outputs,
)

CANCEL = (
    "cancel_pending_order",
    {"order_id": "CM-7890", "reason": "no longer needed"},
)  # strict: optional ones null
ASK_TO_CONFIRM = Text("I can cancel order CM-7890 and refund it. Shall I go ahead?")
ADDRESS = {
    "order_id": "CM-7890",
    "address1": "9 New Street",
    "address2": "",
    "city": "Portland",
    "state": "OR",
    "country": "US",
    "zip": "97201",
}


@pytest.fixture(params=MODES)
def ai(request: pytest.FixtureRequest, settings: dict[str, Any]) -> Iterator[Harness]:
    with openai_app(settings, request.param) as harness:
        yield harness


def test_a_plain_question_costs_one_request(ai: Harness) -> None:
    ai.fake.script(Text("Orders ship within two business days."))
    tid = ai.start()
    turn = ai.say(tid, "How fast do you ship?")
    assert turn["response"] == "Orders ship within two business days."
    assert turn["usage"]["modelRoundTrips"] == 1 == ai.fake.round_trips
    assert turn["usage"]["toolCalls"] == 0 and turn["pendingAction"] is None
    body = ai.fake.model_requests[0].body
    assert body["stream"] is True and body["model"] == "gpt-4.1-mini"
    assert "delete_order" not in tool_names(ai.fake.model_requests[0])
    assert {
        "cancel_pending_order",
        "return_delivered_order_items",
        "recommend_products",
    } <= tool_names(ai.fake.model_requests[0])
    assert last_user_text(ai.fake.model_requests[0]) == "How fast do you ship?"
    if ai.mode == "conversations":
        state = ai.conversation(tid)["providerState"]
        assert body["conversation"] == state["openai_conversation"]
        assert body["parallel_tool_calls"] is True and "CloudMart" in body["instructions"]
        assert sent(ai.fake.model_requests[0]) == [
            {"type": "message", "role": "user", "content": "How fast do you ship?"}
        ]
    else:
        assert sent(ai.fake.model_requests[0])[0]["role"] == "system"


def test_cancel_runs_only_after_the_customers_confirmation(ai: Harness) -> None:
    ai.fake.script(ToolCalls([CANCEL]), ASK_TO_CONFIRM)
    tid = ai.start()
    turn = ai.say(tid, "Cancel order CM-7890")
    action = turn["pendingAction"]
    assert action["tool"] == "cancel_pending_order" and action["arguments"] == {
        "order_id": "CM-7890",
        "reason": "no longer needed",
    }
    assert turn["response"] == ASK_TO_CONFIRM.text
    assert turn["usage"]["modelRoundTrips"] == 2 == ai.fake.round_trips
    assert turn["usage"]["toolCalls"] == 1
    [output] = tool_outputs(ai.fake.model_requests[1]).values()
    assert output["status"] == "awaiting_confirmation" and output["actionId"] == action["id"]
    assert ai.order_status("CM-7890") == "pending"

    done = ai.confirm(action["id"])
    assert done.status_code == 200 and done.json["action"]["status"] == "executed"
    assert ai.order_status("CM-7890") == "canceled"

    ai.fake.script(Text("Order CM-7890 is canceled; your refund is on its way."))
    after = ai.say(tid, "Thanks! Is it done?")
    assert after["response"] == "Order CM-7890 is canceled; your refund is on its way."
    assert after["usage"]["modelRoundTrips"] == 1 and ai.fake.round_trips == 3
    told = json.dumps(sent(ai.fake.model_requests[2]))
    assert "The customer confirmed: Cancel order CM-7890" in told
    ai.fake.assert_all_used()


def test_a_typed_yes_confirms_without_asking_the_model(ai: Harness) -> None:
    ai.fake.script(ToolCalls([CANCEL]), ASK_TO_CONFIRM)
    tid = ai.start()
    ai.say(tid, "Cancel order CM-7890 please")
    turn = ai.say(tid, "yes")
    assert turn["usage"]["modelRoundTrips"] == 0 and ai.fake.round_trips == 2
    assert [a["tool"] for a in turn["actions"]] == ["cancel_pending_order"]
    assert ai.order_status("CM-7890") == "canceled"


def test_parallel_calls_are_answered_in_one_request(ai: Harness) -> None:
    two = [
        ("get_order_details", {"order_id": "CM-7890"}),
        ("get_order_details", {"order_id": "CM-7712"}),
    ]
    ai.fake.script(ToolCalls(two), Text("CM-7890 is pending and CM-7712 was delivered."))
    turn = ai.say(ai.start(), "Where are CM-7890 and CM-7712?")
    assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 2, "toolCalls": 2}
    assert ai.fake.round_trips == 2
    outputs = tool_outputs(ai.fake.model_requests[1])
    assert len(outputs) == 2
    assert sorted(o["order"]["order_id"] for o in outputs.values()) == ["CM-7712", "CM-7890"]
    assert [a["status"] for a in turn["actions"]] == ["succeeded", "succeeded"]


HOSTILE = {
    "another customer's order": [
        ("cancel_pending_order", {"order_id": "CM-7901", "reason": "no longer needed"})
    ],
    "delete_order from a customer": [("delete_order", {"order_id": "CM-7890"})],
    "an unknown tool": [("drop_all_tables", {})],
    "malformed JSON arguments": [("cancel_pending_order", '{"order_id": "CM-7890", ')],
    "identity in the arguments": [
        (
            "cancel_pending_order",
            {"order_id": "CM-7901", "reason": "no longer needed", "email": "bob@example.com"},
        ),
        ("list_my_orders", {"status": None, "limit": None, "user_email": "bob@example.com"}),
    ],
}


@pytest.mark.parametrize("calls", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_tool_calls_change_nothing(ai: Harness, calls: list[tuple[str, Any]]) -> None:
    before = ai.snapshot()
    ai.fake.script(ToolCalls(calls), Text("Sorry, I can't do that."))
    turn = ai.say(ai.start(), "Do as you are told")
    assert turn["response"] == "Sorry, I can't do that." and turn["pendingAction"] is None
    outputs = tool_outputs(ai.fake.model_requests[1])
    assert len(outputs) == len(calls) and not any(o["ok"] for o in outputs.values())
    assert ai.snapshot() == before
    assert ai.client.get("/api/me/agent-actions", headers=ai.headers()).json == []


@pytest.mark.parametrize(
    ("call", "order_id"),
    [
        (
            (
                "return_delivered_order_items",
                {
                    "order_id": "CM-7712",
                    "item_ids": ["P-1015"],
                    "payment_method_id": "credit_card_1001",
                },
            ),
            "CM-7712",
        ),
        (("modify_pending_order_address", ADDRESS), "CM-7890"),
    ],
    ids=["return", "address change"],
)
def test_return_and_address_change_wait_for_confirmation(
    ai: Harness, call: tuple[str, Any], order_id: str
) -> None:
    before = ai.snapshot()
    ai.fake.script(ToolCalls([call]), Text("Please confirm."))
    turn = ai.say(ai.start(), "Please do it")
    assert turn["pendingAction"]["tool"] == call[0]
    assert order_id in turn["pendingAction"]["summary"]
    assert ai.snapshot() == before
    assert ai.confirm(turn["pendingAction"]["id"]).status_code == 200
    assert ai.snapshot() != before


def test_recommendations_come_from_the_catalogue(ai: Harness) -> None:
    args = {"interest": "headphones", "category": None, "min_price": None, "max_price": None}
    ai.fake.script(ToolCalls([("recommend_products", {**args, "limit": 3})]), Text("Try these."))
    turn = ai.say(ai.start(), "Recommend me some headphones")
    [output] = tool_outputs(ai.fake.model_requests[1]).values()
    ids = [p["id"] for p in output["products"]]
    assert ids and "P-1001" in ids and all(p["inStock"] for p in output["products"])
    for product_id in ids:
        assert ai.client.get(f"/api/products/{product_id}").status_code == 200
    assert turn["response"] == "Try these."


def test_streaming_forwards_the_text_deltas_in_order(ai: Harness) -> None:
    ai.fake.script(
        ToolCalls([("get_order_details", {"order_id": "CM-7890"})], text="Let me check."),
        Text("Order CM-7890 is pending and ships soon."),
    )
    events = ai.stream(ai.start(), "Where is CM-7890?")
    deltas = [data["text"] for kind, data in events if kind == "text"]
    expected = "Let me check.\n\nOrder CM-7890 is pending and ships soon."
    assert len(deltas) > 3 and "".join(deltas) == expected
    assert [kind for kind, _ in events][-1] == "done"
    assert events[-1][1]["response"] == expected
    assert events[-1][1]["usage"]["modelRoundTrips"] == 2


def test_no_personal_data_in_metadata_and_never_the_email(ai: Harness) -> None:
    ai.fake.script(
        ToolCalls([("get_order_details", {"order_id": "CM-7890"})]), Text("It is pending.")
    )
    tid = ai.start()
    ai.say(tid, "Where is CM-7890?")
    created = [r.body for r in ai.fake.requests if r.path == "/v1/conversations"]
    if ai.mode == "stateless":
        assert created == [] and ai.conversation(tid)["providerState"] == {}
    else:
        assert created == [{"metadata": {"cloudmart_conversation": tid}}]
    assert ALICE not in json.dumps([r.body for r in ai.fake.requests])


def test_without_streaming_a_turn_costs_the_same(ai: Harness) -> None:
    stateless = ai.mode == "stateless"
    provider = OpenAIProvider(
        "test", "gpt-4.1-mini", f"{ai.fake.url}/v1", 5.0, 0, stateless, stream=False
    )
    ai.app.extensions["cloudmart"].chat.providers.install("openai", provider)
    ai.fake.script(ToolCalls([CANCEL], text="One moment."), ASK_TO_CONFIRM)
    turn = ai.say(ai.start(), "Cancel order CM-7890")
    assert turn["pendingAction"]["tool"] == "cancel_pending_order"
    assert turn["response"] == f"One moment.\n\n{ASK_TO_CONFIRM.text}"
    assert turn["usage"]["modelRoundTrips"] == 2 == ai.fake.round_trips
    assert not any(r.body.get("stream") for r in ai.fake.model_requests)


def test_parallel_calls_stream_one_tool_event_each(ai: Harness) -> None:
    two = [
        ("get_order_details", {"order_id": "CM-7890"}),
        ("get_order_details", {"order_id": "CM-7712"}),
    ]
    ai.fake.script(ToolCalls(two), Text("Both found."))
    events = ai.stream(ai.start(), "Where are CM-7890 and CM-7712?")
    shown = [data["action"]["arguments"]["order_id"] for kind, data in events if kind == "tool"]
    assert shown == ["CM-7890", "CM-7712"]


# --- the retail writes: money, replays and changes between asking and confirming ------------


def _me(ai: Harness) -> dict[str, Any]:
    return ai.client.get("/api/me", headers=ai.headers()).json


def _card(ai: Harness, card: str = "gift_card_1001") -> float:
    return next(m["balance"] for m in _me(ai)["paymentMethods"] if m["id"] == card)


def test_a_gift_card_is_never_overdrawn(ai: Harness) -> None:
    placed = ai.client.post(
        "/api/orders",
        json={
            "items": [{"productId": "P-1018", "quantity": 1}],  # 499.00, paid by card
            "shippingAddress": {
                "name": "Alice Johnson",
                "street": "12 Harbor Lane",
                "city": "Portland",
                "postalCode": "97201",
                "country": "US",
            },
        },
        headers=ai.headers(),
    ).json
    pay = (
        "modify_pending_order_payment",
        {"order_id": placed["id"], "payment_method_id": "gift_card_1001"},
    )
    ai.fake.script(ToolCalls([pay]), Text("That card does not cover it."))
    before = ai.snapshot()
    turn = ai.say(ai.start(), "pay it with my gift card")
    assert turn["pendingAction"] is None
    [refused] = turn["actions"]
    assert refused["status"] == "failed" and "less than $499.00" in refused["result"]["error"]
    assert ai.snapshot() == before and _card(ai) == 150.0


def test_a_replayed_confirm_pays_once(ai: Harness) -> None:
    pay = (
        "modify_pending_order_payment",
        {"order_id": "CM-7890", "payment_method_id": "gift_card_1001"},
    )
    ai.fake.script(ToolCalls([pay]), Text("Shall I pay it with your gift card?"))
    turn = ai.say(ai.start(), "pay CM-7890 with my gift card")
    action = turn["pendingAction"]
    assert "$79.99 charged to gift card (balance after: $70.01)" in action["summary"]
    assert "$79.99 refunded to visa ending 4242" in action["summary"]
    assert _card(ai) == 150.0  # nothing yet
    first, second = ai.confirm(action["id"]), ai.confirm(action["id"])
    assert first.status_code == 200 and second.status_code == 409
    assert _card(ai) == 70.01
    history = ai.client.get("/api/orders/CM-7890", headers=ai.headers()).json["paymentHistory"]
    assert [t["kind"] for t in history] == ["payment", "payment", "refund"]


def test_an_order_changed_after_the_preview_is_not_changed_again(ai: Harness) -> None:
    pay = (
        "modify_pending_order_payment",
        {"order_id": "CM-7890", "payment_method_id": "gift_card_1001"},
    )
    ai.fake.script(ToolCalls([pay]), Text("Shall I?"))
    action = ai.say(ai.start(), "pay CM-7890 with my gift card")["pendingAction"]
    moved = ai.client.put(  # the order changes after the customer was shown the preview
        "/api/orders/CM-7890",
        json={
            "shippingAddress": {
                "name": "Alice Johnson",
                "street": "1 Elm St",
                "city": "Seattle",
                "postalCode": "98101",
                "country": "US",
            }
        },
        headers=ai.headers(),
    )
    assert moved.status_code == 200
    before = ai.snapshot()
    refused = ai.confirm(action["id"])
    assert refused.status_code == 409 and "changed" in refused.json["message"]
    after = ai.snapshot()
    assert after["orders"] == before["orders"] and _card(ai) == 150.0


def test_a_person_holds_the_conversation_and_the_model_never_reads_a_note(ai: Harness) -> None:
    """Issue 19 on the real SDK: while a person holds it no request reaches OpenAI; after the
    hand-back the model is told what the person said, and never a staff note."""
    ai.fake.script(Text("Back with you."))
    tid = ai.start()
    handed = ai.client.post(f"/api/ai/conversations/{tid}/handoff", headers=ai.headers(), json={})
    ticket = handed.json["ticket"]["id"]
    dana = ai.headers("agent@cloudmart.example", "agent")
    base = f"/api/staff/tickets/{ticket}"
    note = "NOTE-7731 internal only: check fraud flags"
    ai.client.post(f"{base}/messages", headers=dana, json={"text": "Hello from Dana"})
    ai.client.post(f"{base}/messages", headers=dana, json={"text": note, "internal": True})
    assert ai.say(tid, "thanks!")["mode"] == "human"
    assert ai.fake.model_requests == []  # no model request while a person holds it
    ai.client.post(f"{base}/handback", headers=dana)
    assert ai.say(tid, "one more question")["response"] == "Back with you."
    bodies = json.dumps([r.body for r in ai.fake.requests])
    assert "Hello from Dana" in bodies and note not in bodies


def test_a_turn_reads_our_transcript_only_when_the_model_is_sent_it(ai: Harness) -> None:
    """Chat Completions is sent the last messages with every request; a server-side
    Conversation keeps its own, so a turn there reads none of ours."""
    tid = ai.start()
    ai.fake.script(Text("One."), Text("Two."))
    ai.say(tid, "Hi")
    with dynamodb_calls(ai.app) as made:
        ai.say(tid, "Again")
    assert made.count("Query") == (1 if ai.mode == "stateless" else 0), made


def test_turns_one_after_another_keep_one_connection_to_the_model(ai: Harness) -> None:
    """A streamed answer is read to its end, so its connection serves the next request: a new
    one per request would cost a TCP (and TLS) handshake each time."""
    tid = ai.start()
    ai.fake.script(Text("One."), Text("Two."), Text("Three."))
    ai.say(tid, "Hi")
    before = ai.fake.connections
    ai.say(tid, "Again")
    ai.say(tid, "And again")
    assert ai.fake.connections == before
