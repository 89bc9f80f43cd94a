"""Which units of an order a request means: the products it names and how many it counts
("only one item", "two of the bottles"). Rule-based and model-free, so any reader of a message
(the local provider, a learned intent model) can share it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from i18n import N_, _

NUMBERS = {"one": 1, "a single": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBER = "|".join([*sorted(NUMBERS, key=len, reverse=True), r"\d{1,2}"])
# "only one", "just 2", "one item", "two of the bottles", "a single item": a count of units.
# A bare "one" ("for a red one", "return one of my orders") is no count of units.
COUNTED = re.compile(
    rf"\b(?:(?:only|just)\s+(?P<a>{_NUMBER})\b"
    rf"|(?P<b>{_NUMBER})\s+(?:of\s+(?:the|them|my|those|these)\b(?!\s+orders?\b)"
    r"|(?:items?|units?|things?)\b))"
)


@dataclass(frozen=True)
class Units:
    """The order lines a request means, or (`lines` empty) the question that asks which."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    question: str = ""
    options: tuple[str, ...] = ()


def count_named(norm: str) -> int | None:
    """How many units a (normalised) message counts, or None when it counts none."""
    match = COUNTED.search(norm)
    if match is None:
        return None
    said = match.group("a") or match.group("b")
    return int(said) if said.isdigit() else NUMBERS[said]


def units_meant(
    lines: list[dict[str, Any]], named: list[dict[str, Any]], norm: str, order_id: str
) -> Units:
    """The units a return means: those `named` (or, naming none, all of the order's), cut to
    the count it names. When the count leaves a choice between different items, it asks which
    (never all): quick replies name each item, so a tap answers it."""
    chosen = named or lines
    count = count_named(norm)
    if count is None or count >= len(chosen):
        return Units(chosen)
    if len({line["item_id"] for line in chosen}) == 1:  # units of one variant: any `count` do
        return Units(chosen[:count])
    names = list(dict.fromkeys(line["name"] for line in chosen))
    items = ", ".join(names)
    # The replies are the English commands the patterns read, whatever the turn's language.
    if count == 1:  # a tap sends "Return only one <item> from <order>": one unit of it
        question = _(ASK_ONE, order_id=order_id, items=items)
        options = tuple(f"Return only one {name} from {order_id}" for name in names)
    else:  # a tap names one item (all its units); the customer may name others after
        question = _(ASK_SOME, count=count, order_id=order_id, items=items)
        options = tuple(f"Return the {name} from {order_id}" for name in names)
    return Units(question=question, options=options)


ASK_ONE = N_("Which item of order {order_id} would you like to return: {items}?")
ASK_SOME = N_("Which {count} items of order {order_id} would you like to return: {items}?")
