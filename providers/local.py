"""LocalProvider: an offline, deterministic assistant (no model, no key) for everyday requests."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any
from uuid import uuid4

from providers import local_intents as intents
from providers.base import (
    Event,
    FinalText,
    Message,
    Provider,
    TextDelta,
    ToolCall,
    ToolCallMade,
    ToolResult,
    ToolRunner,
    TurnRequest,
    Usage,
)
from providers.local_intents import Reading

log = logging.getLogger(__name__)

CAPABILITIES = (
    "I can help you with:\n- your orders: list them or check where one is\n"
    "- cancel an order, change its shipping address or return it\n"
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
CAN_CANCEL = CAN_READDRESS = ("pending", "processing")
IN_FLIGHT = ("pending", "processing", "shipped")
CAN_RETURN = ("delivered",)
SUGGEST = {
    "get_order": "Please check the order id, or ask me to show your orders.",
    "cancel_order": "An order that has shipped can't be canceled, but you can return it once it "
    "is delivered. I can also connect you with a person.",
    "update_shipping_address": "Once an order has shipped its address can't be changed; "
    "I can connect you with a person if you need help.",
    "request_return": "Returns are possible for delivered orders within the return window; "
    "I can connect you with a person if you need more help.",
    "escalate_to_human": "Please check the order id, or ask again without it.",
    "get_product": 'You can search for it by name instead, e.g. "find headphones".',
}


def money(value: Any) -> str:
    try:
        return f"${float(value):,.2f}"
    except (TypeError, ValueError):
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


class Turn:
    """One turn's tool calls: only offered tools, only declared arguments, each one recorded."""

    def __init__(self, request: TurnRequest, run_tools: ToolRunner) -> None:
        self.specs = {spec.name: spec for spec in request.tools}
        self.max_rounds = max(1, request.max_tool_rounds)
        self.run_tools = run_tools
        self.events: list[Event] = []
        self.calls = 0
        self.in_runner = False

    def offers(self, name: str) -> bool:
        return name in self.specs

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        spec = self.specs.get(name)
        if spec is None or self.calls >= self.max_rounds:
            return {"ok": False, "error": "I can't do that in this chat", "unavailable": True}
        declared = {p.name for p in spec.parameters}
        args = {k: v for k, v in arguments.items() if k in declared and v not in (None, "")}
        call = ToolCall(id=f"local_{uuid4().hex[:16]}", name=name, arguments=args)
        self.in_runner = True
        results = self.run_tools([call])
        self.in_runner = False
        self.calls += 1
        result = next((r for r in results if r.call_id == call.id), None)
        if result is None:  # a runner that answered nothing for this call
            result = ToolResult(call.id, name, "", False, {"ok": False, "error": "no answer"})
        self.events.append(ToolCallMade(call, result))
        return _data(result)


def _data(result: ToolResult) -> dict[str, Any]:
    if result.data:
        return dict(result.data)
    try:
        data = json.loads(result.output)
    except (TypeError, ValueError):
        data = None
    return data if isinstance(data, dict) else {"ok": result.ok, "error": result.output}


def failed(data: dict[str, Any], tool: str) -> str:
    error = str(data.get("error") or "something went wrong").rstrip(".")
    if data.get("unavailable"):
        return f"Sorry, {error}. {CAPABILITIES}"
    if "not found" in error.lower():
        tool = "get_order" if "order" in error.lower() else tool
    return f"Sorry, that didn't work: {error}. {SUGGEST.get(tool, 'Please try again.')}"


def acted(data: dict[str, Any], tool: str) -> str:
    """The answer to a state-changing call: held for confirmation, done, or refused."""
    if not data.get("ok"):
        return failed(data, tool)
    if data.get("status") == "awaiting_confirmation":
        return f"Here's what I'll do: {data.get('summary', '').strip()} {CONFIRM}"
    return str(data.get("message") or "Done.")


