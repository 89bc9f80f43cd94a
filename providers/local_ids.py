"""The ids a customer's message names: CloudMart's and the retail reference's orders, products,
and e-mail addresses (which summaries and searches leave out)."""

from __future__ import annotations

import re

ORDER_ID = re.compile(
    r"#w(\d{7})\b|\bcm[\s_#-]{0,2}(\d{3,10})\b"
    r"|\b(?:order|pedido|orden|commande|bestellung)\s*(?:#|no\.?|number|id|nr\.?|n°|num[eé]ro"
    r"|n[uú]mero)?\s*#?\s*(\d{4,10})\b",
    re.I,
)
PRODUCT_ID = re.compile(r"\bp[\s-]?(\d{4})\b|\bp-([0-9a-f]{8})\b", re.I)
EMAIL = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}")


def order_id(text: str) -> str | None:
    """The first order id in the text, as CM-1234 ("cm 1234", "CM1234", "order 1234")."""
    match = ORDER_ID.search(text)
    if match is None:
        return None
    if match.group(1):  # the retail reference's ids: "#W1234567"
        return f"#W{match.group(1)}"
    return f"CM-{next(g for g in match.groups() if g)}"


def product_id(text: str) -> str | None:
    match = PRODUCT_ID.search(text)
    return f"P-{next(g for g in match.groups() if g).upper()}" if match else None
