"""The customer's own account in the local provider: the profile, gift-card balances, paying
an order with another method, the default address."""

from __future__ import annotations

import re
from typing import Any

from i18n import _
from providers.local_answers import acted, failed, money
from providers.local_ids import ORDER_ID
from providers.local_intents import Reading
from providers.local_replies import PAY_REPLY, said_name
from providers.local_turn import Turn
from providers.nlu.words import GIFT_CARD


def profile(turn: Turn) -> tuple[dict[str, Any] | None, str]:
    data = turn.call("get_my_profile", {})
    if not data.get("ok"):
        return None, failed(data, "get_my_profile")
    return data, ""


def profile_answer(turn: Turn) -> str:
    """The customer's own profile: name, email, default address and payment methods."""
    data, problem = profile(turn)
    if data is None:
        return problem
    user = data["user"]
    name = " ".join(str(user.get("name", {}).get(k, "")) for k in ("first_name", "last_name"))
    address = ", ".join(str(v) for v in (user.get("address") or {}).values() if v)
    methods = "; ".join(method_name(m) for m in user.get("payment_methods", {}).values())
    return _(
        "Your profile: {name}, {email}. Default address: {address}. Payment methods on file: "
        "{methods}.",
        name=name.strip() or data.get("user_id"),
        email=user.get("email", ""),
        address=address or "-",
        methods=methods or "-",
    )


def gift_cards(message: Reading, turn: Turn) -> str:
    data, problem = profile(turn)
    if data is None:
        return problem
    cards = [m for m in data["user"]["payment_methods"].values() if m["source"] == "gift_card"]
    if not cards:
        return _("You have no gift card on file.")
    if len(cards) == 1:
        return _("Your gift card has {balance} left.", balance=money(cards[0]["balance"]))
    listed = "; ".join(f"{c['id']}: {money(c['balance'])}" for c in cards)
    return _("Your gift cards: {cards}.", cards=listed)


def chosen_method(methods: list[dict[str, Any]], norm: str) -> dict[str, Any] | None:
    """The payment method the customer names: a gift card, PayPal, a card ending 1234, a
    brand."""
    # four digits that are not the order's: "pay CM-7890 with the card ending 4242"
    digits = set(re.findall(r"\b\d{4}\b", ORDER_ID.sub(" ", norm)))
    for method in methods:
        source = method["source"]
        if source == "gift_card" and GIFT_CARD.search(norm):
            return method
        if source == "paypal" and "paypal" in norm:
            return method
        if source == "credit_card" and (
            method.get("last_four") in digits or method.get("brand", "") in norm.split()
        ):
            return method
    return None


def pay_with(message: Reading, turn: Turn, order_id: str) -> str:
    data, problem = profile(turn)
    if data is None:
        return problem
    methods = list(data["user"]["payment_methods"].values())
    method = chosen_method(methods, message.norm)
    if method is None:
        names = ", ".join(method_name(m) for m in methods)
        turn.offer(*(_(PAY_REPLY, order_id=order_id, method=said_name(m)) for m in methods))
        return _("Which payment method would you like to use? You have: {methods}.", methods=names)
    args = {"order_id": order_id, "payment_method_id": method["id"]}
    data = turn.call("modify_pending_order_payment", args)
    return acted(data, "modify_pending_order_payment", turn.last_held)


def method_name(method: dict[str, Any]) -> str:
    if method["source"] == "credit_card":
        brand = method.get("brand") or _("card")
        return _("{brand} ending {last_four}", brand=brand, last_four=method.get("last_four"))
    return "PayPal" if method["source"] == "paypal" else _("a gift card")


def default_address(message: Reading, turn: Turn, new: Any) -> str:
    data, problem = profile(turn)
    if data is None:
        return problem
    args = {"user_id": data["user_id"], **reference_address(new)}
    return acted(turn.call("modify_user_address", args), "modify_user_address", turn.last_held)


def reference_address(new: Any) -> dict[str, str]:
    """A parsed address as the retail tools' six fields (no recipient: the order's stays)."""
    return {
        "address1": new.street,
        "address2": "",
        "city": new.city,
        "state": new.state or "",
        "country": new.country,
        "zip": new.postal_code,
    }
