"""Order tools: read the customer's orders; cancel, re-address or return one (confirmed first)."""

from __future__ import annotations

from typing import Any

from cloudmart.models import ORDER_STATUSES, Address
from cloudmart.tools.context import ToolContext, items_phrase, money, order_view
from cloudmart.tools.registry import TOOLS, Preview
from providers.base import ToolParameter as P

ORDER_ID = P("order_id", "string", "The order id, e.g. CM-7890")


@TOOLS.tool(
    "list_my_orders",
    "List the signed-in customer's orders, newest first.",
    params=[
        P("status", "string", "Only orders in this status", required=False, enum=ORDER_STATUSES),
        P("limit", "integer", "How many orders at most (1-20, default 10)", required=False),
    ],
)
def list_my_orders(ctx: ToolContext, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    limit = max(1, min(int(args.get("limit") or 10), 20))
    page = ctx.services.orders.list_for_customer(ctx.principal, ctx.principal.email, 100, None)
    orders = [o for o in page.items if args.get("status") in (None, o.status)][:limit]
    return {"orders": [order_view(o) for o in orders], "count": len(orders)}


@TOOLS.tool(
    "get_order",
    "Get one of the customer's orders: status, items, total, address.",
    params=[ORDER_ID],
)
def get_order(ctx: ToolContext, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"order": order_view(ctx.services.orders.get(ctx.principal, args["order_id"]))}


def _preview_cancel(ctx: ToolContext, args: dict[str, Any]) -> Preview:
    order = ctx.services.orders.check_cancel(ctx.principal, args["order_id"])
    summary = (
        f"Cancel order {order.id} ({items_phrase(order)}, total ${order.total}); "
        f"the items go back to stock and ${order.total} is refunded."
    )
    return Preview(summary, order.id, order.version, {"order": order_view(order)})


@TOOLS.tool(
    "cancel_order",
    "Cancel a pending or processing order. Needs the customer's confirmation.",
    params=[ORDER_ID, P("reason", "string", "Why the customer cancels", required=False)],
    confirm=True,
    preview=_preview_cancel,
)
def cancel_order(
    ctx: ToolContext, args: dict[str, Any], expected_version: int | None = None
) -> dict[str, Any]:
    order = ctx.services.orders.cancel(
        ctx.principal, args["order_id"], args.get("reason"), expected_version
    )
    return {
        "order": order_view(order),
        "message": f"Order {order.id} is canceled; ${order.total} will be refunded.",
    }


ADDRESS = [
    P("name", "string", "Recipient's full name"),
    P("street", "string", "Street and number"),
    P("city", "string", "City"),
    P("postal_code", "string", "Postal or ZIP code"),
    P("country", "string", "Country code, e.g. US"),
    P("state", "string", "State or region", required=False),
]


def _address(args: dict[str, Any]) -> Address:
    return Address(
        name=args["name"],
        street=args["street"],
        city=args["city"],
        postalCode=args["postal_code"],
        country=args["country"],
        state=args.get("state") or None,
    )


def _one_line(a: Address) -> str:
    return ", ".join(p for p in (a.name, a.street, a.city, a.state, a.postalCode, a.country) if p)


def _preview_address(ctx: ToolContext, args: dict[str, Any]) -> Preview:
    order = ctx.services.orders.check_address_change(ctx.principal, args["order_id"])
    new = _address(args)
    summary = (
        f"Change the shipping address of order {order.id} from "
        f"{_one_line(order.shippingAddress)} to {_one_line(new)}."
    )
    return Preview(
        summary, order.id, order.version, {"order": order_view(order), "newAddress": _one_line(new)}
    )


@TOOLS.tool(
    "update_shipping_address",
    "Change the shipping address of a pending or processing order. Needs confirmation.",
    params=[ORDER_ID, *ADDRESS],
    confirm=True,
    preview=_preview_address,
)
def update_shipping_address(
    ctx: ToolContext, args: dict[str, Any], expected_version: int | None = None
) -> dict[str, Any]:
    order = ctx.services.orders.change_address(
        ctx.principal, args["order_id"], _address(args), expected_version
    )
    return {
        "order": order_view(order),
        "message": f"Order {order.id} will ship to {_one_line(order.shippingAddress)}.",
    }


def _preview_return(ctx: ToolContext, args: dict[str, Any]) -> Preview:
    order = ctx.services.orders.check_return(ctx.principal, args["order_id"])
    summary = (
        f"Request a return of order {order.id} ({items_phrase(order)}, "
        f"${order.total}) because: {args['reason']}."
    )
    return Preview(summary, order.id, order.version, {"order": order_view(order)})


@TOOLS.tool(
    "request_return",
    "Request a return of a delivered order within the return window. Needs confirmation.",
    params=[ORDER_ID, P("reason", "string", "Why the customer returns it")],
    confirm=True,
    preview=_preview_return,
)
def request_return(
    ctx: ToolContext, args: dict[str, Any], expected_version: int | None = None
) -> dict[str, Any]:
    order = ctx.services.orders.request_return(
        ctx.principal, args["order_id"], args["reason"], expected_version
    )
    return {
        "order": order_view(order),
        "message": f"Return requested for order {order.id}; we will email a prepaid label "
        f"and refund ${order.total} once it arrives.",
    }


def _preview_delete(ctx: ToolContext, args: dict[str, Any]) -> Preview:
    order = ctx.services.orders.get(ctx.principal, args["order_id"])
    return Preview(
        f"Delete order {order.id} of {order.userEmail} (${money(order.total)}) permanently.",
        order.id,
        order.version,
        {"order": order_view(order)},
    )


@TOOLS.tool(
    "delete_order",
    "Delete an order permanently (admins only). Needs confirmation.",
    params=[ORDER_ID],
    roles=["admin"],
    confirm=True,
    preview=_preview_delete,
)
def delete_order(
    ctx: ToolContext, args: dict[str, Any], expected_version: int | None = None
) -> dict[str, Any]:
    ctx.services.orders.delete(ctx.principal, args["order_id"])
    return {"deleted": args["order_id"], "message": f"Order {args['order_id']} is deleted."}
