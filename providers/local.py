"""LocalProvider: an offline, deterministic assistant (no model, no key) for everyday requests."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator

from i18n import _, current, speaking
from providers import local_account as account
from providers import local_intents as intents
from providers import local_nlu as nlu
from providers import local_orders
from providers import local_replies as replies
from providers import local_search as search
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
from providers.local_answers import (
    CAPABILITIES,
    described,
    failed,
    follow_up,
    list_of,
    order_line,
    pieces,
    product_line,
)
from providers.local_intents import Reading
from providers.local_turn import Turn

log = logging.getLogger(__name__)


class LocalProvider(Provider):
    """Reads the message with the learned intent model and the entity rules, and answers from
    the tools' results."""

    name = "local"

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[Reading, Turn], str]] = {
            "yes_no": self._yes_no,
            "escalate": self._escalate,
            "gift_card": lambda message, turn: account.gift_cards(message, turn),
            "profile": lambda message, turn: account.profile_answer(turn),
            "unsure": self._unsure,
            "default_address": local_orders.default_address,
            "pay_with": local_orders.pay_with,
            "swap": local_orders.swap,
            "address": local_orders.address,
            "cancel": local_orders.cancel,
            "return_order": local_orders.return_order,
            "product": self._product,
            "order_status": local_orders.order_status,
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
            text = replies.offered_reply(request.text)  # a quick reply, in any language
            message = follow_up(nlu.read(text), request.history)
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

    def _unsure(self, message: Reading, turn: Turn) -> str:
        """Not sure enough to touch an order: ask which request was meant."""
        turn.offer(*nlu.offers(message))
        if nlu.how_to(message):  # the way to do it is here: nothing changes before a confirmation
            return _(
                "I can help with that right here: choose it below or tell me which order, and "
                "I'll check what is possible and show you exactly what would change before "
                "anything is done."
            )
        return _(
            "I'm not sure what you'd like me to do. Please choose one, or say it in other words."
        )

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
        low, high = search.prices(message.norm)
        category, words = search.category(message.norm), search.query_words(message.norm)
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