class LocalProvider(Provider):
    """Reads the message with a table of patterns and answers from the tools' results."""

    name = "local"

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[Reading, Turn], str]] = {
            "yes_no": self._yes_no,
            "escalate": self._escalate,
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
        try:
            message = follow_up(intents.read(request.text), request.history)
            answer = self._handlers[message.intent](message, turn)
        except Exception:
            if turn.in_runner:  # the server's own failure: its caller reports it
                raise
            log.exception("local provider could not answer")
            answer = f"Sorry, I couldn't work that out. {CAPABILITIES}"
        yield from turn.events
        for piece in pieces(answer):
            yield TextDelta(piece)
        yield FinalText(answer)
        yield Usage(model_round_trips=0, tool_calls=turn.calls)

    def _greeting(self, message: Reading, turn: Turn) -> str:
        return f"Hello! I'm CloudMart's assistant. {CAPABILITIES}"

    def _thanks(self, message: Reading, turn: Turn) -> str:
        if re.search(r"\b(bye|goodbye|good bye|see you)\b", message.norm):
            return "Goodbye, and thanks for shopping with CloudMart!"
        return "You're welcome! Is there anything else I can help you with?"

    def _help(self, message: Reading, turn: Turn) -> str:
        return CAPABILITIES

    def _unknown(self, message: Reading, turn: Turn) -> str:
        return f"Sorry, I didn't understand that. {CAPABILITIES}"

    def _yes_no(self, message: Reading, turn: Turn) -> str:
        return (
            "There's nothing waiting for your confirmation right now. What would you like me to do?"
        )

    def _list_orders(self, message: Reading, turn: Turn) -> str:
        status = intents.status_filter(message.norm)
        data = turn.call("list_my_orders", {"status": status})
        if not data.get("ok"):
            return failed(data, "list_my_orders")
        orders = data.get("orders") or []
        kind = f"{status_words(status)} " if status else ""
        if not orders:
            return f"You have no {kind}orders."
        lines = "".join(f"\n- {order_line(o)}" for o in orders)
        noun = "order" if len(orders) == 1 else "orders"
        return f"You have {len(orders)} {kind}{noun}:{lines}"

    def _resolve(
        self, message: Reading, turn: Turn, fits: tuple[str, ...], verb: str
    ) -> tuple[dict[str, Any] | None, str]:
        """The order meant: the one named, else the only one that fits; else a question."""
        if message.order_id:
            return {"id": message.order_id}, ""
        ask = f"Which order would you like to {verb}? Please tell me its id (like CM-1234)."
        if not turn.offers("list_my_orders"):
            return None, ask
        data = turn.call("list_my_orders", {"limit": 20})
        if not data.get("ok"):
            return None, ask
        orders = [o for o in data.get("orders") or [] if o.get("status") in fits]
        if len(orders) == 1:
            return orders[0], ""
        if not orders:
            return None, f"I couldn't find an order of yours that I can {verb}. " + (
                "You can ask me to show your orders."
                if data.get("orders")
                else "You don't have any orders yet."
            )
        lines = "".join(f"\n- {order_line(o)}" for o in orders)
        return None, f"Which order would you like to {verb}?{lines}\nPlease tell me its id."

    def _order_status(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, IN_FLIGHT, "check")
        if order is None:
            return question
        if "status" not in order:
            data = turn.call("get_order", {"order_id": order["id"]})
            if not data.get("ok"):
                return failed(data, "get_order")
            order = data.get("order") or {}
        status = str(order.get("status"))
        text = f"Order {order.get('id')} {STATUS_SENTENCE.get(status, status_words(status))}"
        if status == "delivered" and day(order.get("deliveredAt")):
            text += f" on {day(order.get('deliveredAt'))}"
        text += "."
        if items(order):
            text += f" It contains {items(order)}, total {money(order.get('total'))}."
        if (placed := day(order.get("createdAt"))) and status in IN_FLIGHT:
            text += f" It was placed on {placed}."
        return text

    def _cancel(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, CAN_CANCEL, "cancel")
        if order is None:
            return question
        why = intents.reason(message.text)
        data = turn.call("cancel_order", {"order_id": order["id"], "reason": why})
        return acted(data, "cancel_order")

    def _return(self, message: Reading, turn: Turn) -> str:
        order, question = self._resolve(message, turn, CAN_RETURN, "return")
        if order is None:
            return question
        why = intents.reason(message.text) or "customer requested a return"
        return acted(
            turn.call("request_return", {"order_id": order["id"], "reason": why}), "request_return"
        )

    def _address(self, message: Reading, turn: Turn) -> str:
        new = intents.address(message.text)
        if new is None:
            return ASK_ADDRESS
        order, question = self._resolve(message, turn, CAN_READDRESS, "re-address")
        if order is None:
            return question
        name, problem = (new.name, "") if new.name else self._recipient(order, turn)
        if not name:
            return problem
        fields = {k: v for k, v in asdict(new).items() if k != "name"}
        data = turn.call(
            "update_shipping_address", {"order_id": order["id"], "name": name, **fields}
        )
        return acted(data, "update_shipping_address")

    def _recipient(self, order: dict[str, Any], turn: Turn) -> tuple[str | None, str]:
        """The name the order ships to now (looked up if the order is not at hand), or why not."""
        address = order.get("shippingAddress")
        if address is None:
            data = turn.call("get_order", {"order_id": order["id"]})
            if not data.get("ok"):
                return None, failed(data, "get_order")
            address = (data.get("order") or {}).get("shippingAddress")
        name = (address or {}).get("name")
        return name, "" if name else "Who should the order go to? Please include the name."

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
            tool, intro = "recommend_products", "Here are my suggestions:"
            data = turn.call(tool, {**args, "interest": words})
        else:
            tool, intro = "search_products", "Here's what I found:"
            data = turn.call(tool, {**args, "query": words})
        if not data.get("ok"):
            return failed(data, tool)
        found = data.get("products") or []
        if not found:
            return (
                f"I couldn't find any products{_described(category, low, high)}. Try fewer "
                "or different words, a wider price range, or another category."
            )
        return intro + "".join(f"\n- {product_line(p)}" for p in found)

    def _escalate(self, message: Reading, turn: Turn) -> str:
        summary = "The customer asked to talk to a person"
        said = intents.redact(message.text)
        summary += f": {said}" if said else "."
        data = turn.call("escalate_to_human", {"summary": summary, "order_id": message.order_id})
        if not data.get("ok"):
            return failed(data, "escalate_to_human")
        ticket = (data.get("ticket") or {}).get("id")
        return str(data.get("message") or f"I've passed this to a person; ticket {ticket}.")


def _described(category: str | None, low: Any, high: Any) -> str:
    text = f" in {category}" if category else ""
    if low is not None and high is not None:
        return f"{text} between {money(low)} and {money(high)}"
    if high is not None:
        return f"{text} under {money(high)}"
    return f"{text} over {money(low)}" if low is not None else text
