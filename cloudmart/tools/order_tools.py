"""Order tools: the customer's orders, and the retail operations on one (confirmed first).

Names and arguments are the retail reference's (docs/RETAIL.md §3-§4), so a model prompted for
that domain works unchanged; every write previews exactly what it will do, money included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cloudmart.models import (
    CANCEL_REASONS,
    ORDER_STATUSES,
    Address,
    Order,
    OrderItem,
    format_money,
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
from cloudmart.orders.service import Plan
from cloudmart.records import Preview
from cloudmart.retail.projection import order_out
from cloudmart.tools.deps import Confirmed, ToolDeps
from cloudmart.tools.money import method_label, money_moves, moves_text
from cloudmart.tools.registry import TOOLS
from cloudmart.tools.views import items_phrase, order_view
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


def one_line(a: Address) -> str:
    parts = (a.street, a.address2, a.city, a.state, a.postalCode, a.country)
    return ", ".join(p for p in parts if p)


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


def _swapped(order: Order, item_ids: list[str]) -> str:
    """The units named, by product, options and price."""
    return "; ".join(_unit_text(u.name, u.options, u.unitPrice) for u in _units(order, item_ids))


def _unit_text(name: str, options: dict[str, str], price: Decimal) -> str:
    described = ", ".join(options.values())
    return f"{name}{f' ({described})' if described else ''} {format_money(price)}"


def _summary(name: str, args: dict[str, Any], deps: ToolDeps) -> Preview:
    """Every rule checked on the order as it is now, and what will happen, money included."""
    operation: OrderOperation = OPERATIONS[name](args)
    plan = deps.orders.preview(deps.principal, operation)
    moves = money_moves(plan.order, plan.change, plan.customer)
    text = SUMMARIES[name](Previewed(plan, args, moves_text(moves), deps))
    details = {"order": order_view(plan.order), "money": moves}
    return Preview(text, plan.order.id, plan.order.version, details)


@dataclass(frozen=True)
class Previewed:
    """What a summary is written from: the plan, the call's arguments and the money."""

    plan: Plan
    args: dict[str, Any]
    money: str
    deps: ToolDeps

    def method(self) -> str:
        return method_label(self.plan.customer, self.args["payment_method_id"])

    def items(self) -> str:
        return _swapped(self.plan.order, self.args["item_ids"])

    def new_items(self) -> str:
        return _variant_names(self.deps, self.plan.order, self.args["new_item_ids"])


def _cancel_text(p: Previewed) -> str:
    order = p.plan.order
    return (
        f"Cancel order {order.id} ({items_phrase(order)}, total {format_money(order.total)}) "
        f"because it is {p.args['reason']}. "
        f"{p.money or 'Nothing was paid, so nothing is refunded'}."
    )


def _address_text(p: Previewed) -> str:
    old, new = p.plan.order.shippingAddress, p.plan.change.order.shippingAddress
    return (
        f"Change the shipping address of order {p.plan.order.id} from {one_line(old)} "
        f"to {one_line(new)}."
    )


def _payment_text(p: Previewed) -> str:
    return f"Pay order {p.plan.order.id} with {p.method()}: {p.money}."


def _items_text(p: Previewed) -> str:
    diff = p.plan.change.order.total - p.plan.order.total
    return (
        f"In order {p.plan.order.id}, change {p.items()} to {p.new_items()}. Price difference "
        f"{format_money(diff)}: {p.money}. After this the order cannot be changed or canceled "
        "any more."
    )


def _return_text(p: Previewed) -> str:
    refund = sum((u.unitPrice for u in _units(p.plan.order, p.args["item_ids"])), Decimal(0))
    return (
        f"Return from order {p.plan.order.id}: {p.items()}. Once they arrive, "
        f"{format_money(refund)} is refunded to {p.method()}."
    )


def _exchange_text(p: Previewed) -> str:
    diff = p.plan.change.order.exchangePriceDifference or Decimal(0)
    settle = "you pay" if diff > 0 else "you get back"
    return (
        f"Exchange in order {p.plan.order.id}: {p.items()} for {p.new_items()}. Price "
        f"difference {format_money(abs(diff))} ({settle}), with {p.method()} once the exchange "
        "is processed."
    )


SUMMARIES: dict[str, Callable[[Previewed], str]] = {
    "cancel_pending_order": _cancel_text,
    "modify_pending_order_address": _address_text,
    "modify_pending_order_payment": _payment_text,
    "modify_pending_order_items": _items_text,
    "return_delivered_order_items": _return_text,
    "exchange_delivered_order_items": _exchange_text,
}


def _units(order: Order, item_ids: list[str]) -> list[OrderItem]:
    """The order's units the ids name, one unit per id (an id named twice: two units)."""
    units, taken = order.units(), set()
    for item_id in item_ids:
        at = next((n for n, u in enumerate(units) if u.itemId == item_id and n not in taken), None)
        if at is not None:
            taken.add(at)
    return [units[n] for n in sorted(taken)]


def _variant_names(deps: ToolDeps, order: Order, new_item_ids: list[str]) -> str:
    """The variants named, by product, options and price (the checks found every one)."""
    catalogue = deps.orders.catalogue(order)
    parts = []
    for item_id in new_item_ids:
        for product in catalogue.values():
            variant = product.variants.get(item_id)
            if variant is not None:
                parts.append(_unit_text(product.name, variant.options, variant.price))
    return "; ".join(parts)


OPERATIONS = {
    "cancel_pending_order": _cancel,
    "modify_pending_order_address": _address,
    "modify_pending_order_payment": _payment,
    "modify_pending_order_items": _items,
    "return_delivered_order_items": _return,
    "exchange_delivered_order_items": _exchange,
}
DONE = {
    "cancel_pending_order": "Order {id} is canceled{money}.",
    "modify_pending_order_address": "Order {id} will ship to the new address.",
    "modify_pending_order_payment": "Order {id} is now paid another way{money}.",
    "modify_pending_order_items": "The items of order {id} are changed{money}.",
    "return_delivered_order_items": "The return of order {id} is requested; we will email "
    "the return instructions.",
    "exchange_delivered_order_items": "The exchange of order {id} is requested; we will email "
    "the instructions.",
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
        moves = money_moves(plan.order, plan.change, plan.customer)
        money = f": {moves_text(moves)}" if moves else ""
        return {
            "order": order_out(order),
            "view": order_view(order),
            "message": DONE[name].format(id=order.id, money=money),
        }

    TOOLS.tool(name, DESCRIPTIONS[name], params=PARAMS[name], confirm=True, preview=preview)(run)


for _name in OPERATIONS:
    _register(_name)


def _preview_delete(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    order = deps.orders.get(deps.principal, args["order_id"])
    return Preview(
        f"Delete order {order.id} of {order.userEmail} ({format_money(order.total)}) permanently.",
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
    return {"deleted": args["order_id"], "message": f"Order {args['order_id']} is deleted."}
