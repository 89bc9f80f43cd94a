"""What the server and every provider say and read alike: money as text, and a plain yes or
no to a pending action, in every language the shop speaks.

The server answers such a message itself (no model) while exactly one action is pending; the
local provider must hear the same words, or a "nah" the server did not know reaches a model
that has nothing pending to decline.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from i18n import Translator

# Written without accents: a message is compared with its accents left out ("sí" = "si").
YES_WORDS = {
    "en": "yes|y|yep|yeah|yup|sure|ok|okay|confirm|confirmed|yes please|go ahead|do it|"
    "please do|yes do it",
    "es": "si|sii|claro|vale|de acuerdo|confirmo|confirmar|confirmado|adelante|hazlo|"
    "si por favor|si gracias|por supuesto|dale|ok vale|si hazlo|si claro|afirmativo",
    "fr": "oui|ouais|d'accord|d accord|dac|ok d'accord|confirme|confirmer|je confirme|"
    "vas y|vas-y|allez-y|allez y|oui merci|oui s'il vous plait|oui svp|bien sur|"
    "c'est bon|parfait|absolument",
    "de": "ja|jawohl|jo|klar|okay ja|ja bitte|bestatigen|bestatige|bestaetigen|ich bestatige|"
    "mach das|mach es|machen sie es|einverstanden|in ordnung|genau|gerne|ja gerne|"
    "ja klar|na klar|sicher|passt",
}
NO_WORDS = {
    "en": "no|n|nope|nah|cancel that|don't|dont|do not|decline|no thanks|never mind|nevermind|stop",
    "es": "no|no gracias|nada|mejor no|no lo hagas|no hagas nada|rechazar|rechazo|olvidalo|"
    "dejalo|para|no por favor|de ninguna manera|negativo",
    "fr": "non|non merci|non pas du tout|pas du tout|surtout pas|annule ca|laisse tomber|"
    "refuser|je refuse|ne fais rien|ne le fais pas|non svp|arrete|stop",
    "de": "nein|ne|nee|no|nein danke|lieber nicht|auf keinen fall|ablehnen|lehne ab|"
    "vergiss es|lass es|mach das nicht|nicht machen|stopp|halt",
}
YES = frozenset(w for words in YES_WORDS.values() for w in words.split("|"))
NO = frozenset(w for words in NO_WORDS.values() for w in words.split("|"))
_NOT_WORD = re.compile(r"[^\w']+")


def _plain(text: str) -> str:
    """Lower case, accents and punctuation left out, one space between words."""
    folded = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def plain_answer(text: str) -> str | None:
    """'yes' or 'no' when the whole message is a plain yes or no, in any of the shop's
    languages and with or without accents ("sí", "si", "oui", "ja", "nein"), else None."""
    words = _plain(text)
    if words in YES:
        return "yes"
    if words in NO or _plain(words.replace("'", " ")) in NO:
        return "no"
    return None


def money_text(amount: Decimal | float | int | str, language: str | None = None) -> str:
    """Money as a customer reads it: `$1,234.50` in English, `1.234,50 $` in German (never
    `$149` where DynamoDB trimmed zeros, never a float's noise)."""
    return Translator(language).money(amount)
