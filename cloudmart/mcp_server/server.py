"""The MCP protocol surface: tools, resources and prompts for the token's principal."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from cloudmart.errors import CloudMartError
from cloudmart.mcp_server import resources
from cloudmart.mcp_server.auth import principal_from
from cloudmart.mcp_server.calls import (
    AgentCalls,
    Caller,
    client_of,
    from_tool,
    session_of,
    tool_result,
)
from cloudmart.mcp_server.catalogue import OUTCOME_TOOL, tools_for
from cloudmart.mcp_server.confirm import Confirmations, elicitation_mode
from cloudmart.mcp_server.rounds import InputRounds
from cloudmart.mcp_server.state import boundary, is_modern
from cloudmart.principal import Principal
from cloudmart.services import Services

RESOURCE_NOT_FOUND = -32002  # the handshake era's code; 2026-07-28 (SEP-2164): -32602 + uri
Ctx = ServerRequestContext[Any, Any]
INSTRUCTIONS = (
    "CloudMart's after-sale tools for the signed-in customer: look up their orders and profile, "
    "and propose cancellations, address, payment and item changes, returns and exchanges. "
    "Read cloudmart://policy/after-sale first. Every change is previewed with its money and "
    "made only when the customer confirms it themselves; you cannot confirm for them."
)


class CloudMartMCP:
    """One per process: the handlers the SDK's low-level server dispatches to."""

    def __init__(self, services: Services) -> None:
        self._svc = services
        self.calls = AgentCalls(services)
        self.confirmations = Confirmations(services)
        self.rounds = InputRounds(self.confirmations)

    def server(self) -> Server[Any]:
        server: Server[Any] = Server(
            "cloudmart",
            version="1.0",
            title="CloudMart",
            instructions=INSTRUCTIONS,
            on_list_tools=self.list_tools,
            on_call_tool=self.call_tool,
            on_list_resources=self.list_resources,
            on_list_resource_templates=self.list_resource_templates,
            on_read_resource=self.read_resource,
            on_list_prompts=self.list_prompts,
            on_get_prompt=self.get_prompt,
        )
        # 2026-07-28+: the requestState a held write hands the client is sealed and checked here.
        server.middleware.append(boundary(self._svc.settings))
        return server

    async def list_tools(self, ctx: Ctx, params: Any) -> types.ListToolsResult:
        who = principal_from(ctx.request)
        return types.ListToolsResult(tools=tools_for(self._svc.toolkit.registry, who))

    async def call_tool(self, ctx: Ctx, params: types.CallToolRequestParams) -> Any:
        caller = Caller(principal_from(ctx.request), client_of(ctx), session_of(ctx))
        if params.name == OUTCOME_TOOL:
            return await self._outcome(caller, params.arguments or {})
        modern = is_modern(ctx)
        if modern and params.request_state is not None:  # a retry: the person's answer
            return await self._retry(caller.principal, params)
        call_id = f"mcp-{ctx.request_id}"
        ran = await self.calls.run(caller, params.name, params.arguments or {}, call_id)
        if ran.held is None:
            return from_tool(ran.result)
        if not modern:  # the handshake era asks on the open request
            return await self.confirmations.ask(ctx, caller.principal, ran.held)
        mode = elicitation_mode(ctx)
        if mode is None:
            return self.confirmations.awaiting(ran.held)
        return self.rounds.ask(mode, caller.principal, ran.held)

    async def _retry(self, who: Principal, params: types.CallToolRequestParams) -> Any:
        """A retry counts at the per-customer rate as a call does: no agent spins on one."""
        refused = await self.calls.admit(who)
        if refused is not None:
            return from_error(refused)
        return await self.rounds.resume(who, params)

    async def _outcome(self, caller: Caller, args: dict[str, Any]) -> types.CallToolResult:
        action_id = args.get("action_id")
        if not isinstance(action_id, str) or not action_id.strip():
            return from_error("action_id is required")
        try:
            action = await anyio.to_thread.run_sync(
                self.confirmations.read, caller.principal, action_id.strip()
            )
        except CloudMartError as exc:  # someone else's action does not exist
            return from_error(exc.message)
        return self.confirmations.outcome(action)

    async def list_resources(self, ctx: Ctx, params: Any) -> types.ListResourcesResult:
        principal_from(ctx.request)
        return types.ListResourcesResult(resources=resources.listed())

    async def list_resource_templates(
        self, ctx: Ctx, params: Any
    ) -> types.ListResourceTemplatesResult:
        principal_from(ctx.request)
        return types.ListResourceTemplatesResult(resource_templates=resources.templates())

    async def read_resource(
        self, ctx: Ctx, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        who, uri = principal_from(ctx.request), str(params.uri)
        try:
            mime, text = await anyio.to_thread.run_sync(resources.read, self._svc, who, uri)
        except LookupError as exc:
            message = f"Resource not found: {exc}"
            if is_modern(ctx):
                raise MCPError(INVALID_PARAMS, message, {"uri": uri}) from None
            raise MCPError(RESOURCE_NOT_FOUND, message) from None
        contents = types.TextResourceContents(uri=uri, mime_type=mime, text=text)
        return types.ReadResourceResult(contents=[contents])

    async def list_prompts(self, ctx: Ctx, params: Any) -> types.ListPromptsResult:
        return types.ListPromptsResult(prompts=resources.prompts())

    async def get_prompt(
        self, ctx: Ctx, params: types.GetPromptRequestParams
    ) -> types.GetPromptResult:
        try:
            return resources.prompt(params.name, params.arguments)
        except LookupError:
            raise MCPError(INVALID_PARAMS, f"no prompt named {params.name!r}") from None


def from_error(message: str) -> types.CallToolResult:
    return tool_result({"error": message}, ok=False)
