"""The local provider's retail requests on an order's items: swap an item for another variant (an
exchange, or an item change while pending) and which units a return means."""

from __future__ import annotations

import re
from typing import Any

from i18n import _, current
from providers.local_account import chosen_method, profile
from providers.local_answers import acted, failed, status_words
from providers.local_intents import Reading
from providers.local_replies import CANCEL_REPLY, RETURN_ALL, RETURN_ONE, RETURN_REPLY
from providers.local_turn import Turn
from providers.nlu.items import goods_named
from providers.nlu.masking import mask, mask_ids
from providers.nlu.words import (
    ALL_OF,
    GIFT_CARD,
    OPTION_WORDS,
    SOME,
    THE_ONE,
    item_words,
    kept_back,
    named_once,
    names_a_thing,
    thing_kept,
    things,
)

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
    named = [line for line in lines if name_words(line["name"]) & said]
    if named:  # the catalogue's own words first: "return the portable charger" is the charger
        return named
    said = item_words(norm)  # "la botella", "die Flasche": the Water Bottle
    return [line for line in lines if name_words(line["name"]) & said]


def lines_kept(lines: list[dict[str, Any]], parts: list[str]) -> list[dict[str, Any]]:
    """The order's units named in the parts a request keeps back ("except the boots")."""
    return [line for part in parts for line in lines_named(lines, part)]


# "only one", "just one item", "solo uno", "un seul", "nur einen", "1 bottle": fewer units than
# the order has (a digit is read here, before the model's masking turns it into "0").
ONE = re.compile(
    r"\b(?:(?:only|just) (?:one|1)|one (?:item|of)|a single|1(?= [a-z])"
    r"|(?:s[oó]lo|solamente|[uú]nicamente|nom[aá]s) (?:uno|una|un)|un solo"
    r"|una sola|(?:uno|una) de|une? seule?|(?:seulement|juste|rien qu'?) ?une?|une? des"
    r"|nur (?:ein|eine[nrs]?|eins|1)|(?:eine[nrs]?|eins) der)\b"
)
# One, unnamed: "an item", "un artículo", "un article", "einen Artikel".
AN_ITEM = re.compile(
    r"\b(?:an? (?:item|product|article)|un (?:art[ií]culo|producto|article|produit|objet)"
    r"|eine?n? (?:artikel|produkt))\b"
)
# Every unit, said outright: "both", "all of", "todo el pedido", "les deux", "beide", "alles".
EVERY = re.compile(
    r"\b(?:both|all (?:of|the|my|items)|everything|the whole|ambos|ambas|los dos|las dos"
    r"|todo el|todos los|todas las|toda la|les deux|tout le|toute la|tous les|toutes les"
    r"|beide\w*|alle|alles|(?:die|den|das) ganzen?)\b"
)

# "a bottle", "una botella", "une gourde", "eine Flasche": one unit of the thing named (the
# model's masked text, where any product the catalogue sells is "xitem").
A_THING = re.compile(r"\b(?:a|an|one|un|una|une|ein|eine|einen|einer)\s+xitem\b")


def returned_units(
    details: dict[str, Any], norm: str, order_id: str, turn: Turn
) -> tuple[list[dict[str, Any]], str]:
    """The units a return means: those named; all of them only when no fewer were asked for.
    "Only one" of several unnamed items, or a thing none of them is, is a question (with the
    items as quick replies)."""
    lines = details.get("items") or []
    parts, said = kept_back(norm)
    kept = lines_kept(lines, parts)
    if kept:  # "everything except the boots", "the bottle but keep the boots": the others
        rest = [line for line in lines if line not in kept]
        if rest and (lines_named(rest, said) or ALL_OF.search(norm)):
            return returned_units({**details, "items": rest}, said, order_id, turn)
        return [], which_item(lines, order_id, turn, one=False)
    if any(thing_kept(mask(part)) for part in parts) and not lines_named(lines, said):
        # "everything except the zither": a thing the order lacks kept back is a question
        return [], which_item(lines, order_id, turn, one=False)
    named = lines_named(lines, norm)  # "return just the lamp": those units
    # A thing the order's names do not match ("the tent", "les chaussures de randonnée", "the
    # tv", goods of the lookup tables, "the zither from CM-7712"): which of them is a question,
    # never all of them.
    masked, every = mask(norm), EVERY.search(norm)
    if (
        named
        and not every
        and any(  # "the boots and the zither": not the boots alone
            not lines_named(lines, " ".join(words)) for words in things(mask_ids(norm))
        )
    ):
        return [], which_item(lines, order_id, turn, one=False)
    unmatched = (
        not named
        and not every
        and ("xitem" in masked or goods_named(masked) > 0 or names_a_thing(masked))
    )
    one = ONE.search(norm) or (
        not every and (AN_ITEM.search(norm) or A_THING.search(masked) or THE_ONE.search(norm))
    )
    if not every and not named and SOME.search(norm) and len(lines) > 1:  # "some of them"
        names = list(dict.fromkeys(line["name"] for line in lines))
        if len(names) == 1:
            return [], how_many(names[0], len(lines), order_id, turn)
        return [], which_item(lines, order_id, turn, one=False)
    if unmatched or (one and len(named or lines) > 1):
        names = list(dict.fromkeys(line["name"] for line in named or lines))
        if len(names) == 1 and not unmatched:  # two units of one product: one of them
            return (named or lines)[:1], ""
        return [], which_item(named or lines, order_id, turn, one=not unmatched)
    products = {line["name"] for line in named}
    if len(named) > 1 and len(products) == 1 and not every and said_once(norm, named[0]["name"]):
        return [], how_many(named[0]["name"], len(named), order_id, turn)  # "the bottle" of two
    if len(products) > 1 and not every:  # "the bottle and the boots": one bottle, the boots
        named = one_each_said_once(named, norm)
    return named or lines, ""


