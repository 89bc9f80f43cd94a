"""The local provider's answers about one order: its status, and each change to it (proposed
through the tools, which hold every change for the customer's confirmation)."""

from __future__ import annotations

import re
from typing import Any

from i18n import N_, _
from providers import local_account as account
from providers import local_intents as intents
from providers import local_retail as retail
from providers.local_address import address as read_address
from providers.local_answers import (
    ASK_ADDRESS,
    ASK_WHICH,
    CAN_CANCEL,
    CAN_READDRESS,
    CAN_RETURN,
    IN_FLIGHT,
    STATUS_SENTENCE,
    VERBS,
    acted,
    day,
    failed,
    items,
    money,
    order_line,
    status_words,
)
from providers.local_intents import Reading
from providers.local_turn import Turn


def resolve(
    message: Reading, turn: Turn, fits: str, intent: str
) -> tuple[dict[str, Any] | None, str]:
    """The order meant: the one named, else the only one that fits; else a question."""
    if message.order_id:
        return {"id": message.order_id}, ""
    which = _(ASK_WHICH[intent])
    ask = which + " " + _("Please tell me its id (like CM-1234).")
    if not turn.offers("list_my_orders"):
        return None, ask
    data = turn.call("list_my_orders", {"limit": 20})
    if not data.get("ok"):
        return None, ask
    orders = [o for o in data.get("orders") or [] if o.get(fits)]
    if len(orders) == 1:
        return orders[0], ""
    if not orders:
        return None, _(
            "I couldn't find an order of yours that I can {verb}.", verb=_(VERBS[intent])
        ) + " " + (
            _("You can ask me to show your orders.")
            if data.get("orders")
            else _("You don't have any orders yet.")
        )
    lines = "".join(f"\n- {order_line(o)}" for o in orders)
    turn.offer(*(str(o["id"]) for o in orders))  # an id answers the question
    return None, f"{which}{lines}\n" + _("Please tell me its id.")


def order_status(message: Reading, turn: Turn) -> str:
    order, question = resolve(message, turn, IN_FLIGHT, "order_status")
    if order is None:
        return question
    tracking: list[str] = []
    if "status" not in order or re.search(r"\btrack", message.norm):
        data = turn.call("get_order_details", {"order_id": order["id"]})
        if not data.get("ok"):
            return failed(data, "get_order_details")
        order = data.get("view") or {}
        for fulfillment in (data.get("order") or {}).get("fulfillments") or []:
            tracking += fulfillment.get("tracking_id") or []
    status, order_id = str(order.get("status")), order.get("id")
    sentence = STATUS_SENTENCE.get(status, N_("Order {order_id} is {status}"))
    if status == "delivered" and day(order.get("deliveredAt")):
        sentence = N_("Order {order_id} was delivered on {day}")
    text = (
        _(
            sentence,
            order_id=order_id,
            status=status_words(status),
            day=day(order.get("deliveredAt")),
        )
        + "."
    )
    if items(order):
        text += " " + _(
            "It contains {items}, total {total}.",
            items=items(order),
            total=money(order.get("total")),
        )
    if (placed := day(order.get("createdAt"))) and order.get(IN_FLIGHT):
        text += " " + _("It was placed on {day}.", day=placed)
    if tracking:
        text += " " + _("Tracking number: {numbers}.", numbers=", ".join(tracking))
    return text


def cancel(message: Reading, turn: Turn) -> str:
    order, question = resolve(message, turn, CAN_CANCEL, "cancel")
    if order is None:
        return question
    if retail.names_items(message.norm):  # "cancel just the boots": the order's items first
        data = turn.call("get_order_details", {"order_id": order["id"]})
        if not data.get("ok"):
            return failed(data, "get_order_details")
        if question := retail.cancel_doubt(
            data.get("order") or {}, message.norm, order["id"], turn
        ):
            return question
    why = intents.cancel_reason(message.text)
    data = turn.call("cancel_pending_order", {"order_id": order["id"], "reason": why})
    return acted(data, "cancel_pending_order", turn.last_held)


def return_order(message: Reading, turn: Turn) -> str:
    order, question = resolve(message, turn, CAN_RETURN, "return_order")
    if order is None:
        return question
    data = turn.call("get_order_details", {"order_id": order["id"]})
    if not data.get("ok"):
        return failed(data, "get_order_details")
    details = data.get("order") or {}
    paid = (details.get("payment_history") or [{}])[0].get("payment_method_id", "")
    units, question = retail.returned_units(details, message.norm, order["id"], turn)
    if not units:
        return question
    items = [line["item_id"] for line in units]
    args = {"order_id": order["id"], "item_ids": items, "payment_method_id": paid}
    data = turn.call("return_delivered_order_items", args)
    return acted(data, "return_delivered_order_items", turn.last_held)


def swap(message: Reading, turn: Turn) -> str:
    if not message.order_id:
        return _("Which order is the item in? Please tell me its id (like CM-1234).")
    return retail.swap(message, turn, message.order_id)


def pay_with(message: Reading, turn: Turn) -> str:
    order, question = resolve(message, turn, CAN_CANCEL, "pay_with")
    if order is None:
        return question
    return account.pay_with(message, turn, order["id"])


def default_address(message: Reading, turn: Turn) -> str:
    new = read_address(message.text)
    if new is None:
        return _(
            "Please tell me the full new address with its country, for example: "
            '"Change my default address to 5 Main St, Springfield, IL 62701, US".'
        )
    return account.default_address(message, turn, new)


def address(message: Reading, turn: Turn) -> str:
    new = read_address(message.text)
    if new is None:
        return _(ASK_ADDRESS)
    order, question = resolve(message, turn, CAN_READDRESS, "address")
    if order is None:
        return question
    fields = account.reference_address(new)
    data = turn.call("modify_pending_order_address", {"order_id": order["id"], **fields})
    return acted(data, "modify_pending_order_address", turn.last_held)
