"""The registry as a Bedrock Agent action group: functionSchema, sync, and `flask bedrock`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import boto3
import click
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask

from cloudmart.config import Settings
from cloudmart.principal import Principal
from cloudmart.tools import TOOLS
from cloudmart.tools.registry import ToolRegistry
from providers.tool_schemas import bedrock_function

DRAFT = "DRAFT"
RETURN_CONTROL = {"customControl": "RETURN_CONTROL"}
DESCRIPTION = "CloudMart's tools; the app runs them (return of control) under the customer's rules."


def function_schema(
    registry: ToolRegistry, principal_roles: Iterable[str] = ("customer",)
) -> dict[str, Any]:
    """The tools offered to these roles as a validated functionSchema (customers: no admin tool)."""
    audience = Principal("bedrock", "bedrock@cloudmart.invalid", frozenset(principal_roles))
    functions = [bedrock_function(spec) for spec in registry.specs_for(audience)]
    if not functions:
        raise ValueError("no tool is offered to these roles")
    return {"functions": functions}


@dataclass(frozen=True)
class SyncResult:
    """What `sync_action_group` did."""

    action: str  # "created" or "updated"
    action_group_id: str
    functions: tuple[str, ...]
    agent_status: str


def find_action_group(client: Any, agent_id: str, name: str) -> str | None:
    """The id of the agent's DRAFT action group with this name, if any."""
    arguments: dict[str, Any] = {"agentId": agent_id, "agentVersion": DRAFT}
    while True:
        page = client.list_agent_action_groups(**arguments)
        for summary in page.get("actionGroupSummaries", []):
            if summary["actionGroupName"] == name:
                return summary["actionGroupId"]
        if not page.get("nextToken"):
            return None
        arguments["nextToken"] = page["nextToken"]


def sync_action_group(
    client: Any, agent_id: str, action_group_name: str, registry: ToolRegistry
) -> SyncResult:
    """Create or update the RETURN_CONTROL action group from the registry, then prepare."""
    schema = function_schema(registry)
    group = {
        "agentId": agent_id,
        "agentVersion": DRAFT,
        "actionGroupName": action_group_name,
        "description": DESCRIPTION,
        "actionGroupExecutor": RETURN_CONTROL,
        "actionGroupState": "ENABLED",
        "functionSchema": schema,
    }
    existing = find_action_group(client, agent_id, action_group_name)
    if existing is None:
        made = client.create_agent_action_group(**group)["agentActionGroup"]
    else:
        made = client.update_agent_action_group(actionGroupId=existing, **group)["agentActionGroup"]
    prepared = client.prepare_agent(agentId=agent_id)
    return SyncResult(
        "created" if existing is None else "updated",
        made["actionGroupId"],
        tuple(f["name"] for f in schema["functions"]),
        prepared["agentStatus"],
    )


def bedrock_agent_client(settings: Settings) -> Any:
    """The control-plane client (AWS_ENDPOINT_URL_BEDROCK_AGENT points it elsewhere)."""
    config = Config(region_name=settings.aws_region, retries={"mode": "standard"})
    return boto3.session.Session().client("bedrock-agent", config=config)


def register_bedrock_commands(app: Flask) -> None:
    """`flask bedrock schema` and `flask bedrock sync` (once per app)."""
    if "bedrock" in app.cli.commands:
        return

    @app.cli.group("bedrock")
    def bedrock() -> None:
        """The Bedrock Agent action group, from the tool registry."""

    @bedrock.command("schema")
    def schema() -> None:
        """Print the action group's functionSchema JSON (customer tools only)."""
        click.echo(json.dumps(function_schema(TOOLS), indent=2))

    @bedrock.command("sync")
    @click.option("--agent-id", help="The agent to update [default: BEDROCK_AGENT_ID].")
    def sync(agent_id: str | None) -> None:
        """Create or update the RETURN_CONTROL action group, then prepare the agent."""
        _sync(app, agent_id)


def _sync(app: Flask, agent_id: str | None) -> None:
    settings: Settings = app.extensions["cloudmart"].settings
    agent_id = agent_id or settings.bedrock_agent_id
    if not agent_id:
        raise click.UsageError("set BEDROCK_AGENT_ID or pass --agent-id")
    try:
        done = sync_action_group(
            bedrock_agent_client(settings), agent_id, settings.bedrock_action_group, TOOLS
        )
    except (ClientError, BotoCoreError) as exc:
        raise click.ClickException(f"the sync failed: {exc}") from None
    click.echo(
        f"{done.action} action group {settings.bedrock_action_group} ({done.action_group_id}) "
        f"on agent {agent_id} with {len(done.functions)} functions: {', '.join(done.functions)}"
    )
    click.echo(f"prepare_agent: the agent is {done.agent_status}")
