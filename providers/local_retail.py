"""The local provider's retail requests: swap an item for another variant (an exchange, or an
item change while pending), pay with another method, the default address, gift-card balances,
and which units a return means. Plain English in; the reference tools out."""

from __future__ import annotations

import re
from typing import Any

from i18n import DEFAULT, LANGUAGES, N_, Translator, _, current
from providers.local_answers import acted, failed, money, status_words
from providers.local_intents import Reading
from providers.local_turn import Turn
from providers.nlu.words import OPTION_WORDS

GENERIC = frozenset(
    ["the", "and", "for", "with", "set", "kit", "pack", "pro", "plus", "new", "one"]
)
PAYMENT_WORDS = re.compile(r"\b(gift ?card|paypal|card ending)\b")
WANTED = re.compile(r"\b(?:for|to|with|into|por|pour|gegen)\b(.*)$")


def name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 2} - GENERIC


def lines_named(lines: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """The order's units whose product the customer names ("the keyboard", "the lamp")."""
    said = set(re.findall(r"[a-z0-9]+", norm))
    said |= {w[:-1] for w in said if w.endswith("s")}  # "bottles" names a bottle
    return [line for line in lines if name_words(line["name"]) & said]


# "only one", "just one item", "solo uno", "un seul", "nur einen": fewer units than the order has.
ONE = re.compile(
    r"\b(?:(?:only|just) (?:one|1)|one (?:item|of)|a single"
    r"|(?:s[oó]lo|solamente|[uú]nicamente|nom[aá]s) (?:uno|una|un)|un solo"
    r"|una sola|(?:uno|una) de|une? seule?|(?:seulement|juste|rien qu'?) ?une?|une? des"
    r"|nur (?:ein|eine[nrs]?|eins|1)|(?:eine[nrs]?|eins) der)\b"
)


RETURN_REPLY = N_("Return the {name} from {order_id}")  # the answer to "which item?"


def returned_units(
    details: dict[str, Any], norm: str, order_id: str, turn: Turn
) -> tuple[list[dict[str, Any]], str]:
    """The units a return means: those named; all of them only when no fewer were asked for.
    "Only one" of several unnamed items is a question (with the items as quick replies)."""
    lines = details.get("items") or []
    named = lines_named(lines, norm)  # "return just the lamp": those units
    if ONE.search(norm) and len(named or lines) > 1:
        names = list(dict.fromkeys(line["name"] for line in named or lines))
        if len(names) == 1:  # two units of one product: one of them
            return (named or lines)[:1], ""
        turn.offer(
            *(_("Return the {name} from {order_id}", name=n, order_id=order_id) for n in names)
        )
        question = _(
            "Which item of order {order_id} would you like to return: {items}?",
            order_id=order_id,
            items=", ".join(names),
        )
        return [], question
    return named or lines, ""


def best_variant(product: dict[str, Any], line: dict[str, Any], norm: str) -> dict[str, Any] | None:
    """The available variant whose options the customer asks for ("a clicky one", "size L in
    red"): the most option values named after "for/to/with", the fewest other changes."""
    match = WANTED.search(norm)
    wanted = match.group(1) if match else norm
    wanted = re.sub(r"\w+", lambda m: OPTION_WORDS.get(m.group(0), m.group(0)), wanted)
    best, best_key = None, (0, 0)
    for variant in product.get("variants", {}).values():
        if not variant.get("available") or variant["item_id"] == line["item_id"]:
            continue
        named = sum(
            1
            for value in variant["options"].values()
            if re.search(rf"(?<![a-z0-9]){re.escape(str(value).lower())}(?![a-z0-9])", wanted)
        )
        same = sum(1 for k, v in variant["options"].items() if line["options"].get(k) == v)
        if named and (named, same) > best_key:
            best, best_key = variant, (named, same)
    return best


def swap(message: Reading, turn: Turn, order_id: str) -> str:
    """Exchange a delivered order's item, or change a pending order's, for another variant."""
    data = turn.call("get_order_details", {"order_id": order_id})
    if not data.get("ok"):
        return failed(data, "get_order_details")
    details, view = data.get("order") or {}, data.get("view") or {}
    tool = {
        "delivered": "exchange_delivered_order_items",
        "pending": "modify_pending_order_items",
    }.get(str(view.get("status")))
    if tool is None:
        return _(
            "Order {order_id} is {status}: an item can be changed while the order is pending, "
            "or exchanged once it is delivered.",
            order_id=order_id,
            status=status_words(view.get("status")),
        )
    lines = details.get("items") or []
    named = lines_named(lines, message.norm) or (
        lines if len({i["product_id"] for i in lines}) == 1 else []
    )
    if not named:
        listed = current().listing(dict.fromkeys(line["name"] for line in lines))
        return _(
            "Which item of order {order_id} would you like to swap: {items}?",
            order_id=order_id,
            items=listed,
        )
    line = named[0]
    product = turn.call("get_product_details", {"product_id": line["product_id"]})
    if not product.get("ok"):
        return failed(product, "get_product_details")
    variant = best_variant(product.get("product") or {}, line, message.norm)
    if variant is None:
        return _(
            "Sorry, no {product} for sale matches that. Tell me the options you'd like (now: "
            "{options}).",
            product=line["name"],
            options=", ".join(line["options"].values()),
        )
    paid = (details.get("payment_history") or [{}])[0].get("payment_method_id", "")
    if PAYMENT_WORDS.search(message.norm):  # "... and pay the difference with my gift card"
        data, problem = profile(turn)
        if data is None:
            return problem
        method = chosen_method(list(data["user"]["payment_methods"].values()), message.norm)
        paid = method["id"] if method else paid
    args = {
        "order_id": order_id,
        "item_ids": [line["item_id"]],
        "new_item_ids": [variant["item_id"]],
        "payment_method_id": paid,
    }
    return acted(turn.call(tool, args), tool, turn.last_held)


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
    methods = "; ".join(_method_name(m) for m in user.get("payment_methods", {}).values())
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
    ending = re.search(r"\bending(?: in)?\s*(\d{4})\b|\b(\d{4})\b", norm)
    for method in methods:
        source = method["source"]
        if source == "gift_card" and re.search(r"\bgift ?card\b", norm):
            return method
        if source == "paypal" and "paypal" in norm:
            return method
        if source == "credit_card":
            digits = ending and (ending.group(1) or ending.group(2))
            if digits == method.get("last_four") or method.get("brand", "") in norm.split():
                return method
    return None


def pay_with(message: Reading, turn: Turn, order_id: str) -> str:
    data, problem = profile(turn)
    if data is None:
        return problem
    methods = list(data["user"]["payment_methods"].values())
    method = chosen_method(methods, message.norm)
    if method is None:
        names = ", ".join(_method_name(m) for m in methods)
        turn.offer(*(_(PAY_REPLY, order_id=order_id, method=_said_name(m)) for m in methods))
        return _("Which payment method would you like to use? You have: {methods}.", methods=names)
    args = {"order_id": order_id, "payment_method_id": method["id"]}
    data = turn.call("modify_pending_order_payment", args)
    return acted(data, "modify_pending_order_payment", turn.last_held)


# The quick replies of "which payment method?", in the turn's language; `offered_reply` reads
# one back as the English command the assistant's patterns know.
PAY_REPLY = N_("pay {order_id} with {method}")
SAID_NAMES = {
    "credit_card": N_("the card ending {last_four}"),
    "paypal": N_("my paypal"),
    "gift_card": N_("my gift card"),
}


def _said_name(method: dict[str, Any], words: Translator | None = None) -> str:
    """A method as a customer would name it, so the words find it again."""
    said = (words or current())._
    return said(
        SAID_NAMES.get(method["source"], SAID_NAMES["gift_card"]), last_four=method.get("last_four")
    )


def offered_reply(text: str) -> str:
    """A payment or return quick reply we offered, in any language, as the English command it
    stands for; any other text as it is."""
    for language in LANGUAGES:
        words = Translator(language)
        if returning := _pattern(words._(RETURN_REPLY)).fullmatch(text.strip()):
            return Translator(DEFAULT)._(RETURN_REPLY, **returning.groupdict())
        found = _pattern(words._(PAY_REPLY)).fullmatch(text.strip())
        if found is None:
            continue
        for source, name in SAID_NAMES.items():
            said = _pattern(words._(name)).fullmatch(found["method"])
            if said is not None:
                method = {"source": source, "last_four": said.groupdict().get("last_four")}
                english = _said_name(method, Translator(DEFAULT))
                return Translator(DEFAULT)._(PAY_REPLY, order_id=found["order_id"], method=english)
    return text


def _pattern(template: str) -> re.Pattern[str]:
    """A translated template as a pattern: each {name} matches what was put in its place."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(f"(?P<{part}>.+?)" if n % 2 else re.escape(part) for n, part in enumerate(parts)),
        re.I,
    )


def _method_name(method: dict[str, Any]) -> str:
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
