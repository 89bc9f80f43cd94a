"""The local provider run without a server for a customer with one order of each kind, the case
where a change needs the least to be proposed: "cancel it" finds the only pending order, "return
it" the only delivered one, each with one item. Every call that needs the customer's confirmation
is recorded: a proposal. `bench nlu` and tests/chat/test_local_understanding.py count them for
the corpus's look-ups (there must be none)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cloudmart.models import ADDRESS_CHANGEABLE, CANCELABLE, IN_FLIGHT, RETURNABLE
from cloudmart.principal import Principal
from cloudmart.tools import TOOLS
from cloudmart.tools.runner import AWAITING_CONFIRMATION
from providers.base import ToolCall, ToolResult, TurnRequest
from providers.local import LocalProvider

CUSTOMER = Principal("c-1", "alice@example.com", frozenset({"customer"}))
SPECS = TOOLS.specs_for(CUSTOMER)  # the real tools, as a customer is offered them
CONFIRMED = frozenset(spec.name for spec in SPECS if spec.needs_confirmation)
ADDRESS = {"street": "1 Old Rd", "city": "Austin", "postalCode": "73301", "country": "US"}


def _order(order_id: str, status: str) -> dict[str, Any]:
    return {
        "id": order_id,
        "status": status,
        "total": 45.0,
        "createdAt": "2026-11-01T09:00:00.000000Z",
        "items": [{"productId": "P-1001", "name": "Aurora Headphones", "quantity": 1}],
        "shippingAddress": ADDRESS,
        "canCancel": status in CANCELABLE,
        "canChangeAddress": status in ADDRESS_CHANGEABLE,
        "canReturn": status in RETURNABLE,
        "inFlight": status in IN_FLIGHT,
    }


ORDERS = [_order("CM-7890", "pending"), _order("CM-7712", "delivered")]


COLOURS = ("black", "white", "red", "blue", "green", "grey")
SIZES = ("s", "m", "l", "xl", "small", "medium", "large", *map(str, range(6, 13)))
LINE = {
    "item_id": "I-black-m",
    "product_id": "P-1001",
    "name": "Aurora Headphones",
    "price": 45.0,
    "options": {"color": "black", "size": "m"},
}
# Every colour in every size, in stock: any option a message names finds a variant.
PRODUCT = {
    "product_id": "P-1001",
    "name": "Aurora Headphones",
    "variants": {
        f"I-{c}-{s}": {
            "item_id": f"I-{c}-{s}",
            "options": {"color": c, "size": s},
            "available": True,
            "price": 45.0,
        }
        for c in COLOURS
        for s in SIZES
    },
}
METHODS = {
    "gift_card_1": {"id": "gift_card_1", "source": "gift_card", "balance": 100},
    "credit_card_1": {
        "id": "credit_card_1",
        "source": "credit_card",
        "brand": "visa",
        "last_four": "1234",
    },
    "paypal_1": {"id": "paypal_1", "source": "paypal"},
}
PROFILE = {"ok": True, "user_id": "alice_1", "user": {"payment_methods": METHODS}}


def _details(arguments: dict[str, Any]) -> dict[str, Any]:
    view = next((o for o in ORDERS if o["id"] == arguments.get("order_id")), ORDERS[0])
    payment = {"transaction_type": "payment", "amount": 45.0, "payment_method_id": "credit_card_1"}
    return {
        "ok": True,
        "view": view,
        "order": {"order_id": view["id"], "items": [LINE], "payment_history": [payment]},
    }


ANSWERS: dict[str, Any] = {
    "list_my_orders": lambda _: {"ok": True, "orders": ORDERS, "count": len(ORDERS)},
    "get_order_details": _details,
    "get_product_details": {"ok": True, "product": PRODUCT},
    "get_my_profile": PROFILE,
}


class Recorder:
    """Answers each call as the server would; the calls it would hold for confirmation are
    the turn's proposals."""

    def __init__(self) -> None:
        self.proposed: list[str] = []

    def __call__(self, calls: Sequence[ToolCall]) -> list[ToolResult]:
        results = []
        for call in calls:
            if call.name in CONFIRMED:
                self.proposed.append(call.name)
                data = {"ok": True, "status": AWAITING_CONFIRMATION, "actionId": "act_1"}
            else:
                answer = ANSWERS.get(call.name, {"ok": True})
                data = answer(dict(call.arguments)) if callable(answer) else answer
            held = data.get("status") == AWAITING_CONFIRMATION
            results.append(ToolResult(call.id, call.name, json.dumps(data), True, data, held))
        return results


def proposals(text: str, language: str = "en") -> list[str]:
    """The tools a first message would have proposed to run (none for a look-up)."""
    recorder = Recorder()
    request = TurnRequest("conv-1", text, "", tuple(SPECS), language=language)
    list(LocalProvider().run_turn(request, recorder))
    return recorder.proposed
