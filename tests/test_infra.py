"""The infrastructure template: it deploys (moto's CloudFormation) to exactly the table
definitions, and its IAM policy grants what the code does to each table, and nothing more."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from cloudmart.infra import cloudformation_template, logical_id
from cloudmart.repositories.tables import ACCESS, QUERIED_INDEXES, TABLES
from tests.conftest import ADMIN, ALICE
from tests.fakes.scripted_provider import Calls, Say, ScriptedProvider

CLOUDMART = Path(__file__).resolve().parents[1] / "cloudmart"
CALLS = {
    "get_item": "GetItem",
    "put_item": "PutItem",
    "update_item": "UpdateItem",
    "delete_item": "DeleteItem",
    "query": "Query",
    "scan": "Scan",
    "batch_get_item": "BatchGetItem",
    "batch_write_item": "BatchWriteItem",
    "describe_table": "DescribeTable",
}
ITEM_KINDS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem"}


def _keys(definition: dict[str, Any]) -> dict[str, Any]:
    indexes = {
        ix["IndexName"]: (ix["KeySchema"], ix["Projection"]["ProjectionType"])
        for ix in definition.get("GlobalSecondaryIndexes", [])
    }
    attributes = {
        (a["AttributeName"], a["AttributeType"]) for a in definition["AttributeDefinitions"]
    }
    return {"key": definition["KeySchema"], "attributes": attributes, "indexes": indexes}


def test_the_template_deploys_to_exactly_the_table_definitions() -> None:
    template = cloudformation_template(with_bedrock=True)
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name="us-east-1")
        parameters = {"TablePrefix": "shop", "BedrockAgentId": "AG1", "BedrockAgentAliasId": "AL1"}
        cfn.create_stack(
            StackName="cloudmart",
            TemplateBody=json.dumps(template),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Capabilities=["CAPABILITY_IAM"],
        )
        assert cfn.describe_stacks(StackName="cloudmart")["Stacks"][0]["StackStatus"] == (
            "CREATE_COMPLETE"
        )
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        assert sorted(dynamodb.list_tables()["TableNames"]) == sorted(f"shop-{s}" for s in TABLES)
        for suffix, definition in TABLES.items():
            made = dynamodb.describe_table(TableName=f"shop-{suffix}")["Table"]
            assert _keys(made) == _keys(definition), suffix
            assert made["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    for suffix in TABLES:  # moto does not apply point-in-time recovery from a stack: read it
        properties = template["Resources"][logical_id(suffix)]["Properties"]
        assert properties["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True
        }


def _actions_in(source: str) -> set[str]:
    called = re.findall(r"\b(?:_client|client|dynamodb)\.(\w+)\b", source)
    calls = {CALLS[name] for name in called if name in CALLS}
    if "transact_write_items" in source:
        calls |= {ITEM_KINDS[k] for k in re.findall(r'"(Put|Update|Delete)": ', source)}
    return calls


def test_the_policy_names_no_action_the_code_does_not_call() -> None:
    in_code = set()
    for path in CLOUDMART.rglob("*.py"):
        in_code |= _actions_in(path.read_text(encoding="utf-8"))
    granted = set().union(*ACCESS.values())
    assert granted == in_code
    statements = cloudformation_template()["Resources"]["AppPolicy"]["Properties"][
        "PolicyDocument"
    ]["Statement"]
    for statement in statements:
        resources = json.dumps(statement["Resource"])
        assert "*" not in resources.replace("${AWS::", ""), statement  # exact tables and indexes
    bedrock = cloudformation_template(with_bedrock=True)["Resources"]["AppPolicy"]
    assert bedrock["Properties"]["PolicyDocument"]["Statement"][-1]["Action"] == [
        "bedrock:InvokeAgent"
    ]


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "rate_limits": True}  # the product's default: the counters are used too


@pytest.fixture
def recorded(app: Any) -> Iterator[list[tuple[str, str, str | None]]]:
    """(action, table, index) of every DynamoDB request the app makes, transactions unpacked."""
    seen: list[tuple[str, str, str | None]] = []
    prefix = app.extensions["cloudmart"].settings.table_prefix + "-"

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name == "TransactWriteItems":
            for item in params["TransactItems"]:
                ((kind, request),) = item.items()
                seen.append((ITEM_KINDS[kind], request["TableName"].removeprefix(prefix), None))
        elif model.name == "BatchGetItem":
            seen.extend(
                ("BatchGetItem", t.removeprefix(prefix), None) for t in params["RequestItems"]
            )
        else:
            table = params["TableName"].removeprefix(prefix)
            seen.append((model.name, table, params.get("IndexName")))

    events = app.extensions["cloudmart"].dynamodb.meta.events
    events.register("provide-client-params.dynamodb", record)
    yield seen
    events.unregister("provide-client-params.dynamodb", record)


def test_everything_the_app_does_is_granted(app, client, auth, recorded) -> None:
    address = {"name": "A", "street": "1 Main", "city": "X", "postalCode": "1", "country": "US"}
    order = {"items": [{"productId": "P-1001", "quantity": 1}], "shippingAddress": address}
    placed = client.post("/api/orders", headers=auth(ALICE), json=order).json
    assert "id" in placed, placed
    client.get(f"/api/orders/user?email={ALICE}", headers=auth(ALICE))
    client.get("/api/orders", headers=auth(ADMIN, "admin"))
    client.get("/api/products")
    client.get("/api/health")
    client.post(
        f"/api/orders/{placed['id']}/cancel",
        headers=auth(ALICE),
        json={"reason": "no longer needed"},
    )
    model = ScriptedProvider(
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
                Say("Sure?"),
            ],
            [Calls([("transfer_to_human_agents", {"summary": "help"})]), Say("Done.")],
        ]
    )
    app.extensions["cloudmart"].chat.providers.install("local", model)
    thread = client.post("/api/ai/start", headers=auth(ALICE)).json["threadId"]
    say = {"threadId": thread, "message": "cancel CM-7890"}
    client.post("/api/ai/message", headers=auth(ALICE), json=say)
    client.post("/api/ai/message", headers=auth(ALICE), json={**say, "message": "yes"})
    client.post("/api/ai/message", headers=auth(ALICE), json={**say, "message": "a human"})
    client.get(f"/api/ai/conversations/{thread}", headers=auth(ALICE))
    client.get("/api/me/agent-actions", headers=auth(ALICE))
    product = {"name": "Mug", "price": 5, "category": "home", "stock": 3}
    made = client.post("/api/products", headers=auth(ADMIN, "admin"), json=product).json
    client.put(f"/api/products/{made['id']}", headers=auth(ADMIN, "admin"), json={"stock": 4})
    client.delete(f"/api/products/{made['id']}", headers=auth(ADMIN, "admin"))
    client.delete(f"/api/orders/{placed['id']}", headers=auth(ADMIN, "admin"))
    assert {table for _, table, _ in recorded} == set(TABLES)
    for action, table, index in recorded:
        assert action in ACCESS[table], (action, table)
        assert index is None or index in QUERIED_INDEXES[table], (table, index)


def test_the_template_names_the_mcp_servers_process() -> None:
    """The MCP server is a second process on the same tables and policy (issue 20)."""
    from cloudmart.infra import cloudformation_template

    outputs = cloudformation_template()["Outputs"]
    assert "cloudmart.mcp_server.asgi:app" in outputs["McpServerCommand"]["Value"]
    assert "AppPolicyArn" in outputs
