"""Support tools: hand the conversation off to a human with a ticket."""

from __future__ import annotations

import secrets
from typing import Any

from cloudmart.models import iso, utc_now
from cloudmart.tools.context import ToolContext
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
def escalate_to_human(ctx: ToolContext, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    if args.get("order_id"):  # only the customer's own order may be named on their ticket
        ctx.services.orders.get(ctx.principal, args["order_id"])
    ticket = {
        "id": f"T-{secrets.token_hex(4).upper()}",
        "customerEmail": ctx.principal.email,
        "conversationId": ctx.conversation_id,
        "summary": args["summary"],
        "orderId": args.get("order_id"),
        "status": "open",
        "createdAt": iso(utc_now()),
    }
    ctx.services.tickets.create(ticket)
    return {
        "ticket": {"id": ticket["id"], "status": "open"},
        "message": f"A support agent will pick this up; your ticket is {ticket['id']}.",
    }
