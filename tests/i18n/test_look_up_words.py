"""Wanting to see or check something, as es/fr/de shoppers say it, is shaped as a look-up: a
change read into it needs the higher bar, never the plain one."""

from __future__ import annotations

import pytest

from providers import local_intents, local_nlu

LOOK_UPS = [
    "je veux regarder l'adresse du compte",
    "je voudrais vérifier l'adresse de mon profil",
    "quiero revisar la dirección de mi cuenta",
    "quisiera comprobar la tarjeta de mi pedido",
    "ich möchte die Adresse in meinem Konto nachschauen",
    "ich will meine Standardadresse prüfen",
]
CHANGES = [
    "je veux changer l'adresse de mon compte",
    "quiero cambiar la dirección de mi perfil",
    "ich möchte meine Standardadresse ändern",
]


@pytest.mark.parametrize("text", LOOK_UPS)
def test_wanting_to_see_is_a_look_up(text: str) -> None:
    assert local_nlu.looks_up(local_intents.read(text).norm)


@pytest.mark.parametrize("text", CHANGES)
def test_wanting_a_change_is_not(text: str) -> None:
    assert not local_nlu.looks_up(local_intents.read(text).norm)
