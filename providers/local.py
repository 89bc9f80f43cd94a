"""LocalProvider: an offline, deterministic assistant (no model, no key) for everyday requests."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from i18n import N_, _, current, speaking
from providers import local_intents as intents
from providers import local_retail as retail
from providers.base import (
    Event,
    FinalText,
    Provider,
    QuickReplies,
    TextDelta,
    ToolRunner,
    TurnRequest,
    Usage,
)
from providers.local_address import address as read_address
from providers.local_answers import (
    ASK_ADDRESS,
    ASK_WHICH,
    CAN_CANCEL,
    CAN_READDRESS,
    CAN_RETURN,
    CAPABILITIES,
    IN_FLIGHT,
    STATUS_SENTENCE,
    VERBS,
    acted,
    day,
    described,
    failed,
    follow_up,
    items,
    list_of,
    money,
    order_line,
    pieces,
    product_line,
    status_words,
)
from providers.local_intents import Reading
from providers.local_turn import Turn

log = logging.getLogger(__name__)


class LocalProvider(Provider):
    """Reads the message with a table of patterns and answers from the tools' results."""

    name = "local"

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[Reading, Turn], str]] = {
            "yes_no": self._yes_no,
            "escalate": self._escalate,
            "gift_card": lambda message, turn: retail.gift_cards(message, turn),
            "default_address": self._default_address,
            "pay_with": self._pay_with,
            "swap": self._swap,
            "address": self._address,
            "cancel": self._cancel,
            "return_order": self._return,
            "product": self._product,
            "order_status": self._order_status,
            "list_orders": self._list_orders,
            "products": self._products,
            "greeting": self._greeting,
            "thanks": self._thanks,
            "help": self._help,
            "unknown": self._unknown,
        }

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        turn = Turn(request, run_tools)
        with speaking(request.language):  # answered whole before the first yield
            answer = self._answer(request, turn)
        yield from turn.events
        for piece in pieces(answer):
            yield TextDelta(piece)
        if turn.quick_replies:
            yield QuickReplies(turn.quick_replies)
        yield FinalText(answer)
        yield Usage(model_round_trips=0, tool_calls=turn.calls)

    def _answer(self, request: TurnRequest, turn: Turn) -> str:
        try:
            text = retail.offered_reply(request.text)  # a quick reply, in any language
            message = follow_up(intents.read(text), request.history)
            return self._handlers[message.intent](message, turn)
        except Exception:
            if turn.in_runner:  # the server's own failure: its caller reports it
                raise
            log.exception("local provider could not answer")
            return _(
                "Sorry, I couldn't work that out. {capabilities}", capabilities=_(CAPABILITIES)
            )

    def _greeting(self, message: Reading, turn: Turn) -> str:
        return _("Hello! I'm CloudMart's assistant. {capabilities}", capabilities=_(CAPABILITIES))

    def _thanks(self, message: Reading, turn: Turn) -> str:
        if re.search(r"\b(bye|goodbye|good bye|see you)\b", message.norm):
            return _("Goodbye, and thanks for shopping with CloudMart!")
        return _("You're welcome! Is there anything else I can help you with?")

    def _help(self, message: Reading, turn: Turn) -> str:
        return _(CAPABILITIES)

    def _unknown(self, message: Reading, turn: Turn) -> str:
        return _("Sorry, I didn't understand that. {capabilities}", capabilities=_(CAPABILITIES))

    def _yes_no(self, message: Reading, turn: Turn) -> str:
        return _(
            "There's nothing waiting for your confirmation right now. What would you like me to do?"
        )

    def _list_orders(self, message: Reading, turn: Turn) -> str:
        status = intents.status_filter(message.norm)
        data = turn.call("list_my_orders", {"status": status})
        if not data.get("ok"):
            return failed(data, "list_my_orders")
        orders = data.get("orders") or []
        lines = "".join(f"\n- {order_line(o)}" for o in orders)
        if status:
            return list_of(status, orders) + lines
        if not orders:
            return _("You have no orders.")
        return current().n_("You have {n} order:", "You have {n} orders:", len(orders)) + lines

    def _resolve(
        self, message: Reading, turn: Turn, fits: str, intent: str
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

    def _order_status(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, IN_FLIGHT, "order_status")
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

    def _cancel(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, CAN_CANCEL, "cancel")
        if order is None:
            return question
        why = intents.cancel_reason(message.text)
        data = turn.call("cancel_pending_order", {"order_id": order["id"], "reason": why})
        return acted(data, "cancel_pending_order", turn.last_held)

    def _return(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, CAN_RETURN, "return_order")
        if order is None:
            return question
        return retail.return_items(message, turn, order["id"])

    def _swap(self, message: Reading, turn: Turn) -> str:
        if not message.order_id:
            return _("Which order is the item in? Please tell me its id (like CM-1234).")
        return retail.swap(message, turn, message.order_id)

    def _pay_with(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, CAN_CANCEL, "pay_with")
        if order is None:
            return question
        return retail.pay_with(message, turn, order["id"])

    def _default_address(self, message: Reading, turn: Turn) -> str:
        new = read_address(message.text)
        if new is None:
            return _(
                "Please tell me the full new address, for example: "
                '"Change my default address to 5 Main St, Springfield, IL 62701, US".'
            )
        return retail.default_address(message, turn, new)

    def _address(self, message: Reading, turn: Turn) -> str:
        new = read_address(message.text)
        if new is None:
            return _(ASK_ADDRESS)
        order, question = self._resolve(message, turn, CAN_READDRESS, "address")
        if order is None:
            return question
        fields = retail.reference_address(new)
        data = turn.call("modify_pending_order_address", {"order_id": order["id"], **fields})
        return acted(data, "modify_pending_order_address", turn.last_held)

    def _product(self, message: Reading, turn: Turn) -> str:
        data = turn.call("get_product", {"product_id": message.product_id})
        if not data.get("ok"):
            return failed(data, "get_product")
        product = data.get("product") or {}
        text = f"{product_line(product)}."
        if product.get("description"):
            text += f" {str(product['description']).strip()}"
        return text

    def _products(self, message: Reading, turn: Turn) -> str:
        low, high = intents.prices(message.norm)
        category, words = intents.category(message.norm), intents.query_words(message.norm)
        args = {"category": category, "min_price": low, "max_price": high}
        if intents.RECOMMEND.search(message.norm) and turn.offers("recommend_products"):
            tool, intro = "recommend_products", _("Here are my suggestions:")
            data = turn.call(tool, {**args, "interest": words})
        else:
            tool, intro = "search_products", _("Here's what I found:")
            data = turn.call(tool, {**args, "query": words})
        if not data.get("ok"):
            return failed(data, tool)
        found = data.get("products") or []
        if not found:
            return _(
                "I couldn't find any products{described}. Try fewer or different words, a wider "
                "price range, or another category.",
                described=described(category, low, high),
            )
        return intro + "".join(f"\n- {product_line(p)}" for p in found)

    def _escalate(self, message: Reading, turn: Turn) -> str:
        summary = "The customer asked to talk to a person"
        said = intents.redact(message.text)
        summary += f": {said}" if said else "."
        if message.order_id:
            summary += f" (about order {message.order_id})"
        data = turn.call("transfer_to_human_agents", {"summary": summary})
        if not data.get("ok"):
            return failed(data, "transfer_to_human_agents")
        ticket = (data.get("ticket") or {}).get("id")
        return str(
            data.get("message") or _("I've passed this to a person; ticket {id}.", id=ticket)
        )
