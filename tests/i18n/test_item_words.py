"""The shop's products as es/fr/de shoppers name them read as one placeholder; look-alike words
("tu me montres", "um sieben Uhr", "una tienda de ropa") stay words."""

from __future__ import annotations

import pytest

from providers.nlu.corpus import mask

NAMED = [
    "quiero devolver los audífonos",
    "el altavoz no suena",
    "busco una cafetera",
    "la tienda de campaña vino rota",
    "el saco de dormir no abriga",
    "je renvoie l'enceinte",
    "la cafetière fuit",
    "le sac de couchage est trop petit",
    "la montre connectée ne s'allume pas",
    "der Lautsprecher ist kaputt",
    "ich suche eine Kaffeemaschine",
    "die Laufschuhe sind zu klein",
    "ich suche eine Schreibtischlampe",
    "die Herrenjacken",
]
WORDS = [
    "tu me montres mes commandes ?",
    "kommt es um sieben Uhr?",
    "una tienda de ropa",
    "livre-la au bureau",
    "buch mir einen Flug",
]


@pytest.mark.parametrize("text", NAMED)
def test_a_product_named_in_each_language_is_one_placeholder(text: str) -> None:
    assert "xitem" in mask(text)


@pytest.mark.parametrize("text", WORDS)
def test_words_that_look_like_products_are_not(text: str) -> None:
    assert "xitem" not in mask(text)
