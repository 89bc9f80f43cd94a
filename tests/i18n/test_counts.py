"""Only one, or one unnamed ("an item"), as shoppers write it in each language: a return of fewer
items than the order has."""

from __future__ import annotations

import pytest

from providers import local_intents as intents
from providers.local_retail import AN_ITEM, EVERY, ONE

FEWER = [
    "return only one item from CM-7712",
    "quiero devolver solamente uno",
    "devolver únicamente una camiseta del CM-7712",
    "devuelvo nomás uno",
    "je ne renvoie qu'un seul article",
    "rien qu'un article de la CM-7712",
    "ich will nur eins zurückschicken",
    "nur ein Paar aus CM-7712 zurückgeben",
    "eine der Flaschen zurückschicken",
]
# One, unnamed: "an item" of an order of several is a question, never all of them.
AN_ITEM_SAID = [
    "I want to return an item",
    "Devolver un artículo",
    "Retourner un article",
    "Einen Artikel zurückgeben",
]
# Every unit, said outright: wins over "a bottle", "an item" or a thing the order lacks.
EVERY_SAID = [
    "one bottle leaks, so return both bottles from CM-7712",
    "return all of CM-7712, something's off",
    "devuelvo todo el pedido CM-7712, algo no funciona",
    "je renvoie les deux gourdes",
    "die Stiefel sind etwas zu klein, ich schicke beide Paare zurück",
]
ALL = [
    "devolver todo el pedido CM-7712",
    "je renvoie les deux",
    "ich schick beide zurück",
    "keine der beiden passt, alles zurück",
    "return the items of CM-7712",
    "devolver los artículos del pedido CM-7712",
    "retourner les articles de la commande CM-7712",
    "die Artikel aus CM-7712 zurückgeben",
]


@pytest.mark.parametrize("text", FEWER)
def test_fewer_items_than_the_order_has(text: str) -> None:
    assert ONE.search(intents.read(text).norm)


@pytest.mark.parametrize("text", ALL)
def test_every_item_is_not_read_as_one(text: str) -> None:
    assert not ONE.search(intents.read(text).norm)


@pytest.mark.parametrize("text", AN_ITEM_SAID)
def test_an_item_unnamed_is_one(text: str) -> None:
    assert AN_ITEM.search(intents.read(text).norm)


@pytest.mark.parametrize("text", EVERY_SAID)
def test_every_unit_said_outright(text: str) -> None:
    assert EVERY.search(intents.read(text).norm)
