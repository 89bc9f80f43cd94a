"""The offline assistant's retail requests in plain English, end to end on the demo shop:
swap an item for another variant, pay another way, return only some items, the default
address, the gift-card balance and tracking; each in at least three phrasings."""

from __future__ import annotations

import re
from typing import Any

import pytest

from providers import local_intents as intents
from providers.local_account import chosen_method
from tests.conftest import ALICE, CAROL

pytestmark = pytest.mark.shared_shop
ADDRESS = {
    "name": "Alice Johnson",
    "street": "12 Harbor Lane",
    "city": "Portland",
    "postalCode": "97201",
    "country": "US",
}


def pending(turn: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    action = turn["pendingAction"]
    assert action is not None, turn["response"]
    return action["tool"], action["arguments"]


@pytest.mark.parametrize(
    "text",
    [
        "exchange the water bottle in CM-7712 for a red one",
        "I'd like to swap the bottle from order 7712 for the red one please",
        "can I switch the water bottles in cm7712 to red?",
        "exchange the bottle in CM-7712 but not the boots for a red one",  # kept back
    ],
)
def test_exchange_an_item_by_its_options(thread: Any, say: Any, text: str) -> None:
    turn = say(thread(), text)
    assert pending(turn) == (
        "exchange_delivered_order_items",
        {
            "order_id": "CM-7712",
            "item_ids": ["P-1015"],
            "new_item_ids": ["P-1015-RED"],
            "payment_method_id": "credit_card_1001",
        },
    )
    summary = turn["pendingAction"]["summary"]  # the same price: nothing is said to move
    assert "No price difference." in summary and "$0.00" not in summary


@pytest.mark.parametrize(
    "text",
    [
        "swap the keyboard in {id} for a clicky one",
        "change the keyboard of order {id} to the clicky version",
        "exchange my keyboard in {id} for one with linear switches",
    ],
)
def test_change_a_pending_orders_item_and_pay_the_difference(
    client: Any, auth: Any, thread: Any, say: Any, text: str
) -> None:
    placed = client.post(
        "/api/orders",
        json={"items": [{"productId": "P-1006", "quantity": 1}], "shippingAddress": ADDRESS},
        headers=auth(ALICE),
    ).json  # the tactile keyboard, 119.00 by card
    tid = thread()
    turn = say(tid, text.format(id=placed["id"]))
    tool, args = pending(turn)
    assert tool == "modify_pending_order_items" and args["item_ids"] == ["P-1006"]
    clicky = args["new_item_ids"] == ["P-1006-CLK"]  # 124.00; the linear one is 119.00
    assert clicky or args["new_item_ids"] == ["P-1006-LIN"]
    money = (
        "Price difference $5.00, which you pay: $5.00 charged to visa ending 4242"
        if clicky
        else "No price difference."
    )
    assert money in turn["pendingAction"]["summary"]
    assert "$0.00" not in turn["pendingAction"]["summary"]
    say(tid, "yes")
    order = client.get(f"/api/orders/{placed['id']}", headers=auth(ALICE)).json
    assert (
        order["status"] == "items_modified" and order["items"][0]["itemId"] in args["new_item_ids"]
    )
    assert order["paymentHistory"][-1]["amount"] == (5.0 if clicky else 0.0)


def test_no_available_variant_fits(thread: Any, say: Any) -> None:
    turn = say(thread(), "exchange the water bottle in CM-7712 for a purple one")
    assert turn["pendingAction"] is None and "no Glacier Insulated" in turn["response"]


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("pay CM-7890 with my gift card", "gift_card_1001"),
        ("can I use my gift card for order 7890?", "gift_card_1001"),
        ("charge cm 7890 to my paypal instead", "paypal_1001"),
        # the gift card as es/fr/de shoppers name it, not in a quick reply's words
        ("paga el pedido CM-7890 con mi tarjeta regalo", "gift_card_1001"),
        ("je veux régler CM-7890 par carte cadeau", "gift_card_1001"),
        ("Bestellung CM-7890 bitte mit der Geschenkkarte bezahlen", "gift_card_1001"),
    ],
)
def test_pay_a_pending_order_another_way(thread: Any, say: Any, text: str, method: str) -> None:
    turn = say(thread(), text)
    assert pending(turn) == (
        "modify_pending_order_payment",
        {"order_id": "CM-7890", "payment_method_id": method},
    )
    # "$79.99 refunded to visa ending 4242", in the conversation's language
    assert re.search(r"79[.,]99.{0,50}4242", turn["pendingAction"]["summary"])


