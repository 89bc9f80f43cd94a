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
# A US postal address ("5 Main St, Springfield, IL 62701, US"), the shop's, is written the same
# in any language (the state before the ZIP code: "3 botellas rotas, pedido 45678" is no address).
ADDRESS = re.compile(
    r"(?<![\w-])\d{1,6} [^\W\d][^,\n]{0,60},[^\n]{0,80}?\b[A-Z]{2},? \d{5}(?:-\d{4})?\b"
    r"(?:,? ?[^\W\d][\w.]{1,20})?"
)
MIN_LETTERS = 5  # fewer letters than this ("ok", "si", "ja") cannot tell a language
MIN_SCORE = 0.5  # below it the message stays in the conversation's language
MIN_SCORE_ONE_WORD = 0.8  # a lone word ("hallo", "merci") switches only when it is clear
# Words that only one of the four languages uses, typed as shoppers type them (no accents, no
# apostrophes): in a five-word message they are the strongest clue, so each adds to the
# detector's confidence.
MARKERS = {
    "en": "the my is i you to and please order orders where what can want with for of it this "
    "do how thanks hello hi get",
    "es": "el los las mi mis por favor quiero pedido pedidos que con esta donde gracias hola "
    "cual puedo para una tengo mas pero",
    "fr": "le les je tu vous ma mon mes est pas ne une du des au svp stp merci jai cest nest "
    "quest commande commandes colis ou avec pour et ca bonjour elle",
    "de": "der die das ich du mein meine meinen ist nicht und mit fur bitte danke bestellung "
    "bestellungen paket wo wie hallo kann habe",
}
MARKED = {word: lang for lang, words in MARKERS.items() for word in words.split()}
BOOST = 0.3


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """Built once per process: only the shop's languages, so a word is never called Latin."""
    return LanguageDetectorBuilder.from_languages(*CODES).with_preloaded_language_models().build()


def words_of(text: str) -> str:
    return " ".join(NOT_WORDS.sub(" ", ADDRESS.sub(" ", text)).split())


def detect(text: str) -> str | None:
    """The message's language ("en", "es", "fr", "de"), or None when it is too short or too
    mixed to tell (the caller keeps the conversation's language then)."""
    words = words_of(text)
    if sum(c.isalpha() for c in words) < MIN_LETTERS:
        return None
    scores = {
        CODES[v.language]: v.value for v in detector().compute_language_confidence_values(words)
    }
    for word in words.lower().replace("'", "").split():
        if word in MARKED:
            scores[MARKED[word]] += BOOST
    best = max(scores, key=scores.__getitem__)
    needed = MIN_SCORE_ONE_WORD if len(words.split()) == 1 else MIN_SCORE
    return best if scores[best] >= needed else None
