"""Detecting a message's language: right for >= 97% of short shop messages in each language,
and no guess where a message is too short to tell (issue 21)."""

from __future__ import annotations

import pytest

from cloudmart.chat.language import instructions, turn_language
from i18n import LANGUAGES, from_accept_language
from i18n.detect import detect
from i18n.samples import accuracy, samples


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_least_97_percent_of_short_shop_messages_are_detected_right(language: str) -> None:
    figures = accuracy()[language]
    assert figures["messages"] >= 200
    assert figures["accuracy"] >= 0.97, figures["wrong"]


def test_the_samples_are_short_with_order_ids_and_typos() -> None:
    for language in LANGUAGES:
        said = samples(language)
        assert max(len(text.split()) for text in said) <= 12
        assert sum("CM-" in text for text in said) >= 15
        assert len(set(said)) == len(said)


@pytest.mark.parametrize("text", ["si", "ok", "ja", "CM-7890", "#W0001234", "42", "👍", "?", ""])
def test_a_message_too_short_to_tell_is_not_guessed(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("cancela el pedido CM-7890 porfa", "es"),
        ("annule la commande CM-7890 stp", "fr"),
        ("storniere die Bestellung CM-7890", "de"),
        ("cancel order CM-7890 please", "en"),
        ("Où est ma commande ?", "fr"),
        ("¿Dónde está mi pedido?", "es"),
    ],
)
def test_a_short_request_with_an_order_id_is_detected(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("livrez CM-7890 au 5 Main St, Springfield, IL 62701, US", "fr"),
        ("schick CM-7890 an 5 Main St, Springfield, IL 62701, USA", "de"),
        ("envía el CM-7890 a 5 Main St, Springfield, IL 62701", "es"),
        ("ship CM-7890 to 5 Main St, Springfield, IL 62701, US", "en"),
        ("I have 2 orders, one is late, the other is fine", "en"),
        ("3 botellas llegaron rotas, pedido 45678, quiero devolverlas", "es"),
        ("1 question, where is my order 12345", "en"),
    ],
)
def test_an_address_says_nothing_about_the_language(text: str, language: str) -> None:
    """A postal address is written the same in any language: the words around it tell (the
    English street words made "livrez ... au" read as English)."""
    assert detect(text) == language


def test_the_turn_language_follows_the_order_of_precedence() -> None:
    spanish = "donde esta mi pedido"
    assert turn_language("de", spanish, "fr", "en") == "de"  # the profile first
    assert turn_language(None, spanish, "fr", "en") == "es"  # then the message
    assert turn_language(None, "si", "fr", "en") == "fr"  # too short: the conversation's
    assert turn_language(None, "si", None, "de-AT,de;q=0.9") == "de"  # then the browser
    assert turn_language(None, "si", None, None) == "en"  # else English
    assert turn_language(None, "ok", None, "it, fr;q=0.5") == "fr"


def test_accept_language_is_read_with_its_weights() -> None:
    assert from_accept_language("es-MX,es;q=0.9,en;q=0.8") == "es"
    assert from_accept_language("en;q=0.2, fr;q=0.9") == "fr"
    assert from_accept_language("it, pt;q=0.5") is None
    assert from_accept_language("de;q=0, es;q=bad") is None
    assert from_accept_language(None) is None


def test_a_model_is_told_the_language_it_answers_in() -> None:
    told = instructions("BASE", "es")
    assert told.startswith("BASE") and "Spanish (es)" in told