@pytest.mark.parametrize(
    "text",
    [
        "pay CM-7890 with the card ending 4242",
        "paga CM-7890 con la tarjeta terminada en 4242",
        "pay order 7890 with card 4242",
    ],
)
def test_a_cards_last_four_is_read_beside_the_orders_number(text: str) -> None:
    methods = [
        {"id": "gift_card_1", "source": "gift_card"},
        {"id": "credit_card_1", "source": "credit_card", "brand": "visa", "last_four": "4242"},
    ]
    assert chosen_method(methods, intents.read(text).norm) == methods[1]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("return just the water bottles from CM-7712", ["P-1015", "P-1015"]),
        ("I want to return the boots in order 7712", ["P-1013"]),
        ("send the hiking boots from cm7712 back", ["P-1013"]),
        ("return order CM-7712", ["P-1013", "P-1015", "P-1015"]),
        # the things named as es/fr/de shoppers name them: those units, never the whole order
        ("devolver las botellas del pedido CM-7712", ["P-1015", "P-1015"]),
        ("quiero devolver las botas del CM-7712", ["P-1013"]),
        ("retourner les gourdes de la commande CM-7712", ["P-1015", "P-1015"]),
        ("je renvoie les chaussures de randonnée de CM-7712", ["P-1013"]),
        ("die Trinkflaschen aus CM-7712 zurückgeben", ["P-1015", "P-1015"]),
        ("die Stiefel aus CM-7712 zurückschicken", ["P-1013"]),
        ("devolver todo el pedido CM-7712", ["P-1013", "P-1015", "P-1015"]),
        # its items in general are the order, not a thing it lacks
        ("return the items from CM-7712", ["P-1013", "P-1015", "P-1015"]),
        ("devolver los productos del pedido CM-7712", ["P-1013", "P-1015", "P-1015"]),
        ("retourner les articles de la commande CM-7712", ["P-1013", "P-1015", "P-1015"]),
        ("die Artikel aus CM-7712 zurückgeben", ["P-1013", "P-1015", "P-1015"]),
        # every unit said outright wins over "one bottle", "something"
        ("one bottle leaks, so return both bottles from CM-7712", ["P-1015", "P-1015"]),
        ("return all of CM-7712, something's off", ["P-1013", "P-1015", "P-1015"]),
        ("devuelvo todo el pedido CM-7712, algo no funciona", ["P-1013", "P-1015", "P-1015"]),
        # one of the two bottles: "a bottle" is one unit
        ("return a water bottle from CM-7712", ["P-1015"]),
        ("quiero devolver una botella del CM-7712", ["P-1015"]),
        ("je veux retourner une gourde de CM-7712", ["P-1015"]),
        ("ich möchte eine Flasche aus CM-7712 zurückgeben", ["P-1015"]),
    ],
)
def test_return_some_or_all_items(thread: Any, say: Any, text: str, items: list[str]) -> None:
    tool, args = pending(say(thread(), text))
    assert tool == "return_delivered_order_items" and args["item_ids"] == items


@pytest.mark.parametrize(
    "text",
    [
        "Return only one item from CM-7712",
        "I just want to return one item of order 7712",
        "return just one of the items in cm7712",
        "send a single item from CM-7712 back",
    ],
)
def test_a_return_counting_fewer_items_than_the_order_asks_which(
    thread: Any, say: Any, text: str
) -> None:
    tid = thread()
    asked = say(tid, text)
    assert asked["pendingAction"] is None, asked["response"]
    assert "Which item of order CM-7712" in asked["response"]
    boots = "Return the Summit Trail Waterproof Hiking Boots from CM-7712"
    # two bottles: offered as one of them, so that the click does not ask how many in turn
    bottle = "Return one Glacier Insulated Water Bottle 32 oz from CM-7712"
    assert asked["quickReplies"] == [boots, bottle]
    tool, args = pending(say(tid, boots))  # the button sends its text: the boots alone
    assert tool == "return_delivered_order_items" and args["item_ids"] == ["P-1013"]
    again = thread()
    say(again, text)
    tool, args = pending(say(again, bottle))
    assert tool == "return_delivered_order_items" and args["item_ids"] == ["P-1015"]


