"""The action-group sync (botocore Stubber), the CLI, and one registry behind three renderings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from cloudmart import create_app
from cloudmart.bedrock import (
    DESCRIPTION,
    function_schema,
    register_bedrock_commands,
    sync_action_group,
)
from cloudmart.lambda_handler import handle
from cloudmart.principal import Principal
from cloudmart.tools import TOOLS
from cloudmart.tools.registry import ToolRegistry
from providers.base import ToolParameter
from providers.tool_schemas import openai_function_tool
from tests.conftest import ALICE, SECRET

CUSTOMER = Principal("alice_johnson_1001", ALICE, frozenset({"customer"}))
NOW = datetime(2026, 11, 24, tzinfo=UTC)
SUMMARY = {"actionGroupState": "ENABLED", "updatedAt": NOW}


def stubbed() -> tuple[Any, Stubber]:
    client = boto3.client("bedrock-agent", region_name="us-east-1")
    return client, Stubber(client)


def group_call(**more: Any) -> dict[str, Any]:
    return {
        "agentId": "AGENT1",
        "agentVersion": "DRAFT",
        "actionGroupName": "cloudmart-tools",
        "description": DESCRIPTION,
        "actionGroupExecutor": {"customControl": "RETURN_CONTROL"},
        "actionGroupState": "ENABLED",
        "functionSchema": function_schema(TOOLS),
        **more,
    }


def made(group_id: str) -> dict[str, Any]:
    return {
        "agentActionGroup": {
            "agentId": "AGENT1",
            "agentVersion": "DRAFT",
            "actionGroupId": group_id,
            "actionGroupName": "cloudmart-tools",
            "actionGroupState": "ENABLED",
            "createdAt": NOW,
            "updatedAt": NOW,
        }
    }


PREPARED = {"agentId": "AGENT1", "agentStatus": "PREPARING", "agentVersion": "DRAFT"}


def expect_create(stub: Stubber) -> None:
    other = {"actionGroupId": "AG0", "actionGroupName": "UserInput", **SUMMARY}
    stub.add_response(
        "list_agent_action_groups",
        {"actionGroupSummaries": [other]},
        {"agentId": "AGENT1", "agentVersion": "DRAFT"},
    )
    stub.add_response("create_agent_action_group", made("AG1"), group_call())
    stub.add_response("prepare_agent", {**PREPARED, "preparedAt": NOW}, {"agentId": "AGENT1"})


def test_sync_creates_the_return_control_group_then_prepares() -> None:
    client, stub = stubbed()
    expect_create(stub)
    with stub:
        done = sync_action_group(client, "AGENT1", "cloudmart-tools", TOOLS)
    stub.assert_no_pending_responses()
    assert (done.action, done.action_group_id, done.agent_status) == ("created", "AG1", "PREPARING")
    assert "delete_order" not in done.functions and "cancel_pending_order" in done.functions


def test_sync_updates_the_group_it_finds_on_a_later_page() -> None:
    client, stub = stubbed()
    mine = {"actionGroupId": "AG7", "actionGroupName": "cloudmart-tools", **SUMMARY}
    first = {"agentId": "AGENT1", "agentVersion": "DRAFT"}
    stub.add_response(
        "list_agent_action_groups", {"actionGroupSummaries": [], "nextToken": "p2"}, first
    )
    stub.add_response(
        "list_agent_action_groups", {"actionGroupSummaries": [mine]}, {**first, "nextToken": "p2"}
    )
    stub.add_response("update_agent_action_group", made("AG7"), group_call(actionGroupId="AG7"))
    stub.add_response("prepare_agent", {**PREPARED, "preparedAt": NOW}, {"agentId": "AGENT1"})
    with stub:
        done = sync_action_group(client, "AGENT1", "cloudmart-tools", TOOLS)
    stub.assert_no_pending_responses()
    assert (done.action, done.action_group_id) == ("updated", "AG7")


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Bedrock conversations can start (no InvokeAgent happens here)."""
    return {**settings, "bedrock_agent_id": "AGENT1", "bedrock_agent_alias_id": "ALIAS1"}


@pytest.fixture
def cli_app() -> Any:
    app = create_app({"auth_secret": SECRET, "bedrock_agent_id": "AGENT1"})
    register_bedrock_commands(app)  # a no-op once cloudmart/cli.py registers it
    return app


