"""Only one, or one unnamed ("an item"), as shoppers write it in each language: a return of fewer
items than the order has."""

from __future__ import annotations

import pytest

from providers import local_intents as intents
from providers.local_retail import ONE

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
    "I want to return an item",
    "can I send something back from CM-7712?",
    "Devolver un artículo",
    "quiero devolver algo del pedido CM-7712",
    "Retourner un article",
    "je voudrais renvoyer quelque chose",
    "Einen Artikel zurückgeben",
    "ich möchte etwas zurückschicken",
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
