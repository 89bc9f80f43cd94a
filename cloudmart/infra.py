"""The infrastructure template: CloudFormation for every table (from the table definitions) and
a least-privilege IAM managed policy for the app (from what the code does to each table)."""

from __future__ import annotations

import copy
from typing import Any

from cloudmart.repositories.tables import ACCESS, QUERIED_INDEXES, TABLES, TTL_ATTRIBUTES

TABLE_ARN = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TablePrefix}-"
AGENT_ALIAS_ARN = (
    "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:agent-alias/"
    "${BedrockAgentId}/${BedrockAgentAliasId}"
)


def logical_id(suffix: str) -> str:
    """ "agent-actions" -> "AgentActionsTable"."""
    return "".join(part.capitalize() for part in suffix.split("-")) + "Table"


def table_resource(suffix: str) -> dict[str, Any]:
    definition = copy.deepcopy(TABLES[suffix])
    properties: dict[str, Any] = {
        "TableName": {"Fn::Sub": f"${{TablePrefix}}-{suffix}"},
        **definition,
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
    }
    ttl = TTL_ATTRIBUTES.get(suffix)
    if ttl:
        properties["TimeToLiveSpecification"] = {"AttributeName": ttl, "Enabled": True}
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",  # customers' orders outlive a stack
        "UpdateReplacePolicy": "Retain",
        "Properties": properties,
    }


def policy_statements(with_bedrock: bool) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for suffix, actions in ACCESS.items():
        resources = [{"Fn::Sub": TABLE_ARN + suffix}]
        if "Query" in actions:
            resources += [
                {"Fn::Sub": f"{TABLE_ARN}{suffix}/index/{index}"}
                for index in QUERIED_INDEXES.get(suffix, ())
            ]
        statements.append(
            {
                "Sid": logical_id(suffix).replace("Table", "") + "Table",
                "Effect": "Allow",
                "Action": sorted(f"dynamodb:{action}" for action in actions),
                "Resource": resources,
            }
        )
    if with_bedrock:
        statements.append(
            {
                "Sid": "BedrockAgent",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeAgent"],
                "Resource": {"Fn::Sub": AGENT_ALIAS_ARN},
            }
        )
    return statements


def cloudformation_template(*, with_bedrock: bool = False) -> dict[str, Any]:
    """The whole template; parameters: the table prefix (and the Bedrock agent, if used)."""
    parameters: dict[str, Any] = {
        "TablePrefix": {
            "Type": "String",
            "Default": "cloudmart",
            "AllowedPattern": "[a-zA-Z0-9_.-]+",
            "Description": "TABLE_PREFIX of the app: tables are <prefix>-orders and so on",
        }
    }
    if with_bedrock:
        parameters["BedrockAgentId"] = {"Type": "String", "Description": "BEDROCK_AGENT_ID"}
        parameters["BedrockAgentAliasId"] = {
            "Type": "String",
            "Description": "BEDROCK_AGENT_ALIAS_ID",
        }
    resources: dict[str, Any] = {logical_id(s): table_resource(s) for s in TABLES}
    resources["AppPolicy"] = {
        "Type": "AWS::IAM::ManagedPolicy",
        "Properties": {
            "Description": "What the CloudMart app may do: exactly its tables and indexes",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": policy_statements(with_bedrock),
            },
        },
    }
    outputs = {
        "AppPolicyArn": {"Value": {"Ref": "AppPolicy"}, "Description": "attach to the app's role"},
        # The MCP server (cloudmart/mcp_server) is a second process on the same tables: the same
        # policy serves its role; its command is the one to run beside gunicorn.
        "McpServerCommand": {
            "Value": "uvicorn cloudmart.mcp_server.asgi:app --workers 1 --port 5001",
            "Description": "the MCP server's process (attach AppPolicyArn to its role too; "
            "every instance gets the same MCP_STATE_KEYS, or AUTH_SECRET, to seal requestState)",
        },
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "CloudMart Support Assistant: DynamoDB tables and the app's IAM policy",
        "Parameters": parameters,
        "Resources": resources,
        "Outputs": outputs,
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m cloudmart.infra [--bedrock]`: print the template (JSON) to standard output."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m cloudmart.infra", description=__doc__)
    parser.add_argument(
        "--bedrock", action="store_true", help="allow bedrock:InvokeAgent on the agent's alias"
    )
    args = parser.parse_args(argv)
    print(json.dumps(cloudformation_template(with_bedrock=args.bedrock), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
