"""The Bedrock Agent provider end to end: the app, real boto3, and the event-stream fake."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cloudmart import create_app
from migrations_seed.seed import ensure_tables, seed
from tests.chat.support import agent_records, parse_sse, snapshot
from tests.chat.test_hostile import BOB_DATA, HOSTILE
from tests.conftest import ALICE
from tests.fakes.bedrock_server import (
    BedrockAgentServer,
    Chunk,
    HttpError,
    InStreamError,
    ReturnControl,
)

CANCEL = ("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})
ADDRESS = {
    "address1": "1 New Street",
    "address2": "",
    "city": "Portland",
    "state": "OR",
    "country": "US",
    "zip": "97201",
}


@pytest.fixture
def agent() -> Iterator[BedrockAgentServer]:
    with BedrockAgentServer() as server:
        yield server


@pytest.fixture
def settings(settings: dict[str, Any], agent: BedrockAgentServer) -> dict[str, Any]:
    return {
        **settings,
        "ai_provider": "bedrock",
        "bedrock_agent_id": "AGENT1",
        "bedrock_agent_alias_id": "ALIAS1",
        "bedrock_endpoint_url": agent.url,
        "bedrock_max_attempts": 1,
    }


@pytest.fixture
def chat(client: FlaskClient, auth: Callable[..., dict[str, str]]) -> Callable[..., Any]:
    """chat(text, thread=None, status=200) -> (threadId, response JSON) on the default provider."""

    def send(text: str, thread: str | None = None, status: int = 200) -> tuple[str, Any]:
        if thread is None:
            thread = client.post("/api/ai/start", headers=auth(ALICE)).json["threadId"]
        body = {"threadId": thread, "message": text}
        resp = client.post("/api/ai/message", headers=auth(ALICE), json=body)
        assert resp.status_code == status, resp.json
        return thread, resp.json

    return send


def order_status(client: FlaskClient, auth: Callable[..., Any], order_id: str) -> str:
    return client.get(f"/api/orders/{order_id}", headers=auth(ALICE)).json["status"]


def test_cancel_ends_canceled_after_confirmation(agent, client, auth, chat) -> None:
    agent.script([ReturnControl([CANCEL])], Chunk("Shall I cancel CM-7890? Reply yes."))
    tid, turn = chat("cancel order CM-7890")

    action = turn["pendingAction"]
    assert (action["tool"], action["arguments"]) == (
        "cancel_pending_order",
        {"order_id": "CM-7890", "reason": "no longer needed"},
    )
    assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 2, "toolCalls": 1}
    first, _ = agent.requests
    assert first["path"] == f"/agents/AGENT1/agentAliases/ALIAS1/sessions/{tid}/text"
    assert first["body"]["inputText"] == "cancel order CM-7890"
    assert first["body"]["sessionState"]["sessionAttributes"] == {"cloudmartConversationId": tid}
    assert first["body"]["sessionState"]["promptSessionAttributes"]["customerLanguage"] == "en"
    [result] = agent.results_sent()
    assert json.loads(result["responseBody"]["TEXT"]["body"])["status"] == "awaiting_confirmation"
    assert "responseState" not in result
    assert order_status(client, auth, "CM-7890") == "pending"

    _, done = chat("yes", tid)
    assert done["usage"]["modelRoundTrips"] == 0 and len(agent.requests) == 2
    assert order_status(client, auth, "CM-7890") == "canceled"
    agent.script(Chunk("You're welcome."))
    chat("thanks", tid)
    assert agent.bodies[-1]["inputText"].startswith(
        "(Since your last reply: The customer confirmed"
    )
    agent.assert_all_used()


def test_two_calls_in_one_return_control_are_answered_together(agent, chat) -> None:
    calls = [("get_order_details", {"order_id": "CM-7890"}), ("list_my_orders", {"limit": 2})]
    agent.script([ReturnControl(calls)], Chunk("Here they are."))
    _, turn = chat("my orders and CM-7890")

    assert len(agent.requests) == 2
    results = agent.results_sent()
    assert [r["function"] for r in results] == ["get_order_details", "list_my_orders"]
    order, listed = (json.loads(r["responseBody"]["TEXT"]["body"]) for r in results)
    assert order["order"]["order_id"] == "CM-7890"
    assert listed["count"] == 2  # the agent's "2" arrived as the integer 2
    assert [(a["tool"], a["status"]) for a in turn["actions"]] == [
        ("get_order_details", "succeeded"),
        ("list_my_orders", "succeeded"),
    ]
    assert turn["actions"][1]["arguments"] == {"limit": "2"}  # as the agent sent it
    assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 2, "toolCalls": 2}


THROTTLED = [  # the responses of one turn
    pytest.param((InStreamError("throttlingException"),), id="in-stream"),
    pytest.param((HttpError(429, "ThrottlingException"),), id="http-429"),
    pytest.param(
        (
            ReturnControl([("get_order_details", {"order_id": "CM-7890"})]),
            InStreamError("throttlingException"),
        ),
        id="in-stream-after-tools",
    ),
]


@pytest.mark.parametrize("responses", THROTTLED)
def test_throttling_is_a_clear_503_and_the_conversation_goes_on(
    agent, client, auth, chat, responses
) -> None:
    agent.script(*responses)
    tid = client.post("/api/ai/start", headers=auth(ALICE)).json["threadId"]
    resp = client.post(
        "/api/ai/message", headers=auth(ALICE), json={"threadId": tid, "message": "hi"}
    )
    assert resp.status_code == 503, resp.json
    assert "busy" in resp.json["message"] and "try again" in resp.json["message"]
    assert resp.headers["Retry-After"] == "2"

    agent.script(Chunk("Hello again."))
    _, turn = chat("hello?", tid)
    assert turn["response"] == "Hello again."
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert [m["text"] for m in history["messages"]] == ["hello?", "Hello again."]


def _bedrock_expressible(param: Any) -> bool:
    """The agent sends flat string parameters: drop the core cases it cannot send."""
    _, arguments = param.values[0]
    return isinstance(arguments, dict) and all(isinstance(v, str) for v in arguments.values())


REPLAYED = [(p.id, *p.values) for p in HOSTILE if _bedrock_expressible(p)]


def test_hostile_calls_change_nothing(app, raw_dynamodb, agent, chat, subtests) -> None:
    """The core issue's hostile scripts, replayed through the agent (one app, one subtest each)."""
    assert len(REPLAYED) >= 15
    for case, call, error in REPLAYED:
        with subtests.test(case):
            agent.script([ReturnControl([call])], Chunk("Sorry, I can't."))
            before = snapshot(raw_dynamodb, app)

            _, turn = chat("please do it")

            assert snapshot(raw_dynamodb, app) == before
            assert agent_records(raw_dynamodb, app, "pending") == []
            [result] = agent.results_sent()
            body = json.loads(result["responseBody"]["TEXT"]["body"])
            assert result["responseState"] == "REPROMPT"
            assert body["ok"] is False and error in body["error"], body
            assert turn["response"] == "Sorry, I can't." and turn["pendingAction"] is None
            assert [(a["tool"], a["status"]) for a in turn["actions"]] == [(call[0], "failed")]
            sent = json.dumps(turn) + json.dumps(agent.bodies)
            asked = json.dumps(call)  # what the model sent itself is no leak
            assert not [leak for leak in BOB_DATA if leak in sent and leak not in asked]