@pytest.mark.parametrize(
    "text",
    [
        "return the tent from CM-7712",
        "devolver la tienda de campaña del CM-7712",
        "den Schlafsack aus CM-7712 zurückgeben",
        # goods no catalogue name ends with, known from the lookup tables (providers/nlu/goods)
        "return the hair dryer from CM-7712",
        "quiero devolver la licuadora del CM-7712",
        "je renvoie le grille-pain de la CM-7712",
        "den Staubsauger aus CM-7712 bitte zurücknehmen",
        "return the corkscrew from CM-7712",
        "quiero devolver el sacacorchos del CM-7712",
        "je veux retourner le tire-bouchon de la CM-7712",
        "den Korkenzieher aus CM-7712 zurückschicken",
        # a thing taken out of the order by a name no table knows
        "return the zither from CM-7712",
        "devolver el bandoneón del CM-7712",
        "je renvoie la cithare de la commande CM-7712",
        "die Zither aus CM-7712 zurückgeben",
    ],
)
def test_a_return_naming_a_thing_the_order_lacks_asks_which(
    thread: Any, say: Any, text: str
) -> None:
    """The order has boots and bottles: "the tent" is a question with its items as quick
    replies, never a return of all of them."""
    asked = say(thread(), text)
    assert asked["pendingAction"] is None, asked["response"]
    assert len(asked["quickReplies"]) == 2 and "CM-7712" in asked["response"]


@pytest.mark.parametrize(
    "text",
    [
        "return the zither",
        "can I return the zither please, it arrived broken",
        "devolver el bandoneón",
        "je veux renvoyer la cithare",
        "ich möchte die Zither zurückgeben",
        # some of the items, none named, or one described but not named
        "return some of the items",
        "return half of it",
        "devolver algunos artículos",
        "je veux renvoyer quelques articles",
        "ich will ein paar Sachen zurückschicken",
        "i want to return the thing that broke",
        "el que se rompió, quiero devolverlo",
        "celui qui fuit, je le renvoie",
        # one of its items and a thing it lacks: not the item alone
        "return the boots and the zither from CM-7712",
        "devolver las botas y la cítara del CM-7712",
        "return the boots and the Aurora headphones from CM-7712",
    ],
)
def test_a_part_of_the_order_not_named_by_its_items_asks_which(
    thread: Any, say: Any, text: str
) -> None:
    """The order named a turn before, a thing no table knows, some items or one described named
    now: which of its items is a question, never a return of all of them."""
    tid = thread()
    say(tid, "where is order CM-7712?")
    asked = say(tid, text)
    assert asked["pendingAction"] is None, asked["response"]
    assert len(asked["quickReplies"]) == 2 and "CM-7712" in asked["response"]


@pytest.mark.parametrize(
    "text",
    [
        "return the whole order",
        "please send the entire order back",
        "devolver el pedido entero",
        "je veux renvoyer la commande entière",
        "ich will die ganze Bestellung zurückschicken",
    ],
)
def test_the_whole_order_named_from_the_conversation_is_proposed_whole(
    thread: Any, say: Any, text: str
) -> None:
    """Words that name the order itself are not a thing it lacks: every unit is proposed."""
    tid = thread()
    say(tid, "where is order CM-7712?")
    tool, args = pending(say(tid, text))
    assert tool == "return_delivered_order_items"
    assert sorted(args["item_ids"]) == ["P-1013", "P-1015", "P-1015"]


