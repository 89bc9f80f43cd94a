"""Support tools: hand the conversation off to a human with a ticket."""

from __future__ import annotations

from typing import Any

from cloudmart.support.service import waiting_line
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.registry import TOOLS
from providers.base import ToolParameter as P


@TOOLS.tool(
    "transfer_to_human_agents",
    "Transfer the customer to a human agent, with a summary of their problem. Only when the "
    "request cannot be handled with the other tools, or the customer asks for a person.",
    params=[P("summary", "string", "What the customer needs, in one or two sentences")],
    mutates=True,
)
def transfer_to_human_agents(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    ticket = deps.tickets.open(deps.principal, deps.conversation_id, args["summary"], None)
    return {
        "ticket": {"id": ticket.id, "status": ticket.status},
        "message": deps.words._("Transfer successful.")
        + " "
        + waiting_line(ticket.id, deps.tickets.typical_wait(), deps.words),
    }
