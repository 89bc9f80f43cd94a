"""A message as the intent model reads it: folded, with ids, emails, numbers and the shop's
products as placeholders (the training code and the assistant's entity rules share it)."""

from __future__ import annotations

import re

from providers.nlu.items import fold, mark_goods, mask_items

# Ids, numbers, emails and products become placeholders: the model learns "cancel <id>", not
# "cancel CM-7890".
_ORDER = re.compile(r"#\s?w\s?\d{4,10}\b|\bcm[\s_#-]{0,2}\d{3,10}\b", re.I)
# "order no. 7855", "pedido 7855": the number after an order word is an id too ("no" is not "no").
_ORDER_NUMBER = re.compile(
    r"\b(order|pedido|orden|commande|bestellung)\s*(?:#|no\.?|number|id|nr\.?|n°|numero)?\s*#?"
    r"\s*\d{4,10}\b"
)
_NUMBER = re.compile(r"\d+")
_EMAIL = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}")


def mask_ids(text: str) -> str:
    """Lower case without accents, apostrophes straightened, order ids as "xid"."""
    return _ORDER_NUMBER.sub(r"\1 xid ", _ORDER.sub(" xid ", fold(text)))


def mask(text: str) -> str:
    """Lower case without accents, apostrophes straightened, order ids as "xid", emails as
    "xmail", other numbers as "0", the shop's products as "xitem", " xgoods" added for each of
    the goods of the lookup tables."""
    text = _EMAIL.sub(" xmail ", mask_ids(text))
    return mark_goods(mask_items(_NUMBER.sub("0", text)))