# What the shopper keeps back is never returned: (message, the units proposed; None: a question)
KEPT_BACK = [
    ("return everything except the boots", ["P-1015", "P-1015"]),
    ("return all but the boots", ["P-1015", "P-1015"]),
    ("i only want to return the boots, not the bottles", ["P-1013"]),
    ("return the boots, keep the bottles", ["P-1013"]),
    ("devolver todo menos las botas", ["P-1015", "P-1015"]),
    ("tout renvoyer sauf les bottes", ["P-1015", "P-1015"]),
    ("alles außer den Stiefeln zurückgeben", ["P-1015", "P-1015"]),
    ("alles aus CM-7712 zurück, nur die Stiefel nicht", ["P-1015", "P-1015"]),
    ("devuelvo las botas del CM-7712 y me quedo las botellas", ["P-1013"]),
    # the bottle, of which the order has two: how many is asked; never the boots
    ("return the bottle but keep the boots", None),
    ("keep the boots and return the bottle", None),
    ("devolver la botella pero me quedo con las botas", None),
    ("je renvoie la gourde, pas les bottes", None),
    ("ich behalte die Stiefel, die Flasche geht zurück", None),
    # a thing the order lacks kept back: which items is a question
    ("return everything except the zither", None),
    # a negation that is not a keeping back
    ("je ne veux pas les bottes, je les renvoie", ["P-1013"]),
    ("the boots keep leaking, return them", ["P-1013"]),
    ("i can't keep the boots, they're too small, return them", ["P-1013"]),
    ("ich will die Stiefel nicht, sie gehen zurück", ["P-1013"]),
    # the boots named, as the reason: those, not kept back
    ("quiero devolver el pedido CM-7712, no me gustan las botas", ["P-1013"]),
    ("die Stiefel behalte ich, die Flasche geht zurück", None),
]


@pytest.mark.parametrize(("text", "items"), KEPT_BACK)
def test_what_the_shopper_keeps_back_is_never_returned(
    thread: Any, say: Any, text: str, items: list[str] | None
) -> None:
    tid = thread()
    say(tid, "where is order CM-7712?")
    answer = say(tid, text)
    if items is None:
        assert answer["pendingAction"] is None, answer["response"]
        assert "CM-7712" in answer["response"] and answer["quickReplies"]
        for reply in answer["quickReplies"]:
            assert "Boots" not in reply or "zither" in text, reply
    else:
        tool, args = pending(answer)
        assert tool == "return_delivered_order_items" and args["item_ids"] == items


@pytest.mark.parametrize(
    "text",
    [
        "cancel just the boots",
        "cancel the zither",
        "cancelar la cítara",
        "je veux annuler la cithare",
        "ich will die Zither stornieren",
    ],
)
def test_a_cancel_naming_a_thing_the_order_lacks_asks_which_order(
    thread: Any, say: Any, text: str
) -> None:
    """Alice's only cancellable order has headphones: a cancel of the boots (in a delivered
    order) or of a zither is a question, never a proposal to cancel the headphones' order."""
    asked = say(thread(), text)
    assert asked["pendingAction"] is None, asked["response"]
    assert "CM-7890" in asked["response"] and "Aurora" in asked["response"]


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("cancel the cookbook from CM-7912", "Cancel order CM-7912"),
        ("cancelar solo el libro de cocina del pedido CM-7912", "Cancelar el pedido CM-7912"),
        (
            "annuler seulement le livre de cuisine de la commande CM-7912",
            "Annuler la commande CM-7912",
        ),
    ],
)
def test_a_cancel_of_some_of_the_orders_items_offers_the_whole_order(
    thread: Any, say: Any, text: str, reply: str
) -> None:
    """An order is cancelled whole: one of its three books is a question with the whole order as
    the quick reply, whose click proposes cancelling it."""
    tid = thread(CAROL)
    asked = say(tid, text, CAROL)
    assert asked["pendingAction"] is None, asked["response"]
    assert asked["quickReplies"] == [reply]
    tool, args = pending(say(tid, reply, CAROL))
    assert tool == "cancel_pending_order" and args["order_id"] == "CM-7912"


