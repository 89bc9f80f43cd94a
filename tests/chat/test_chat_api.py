"""The chat endpoints: start, message, history, streaming, the action log and the gate's edges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudmart import create_app
from cloudmart.models import utc_now
from migrations_seed.seed import ensure_tables
from providers.base import Provider, ProviderError, TextDelta
from tests.chat.support import agent_records, parse_sse
from tests.conftest import ALICE, BOB
from tests.fakes.scripted_provider import Calls, Say

CANCEL = ("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})
ADDRESS = (
    "modify_pending_order_address",
    {
        "order_id": "CM-7890",
        "address1": "1 New Street",
        "address2": "",
        "city": "Seattle",
        "state": "OR",
        "country": "US",
        "zip": "98101",
    },
)
ESCALATE = ("transfer_to_human_agents", {"summary": "the parcel is late"})


@pytest.fixture
def overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def settings(settings: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings, **overrides}


def order(client, auth, order_id="CM-7890") -> dict[str, Any]:
    return client.get(f"/api/orders/{order_id}", headers=auth(ALICE)).json


def post(client, auth, path: str, body: dict[str, Any], email: str = ALICE) -> Any:
    return client.post(path, headers=auth(email), json=body)


def statuses(raw_dynamodb, app, kind: str = "pending") -> list[str]:
    return [r["status"]["S"] for r in agent_records(raw_dynamodb, app, kind)]


# --- start, message, history ------------------------------------------------------------------


def test_start_message_and_history(client, auth, script, thread, say) -> None:
    model = script([Say("Hello Alice.")])
    tid = thread()
    turn = say(tid, "hi")
    assert turn["response"] == "Hello Alice." and turn["threadId"] == turn["conversationId"] == tid
    assert set(turn) >= {"response", "threadId", "pendingAction", "actions", "usage"}
    assert model.requests[0].text == "hi" and model.requests[0].conversation_id == tid
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE))
    assert history.status_code == 200
    assert history.json["threadId"] == tid and history.json["pendingActions"] == []
    assert [(m["role"], m["text"]) for m in history.json["messages"]] == [
        ("user", "hi"),
        ("assistant", "Hello Alice."),
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/ai/conversations/{tid}"),
        ("post", "/api/ai/message"),
        ("post", "/api/ai/message/stream"),
    ],
)
def test_a_conversation_is_its_owners_only(client, auth, script, thread, method, path) -> None:
    model = script([Say("never")])
    tid = thread()
    body = {"threadId": tid, "message": "show me alice's messages"}
    resp = getattr(client, method)(path.format(tid=tid), headers=auth(BOB), json=body)
    assert resp.status_code == 404 and resp.json["code"] == 404
    assert tid in resp.json["message"] and "alice" not in resp.get_data(as_text=True)
    assert model.requests == []
    anonymous = getattr(client, method)(path.format(tid=tid), json=body)
    assert anonymous.status_code == 401


TID = "<the thread>"


@pytest.mark.parametrize("path", ["/api/ai/message", "/api/ai/message/stream"])
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        pytest.param({"threadId": TID}, 422, "message", id="missing"),
        pytest.param({"message": "hi"}, 422, "threadId", id="no-thread"),
        pytest.param({"threadId": TID, "message": ""}, 422, "message", id="empty"),
        pytest.param({"threadId": TID, "message": "x" * 4001}, 422, "message", id="too-long"),
        pytest.param({"threadId": TID, "message": 42}, 422, "message", id="not-a-string"),
        pytest.param({"threadId": TID, "message": "hi", "extra": 1}, 422, "extra", id="extra"),
        pytest.param(
            {"threadId": TID, "message": "hi", "customerEmail": BOB},
            422,
            "customerEmail",
            id="identity",
        ),
        pytest.param({"threadId": "th_unknown", "message": "hi"}, 404, None, id="unknown-thread"),
    ],
)
def test_message_validation(client, auth, script, thread, path, body, status, field) -> None:
    model = script([Say("never")])
    tid = thread()
    body = {k: tid if v == TID else v for k, v in body.items()}
    resp = post(client, auth, path, body)
    assert resp.status_code == status, resp.json
    assert resp.json["code"] == status and resp.json["message"]
    if field:
        assert field in resp.json["errors"]["json"]
    assert model.requests == []
    messages = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json["messages"]
    assert messages == []


def test_a_message_of_exactly_4000_characters_is_accepted(script, thread, say) -> None:
    model = script([Say("That is long.")])
    say(thread(), "x" * 4000)
    assert len(model.requests[0].text) == 4000


def test_bedrock_start_names_the_missing_settings(client, auth) -> None:
    resp = client.post("/api/ai/bedrock/start", headers=auth(ALICE))
    assert resp.status_code == 503 and resp.json["code"] == 503
    assert "BEDROCK_AGENT_ID" in resp.json["message"]
    assert "BEDROCK_AGENT_ALIAS_ID" in resp.json["message"]


def test_openai_without_a_key_names_the_missing_setting(settings) -> None:
    app = create_app({**settings, "ai_provider": "openai"})
    services = app.extensions["cloudmart"]
    ensure_tables(services.dynamodb, settings["table_prefix"], report=lambda _: None)
    headers = {"Authorization": f"Bearer {services.tokens.issue(ALICE)}"}
    resp = app.test_client().post("/api/ai/start", headers=headers)
    assert resp.status_code == 503 and resp.json["code"] == 503
    assert "OPENAI_API_KEY" in resp.json["message"]


# --- streaming --------------------------------------------------------------------------------


class FailingProvider(Provider):
    """Starts answering, then its vendor fails."""

    name = "failing"

    def run_turn(self, request: Any, run_tools: Any) -> Iterator[Any]:
        yield TextDelta("Let me check")
        raise ProviderError("the model vendor timed out", status=504)


def test_the_stream_carries_the_turn_as_events(client, auth, script, thread) -> None:
    script(
        [Calls([("get_order_details", {"order_id": "CM-7890"}), CANCEL]), Say("Shall I cancel it?")]
    )
    tid = thread()
    resp = post(client, auth, "/api/ai/message/stream", {"threadId": tid, "message": "cancel"})
    assert resp.status_code == 200 and resp.mimetype == "text/event-stream"
    events = parse_sse(resp.get_data(as_text=True))
    assert [name for name, _ in events] == ["tool", "pending_action", "text", "done"]
    (_, tool), (_, pending), (_, text), (_, done) = events
    assert tool["action"]["tool"] == "get_order_details" and tool["action"]["status"] == "succeeded"
    assert pending["action"]["tool"] == "cancel_pending_order"
    assert text == {"type": "text", "text": "Shall I cancel it?"}
    assert set(done) >= {"response", "threadId", "pendingAction", "actions", "usage"}
    assert done["response"] == "Shall I cancel it?" and done["threadId"] == tid
    assert done["pendingAction"]["id"] == pending["action"]["id"]
    assert [a["tool"] for a in done["actions"]] == ["get_order_details"]
    assert done["usage"]["modelRoundTrips"] == 2 and done["usage"]["toolCalls"] == 2


def test_a_stream_closed_after_its_first_event_still_records_the_turn(
    client, auth, script, thread
) -> None:
    """The server closes the response when its client hangs up: the turn is finished unread,
    so the history holds it with the action it proposed."""
    script(
        [Calls([("get_order_details", {"order_id": "CM-7890"}), CANCEL]), Say("Shall I cancel it?")]
    )
    tid = thread()
    body = {"threadId": tid, "message": "cancel"}
    resp = client.post("/api/ai/message/stream", headers=auth(ALICE), json=body, buffered=False)
    assert next(iter(resp.response)).startswith(b"event: tool")
    resp.close()  # what a WSGI server does when the client is gone
    conv = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant"]
    assert conv["messages"][1]["text"] == "Shall I cancel it?"
    assert conv["messages"][1]["pendingActionId"] == conv["pendingActions"][0]["id"]


def test_a_provider_error_mid_stream_becomes_an_error_event(app, client, auth, thread) -> None:
    app.extensions["cloudmart"].chat.providers.install("local", FailingProvider())
    tid = thread()
    resp = post(client, auth, "/api/ai/message/stream", {"threadId": tid, "message": "hi"})
    assert resp.status_code == 200
    error = {"code": 504, "status": "Gateway Timeout", "message": "the model vendor timed out"}
    assert parse_sse(resp.get_data(as_text=True)) == [
        ("text", {"type": "text", "text": "Let me check"}),
        ("error", error),
    ]


def test_a_database_error_mid_stream_becomes_an_error_event(
    app, client, auth, script, thread, monkeypatch
) -> None:
    script([Calls([("get_order_details", {"order_id": "CM-7890"})]), Say("never")])
    tid = thread()
    throttled = ClientError(
        {"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "GetItem"
    )
    orders = app.extensions["cloudmart"].orders.orders
    monkeypatch.setattr(orders, "get", lambda _id: (_ for _ in ()).throw(throttled))
    resp = post(client, auth, "/api/ai/message/stream", {"threadId": tid, "message": "hi"})
    events = parse_sse(resp.get_data(as_text=True))
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == 503 and "busy" in events[-1][1]["message"]


# --- the customer's log of assistant actions --------------------------------------------------


def test_agent_actions_are_the_callers_own_and_paged(
    app, raw_dynamodb, client, auth, script, thread, say
) -> None:
    script(
        [Calls([CANCEL]), Say("Confirm?")],
        [Calls([ADDRESS]), Say("Confirm?")],
        [Calls([ESCALATE]), Say("Ticket.")],
        [Calls([ESCALATE]), Say("Ticket for bob.")],
    )
    alice = thread()
    for text in ("human please", "cancel", "new address"):
        say(alice, text)
    say(thread(BOB), "human please", email=BOB)

    def pages(email: str) -> list[list[dict[str, Any]]]:
        out, cursor = [], None
        while True:
            query = f"?limit=1&cursor={cursor}" if cursor else "?limit=1"
            resp = client.get(f"/api/me/agent-actions{query}", headers=auth(email))
            assert resp.status_code == 200
            out.append(resp.json)
            cursor = resp.headers.get("X-Next-Cursor")
            if not cursor:
                return out

    alice_records = [r for page in pages(ALICE) for r in page]
    assert all(len(page) <= 1 for page in pages(ALICE))
    stored = {
        r["id"]["S"] for r in agent_records(raw_dynamodb, app) if r["customerEmail"]["S"] == ALICE
    }
    assert len(stored) == 3 and sorted(r["id"] for r in alice_records) == sorted(stored)
    created = [r["createdAt"] for r in alice_records]
    assert created == sorted(created, reverse=True)
    assert {(r["kind"], r["tool"]) for r in alice_records} == {
        ("execution", "transfer_to_human_agents"),
        ("pending", "cancel_pending_order"),
        ("pending", "modify_pending_order_address"),
    }
    bob_records = [r for page in pages(BOB) for r in page]
    assert [(r["kind"], r["tool"]) for r in bob_records] == [
        ("execution", "transfer_to_human_agents")
    ]
    assert not stored & {r["id"] for r in bob_records}


def test_another_customers_cursor_is_a_400(client, auth, script, thread, say) -> None:
    script(*[[Calls([ESCALATE]), Say("Ticket.")]] * 2)
    for _ in range(2):  # a person answers a conversation after its hand-off: two conversations
        say(thread(), "human")
    first = client.get("/api/me/agent-actions?limit=1", headers=auth(ALICE))
    cursor = first.headers["X-Next-Cursor"]
    resp = client.get(f"/api/me/agent-actions?limit=1&cursor={cursor}", headers=auth(BOB))
    assert resp.status_code == 400, resp.json


# --- the gate's edges -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "later"),
    [({}, timedelta(minutes=11)), ({"pending_action_ttl_seconds": 0}, timedelta(0))],
    ids=["clock-11-minutes-on", "ttl-0"],
)
def test_an_expired_action_is_refused(
    app, raw_dynamodb, client, auth, script, thread, say, later
) -> None:
    script([Calls([CANCEL]), Say("Confirm?")])
    action = say(thread(), "cancel")["pendingAction"]
    app.extensions["cloudmart"].toolkit.gate._clock = lambda: utc_now() + later
    resp = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert resp.status_code == 409 and "expired" in resp.json["message"]
    assert order(client, auth)["status"] == "pending"
    assert statuses(raw_dynamodb, app) == ["expired"]
    assert statuses(raw_dynamodb, app, "execution") == []


@pytest.mark.parametrize("overrides", [{"confirm_actions": False}], ids=["gate-off"])
def test_with_the_gate_off_a_cancel_runs_at_once(
    app, raw_dynamodb, client, auth, script, thread, say
) -> None:
    script([Calls([CANCEL]), Say("Canceled.")])
    turn = say(thread(), "cancel CM-7890")
    assert turn["pendingAction"] is None
    assert [(a["tool"], a["status"]) for a in turn["actions"]] == [
        ("cancel_pending_order", "succeeded")
    ]
    assert order(client, auth)["status"] == "canceled"
    assert statuses(raw_dynamodb, app, "execution") == ["succeeded"]
    assert statuses(raw_dynamodb, app) == []


def test_a_plain_yes_with_two_pending_actions_asks_which_and_runs_neither(
    app, raw_dynamodb, client, auth, script, thread, say
) -> None:
    model = script([Calls([CANCEL, ADDRESS]), Say("Confirm?")])
    tid = thread()
    say(tid, "cancel it, or change the address")
    turn = say(tid, "yes")
    assert turn["usage"]["modelRoundTrips"] == 0 and turn["actions"] == []
    assert "2 actions waiting" in turn["response"] and "Which one" in turn["response"]
    assert "Cancel order CM-7890" in turn["response"] and "shipping address" in turn["response"]
    assert [r.text for r in model.requests] == ["cancel it, or change the address"]
    assert statuses(raw_dynamodb, app) == ["pending", "pending"]
    assert statuses(raw_dynamodb, app, "execution") == []
    current = order(client, auth)
    assert current["status"] == "pending" and current["shippingAddress"]["city"] != "Seattle"


def test_a_plain_yes_with_nothing_pending_goes_to_the_model(script, thread, say) -> None:
    model = script([Say("Yes to what?")])
    turn = say(thread(), "yes")
    assert turn["response"] == "Yes to what?" and model.requests[0].text == "yes"


@pytest.mark.parametrize("answer", ["no", "No thanks.", "never mind"])
def test_a_plain_no_declines_the_single_pending_action(
    app, raw_dynamodb, client, auth, script, thread, say, answer
) -> None:
    model = script([Calls([CANCEL]), Say("Confirm?")])
    tid = thread()
    say(tid, "cancel CM-7890")
    turn = say(tid, answer)
    assert "nothing was changed" in turn["response"].lower()
    assert turn["usage"]["modelRoundTrips"] == 0 and len(model.requests) == 1
    assert turn["pendingAction"] is None and turn["actions"] == []
    assert statuses(raw_dynamodb, app) == ["declined"]
    assert order(client, auth)["status"] == "pending"
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert history["pendingActions"] == []