def names_items(norm: str) -> bool:
    """A request names things (the catalogue's, the lookup tables', an es/fr/de word for one, or
    a name of its own after the verb): the order's items are needed to read it."""
    masked = mask(norm)
    return bool(
        "xitem" in masked
        or goods_named(masked)
        or names_a_thing(masked)
        or item_words(norm)
        or kept_back(norm)[0]
    )


def cancel_doubt(details: dict[str, Any], norm: str, order_id: str, turn: Turn) -> str:
    """A cancel that names fewer of the order's items than it has, keeps one back ("but keep
    the headphones"), or names a thing it lacks: an order is cancelled whole, so this is a
    question, never a proposal to cancel all of it."""
    lines = details.get("items") or []
    named = lines_named(lines, norm)
    items = ", ".join(dict.fromkeys(line["name"] for line in lines))
    kept = lines_kept(lines, kept_back(norm)[0])
    if kept or (named and len(named) < len(lines) and not EVERY.search(norm)):
        turn.offer(_(CANCEL_REPLY, id=order_id))
        return _(
            "Order {order_id} has {items}. An order can only be canceled whole, not item by "
            "item; to cancel all of it, choose below.",
            order_id=order_id,
            items=items,
        )
    if not named:
        return (
            _(
                "Order {order_id} has {items}, not the item you named.",
                order_id=order_id,
                items=items,
            )
            + " "
            + _("Which order would you like to cancel?")
            + " "
            + _("Please tell me its id (like CM-1234).")
        )
    return ""


def which_item(units: list[dict[str, Any]], order_id: str, turn: Turn, one: bool) -> str:
    """Ask which item, each as a quick reply; after "only one", a product with several units is
    offered as one of them, so that its click does not ask how many in turn."""
    names = list(dict.fromkeys(line["name"] for line in units))
    several = {n for n in names if sum(line["name"] == n for line in units) > 1}
    turn.offer(
        *(
            _(RETURN_ONE if one and n in several else RETURN_REPLY, name=n, order_id=order_id)
            for n in names
        )
    )
    return _(
        "Which item of order {order_id} would you like to return: {items}?",
        order_id=order_id,
        items=", ".join(names),
    )


def one_each_said_once(named: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """Of several products named, one unit of each named in the singular: never every unit of
    a product for a word that names one (the proposal lists them; the shopper confirms)."""
    kept, seen = [], set()
    for line in named:
        if line["name"] in seen and said_once(norm, line["name"]):
            continue
        seen.add(line["name"])
        kept.append(line)
    return kept


def said_once(norm: str, name: str) -> bool:
    """The product is named in the singular ("the bottle", "la botella", "die Flasche"), where
    its plural differs ("the bottles", "the boots", "die Stiefel" say no number)."""
    said, words = set(re.findall(r"[a-z0-9]+", norm)), name_words(name)
    plural = {f"{w}s" for w in words} | {f"{w}es" for w in words}
    if said & plural or any(w.endswith("s") for w in words & said):
        return False
    return bool(words & said) or named_once(norm, words)


def how_many(name: str, count: int, order_id: str, turn: Turn) -> str:
    """Ask whether one unit or all of them, with both as quick replies."""
    turn.offer(
        _(RETURN_ONE, name=name, order_id=order_id), _(RETURN_ALL, name=name, order_id=order_id)
    )
    return _(
        "Order {order_id} has {count} units of {name}: would you like to return just one, or all "
        "{count}?",
        order_id=order_id,
        count=count,
        name=name,
    )


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
    kept = lines_kept(lines, kept_back(message.norm)[0])
    named = [line for line in lines_named(lines, message.norm) if line not in kept] or (
        lines if len({i["product_id"] for i in lines}) == 1 and not kept else []
    )  # "the bottle but not the boots": the bottle; "everything except the boots": which?
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
    # "... and pay the difference with my gift card", "... con mi tarjeta regalo"
    if PAYMENT_WORDS.search(message.norm) or GIFT_CARD.search(message.norm):
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
