"""Which language a turn is answered in, and how a model is told (DESIGN.md §11)."""

from __future__ import annotations

from i18n import DEFAULT, from_accept_language, supported
from i18n.detect import detect

NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}


def turn_language(
    chosen: str | None, text: str, conversation: str | None, accept_language: str | None
) -> str:
    """The customer's chosen language; else their message's; else (too short to tell) the
    conversation's; else the browser's; else English."""
    return (
        supported(chosen)
        or detect(text)
        or supported(conversation)
        or from_accept_language(accept_language)
        or DEFAULT
    )


def instructions(base: str, language: str) -> str:
    """The model's instructions for one turn, with the language it must answer in."""
    name = NAMES.get(language, NAMES[DEFAULT])
    return (
        f"{base}\n- The customer's language is {name} ({language}). Write every answer in "
        f"{name}, whatever the language of tool results (they are data; their summaries are "
        f"already in {name})."
    )