def test_cli_schema_prints_the_function_schema(cli_app) -> None:
    result = cli_app.test_cli_runner().invoke(args=["bedrock", "schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == function_schema(TOOLS)
    names = [f["name"] for f in json.loads(result.output)["functions"]]
    assert "delete_order" not in names and len(names) == len(TOOLS.specs_for(CUSTOMER))


def test_cli_sync_reports_what_it_did(cli_app, monkeypatch) -> None:
    client, stub = stubbed()
    expect_create(stub)
    monkeypatch.setattr("cloudmart.bedrock.bedrock_agent_client", lambda settings: client)
    with stub:
        result = cli_app.test_cli_runner().invoke(args=["bedrock", "sync"])
    assert result.exit_code == 0, result.output
    assert "created action group cloudmart-tools (AG1) on agent AGENT1" in result.output
    assert "PREPARING" in result.output


def test_cli_sync_needs_an_agent_id() -> None:
    app = create_app({"auth_secret": SECRET})
    register_bedrock_commands(app)
    result = app.test_cli_runner().invoke(args=["bedrock", "sync"])
    assert result.exit_code != 0 and "BEDROCK_AGENT_ID" in result.output


@pytest.mark.parametrize(
    ("param", "problem"),
    [
        (ToolParameter("address", "object", "x"), "not expressible"),  # type: ignore[arg-type]
        (ToolParameter("bad name!", "string", "x"), "not expressible"),
        (ToolParameter("note", "string", "x" * 501), "over 500"),
    ],
)
def test_the_schema_refuses_what_bedrock_cannot_take(param, problem) -> None:
    registry = ToolRegistry()
    registry.tool("some_tool", "A tool.", params=[param])(lambda ctx, args: {})
    with pytest.raises(ValueError, match=problem):
        function_schema(registry)


SAMPLE = {"string": "CM-7890", "integer": "2", "number": "9.5", "boolean": "true", "array": "a,b"}
WRONG = {"integer": "two", "number": "lots", "boolean": "maybe"}


def lambda_error(app: Any, tid: str, function: str, params: dict[str, str]) -> str:
    """What the Lambda handler answers for these parameters ('' when it accepted them)."""
    event = {
        "messageVersion": "1.0",
        "sessionId": tid,
        "actionGroup": "cloudmart-tools",
        "function": function,
        "parameters": [{"name": k, "type": "string", "value": v} for k, v in params.items()],
        "sessionAttributes": {"cloudmartConversationId": tid},
    }
    body = json.loads(
        handle(event, app.extensions["cloudmart"])["response"]["functionResponse"]["responseBody"][
            "TEXT"
        ]["body"]
    )
    error = body.get("error", "")
    return error if error.startswith("invalid arguments") else ""


def sample(param: ToolParameter) -> str:
    return param.enum[0] if param.enum else SAMPLE[param.type]


def test_openai_bedrock_and_lambda_agree_for_every_customer_tool(app, client, auth) -> None:
    tid = client.post("/api/ai/bedrock/start", headers=auth(ALICE)).json["conversationId"]
    bedrock = {f["name"]: f for f in function_schema(TOOLS)["functions"]}
    specs = TOOLS.specs_for(CUSTOMER)
    assert set(bedrock) == {s.name for s in specs}
    for spec in specs:
        openai = openai_function_tool(spec)["parameters"]["properties"]
        params = bedrock[spec.name]["parameters"]
        assert set(openai) == set(params) == {p.name for p in spec.parameters}, spec.name
        for p in spec.parameters:
            types = openai[p.name]["type"]
            assert params[p.name]["type"] == p.type
            assert types == (p.type if p.required else [p.type, "null"])
            assert params[p.name]["required"] == p.required
        full = {p.name: sample(p) for p in spec.parameters}
        assert lambda_error(app, tid, spec.name, full) == "", spec.name
        assert "unknown arguments: extra" in lambda_error(
            app, tid, spec.name, {**full, "extra": "1"}
        )
        for p in spec.parameters:
            missing = lambda_error(
                app, tid, spec.name, {k: v for k, v in full.items() if k != p.name}
            )
            assert (f"{p.name} is required" in missing) == p.required, (spec.name, p.name)
            if p.type in WRONG:
                wrong = lambda_error(app, tid, spec.name, {**full, p.name: WRONG[p.type]})
                assert f"{p.name} must be" in wrong, (spec.name, p.name)
