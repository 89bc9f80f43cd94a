"""Only one, as es/fr/de shoppers write it: a return of fewer items than the order has."""

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
]
ALL = [
    "devolver todo el pedido CM-7712",
    "je renvoie les deux",
    "ich schick beide zurück",
    "keine der beiden passt, alles zurück",
]


@pytest.mark.parametrize("text", FEWER)
def test_fewer_items_than_the_order_has(text: str) -> None:
    assert ONE.search(intents.read(text).norm)


@pytest.mark.parametrize("text", ALL)
def test_every_item_is_not_read_as_one(text: str) -> None:
    assert not ONE.search(intents.read(text).norm)
