"""What the server and every provider say and read alike: money as text, and a plain yes or
no to a pending action.

The server answers such a message itself (no model) while exactly one action is pending; the
local provider must hear the same words, or a "nah" the server did not know reaches a model
that has nothing pending to decline.
"""

from __future__ import annotations

import re
from decimal import Decimal

YES = frozenset(
    {
        "yes",
        "y",
        "yep",
        "yeah",
        "yup",
        "sure",
        "ok",
        "okay",
        "confirm",
        "confirmed",
        "yes please",
        "go ahead",
        "do it",
        "please do",
        "yes do it",
    }
)
NO = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "cancel that",
        "don't",
        "dont",
        "do not",
        "decline",
        "no thanks",
        "never mind",
        "nevermind",
        "stop",
    }
)
_NOT_WORD = re.compile(r"[^\w']+")


def plain_answer(text: str) -> str | None:
    """'yes' or 'no' when the whole message is a plain yes or no, else None."""
    words = " ".join(_NOT_WORD.sub(" ", text.lower()).split())
    if words in YES:
        return "yes"
    if words in NO:
        return "no"
    return None


def money_text(amount: Decimal | float | int | str) -> str:
    """Money as a customer reads it: `$1,234.50` (never `$149` where DynamoDB trimmed zeros,
    never a float's noise)."""
    value = Decimal(str(amount))
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return f"${value.quantize(Decimal('0.01')):,}"
