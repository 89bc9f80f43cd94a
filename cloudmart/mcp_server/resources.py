"""What an agent may read before it acts: the customer's orders and profile, one order, one
proposed action, and the shop's after-sale rules; and prompts for the common requests."""

from __future__ import annotations

import json
from typing import Any

import mcp_types as types

from cloudmart.principal import Principal
from cloudmart.services import Services
from cloudmart.tools.runner import ToolExecutor
from providers.base import ToolCall

POLICY_URI = "cloudmart://policy/after-sale"
ORDERS_URI = "cloudmart://me/orders"
PROFILE_URI = "cloudmart://me/profile"
ORDER_TEMPLATE = "cloudmart://orders/{order_id}"
JSON = "application/json"
POLICY = """# CloudMart's after-sale rules (what an agent should know before it acts)

Every change below is checked first and then, only if the customer confirms it themselves,
made at once; a change that fails its checks changes nothing. The preview you get back names
the money involved: read it to the customer.

- **Cancel** an order only while it is `pending`. The reason is "no longer needed" or
  "ordered by mistake". Everything paid is refunded to where it came from; a gift card is
  credited at once, other methods within days.
- **Change the address or the payment** of a `pending` order. The payment can be changed once,
  to another of the customer's own methods; a gift card must cover the whole amount.
- **Change items** of a `pending` order to other variants of the same product (size, colour...),
  in stock. The price difference is charged or refunded on one of the customer's methods. It can
  be done once: the order then becomes `pending (item modified)` and nothing more can change.
- **Return** items of a `delivered` order: the refund goes to the original payment method or a
  gift card. **Exchange** items of a `delivered` order for other variants of the same products;
  the difference is settled on a method the customer chooses. Each can be asked once per order.
- The customer's **default address** can be changed at any time; orders keep theirs.
- Orders that are `processed`, `cancelled`, `return requested` or `exchange requested` cannot be
  changed. Anything else goes to a human: `transfer_to_human_agents`.
"""
PROMPTS = {
    "return_items": (
        "Return items of a delivered order",
        "Help me return {what} from my CloudMart order {order_id}. Read the shop's after-sale "
        "rules (cloudmart://policy/after-sale) and the order first, tell me the refund, and let "
        "me confirm it myself.",
    ),
    "cancel_order": (
        "Cancel a pending order",
        "Cancel my CloudMart order {order_id}; the reason is: {reason}. Tell me what will be "
        "refunded and let me confirm it myself.",
    ),
}
PROMPT_ARGS = {"return_items": ("order_id", "what"), "cancel_order": ("order_id", "reason")}


def listed() -> list[types.Resource]:
    return [
        types.Resource(
            name="after-sale-rules",
            uri=POLICY_URI,
            mime_type="text/markdown",
            description="The shop's cancel, change, return and exchange rules",
        ),
        types.Resource(
            name="my-orders",
            uri=ORDERS_URI,
            mime_type=JSON,
            description="The signed-in customer's orders, newest first",
        ),
        types.Resource(
            name="my-profile",
            uri=PROFILE_URI,
            mime_type=JSON,
            description="The signed-in customer's profile and payment methods",
        ),
    ]


def templates() -> list[types.ResourceTemplate]:
    return [
        types.ResourceTemplate(
            name="order",
            uri_template=ORDER_TEMPLATE,
            mime_type=JSON,
            description="One of the customer's orders",
        )
    ]


def read(svc: Services, who: Principal, uri: str) -> tuple[str, str]:
    """(mime type, text) of a resource, read with the same tools and rules as a call."""
    if uri == POLICY_URI:
        return "text/markdown", POLICY
    if uri == ORDERS_URI:
        return JSON, _call(svc, who, "list_my_orders", {"limit": 20})
    if uri == PROFILE_URI:
        return JSON, _call(svc, who, "get_my_profile", {})
    prefix = ORDER_TEMPLATE.split("{", 1)[0]
    if uri.startswith(prefix) and len(uri) > len(prefix):
        return JSON, _call(svc, who, "get_order_details", {"order_id": uri[len(prefix) :]})
    raise LookupError(uri)


def _call(svc: Services, who: Principal, name: str, args: dict[str, Any]) -> str:
    executor: ToolExecutor = svc.toolkit.executor(who, "", always_confirm=True)
    res = executor.run(ToolCall(f"resource-{name}", name, args))
    if not res.ok:
        raise LookupError(res.data.get("error", "not found"))
    return json.dumps(res.data, default=str)


def prompts() -> list[types.Prompt]:
    return [
        types.Prompt(
            name=name,
            title=title,
            description=title,
            arguments=[types.PromptArgument(name=a, required=True) for a in PROMPT_ARGS[name]],
        )
        for name, (title, _) in PROMPTS.items()
    ]


def prompt(name: str, arguments: dict[str, str] | None) -> types.GetPromptResult:
    if name not in PROMPTS:
        raise LookupError(name)
    title, text = PROMPTS[name]
    values = {a: (arguments or {}).get(a, f"<{a}>") for a in PROMPT_ARGS[name]}
    message = types.PromptMessage(
        role="user", content=types.TextContent(type="text", text=text.format(**values))
    )
    return types.GetPromptResult(description=title, messages=[message])