@pytest.mark.parametrize(
    "text",
    [
        "exchange everything in CM-7712 except the boots for red ones",
        "cambiar todo del CM-7712 menos las botas por rojas",
    ],
)
def test_an_exchange_of_all_but_one_item_asks_which(thread: Any, say: Any, text: str) -> None:
    """One item is swapped at a time: the rest of the order is a question, never the boots."""
    asked = say(thread(), text)
    assert asked["pendingAction"] is None, asked["response"]
    assert "CM-7712" in asked["response"] and "Glacier" in asked["response"]


@pytest.mark.parametrize(
    "text",
    ["cancel CM-7890 but keep the headphones", "cancel everything except the headphones"],
)
def test_a_cancel_keeping_an_item_back_offers_the_whole_order(
    thread: Any, say: Any, text: str
) -> None:
    asked = say(thread(), text)
    assert asked["pendingAction"] is None, asked["response"]
    assert asked["quickReplies"] == ["Cancel order CM-7890"]


# A product the order has two units of, named once: one of them, or both? (language, message,
# the answer's words)
NAMED_ONCE = [
    ("en", "return the water bottle from CM-7712", "just one, or all 2"),
    ("es", "devolver la botella del pedido CM-7712", "solo una unidad o las 2"),
    ("fr", "retourner la gourde de la commande CM-7712", "une seule unité, ou les 2"),
    ("de", "die Trinkflasche aus CM-7712 zurückgeben", "nur eine Einheit oder alle 2"),
]


@pytest.mark.parametrize(("language", "text", "words"), NAMED_ONCE)
def test_a_product_named_once_of_several_units_asks_how_many(
    thread: Any, say: Any, language: str, text: str, words: str
) -> None:
    """The bottle of an order with two bottles: neither one nor both is proposed; it asks, with
    both answers as quick replies in the conversation's language; each click proposes its units."""
    asked = say(thread(), text)
    assert asked["pendingAction"] is None and words in asked["response"], asked["response"]
    one, every = asked["quickReplies"]
    for reply, items in ((one, ["P-1015"]), (every, ["P-1015", "P-1015"])):
        tid = thread()
        say(tid, text)
        tool, args = pending(say(tid, reply))
        assert tool == "return_delivered_order_items" and args["item_ids"] == items, reply


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # two products named, the one with two units in the singular: one of it, never both
        ("return the water bottle and the boots from CM-7712", ["P-1013", "P-1015"]),
        ("devolver la botella y las botas del pedido CM-7712", ["P-1013", "P-1015"]),
        ("retourner la gourde et les bottes de la commande CM-7712", ["P-1013", "P-1015"]),
        ("die Trinkflasche und die Stiefel aus CM-7712 zurückgeben", ["P-1013", "P-1015"]),
        # in the plural: every unit of it
        ("return the bottles and the boots from CM-7712", ["P-1013", "P-1015", "P-1015"]),
        ("devolver las botellas y las botas del pedido CM-7712", ["P-1013", "P-1015", "P-1015"]),
        # a digit counts as the word does
        ("return 1 water bottle from CM-7712", ["P-1015"]),
    ],
)
def test_each_product_named_counts_the_units_said(
    thread: Any, say: Any, text: str, items: list[str]
) -> None:
    tool, args = pending(say(thread(), text))
    assert tool == "return_delivered_order_items" and args["item_ids"] == items


def test_a_count_that_covers_the_named_units_proposes_them(thread: Any, say: Any) -> None:
    tool, args = pending(say(thread(), "return the two water bottles from CM-7712"))
    assert tool == "return_delivered_order_items" and args["item_ids"] == ["P-1015", "P-1015"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("envía el pedido CM-7890 a Calle Mayor 5, 28013 Madrid", "dirección completa con el país"),
        ("livrez la commande CM-7890 au 10 rue de Rivoli, 75001 Paris", "complète avec le pays"),
        ("schick CM-7890 bitte an Hauptstraße 5, 10115 Berlin", "neue Adresse mit dem Land"),
    ],
)
def test_an_address_with_no_country_is_asked_for_with_its_country(
    thread: Any, say: Any, text: str, words: str
) -> None:
    """Five digits and a city are a postal address in many countries: never sent to the US."""
    turn = say(thread(), text)
    assert turn["pendingAction"] is None and words in turn["response"], turn["response"]


