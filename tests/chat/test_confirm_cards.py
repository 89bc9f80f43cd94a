"""A confirm card shows the operation, not the order: the units it touches (before and after for
a swap) and the money it moves, in the summary and in the facts the page renders; nothing else."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.shared_shop

BOOTS = "Summit Trail Waterproof Hiking Boots"
BOTTLE = "Glacier Insulated Water Bottle 32 oz"


def card(say: Any, thread: Any, text: str) -> tuple[str, dict[str, Any]]:
    action = say(thread(), text)["pendingAction"]
    assert action is not None
    return action["summary"], action["details"]


def bottle(color: str, item_id: str, price: float = 29.99) -> dict[str, Any]:
    """One unit of a water-bottle variant, as a card lists it."""
    return {
        "productId": "P-1015",
        "itemId": item_id,
        "name": BOTTLE,
        "options": {"color": color, "capacity": "32 oz"},
        "quantity": 1,
        "unitPrice": price,
    }


BLUE = bottle("glacier blue", "P-1015")


def test_an_exchange_of_one_of_two_bottles_shows_that_unit_and_no_difference(
    say: Any, thread: Any
) -> None:
    summary, facts = card(say, thread, "swap the water bottle in CM-7712 for a red one")
    red = bottle("red", "P-1015-RED")
    assert facts == {
        "order": {"id": "CM-7712"},
        "money": [],
        "swaps": [{"before": BLUE, "after": red}],
        "difference": {"amount": 0.0, "payer": None, "method": None},
    }
    assert BOOTS not in summary and "$199.97" not in summary  # the rest of the order
    assert "No price difference." in summary and "you get back" not in summary


def test_an_exchange_that_costs_more_says_who_pays_and_how(say: Any, thread: Any) -> None:
    text = "exchange the water bottle in CM-7712 for the 40 oz one, paid with my gift card"
    summary, facts = card(say, thread, text)
    assert facts["difference"] == {"amount": 5.0, "payer": "customer", "method": "gift card"}
    assert facts["swaps"][0]["after"]["unitPrice"] == 34.99
    assert "Price difference $5.00, which you pay with gift card" in summary


def test_a_return_of_some_items_shows_those_units_and_their_refund(say: Any, thread: Any) -> None:
    summary, facts = card(say, thread, "return just the water bottles from CM-7712")
    assert facts == {
        "order": {"id": "CM-7712"},
        "money": [],  # refunded once the items arrive
        "items": [{**BLUE, "quantity": 2}],
        "refund": {"amount": 59.98, "method": "visa ending 4242"},
    }
    assert BOOTS not in summary and "$199.97" not in summary


def test_a_payment_change_shows_only_the_money(say: Any, thread: Any) -> None:
    summary, facts = card(say, thread, "pay CM-7890 with my gift card")
    assert set(facts) == {"order", "money"}
    assert [(m["kind"], m["amount"], m["method"]) for m in facts["money"]] == [
        ("payment", 79.99, "gift card"),
        ("refund", 79.99, "visa ending 4242"),
    ]
    assert facts["money"][0]["giftCardBalanceAfter"] == 70.01
    assert summary == (
        "Pay order CM-7890 with gift card: $79.99 charged to gift card (balance after: "
        "$70.01); $79.99 refunded to visa ending 4242."
    )


def test_a_cancel_touches_every_unit(say: Any, thread: Any) -> None:
    summary, facts = card(say, thread, "cancel order CM-7890")
    headphones = facts["items"]
    assert [(i["name"], i["quantity"]) for i in headphones] == [
        ("Aurora Wireless Noise-Cancelling Headphones", 1)
    ]
    assert [(m["kind"], m["amount"]) for m in facts["money"]] == [("refund", 79.99)]
    assert "$79.99 refunded to visa ending 4242" in summary
