"""Which supported language a customer's message is written in, if it can be told."""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

CODES = {
    Language.ENGLISH: "en",
    Language.SPANISH: "es",
    Language.FRENCH: "fr",
    Language.GERMAN: "de",
}
# Order ids, product ids, emails, links and numbers say nothing about the language.
NOT_WORDS = re.compile(
    r"(?i)\S+@\S+|https?://\S+|#?\b[a-z]{0,3}-?\d[\w-]*|\$?\d[\d.,]*\s?\$?|[^\w\s']"
)
MIN_LETTERS = 5  # fewer letters than this ("ok", "si", "ja") cannot tell a language
MIN_CONFIDENCE = 0.5  # below it the message stays in the conversation's language


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """Built once per process: only the shop's languages, so a word is never called Latin."""
    return LanguageDetectorBuilder.from_languages(*CODES).with_preloaded_language_models().build()


def words_of(text: str) -> str:
    return " ".join(NOT_WORDS.sub(" ", text).split())


def detect(text: str) -> str | None:
    """The message's language ("en", "es", "fr", "de"), or None when it is too short or too
    mixed to tell (the caller keeps the conversation's language then)."""
    words = words_of(text)
    if sum(c.isalpha() for c in words) < MIN_LETTERS:
        return None
    best = detector().compute_language_confidence_values(words)[0]
    return CODES[best.language] if best.value >= MIN_CONFIDENCE else None
