"""The quick replies the local provider offers (which item to return, which payment method),
and reading one back, in any language, as the English command it stands for."""

from __future__ import annotations

import re
from typing import Any

from i18n import DEFAULT, LANGUAGES, N_, Translator, current

RETURN_REPLY = N_("Return the {name} from {order_id}")  # the answer to "which item?"
# The answers to "one of them or all?" (two units of one product, named once).
RETURN_ONE = N_("Return one {name} from {order_id}")
RETURN_ALL = N_("Return all of the {name} from {order_id}")
CANCEL_REPLY = N_("Cancel order {id}")  # the answer to "only a whole order is cancelled"
# The quick replies of "which payment method?", in the turn's language; `offered_reply` reads
# one back as the English command the assistant's patterns know.
PAY_REPLY = N_("pay {order_id} with {method}")
SAID_NAMES = {
    "credit_card": N_("the card ending {last_four}"),
    "paypal": N_("my paypal"),
    "gift_card": N_("my gift card"),
}


def said_name(method: dict[str, Any], words: Translator | None = None) -> str:
    """A method as a customer would name it, so the words find it again."""
    said = (words or current())._
    return said(
        SAID_NAMES.get(method["source"], SAID_NAMES["gift_card"]), last_four=method.get("last_four")
    )


def offered_reply(text: str) -> str:
    """A payment or return quick reply we offered, in any language, as the English command it
    stands for; any other text as it is."""
    for language in LANGUAGES:
        words = Translator(language)
        # the generic "Return {name}" last: in Spanish and French it also matches the others
        for reply in (RETURN_ONE, RETURN_ALL, RETURN_REPLY):
            if returning := _pattern(words._(reply)).fullmatch(text.strip()):
                return Translator(DEFAULT)._(reply, **returning.groupdict())
        found = _pattern(words._(PAY_REPLY)).fullmatch(text.strip())
        if found is None:
            continue
        for source, name in SAID_NAMES.items():
            said = _pattern(words._(name)).fullmatch(found["method"])
            if said is not None:
                method = {"source": source, "last_four": said.groupdict().get("last_four")}
                english = said_name(method, Translator(DEFAULT))
                return Translator(DEFAULT)._(PAY_REPLY, order_id=found["order_id"], method=english)
    return text


def _pattern(template: str) -> re.Pattern[str]:
    """A translated template as a pattern: each {name} matches what was put in its place."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(f"(?P<{part}>.+?)" if n % 2 else re.escape(part) for n, part in enumerate(parts)),
        re.I,
    )
