"""An agent's tool call: the chat's executor (authorization, validation, limits, idempotency,
audit) run for the token's principal, in a conversation that names the agent."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import mcp_types as types
from mcp.server.context import ServerRequestContext

from cloudmart.errors import CloudMartError
from cloudmart.principal import Principal
from cloudmart.records import PendingAction
from cloudmart.services import Services
from providers.base import ToolCall, ToolResult

log = logging.getLogger(__name__)
MAX_SESSIONS = 10_000  # conversations remembered per process, oldest forgotten first


@dataclass(frozen=True)
class Caller:
    """Who calls (the token's principal) through which agent (its own word, for the audit)."""

    principal: Principal
    client: dict[str, str]
    session: str | None  # the MCP session; None for a sessionless (2026-07-28+) request


def client_of(ctx: ServerRequestContext[Any, Any]) -> dict[str, str]:
    params = ctx.session.client_params
    info = params.client_info if params is not None else None
    return {
        "channel": "mcp",
        "client": info.name if info is not None else "unknown",
        "clientVersion": info.version if info is not None else "",
        "protocol": ctx.protocol_version,
    }


def session_of(ctx: ServerRequestContext[Any, Any]) -> str | None:
    headers = getattr(ctx.request, "headers", None)
    return headers.get("mcp-session-id") if headers is not None else None


class AgentCalls:
    """Runs calls on worker threads (boto3 blocks); one conversation per MCP session."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._conversations: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def run(self, caller: Caller, name: str, arguments: Any, call_id: str) -> Ran:
        return await anyio.to_thread.run_sync(self._run, caller, name, arguments, call_id)

    async def admit(self, principal: Principal) -> str | None:
        """The chat's per-customer rate, for every call and every retry: why not, or None."""
        return await anyio.to_thread.run_sync(self._refused, principal)

    def _refused(self, principal: Principal) -> str | None:
        try:
            self._services.chat.agent_call(principal)
        except CloudMartError as exc:
            return exc.message
        return None

    def _run(self, caller: Caller, name: str, arguments: Any, call_id: str) -> Ran:
        svc = self._services
        refused = self._refused(caller.principal)  # the chat's per-customer rate
        if refused is not None:
            return Ran(ToolResult(call_id, name, "", False, {"ok": False, "error": refused}))
        tool = svc.toolkit.registry.get(name)
        # Only a change is audited under a conversation: a look-up creates no record.
        conversation = self._conversation(caller) if tool is not None and tool.mutates else ""
        executor = svc.toolkit.executor(caller.principal, conversation, always_confirm=True)
        res = executor.run(ToolCall(call_id, name, arguments))
        log.info("mcp tool call", extra={"tool": name, "ok": res.ok, **caller.client})
        return Ran(res, executor.held.get(call_id))

    def _conversation(self, caller: Caller) -> str:
        if caller.session is None:
            return self._services.chat.start_for_agent(caller.principal, caller.client).id
        key = (caller.session, caller.principal.customer_id)
        if key not in self._conversations:
            conv = self._services.chat.start_for_agent(caller.principal, caller.client)
            self._conversations[key] = conv.id
            while len(self._conversations) > MAX_SESSIONS:
                self._conversations.popitem(last=False)
        return self._conversations[key]


@dataclass(frozen=True)
class Ran:
    result: ToolResult
    held: PendingAction | None = None


def tool_result(data: dict[str, Any], ok: bool = True) -> types.CallToolResult:
    """Text for any model, and the same object as structuredContent."""
    body = {"ok": ok, **{k: v for k, v in data.items() if k != "ok"}}
    text = json.dumps(body, default=str)
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)],
        structured_content=json.loads(text),
        is_error=not ok,
    )


def from_tool(res: ToolResult) -> types.CallToolResult:
    return tool_result(res.data, ok=res.ok)