def test_bedrock_endpoints(agent, client, auth) -> None:
    agent.script(Chunk("Hi from the agent."))
    start = client.post("/api/ai/bedrock/start", headers=auth(ALICE))
    assert start.status_code == 200, start.json
    cid = start.json["conversationId"]
    body = {"conversationId": cid, "message": "hello"}
    resp = client.post("/api/ai/bedrock/message", headers=auth(ALICE), json=body)
    assert resp.status_code == 200, resp.json
    assert resp.json["response"] == "Hi from the agent." and resp.json["threadId"] == cid
    assert agent.requests[0]["path"].endswith(f"/sessions/{cid}/text")


def test_bedrock_endpoints_need_the_agent_settings(settings) -> None:
    app = create_app({**settings, "ai_provider": None, "bedrock_agent_alias_id": None})
    ensure_tables(app.extensions["cloudmart"].dynamodb, settings["table_prefix"], report=print)
    headers = {"Authorization": f"Bearer {app.extensions['cloudmart'].tokens.issue(ALICE)}"}
    resp = app.test_client().post("/api/ai/bedrock/start", headers=headers)
    assert resp.status_code == 503
    assert "BEDROCK_AGENT_ALIAS_ID" in resp.json["message"]


def test_the_answer_streams_as_it_comes(agent, client, auth) -> None:
    agent.script([Chunk("Your order "), Chunk("is on its way.")])
    tid = client.post("/api/ai/start", headers=auth(ALICE)).json["threadId"]
    body = {"threadId": tid, "message": "where is it?"}
    resp = client.post("/api/ai/message/stream", headers=auth(ALICE), json=body)
    events = parse_sse(resp.get_data(as_text=True))
    assert [e for e, _ in events] == ["text", "text", "done"]
    assert [d["text"] for e, d in events if e == "text"] == ["Your order ", "is on its way."]
    assert events[-1][1]["response"] == "Your order is on its way."


