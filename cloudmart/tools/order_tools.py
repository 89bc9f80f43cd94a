"""Order tools: read the customer's orders; cancel, re-address or return one (confirmed first)."""

from __future__ import annotations

from typing import Any

from cloudmart.models import CANCEL_REASONS, ORDER_STATUSES, Address, Order, format_money
from cloudmart.records import Preview
from cloudmart.tools.deps import Confirmed, ToolDeps
from cloudmart.tools.registry import TOOLS
from cloudmart.tools.views import items_phrase, order_view
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
def list_my_orders(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    limit = max(1, min(int(args.get("limit") or 10), 20))
    page = deps.orders.list_for_customer(deps.principal, deps.principal.email, 100, None)
    orders = [o for o in page.items if args.get("status") in (None, o.status)][:limit]
    return {"orders": [order_view(o) for o in orders], "count": len(orders)}


@TOOLS.tool(
    "get_order",
    "Get one of the customer's orders: status, items, total, address.",
    params=[ORDER_ID],
)
def get_order(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"order": order_view(deps.orders.get(deps.principal, args["order_id"]))}


def _preview_cancel(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.check_cancel(deps.principal, args["order_id"])
    return _preview(
        order,
        f"Cancel order {order.id} ({items_phrase(order)}, total {format_money(order.total)}); "
        f"the items go back to stock and {format_money(order.total)} is refunded.",
    )


@TOOLS.tool(
    "cancel_order",
    "Cancel a pending or processing order. Needs the customer's confirmation.",
    params=[ORDER_ID, P("reason", "string", "Why the customer cancels", required=False)],
    confirm=True,
    preview=_preview_cancel,
)
def cancel_order(
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    order = deps.orders.cancel(
        deps.principal, args["order_id"], rule_reason(args.get("reason")), **_guarded(confirmed)
    )
    return {
        "order": order_view(order),
        "message": f"Order {order.id} is canceled; {format_money(order.total)} will be refunded.",
    }


def rule_reason(words: str | None) -> str:
    """The cancel rule's reason (one of CANCEL_REASONS) for the customer's own words."""
    if words in CANCEL_REASONS:
        return words
    mistaken = words and any(w in words.lower() for w in ("mistake", "wrong", "accident"))
    return CANCEL_REASONS[1] if mistaken else CANCEL_REASONS[0]


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


def _preview_address(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.check_address_change(deps.principal, args["order_id"])
    new = _address(args)
    summary = (
        f"Change the shipping address of order {order.id} from "
        f"{_one_line(order.shippingAddress)} to {_one_line(new)}."
    )
    return _preview(order, summary, newAddress=_one_line(new))


@TOOLS.tool(
    "update_shipping_address",
    "Change the shipping address of a pending or processing order. Needs confirmation.",
    params=[ORDER_ID, *ADDRESS],
    confirm=True,
    preview=_preview_address,
)
def update_shipping_address(
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    order = deps.orders.change_address(
        deps.principal, args["order_id"], _address(args), **_guarded(confirmed)
    )
    return {
        "order": order_view(order),
        "message": f"Order {order.id} will ship to {_one_line(order.shippingAddress)}.",
    }


def _preview_return(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.check_return(deps.principal, args["order_id"])
    return _preview(
        order,
        f"Request a return of order {order.id} ({items_phrase(order)}, "
        f"{format_money(order.total)}) because: {args['reason']}.",
    )


@TOOLS.tool(
    "request_return",
    "Request a return of a delivered order within the return window. Needs confirmation.",
    params=[ORDER_ID, P("reason", "string", "Why the customer returns it")],
    confirm=True,
    preview=_preview_return,
)
def request_return(
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    order = deps.orders.request_return(
        deps.principal, args["order_id"], args["reason"], **_guarded(confirmed)
    )
    return {
        "order": order_view(order),
        "message": f"Return requested for order {order.id}; we will email a prepaid label "
        f"and refund {format_money(order.total)} once it arrives.",
    }


def _preview_delete(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.get(deps.principal, args["order_id"])
    return _preview(
        order,
        f"Delete order {order.id} of {order.userEmail} ({format_money(order.total)}) permanently.",
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
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    claim = confirmed.claim if confirmed else None
    deps.orders.delete(deps.principal, args["order_id"], claim=claim)
    return {"deleted": args["order_id"], "message": f"Order {args['order_id']} is deleted."}


def _guarded(confirmed: Confirmed | None) -> dict[str, Any]:
    """A confirmed run writes at the previewed version and commits the confirmation with it."""
    if confirmed is None:
        return {}
    return {"at_version": confirmed.order_version, "claim": confirmed.claim}


def _preview(order: Order, summary: str, **details: Any) -> Preview:
    """What the customer confirms: the summary, and the order as it is now (its version)."""
    return Preview(summary, order.id, order.version, {"order": order_view(order), **details})
