"""The shop's products as es/fr/de shoppers name them: one placeholder for the model, the
catalogue's English words for the entity rules; look-alike words ("tu me montres", "um sieben
Uhr", "una tienda de ropa") stay words."""

from __future__ import annotations

import pytest

from providers.nlu.corpus import mask
from providers.nlu.items import GOODS_DIR, goods, goods_named
from providers.nlu.words import item_words, named_once

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


# Goods no catalogue name ends with, from the lookup tables: each thing named counts once (the
# longest name: "hair dryer" is one thing, not two); the model reads every table's goods as
# " xgoods" added after the words.
GOODS = [
    ("do you stock hair dryers", 1, 1),  # "do you stock hair dryers xgoods"
    ("a hair straightener and a phone case", 2, 2),
    ("busco una licuadora y dos tostadoras", 2, 2),
    ("vous vendez des grille-pain ?", 1, 1),
    ("habt ihr Rasenmäher?", 1, 1),
    ("do you sell houses", 0, 0),
    ("¿venden seguros de coche?", 0, 0),
    ("where is my order CM-7890", 0, 0),
]


@pytest.mark.parametrize(("text", "things", "marks"), GOODS)
def test_goods_of_the_lookup_tables_are_counted_once_each(
    text: str, things: int, marks: int
) -> None:
    masked = mask(text)
    assert goods_named(masked.removesuffix(" xgoods" * marks)) == things, masked
    assert masked.count("xgoods") == marks
    assert "xgoods" not in masked.removesuffix(" xgoods" * marks)  # added after the words


def test_each_language_has_a_lookup_table_of_goods() -> None:
    assert sorted(p.stem for p in GOODS_DIR.glob("*.txt")) == ["de", "en", "es", "fr"]
    assert ("hair", "straightener") in goods() and ("rasenmaher",) in goods()  # folded
    assert not any(word.startswith("#") for name in goods() for word in name)


@pytest.mark.parametrize("text", NAMED)
def test_a_product_named_in_each_language_is_one_placeholder(text: str) -> None:
    assert "xitem" in mask(text)


@pytest.mark.parametrize("text", WORDS)
def test_words_that_look_like_products_are_not(text: str) -> None:
    assert "xitem" not in mask(text)


# What the entity rules read a return or exchange's thing as: the English words of the names.
THINGS = {
    "devolver la botella": {"bottle"},
    "las botas del CM-7712": {"boots"},
    "el saco de dormir": {"sleeping", "bag"},
    "retourner la gourde": {"bottle"},
    "le sac à dos": {"backpack"},
    "le casque": {"headphones", "helmet"},  # either: the order's items decide
    "die Trinkflasche": {"bottle"},
    "die Wanderschuhe": {"boots"},
    "una tienda de ropa": set(),  # a shop, not a tent
    "can you pull up CM-1": set(),  # English words: "pull" is a sweater only as "le pull"
    "tu me montres ma commande ?": set(),
    "ces chaussures me font des ampoules": {"shoes", "boots"},  # blisters, not bulbs
    "die Tastatur": {"keyboard"},
    "das Hemd": {"shirt"},
}


@pytest.mark.parametrize(("text", "english"), THINGS.items())
def test_a_thing_named_in_each_language_is_read_as_the_catalogues_words(
    text: str, english: set[str]
) -> None:
    assert item_words(text) == english


# A thing named once, in the singular, where its plural differs (True), or in the plural or a
# form that is both (False): "the bottle" of two bottles asks how many.
NUMBER = {
    "devolver la botella": True,
    "devolver las botellas": False,
    "retourner la gourde": True,
    "je renvoie les tuyaux d'arrosage": False,
    "den Stuhl zurückgeben": True,
    "die Stühle zurückgeben": False,
    "die Flasche ist undicht": True,
    "die Stiefel": False,  # Stiefel: one or several
    "las gafas de sol": False,  # gafas: always plural
    "quiero devolver algo": False,  # nothing named
}


@pytest.mark.parametrize(("text", "once"), NUMBER.items())
def test_a_thing_named_in_the_singular_is_told_from_its_plural(text: str, once: bool) -> None:
    assert named_once(text) is once


def test_the_number_of_one_thing_among_several() -> None:
    """ "la botella y las botas": the bottle once, the boots not; each read on its own."""
    text = "devolver la botella y las botas"
    assert named_once(text) is False
    assert named_once(text, {"water", "bottle"}) is True
    assert named_once(text, {"hiking", "boots"}) is False
    assert named_once(text, {"tent"}) is False  # not named at all