# --- the same behaviour as the local provider --------------------------------------------------

WHOLE_RETURN = {  # every unit of CM-7712, refunded to the card that paid
    "order_id": "CM-7712",
    "item_ids": ["P-1013", "P-1015", "P-1015"],
    "payment_method_id": "credit_card_1001",
}
SCENARIOS = [  # what is said, the calls the model makes for it (in one return of control)
    pytest.param("cancel order CM-7890", [CANCEL], "CM-7890", id="cancel"),
    pytest.param(
        "I want to return order CM-7712 because it is broken",
        [
            ("get_order_details", {"order_id": "CM-7712"}),
            ("return_delivered_order_items", WHOLE_RETURN),
        ],
        "CM-7712",
        id="return",
    ),
    pytest.param(
        "change the address of CM-7890 to 1 New Street, Portland, OR 97201, US",
        [("modify_pending_order_address", {"order_id": "CM-7890", **ADDRESS})],
        "CM-7890",
        id="address",
    ),
    pytest.param(
        "recommend headphones under $100",
        [("recommend_products", {"interest": "headphones", "max_price": 100})],
        None,
        id="recommend",
    ),
]


@pytest.fixture
def local_app(settings: dict[str, Any]) -> Flask:
    """The same shop on its own tables, served by the local provider."""
    prefix = f"{settings['table_prefix']}l"
    app = create_app({**settings, "ai_provider": "local", "table_prefix": prefix})
    client = app.extensions["cloudmart"].dynamodb
    ensure_tables(client, prefix, report=lambda _: None)
    seed(client, prefix, report=lambda _: None)
    return app


def run_scenario(app: Flask, text: str, order_id: str | None) -> dict[str, Any]:
    """Ask, confirm if asked, and keep what the customer can see of the outcome."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {app.extensions['cloudmart'].tokens.issue(ALICE)}"}
    tid = client.post("/api/ai/start", headers=headers).json["threadId"]
    turn = client.post("/api/ai/message", headers=headers, json={"threadId": tid, "message": text})
    seen: dict[str, Any] = {"actions": _outcomes(turn.json["actions"])}
    pending = turn.json["pendingAction"]
    if pending:
        seen["pending"] = {k: pending[k] for k in ("tool", "arguments", "summary")}
        yes = client.post(
            "/api/ai/message", headers=headers, json={"threadId": tid, "message": "yes"}
        )
        seen["confirmed"] = _outcomes(yes.json["actions"])
    if order_id:
        order = client.get(f"/api/orders/{order_id}", headers=headers).json
        seen["order"] = (order["status"], order["shippingAddress"])
    return seen


def _outcomes(actions: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return [(a["tool"], a["status"], _timeless(a["result"])) for a in actions]


def _timeless(value: Any) -> Any:
    """A result without the clock's fields, which two runs cannot share."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if k != "updatedAt"}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


@pytest.mark.parametrize(("text", "calls", "order_id"), SCENARIOS)
def test_same_outcome_as_the_local_provider(app, local_app, agent, text, calls, order_id) -> None:
    agent.script([ReturnControl(calls)], Chunk("Done as you asked."))

    on_bedrock = run_scenario(app, text, order_id)

    assert on_bedrock == run_scenario(local_app, text, order_id)
    done = on_bedrock.get("confirmed") or on_bedrock["actions"]
    assert [(tool, status) for tool, status, _ in done][-1] == (calls[-1][0], "succeeded")
    assert len(agent.requests) == 2
    agent.assert_all_used()


def test_a_person_holds_the_conversation_and_the_agent_never_reads_a_note(
    agent, client, auth, chat
) -> None:
    """Issue 19 through InvokeAgent: no request while a person holds the conversation; after
    the hand-back the agent is told what the person said, and never a staff note."""
    agent.script(Chunk("Back with you."))
    tid = client.post("/api/ai/start", headers=auth(ALICE)).json["threadId"]
    handed = client.post(f"/api/ai/conversations/{tid}/handoff", headers=auth(ALICE), json={})
    base = f"/api/staff/tickets/{handed.json['ticket']['id']}"
    dana = auth("agent@cloudmart.example", "agent", "Dana")
    note = "NOTE-4410 internal only: refund manually"
    client.post(f"{base}/messages", headers=dana, json={"text": "Hello from Dana"})
    client.post(f"{base}/messages", headers=dana, json={"text": note, "internal": True})
    assert chat("thanks", tid)[1]["mode"] == "human"
    assert agent.requests == []
    client.post(f"{base}/handback", headers=dana)
    assert chat("one more question", tid)[1]["response"] == "Back with you."
    sent = json.dumps(agent.bodies)
    assert "Hello from Dana" in sent and note not in sent