@pytest.mark.parametrize(
    "text",
    [
        "envía el pedido CM-7890 a 5 Main St, Springfield, IL 62701, US por favor",
        "livrez la commande CM-7890 au 5 Main St, Springfield, IL 62701, États-Unis",
        "schick die Bestellung CM-7890 bitte an 5 Main St, Springfield, IL 62701, USA",
        "send CM-7890 to a 2nd floor office: 5 Main St, Springfield, IL 62701, US",
    ],
)
def test_an_orders_new_address_in_each_language(thread: Any, say: Any, text: str) -> None:
    tool, args = pending(say(thread(), text))
    assert tool == "modify_pending_order_address" and args["order_id"] == "CM-7890"
    assert (args["address1"], args["city"], args["state"], args["zip"], args["country"]) == (
        "5 Main St",
        "Springfield",
        "IL",
        "62701",
        "US",
    )


@pytest.mark.parametrize(
    "text",
    [
        "change my default address to 5 Main St, Springfield, IL 62701, US",
        "please update the address on my profile to 5 Main St, Springfield, IL 62701",
        "set my home address to 5 Main St, Springfield, IL 62701, US",
        "cambia mi dirección predeterminada a 5 Main St, Springfield, IL 62701, EE.UU.",
    ],
)
def test_change_the_default_address(
    client: Any, auth: Any, thread: Any, say: Any, text: str
) -> None:
    tid = thread()
    tool, args = pending(say(tid, text))
    assert tool == "modify_user_address" and args["user_id"] == "alice_johnson_1001"
    assert (args["address1"], args["city"], args["state"], args["zip"]) == (
        "5 Main St",
        "Springfield",
        "IL",
        "62701",
    )
    say(tid, "yes")
    me = client.get("/api/me", headers=auth(ALICE)).json
    assert me["address"]["street"] == "5 Main St" and me["address"]["name"] == "Alice Johnson"
    order = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert order["shippingAddress"]["street"] == "12 Harbor Lane"  # orders keep theirs


@pytest.mark.parametrize(
    "text",
    ["what's my gift card balance?", "how much is left on my gift card", "gift card balance"],
)
def test_the_gift_card_balance(thread: Any, say: Any, text: str) -> None:
    turn = say(thread(), text)
    assert turn["response"] == "Your gift card has $150.00 left."


@pytest.mark.parametrize(
    "text",
    ["track CM-7712", "what's the tracking number for order 7712?", "tracking for cm7712 please"],
)
def test_tracking(thread: Any, say: Any, text: str) -> None:
    turn = say(thread(), text)
    assert "Tracking number: 000000007712" in turn["response"], turn["response"]


def test_an_exchange_whose_difference_a_gift_card_pays(thread: Any, say: Any) -> None:
    text = "exchange the water bottle in CM-7712 for the 40 oz one, paid with my gift card"
    tool, args = pending(say(thread(), text))
    assert (tool, args["new_item_ids"], args["payment_method_id"]) == (
        "exchange_delivered_order_items",
        ["P-1015-40"],
        "gift_card_1001",
    )


def test_a_question_offers_its_answers_as_quick_replies(thread: Any, say: Any) -> None:
    tid = thread(CAROL)
    asked = say(tid, "cancel my order", email=CAROL)  # carol has two orders she can cancel
    assert asked["quickReplies"] == ["CM-7912", "CM-7895"]
    picked = say(tid, asked["quickReplies"][0], email=CAROL)  # the button sends its text
    tool, args = pending(picked)
    assert (tool, args["order_id"]) == ("cancel_pending_order", "CM-7912")
    ask_method = say(thread(), "pay CM-7890 with another card")
    assert ask_method["pendingAction"] is None
    assert "pay CM-7890 with my gift card" in ask_method["quickReplies"]


def test_a_return_of_two_units_refunds_both(thread: Any, say: Any) -> None:
    turn = say(thread(), "return just the water bottles from CM-7712")
    summary = turn["pendingAction"]["summary"]
    assert summary.count("Glacier Insulated Water Bottle 32 oz") == 2
    assert "$59.98 is refunded to visa ending 4242" in summary
