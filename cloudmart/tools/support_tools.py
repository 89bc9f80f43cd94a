"""Support tools: hand the conversation off to a human with a ticket."""

from __future__ import annotations

from typing import Any

from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.registry import TOOLS
from providers.base import ToolParameter as P


@TOOLS.tool(
    "escalate_to_human",
    "Hand the conversation to a human agent with a short summary of the problem.",
    params=[
        P("summary", "string", "What the customer needs, in one or two sentences"),
        P("order_id", "string", "The order it is about, if any", required=False),
    ],
    mutates=True,
)
def escalate_to_human(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    ticket = deps.tickets.open(
        deps.principal, deps.conversation_id, args["summary"], args.get("order_id")
    )
    return {
        "ticket": {"id": ticket.id, "status": ticket.status},
        "message": f"A support agent will pick this up; your ticket is {ticket.id}.",
    }
