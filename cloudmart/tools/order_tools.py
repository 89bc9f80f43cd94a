"""Order tools: the customer's orders, and the retail operations on one (confirmed first).

Names and arguments are the retail reference's (docs/RETAIL.md §3-§4), so a model prompted for
that domain works unchanged; every write previews exactly what it will do, money included.
"""

from __future__ import annotations

from typing import Any

from cloudmart.models import (
    CANCEL_REASONS,
    ORDER_STATUSES,
    Address,
)
from cloudmart.orders.operations import (
    Cancel,
    ChangeAddress,
    ChangeItems,
    ChangePayment,
    ExchangeItems,
    OrderOperation,
    ReturnItems,
)
from cloudmart.records import Preview
from cloudmart.retail.projection import order_out
from cloudmart.tools.cards import card
from cloudmart.tools.deps import Confirmed, ToolDeps
from cloudmart.tools.money import money_moves, moves_text
from cloudmart.tools.previews import SUMMARIES, Previewed
from cloudmart.tools.registry import TOOLS
from cloudmart.tools.views import order_view
from i18n import N_
from providers.base import ToolParameter as P

ORDER_ID = P("order_id", "string", "The order id, e.g. '#W0000000' or 'CM-7890'")
ITEM_IDS = P("item_ids", "array", "Item ids of the order's items, one per unit", items="string")
NEW_ITEM_IDS = P(
    "new_item_ids",
    "array",
    "For each item id, in order, the item id of the variant it becomes (same product)",
    items="string",
)
PAYMENT_METHOD_ID = P(
    "payment_method_id",
    "string",
    "One of the customer's payment method ids, e.g. gift_card_0000000",
)
ADDRESS = [
    P("address1", "string", "First address line"),
    P("address2", "string", "Second address line (may be empty)", allow_empty=True),
    P("city", "string", "City"),
    P("state", "string", "State or region (may be empty where there is none)", allow_empty=True),
    P("country", "string", "Country, e.g. USA"),
    P("zip", "string", "ZIP or postal code"),
]


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
    "get_order_details",
    "Get an order: items (one per unit, with item ids and options), status, address, "
    "fulfillments and payment history.",
    params=[ORDER_ID],
)
def get_order_details(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    order = deps.orders.get(deps.principal, args["order_id"])
    return {"order": order_out(order), "view": order_view(order)}


def address_of(args: dict[str, Any]) -> Address:
    """The reference's six address fields as CloudMart's address (the recipient is kept)."""
    return Address(
        name="",
        street=args["address1"],
        address2=args.get("address2", ""),
        city=args["city"],
        postalCode=args["zip"],
        country=args["country"],
        state=args["state"],
    )


def _cancel(args: dict[str, Any]) -> Cancel:
    return Cancel(args["order_id"], args["reason"])


def _address(args: dict[str, Any]) -> ChangeAddress:
    return ChangeAddress(args["order_id"], address_of(args))


def _payment(args: dict[str, Any]) -> ChangePayment:
    return ChangePayment(args["order_id"], args["payment_method_id"])


def _items(args: dict[str, Any]) -> ChangeItems:
    return ChangeItems(
        args["order_id"], args["item_ids"], args["new_item_ids"], args["payment_method_id"]
    )


def _return(args: dict[str, Any]) -> ReturnItems:
    return ReturnItems(args["order_id"], args["item_ids"], args["payment_method_id"])


def _exchange(args: dict[str, Any]) -> ExchangeItems:
    return ExchangeItems(
        args["order_id"], args["item_ids"], args["new_item_ids"], args["payment_method_id"]
    )


def _summary(name: str, args: dict[str, Any], deps: ToolDeps) -> Preview:
    """Every rule checked on the order as it is now, and what will happen, money included."""
    operation: OrderOperation = OPERATIONS[name](args)
    plan = deps.orders.preview(deps.principal, operation)
    moves = money_moves(plan.order, plan.change, plan.customer, deps.words)
    previewed = Previewed(plan, args, moves_text(moves, deps.words), deps)
    details = card(name, previewed, moves)
    return Preview(SUMMARIES[name](previewed), plan.order.id, plan.order.version, details)


OPERATIONS = {
    "cancel_pending_order": _cancel,
    "modify_pending_order_address": _address,
    "modify_pending_order_payment": _payment,
    "modify_pending_order_items": _items,
    "return_delivered_order_items": _return,
    "exchange_delivered_order_items": _exchange,
}
DONE = {
    "cancel_pending_order": N_("Order {id} is canceled{money}."),
    "modify_pending_order_address": N_("Order {id} will ship to the new address."),
    "modify_pending_order_payment": N_("Order {id} is now paid another way{money}."),
    "modify_pending_order_items": N_("The items of order {id} are changed{money}."),
    "return_delivered_order_items": N_(
        "The return of order {id} is requested; we will email the return instructions."
    ),
    "exchange_delivered_order_items": N_(
        "The exchange of order {id} is requested; we will email the instructions."
    ),
}
DESCRIPTIONS = {
    "cancel_pending_order": "Cancel a pending order; every payment is refunded (gift cards at "
    "once). Needs the customer's confirmation.",
    "modify_pending_order_address": "Change the shipping address of a pending order. Needs "
    "confirmation.",
    "modify_pending_order_payment": "Pay a pending order with another of the customer's "
    "payment methods (possible once). Needs confirmation.",
    "modify_pending_order_items": "Change items of a pending order to other available variants "
    "of the same products; possible once, after which the order cannot be changed or "
    "canceled. The difference is paid or refunded with the payment method. Needs "
    "confirmation.",
    "return_delivered_order_items": "Return some or all items of a delivered order; the refund "
    "goes to the method that paid or to a gift card. Needs confirmation.",
    "exchange_delivered_order_items": "Exchange items of a delivered order for other available "
    "variants of the same products; the difference is settled with the payment method. "
    "Needs confirmation.",
}
PARAMS = {
    "cancel_pending_order": [
        ORDER_ID,
        P("reason", "string", "Why the customer cancels", enum=CANCEL_REASONS),
    ],
    "modify_pending_order_address": [ORDER_ID, *ADDRESS],
    "modify_pending_order_payment": [ORDER_ID, PAYMENT_METHOD_ID],
    "modify_pending_order_items": [ORDER_ID, ITEM_IDS, NEW_ITEM_IDS, PAYMENT_METHOD_ID],
    "return_delivered_order_items": [ORDER_ID, ITEM_IDS, PAYMENT_METHOD_ID],
    "exchange_delivered_order_items": [ORDER_ID, ITEM_IDS, NEW_ITEM_IDS, PAYMENT_METHOD_ID],
}


def _register(name: str) -> None:
    def preview(deps: ToolDeps, args: dict[str, Any]) -> Preview:
        return _summary(name, args, deps)

    def run(
        deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
    ) -> dict[str, Any]:
        guard = (
            {}
            if confirmed is None
            else {
                "at_version": confirmed.order_version,
                "claim": confirmed.claim,
            }
        )
        plan, order = deps.orders.perform_planned(deps.principal, OPERATIONS[name](args), **guard)
        moves = money_moves(plan.order, plan.change, plan.customer, deps.words)
        money = f": {moves_text(moves, deps.words)}" if moves else ""
        return {
            "order": order_out(order),
            "view": order_view(order),
            "message": deps.words._(DONE[name], id=order.id, money=money),
        }

    TOOLS.tool(name, DESCRIPTIONS[name], params=PARAMS[name], confirm=True, preview=preview)(run)


for _name in OPERATIONS:
    _register(_name)


def _preview_delete(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.get(deps.principal, args["order_id"])
    return Preview(
        deps.words._(
            "Delete order {order_id} of {email} ({total}) permanently.",
            order_id=order.id,
            email=order.userEmail,
            total=deps.words.money(order.total),
        ),
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
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    claim = confirmed.claim if confirmed else None
    deps.orders.delete(deps.principal, args["order_id"], claim=claim)
    message = deps.words._("Order {order_id} is deleted.", order_id=args["order_id"])
    return {"deleted": args["order_id"], "message": message}
