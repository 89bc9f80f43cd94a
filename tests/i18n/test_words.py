"""Yes and no in every language, and money, dates and lists written as each locale writes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cloudmart.errors import ConflictError
from i18n import Translator, speaking
from i18n import _ as say
from providers.wording import NO, YES, money_text, plain_answer

YESES = [
    "yes",
    "Yes!",
    "sí",
    "si",
    "Sí, claro",
    "claro",
    "vale",
    "oui",
    "Oui.",
    "d'accord",
    "D\u2019accord",
    "ja",
    "Ja, bitte",
    "jawohl",
    "bestätigen",
    "bestatigen",
    "einverstanden",
]
NOES = [
    "no",
    "No.",
    "nope",
    "no gracias",
    "non",
    "Non merci",
    "nein",
    "Nein danke",
    "nee",
    "ne",
    "lieber nicht",
    "pas du tout",
]


@pytest.mark.parametrize("text", YESES)
def test_yes_in_every_language_with_or_without_accents(text: str) -> None:
    assert plain_answer(text) == "yes"


@pytest.mark.parametrize("text", NOES)
def test_no_in_every_language_with_or_without_accents(text: str) -> None:
    assert plain_answer(text) == "no"


@pytest.mark.parametrize("text", ["si el pedido CM-7890", "oui mais non", "ja und nein", "yes no"])
def test_more_than_a_plain_answer_is_not_one(text: str) -> None:
    assert plain_answer(text) is None


def test_no_word_means_both_yes_and_no() -> None:
    assert set() == YES & NO


@pytest.mark.parametrize(
    ("language", "money", "day"),
    [
        ("en", "$1,234.50", "March 5, 2026"),
        ("es", "1.234,50\xa0US$", "5 de marzo de 2026"),
        ("fr", "1\u202f234,50\xa0$US", "5 mars 2026"),
        ("de", "1.234,50\xa0$", "5. März 2026"),
    ],
)
def test_money_and_dates_as_the_locale_writes_them(language: str, money: str, day: str) -> None:
    words = Translator(language)
    assert words.money(Decimal("1234.5")) == money
    assert words.day(date(2026, 3, 5)) == day


def test_english_money_and_lists_are_what_they_were() -> None:
    assert money_text(149) == "$149.00" and money_text("0.1") == "$0.10"
    assert Translator("en").listing(["1 x Mug", "2 x Lamp"]) == "1 x Mug, 2 x Lamp"
    assert Translator("es").listing(["1 x Taza", "2 x Lámpara"]) == "1 x Taza y 2 x Lámpara"
    with pytest.raises(ValueError):
        money_text("NaN")


def test_the_language_spoken_is_scoped() -> None:
    with speaking("fr"):
        assert say("Done.") == "Fait."
        with speaking("de"):
            assert say("Done.") == "Erledigt."
        assert say("Done.") == "Fait."
    assert say("Done.") == "Done."


def test_a_refusal_is_english_for_the_api_and_translated_in_the_chat() -> None:
    error = ConflictError(
        "order {order_id} is {status} and can no longer be canceled",
        params={"order_id": "CM-7712", "status": "delivered"},
    )
    assert error.message == "order CM-7712 is delivered and can no longer be canceled"
    assert error.said("en") == error.message
    assert error.said("es") == (
        "el pedido CM-7712 está en estado «entregado» y ya no se puede cancelar"
    )
    unknown = ConflictError("the database is busy")
    assert unknown.said("de") == "das war gerade nicht möglich"
