"""Replaying a reference task through CloudMart's service methods (reads via the projection),
and the comparison of RETAIL.md §5. Test support: the assistant's tools do the same through
the chat API (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from cloudmart.errors import CloudMartError
from cloudmart.orders.service import Swap
from cloudmart.principal import Principal
from cloudmart.retail.calculate import calculate
from cloudmart.retail.projection import (
    address_in,
    customer_out,
    order_out,
    product_out,
)
from cloudmart.services import Services

DATA = Path(__file__).resolve().parents[2] / "datasets" / "retail"  # vendored, MIT (LICENSE)


def load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def normalized(value: Any) -> Any:
    """RETAIL.md §5: numbers to cents half-even, null keys dropped; list order kept."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if v is not None}
    return [normalized(v) for v in value]


def actor(task: dict[str, Any]) -> Principal:
    """The acting customer, as a verified sign-in of theirs."""
    return Principal(task["user_id"], task["email"].lower(), frozenset({"customer"}), True)


def run_call(svc: Services, who: Principal, name: str, kw: dict[str, Any]) -> Any:
    """One gold call through the service methods; a refusal raises CloudMartError."""
    orders, customers, products = svc.orders, svc.customers, svc.products
    swap = lambda: Swap(kw["item_ids"], kw.get("new_item_ids", []), kw["payment_method_id"])  # noqa: E731
    calls: dict[str, Callable[[], Any]] = {
        "get_order_details": lambda: order_out(orders.get(who, kw["order_id"])),
        "get_user_details": lambda: customer_out(customers.get(who, kw["user_id"])),
        "get_product_details": lambda: product_out(products.get(kw["product_id"])),
        "find_user_id_by_email": lambda: customers.find_by_email(who, kw["email"]).id,
        "find_user_id_by_name_zip": lambda: (
            customers.find_by_name_zip(who, kw["first_name"], kw["last_name"], kw["zip"]).id
        ),
        "list_all_product_types": lambda: products.product_types(),
        "calculate": lambda: str(calculate(kw["expression"])),
        "think": lambda: "",
        "transfer_to_human_agents": lambda: "transferred",
        "cancel_pending_order": lambda: orders.cancel(who, kw["order_id"], kw["reason"]),
        "modify_pending_order_address": lambda: orders.change_address(
            who, kw["order_id"], address_in(_address(kw), "")
        ),
        "modify_pending_order_payment": lambda: orders.change_payment(
            who, kw["order_id"], kw["payment_method_id"]
        ),
        "modify_pending_order_items": lambda: orders.change_items(who, kw["order_id"], swap()),
        "return_delivered_order_items": lambda: orders.return_items(who, kw["order_id"], swap()),
        "exchange_delivered_order_items": lambda: orders.exchange_items(
            who, kw["order_id"], swap()
        ),
        "modify_user_address": lambda: customers.change_address(
            who, kw["user_id"], address_in(_address(kw), "")
        ),
    }
    return calls[name]()


def _address(kw: dict[str, Any]) -> dict[str, str]:
    return {k: kw[k] for k in ("address1", "address2", "city", "state", "country", "zip")}


def replay(svc: Services, task: dict[str, Any]) -> list[dict[str, Any]]:
    """Each gold call in order: whether it succeeded. A refusal changes nothing and the replay
    goes on; a transfer to a human ends it."""
    who, steps = actor(task), []
    for action in task["actions"]:
        try:
            run_call(svc, who, action["name"], action["kwargs"])
            ok = True
        except CloudMartError:
            ok = False
        steps.append({"name": action["name"], "ok": ok})
        if action["name"] == "transfer_to_human_agents":
            break
    return steps
