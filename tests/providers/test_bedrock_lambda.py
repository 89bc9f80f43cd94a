"""The Lambda action-group handler: a recorded function-details event, identity, the gate."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cloudmart import lambda_handler
from cloudmart.lambda_handler import NOT_LINKED, handle
from tests.chat.support import agent_records, snapshot
from tests.conftest import ALICE, BOB


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Bedrock conversations can start (the agent itself is not called here)."""
    return {**settings, "bedrock_agent_id": "AGENT1", "bedrock_agent_alias_id": "ALIAS1"}


@pytest.fixture
def conversation(client: FlaskClient, auth: Callable[..., dict[str, str]]) -> str:
    resp = client.post("/api/ai/bedrock/start", headers=auth(ALICE))
    assert resp.status_code == 200, resp.json
    return resp.json["conversationId"]


def recorded(conversation: str, function: str, **params: str) -> dict[str, Any]:
    """A function-details event as Bedrock sends it (messageVersion 1.0), values as strings."""
    return {
        "messageVersion": "1.0",
        "agent": {"name": "cloudmart-support", "id": "AGENT1", "alias": "ALIAS1", "version": "1"},
        "inputText": "Where is my order CM-7890?",
        "sessionId": conversation,
        "actionGroup": "cloudmart-tools",
        "function": function,
        "parameters": [{"name": k, "type": "string", "value": v} for k, v in params.items()],
        "sessionAttributes": {"cloudmartConversationId": conversation},
        "promptSessionAttributes": {"cloudmartTurn": "5f2c1a9e0b7d4c3a"},
    }


def answer(app: Flask, event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the envelope, the decoded body) the handler replies with."""
    reply = handle(event, app.extensions["cloudmart"])
    return reply, json.loads(reply["response"]["functionResponse"]["responseBody"]["TEXT"]["body"])


def test_a_recorded_event_is_answered_in_the_function_details_envelope(app, conversation) -> None:
    reply, body = answer(app, recorded(conversation, "get_order_details", order_id="CM-7890"))
    assert reply["messageVersion"] == "1.0"
    assert set(reply["response"]) == {"actionGroup", "function", "functionResponse"}
    assert reply["response"]["actionGroup"] == "cloudmart-tools"
    assert reply["response"]["function"] == "get_order_details"
    assert "responseState" not in reply["response"]["functionResponse"]
    assert body["ok"] is True and body["order"]["order_id"] == "CM-7890"


def test_a_string_two_arrives_as_the_integer_two(app, conversation) -> None:
    _, body = answer(app, recorded(conversation, "list_my_orders", limit="2"))
    assert body["count"] == 2


def other_session(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "sessionId": "someone-elses-session"}


REFUSED = [
    pytest.param(lambda e: {**e, "sessionAttributes": {}}, id="no-attribute"),
    pytest.param(lambda e: {k: v for k, v in e.items() if k != "sessionAttributes"}, id="none"),
    pytest.param(
        lambda e: {**e, "sessionAttributes": {"cloudmartConversationId": "th_unknown"}},
        id="unknown-conversation",
    ),
    pytest.param(other_session, id="another-session"),
]


@pytest.mark.parametrize("tamper", REFUSED)
def test_without_our_session_attribute_nothing_runs(app, raw_dynamodb, conversation, tamper):
    before = snapshot(raw_dynamodb, app)
    event = tamper(
        recorded(
            conversation, "cancel_pending_order", order_id="CM-7890", reason="no longer needed"
        )
    )
    reply, body = answer(app, event)
    assert body == {"ok": False, "error": NOT_LINKED}
    assert reply["response"]["functionResponse"]["responseState"] == "REPROMPT"
    assert snapshot(raw_dynamodb, app) == before
    assert agent_records(raw_dynamodb, app) == []


HOSTILE = [
    (("get_order_details", {"order_id": "CM-7901"}), "order CM-7901 not found"),
    (("delete_order", {"order_id": "CM-7890"}), "no tool named 'delete_order'"),
    (("drop_tables", {}), "no tool named 'drop_tables'"),
    (("list_my_orders", {"email": BOB}), "unknown arguments: email"),
    (
        (
            "cancel_pending_order",
            {"order_id": "CM-7901", "reason": "no longer needed", "user_email": BOB},
        ),
        "unknown arguments",
    ),
]


@pytest.mark.parametrize(("call", "error"), HOSTILE, ids=[c[0][0] for c in HOSTILE])
def test_hostile_events_change_nothing(app, raw_dynamodb, conversation, call, error) -> None:
    before = snapshot(raw_dynamodb, app)
    reply, body = answer(app, recorded(conversation, call[0], **call[1]))
    assert body["ok"] is False and error in body["error"]
    assert reply["response"]["functionResponse"]["responseState"] == "REPROMPT"
    assert snapshot(raw_dynamodb, app) == before
    assert agent_records(raw_dynamodb, app, "pending") == []


def test_a_cancel_waits_for_the_customer_then_a_typed_yes_runs_it(
    app, client, auth, conversation
) -> None:
    event = recorded(
        conversation, "cancel_pending_order", order_id="CM-7890", reason="no longer needed"
    )
    _, body = answer(app, event)
    assert body["status"] == "awaiting_confirmation"
    _, again = answer(app, event)  # the agent retried the Lambda: the same pending action
    assert again["actionId"] == body["actionId"]
    order = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert order["status"] == "pending"

    history = client.get(f"/api/ai/conversations/{conversation}", headers=auth(ALICE)).json
    assert [a["id"] for a in history["pendingActions"]] == [body["actionId"]]
    message = {"conversationId": conversation, "message": "yes"}
    done = client.post("/api/ai/bedrock/message", headers=auth(ALICE), json=message)
    assert done.status_code == 200 and done.json["actions"][0]["tool"] == "cancel_pending_order"
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["status"] == "canceled"


def test_the_lambda_entry_point_builds_its_services_from_the_environment(
    app, conversation, monkeypatch
) -> None:
    settings = app.extensions["cloudmart"].settings
    monkeypatch.setenv("TABLE_PREFIX", settings.table_prefix)
    if settings.dynamodb_endpoint_url:
        monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", settings.dynamodb_endpoint_url)
    monkeypatch.delenv("AUTH_SECRET", raising=False)  # not needed by the handler
    lambda_handler.container.cache_clear()
    try:
        reply = lambda_handler.handler(
            recorded(conversation, "get_order_details", order_id="CM-7890"), None
        )
        assert lambda_handler.container() is lambda_handler.container()  # once per container
    finally:
        lambda_handler.container.cache_clear()
    body = json.loads(reply["response"]["functionResponse"]["responseBody"]["TEXT"]["body"])
    assert body["order"]["order_id"] == "CM-7890"


def test_the_summary_is_written_in_the_language_the_agent_was_told(app, conversation) -> None:
    event = recorded(
        conversation, "cancel_pending_order", order_id="CM-7890", reason="no longer needed"
    )
    event["promptSessionAttributes"]["customerLanguage"] = "fr"
    _, body = answer(app, event)
    assert body["summary"].startswith("Annuler la commande CM-7890 (")
    event["promptSessionAttributes"]["customerLanguage"] = "klingon"  # unknown: English
    event["parameters"][0]["value"] = "CM-7712"
    _, refused = answer(app, event)
    assert refused["ok"] is False and "said" not in refused
