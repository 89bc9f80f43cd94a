"""What the local provider says: its fixed sentences, and answers built from tool results."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from providers import local_intents as intents
from providers.base import Message
from providers.local_intents import Reading
from providers.wording import money_text

CAPABILITIES = (
    "I can help you with:\n- your orders: list them, check where one is, its tracking number\n"
    "- cancel an order, change its shipping address, pay it another way, return some or all "
    "of it, or swap an item for another size, colour or version\n"
    "- your default address and your gift-card balance\n"
    "- find products or recommend something\n- connect you with a person\n"
    'For example: "Where is CM-1234?" or "Recommend headphones under $100".'
)
ASK_ADDRESS = (
    "Please tell me the order and the full new address, for example: "
    '"Ship CM-1234 to 5 Main St, Springfield, IL 62701, US".'
)
CONFIRM = "Shall I go ahead? Reply yes to confirm or no to keep it as it is."
STATUS_SENTENCE = {
    "pending": "is pending: it hasn't been processed yet",
    "processing": "is being processed",
    "shipped": "has shipped and is on its way",
    "delivered": "was delivered",
    "return_requested": "has a return requested",
    "returned": "was returned",
    "canceled": "was canceled",
}
ASKED = re.compile(r"Which order would you like to (cancel|return|re-address|check)\?")
FOLLOWS = {
    "cancel": "cancel",
    "return": "return_order",
    "re-address": "address",
    "check": "order_status",
}
# Which orders fit a request is the shop's rule: the order views say it (canCancel...).
IN_FLIGHT = "inFlight"
CAN_CANCEL, CAN_RETURN, CAN_READDRESS = "canCancel", "canReturn", "canChangeAddress"
SUGGEST = {
    "get_order_details": "Please check the order id, or ask me to show your orders.",
    "cancel_pending_order": "An order that has shipped can't be canceled, but you can return it "
    "once it is delivered. I can also connect you with a person.",
    "modify_pending_order_address": "Once an order has shipped its address can't be changed; "
    "I can connect you with a person if you need help.",
    "return_delivered_order_items": "Returns are possible for delivered orders within the "
    "return window; I can connect you with a person if you need more help.",
    "transfer_to_human_agents": "Please try again in a moment.",
    "get_product": 'You can search for it by name instead, e.g. "find headphones".',
}


def money(value: Any) -> str:
    try:
        return money_text(value)
    except (ArithmeticError, TypeError, ValueError):  # not a number: said as it came
        return str(value)


def status_words(status: Any) -> str:
    return str(status or "unknown").replace("_", " ")


def day(iso: Any) -> str:
    try:
        when = datetime.strptime(str(iso)[:10], "%Y-%m-%d")
    except ValueError:
        return ""
    return f"{when:%B} {when.day}, {when.year}"


def items(order: dict[str, Any]) -> str:
    lines = order.get("items") or []
    return ", ".join(f"{i.get('quantity', 1)} x {i.get('name', 'item')}" for i in lines)


def order_line(order: dict[str, Any]) -> str:
    what = items(order)
    return (
        f"{order.get('id')} ({status_words(order.get('status'))}"
        f"{', ' + what if what else ''}, {money(order.get('total'))})"
    )


def product_line(product: dict[str, Any]) -> str:
    stock, note = product.get("stock"), ""
    if isinstance(stock, int | float):
        note = ", sold out" if stock <= 0 else f", only {int(stock)} left" if stock <= 5 else ""
    return f"{product.get('name')} ({product.get('id')}): {money(product.get('price'))}{note}"


def pieces(text: str) -> list[str]:
    """The answer cut after each sentence or line, so that the pieces join to the text."""
    return [p for p in re.split(r"(?<=[.!?] )|(?<=\n)", text) if p]


def follow_up(reading: Reading, history: Sequence[Message]) -> Reading:
    """A bare order id answering "Which order would you like to cancel?" goes on with that."""
    roles = [m.role for m in history[-2:]]
    if reading.intent != "order_status" or not reading.order_id or len(reading.norm) > 40:
        return reading
    if roles != ["user", "assistant"]:
        return reading
    asked = ASKED.match(history[-1].content)
    if asked is None:
        return reading
    before = intents.read(history[-2].content)  # the request itself: reason, new address
    return replace(reading, text=before.text, norm=before.norm, intent=FOLLOWS[asked.group(1)])


def failed(data: dict[str, Any], tool: str) -> str:
    error = str(data.get("error") or "something went wrong").rstrip(".")
    if data.get("unavailable"):
        return f"Sorry, {error}. {CAPABILITIES}"
    if "not found" in error.lower():
        tool = "get_order_details" if "order" in error.lower() else tool
    return f"Sorry, that didn't work: {error}. {SUGGEST.get(tool, 'Please try again.')}"


def acted(data: dict[str, Any], tool: str, held: bool) -> str:
    """The answer to a state-changing call: held for confirmation, done, or refused."""
    if not data.get("ok"):
        return failed(data, tool)
    if held:
        return f"Here's what I'll do: {data.get('summary', '').strip()} {CONFIRM}"
    return str(data.get("message") or "Done.")
