"""What a product request asks the catalogue for: a category, a price range, search words."""

from __future__ import annotations

import re

from providers.local_ids import EMAIL, ORDER_ID, PRODUCT_ID

CATEGORIES = {
    "electronics": ("electronics", "electronic", "gadget", "gadgets", "tech", "device", "devices"),
    "home": ("home", "kitchen", "house", "household", "homeware", "decor"),
    "outdoor": ("outdoor", "outdoors", "camping", "camp", "hiking", "hike", "hiker", "hikers"),
    "apparel": ("apparel", "clothes", "clothing", "fashion", "outfit", "outfits"),
    "books": ("books", "book", "reading", "reader", "readers", "novel", "novels"),
}
CATEGORY_OF = {word: category for category, words in CATEGORIES.items() for word in words}
CATEGORY = rf"\b({'|'.join(CATEGORY_OF)})\b"

_NUM = r"\$?\s?(\d[\d,]{0,9}(?:\.\d{1,2})?)\s*(?:dollars?|bucks|usd)?"
BETWEEN = re.compile(
    rf"\bbetween\s+{_NUM}\s+(?:and|to|-)\s+{_NUM}|\bfrom\s+{_NUM}\s+to\s+"
    rf"{_NUM}|\$\s?(\d[\d,]{{0,9}}(?:\.\d{{1,2}})?)\s*(?:-|to)\s*{_NUM}"
)
MAX = re.compile(
    r"\b(?:under|below|less than|cheaper than|at most|max(?:imum)?|up to"
    rf"|no more than|not more than|within|budget(?: of| is)?)\s+{_NUM}"
)
MIN = re.compile(
    rf"\b(?:over|above|more than|at least|min(?:imum)?|starting at|upwards of)"
    rf"\s+{_NUM}|\bfrom\s+\$\s?(\d[\d,]{{0,9}}(?:\.\d{{1,2}})?)"
)
CHEAP = re.compile(r"\b(cheap|cheapest|inexpensive|affordable|budget|low[- ]cost|bargain)\b")
CHEAPMAX = 30

_FILLER = """
a about all also an and any anything are at be best buy can cheap cheapest could do does
dollars bucks for from gear get gift gifts give good have help i idea ideas im in inexpensive
is it items kind like looking me might my need of on or order please present product products
recommend recommendation recommendations search see sell show should some someone something
stuff suggest suggestion suggestions that the thing things to under over want what which who
with would you your find look affordable budget bargain between than less more below above
least most max maximum min minimum up within priced price cost costs usd catalog catalogue
browse shop shopping hello hi hey stock carry got one ones buying options nice great
popular cool new
"""
QUERY_STOPWORDS = frozenset(_FILLER.split())


def category(norm: str) -> str | None:
    return next((CATEGORY_OF[w] for w in re.findall(r"[a-z]+", norm) if w in CATEGORY_OF), None)


def _number(raw: str) -> float | int | None:
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def prices(norm: str) -> tuple[float | int | None, float | int | None]:
    """(min_price, max_price) from "under $50", "between 20 and 80", "over 200", "cheap"."""
    low = high = None
    if between := BETWEEN.search(norm):
        low, high = (_number(g) for g in [g for g in between.groups() if g][:2])
    else:
        if found := MAX.search(norm):
            high = _number(found.group(1))
        if found := MIN.search(norm):
            low = _number(next(g for g in found.groups() if g))
        if high is None and CHEAP.search(norm):
            high = CHEAPMAX
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def query_words(norm: str, limit: int = 6) -> str:
    """The words worth searching for, without prices, categories, ids and filler."""
    text = EMAIL.sub(" ", norm)
    for pattern in (BETWEEN, MAX, MIN, ORDER_ID, PRODUCT_ID):
        text = pattern.sub(" ", text)
    words = [
        w
        for w in re.findall(r"[a-z][a-z0-9'-]*", text)
        if w not in QUERY_STOPWORDS and w not in CATEGORY_OF and len(w) > 1
    ]
    return " ".join(dict.fromkeys(w.strip("'-") for w in words))[:100].strip() or ""
