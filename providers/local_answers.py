"""What the local provider says: its fixed sentences, and answers built from tool results."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from i18n import LANGUAGES, N_, Translator, _, current
from providers import local_intents as intents
from providers.base import Message
from providers.local_intents import Reading

# Module constants are msgids (N_): they are said with `_()` in the turn's language.
CAPABILITIES = N_(
    "I can help you with:\n- your orders: list them, check where one is, its tracking number\n"
    "- cancel an order, change its shipping address, pay it another way, return some or all "
    "of it, or swap an item for another size, colour or version\n"
    "- your default address and your gift-card balance\n"
    "- find products or recommend something\n- connect you with a person\n"
    'For example: "Where is CM-1234?" or "Recommend headphones under $100".'
)
ASK_ADDRESS = N_(
    "Please tell me the order and the full new address with its country, for example: "
    '"Ship CM-1234 to 5 Main St, Springfield, IL 62701, US".'
)
CONFIRM = N_("Shall I go ahead? Reply yes to confirm or no to keep it as it is.")
STATUS_SENTENCE = {
    "pending": N_("Order {order_id} is pending: it hasn't been processed yet"),
    "processing": N_("Order {order_id} is being processed"),
    "shipped": N_("Order {order_id} has shipped and is on its way"),
    "delivered": N_("Order {order_id} was delivered"),
    "return_requested": N_("Order {order_id} has a return requested"),
    "returned": N_("Order {order_id} was returned"),
    "canceled": N_("Order {order_id} was canceled"),
}
# "Which order would you like to ...?" per intent: a bare id answering it goes on with that.
ASK_WHICH = {
    "cancel": N_("Which order would you like to cancel?"),
    "return_order": N_("Which order would you like to return?"),
    "address": N_("Which order would you like to re-address?"),
    "order_status": N_("Which order would you like to check?"),
    "pay_with": N_("Which order would you like to pay another way?"),
}
# Which orders fit a request is the shop's rule: the order views say it (canCancel...).
IN_FLIGHT = "inFlight"
CAN_CANCEL, CAN_RETURN, CAN_READDRESS = "canCancel", "canReturn", "canChangeAddress"
SUGGEST = {
    "get_order_details": N_("Please check the order id, or ask me to show your orders."),
    "cancel_pending_order": N_(
        "An order that has shipped can't be canceled, but you can return it once it is "
        "delivered. I can also connect you with a person."
    ),
    "modify_pending_order_address": N_(
        "Once an order has shipped its address can't be changed; I can connect you with a "
        "person if you need help."
    ),
    "return_delivered_order_items": N_(
        "Returns are possible for delivered orders within the return window; I can connect "
        "you with a person if you need more help."
    ),
    "transfer_to_human_agents": N_("Please try again in a moment."),
    "get_product": N_('You can search for it by name instead, e.g. "find headphones".'),
}


def money(value: Any) -> str:
    try:
        return current().money(value)
    except (ArithmeticError, TypeError, ValueError):  # not a number: said as it came
        return str(value)


def status_words(status: Any) -> str:
    return current().status(str(status or "unknown"))


def day(iso: Any) -> str:
    try:
        when = datetime.strptime(str(iso)[:10], "%Y-%m-%d")
    except ValueError:
        return ""
    return current().day(when)


def items(order: dict[str, Any]) -> str:
    lines = order.get("items") or []
    return current().listing(f"{i.get('quantity', 1)} x {i.get('name', '?')}" for i in lines)


def order_line(order: dict[str, Any]) -> str:
    what = items(order)
    return (
        f"{order.get('id')} ({status_words(order.get('status'))}"
        f"{', ' + what if what else ''}, {money(order.get('total'))})"
    )


def product_line(product: dict[str, Any]) -> str:
    stock, note = product.get("stock"), ""
    if isinstance(stock, int | float):
        if stock <= 0:
            note = _(", sold out")
        elif stock <= 5:
            note = _(", only {count} left", count=int(stock))
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
    intent = _asked(history[-1].content)
    if intent is None:
        return reading
    before = intents.read(history[-2].content)  # the request itself: reason, new address
    return replace(reading, text=before.text, norm=before.norm, intent=intent)


def _asked(said: str) -> str | None:
    """The intent whose "Which order...?" the assistant's answer opens with, in any language
    (the customer may have switched since)."""
    for language in LANGUAGES:
        words = Translator(language)
        for intent, question in ASK_WHICH.items():
            if said.startswith(words._(question)):
                return intent
    return None


def failed(data: dict[str, Any], tool: str) -> str:
    error = str(data.get("error") or "something went wrong").rstrip(".")
    if data.get("unavailable"):
        return _(
            "Sorry, I can't do that in this chat. {capabilities}", capabilities=_(CAPABILITIES)
        )
    if "not found" in error.lower():
        tool = "get_order_details" if "order" in error.lower() else tool
    suggest = _(SUGGEST.get(tool, N_("Please try again.")))
    return _(
        "Sorry, that didn't work: {reason}. {suggestion}",
        reason=said(data, error),
        suggestion=suggest,
    )


def said(data: dict[str, Any], error: str) -> str:
    """A tool's refusal in the turn's language: the server's own words when it sent them
    (`said`), English as the tool wrote it, else a plain "it could not be done"."""
    words = current()
    if data.get("said"):
        return str(data["said"]).rstrip(".")
    if words.language == "en":
        return error
    return words._("that could not be done right now")


def acted(data: dict[str, Any], tool: str, held: bool) -> str:
    """The answer to a state-changing call: held for confirmation, done, or refused."""
    if not data.get("ok"):
        return failed(data, tool)
    if held:
        summary = str(data.get("summary", "")).strip()
        return _("Here's what I'll do: {summary} {confirm}", summary=summary, confirm=_(CONFIRM))
    return str(data.get("message") or _("Done."))


# What "I couldn't find an order of yours that I can ..." says per intent.
VERBS = {
    "cancel": N_("cancel"),
    "return_order": N_("return"),
    "address": N_("re-address"),
    "order_status": N_("check"),
    "pay_with": N_("pay another way"),
}


def list_of(status: str, orders: list[Any]) -> str:
    """ "You have 2 pending orders:" (translations name the status as a label: no agreement)."""
    if not orders:
        return _("You have no {status} orders.", status=status_words(status))
    return current().n_(
        "You have {n} {status} order:",
        "You have {n} {status} orders:",
        len(orders),
        status=status_words(status),
    )


def described(category: str | None, low: Any, high: Any) -> str:
    text = " " + _("in {category}", category=category) if category else ""
    if low is not None and high is not None:
        return text + " " + _("between {low} and {high}", low=money(low), high=money(high))
    if high is not None:
        return text + " " + _("under {high}", high=money(high))
    return text + " " + _("over {low}", low=money(low)) if low is not None else text
