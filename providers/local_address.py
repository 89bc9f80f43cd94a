"""The local provider's reading of a postal address in a message ("ship it to 5 Main St, ...")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from providers.local_ids import EMAIL, ORDER_ID

COUNTRIES = {
    "us": "US",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "canada": "CA",
    "germany": "DE",
    "france": "FR",
    "ireland": "IE",
    "australia": "AU",
    "mexico": "MX",
    # as es/fr/de shoppers write them
    "ee.uu": "US",
    "ee. uu": "US",
    "eeuu": "US",
    "ee uu": "US",
    "u.s": "US",
    "u.s.a": "US",
    "canadá": "CA",
    "estados unidos": "US",
    "etats-unis": "US",
    "états-unis": "US",
    "vereinigte staaten": "US",
    "reino unido": "GB",
    "royaume-uni": "GB",
    "großbritannien": "GB",
    "alemania": "DE",
    "allemagne": "DE",
    "deutschland": "DE",
    "francia": "FR",
    "frankreich": "FR",
    "irlanda": "IE",
    "irlande": "IE",
    "irland": "IE",
    "australien": "AU",
    "méxico": "MX",
    "mexique": "MX",
    "mexiko": "MX",
    "kanada": "CA",
    "spain": "ES",
    "españa": "ES",
    "espana": "ES",
    "espagne": "ES",
    "spanien": "ES",
    "italy": "IT",
    "italia": "IT",
    "italie": "IT",
    "italien": "IT",
    "portugal": "PT",
    "austria": "AT",
    "autriche": "AT",
    "österreich": "AT",
    "oesterreich": "AT",
    "switzerland": "CH",
    "suiza": "CH",
    "suisse": "CH",
    "schweiz": "CH",
    "belgium": "BE",
    "bélgica": "BE",
    "belgica": "BE",
    "belgique": "BE",
    "belgien": "BE",
    "netherlands": "NL",
    "países bajos": "NL",
    "paises bajos": "NL",
    "pays-bas": "NL",
    "niederlande": "NL",
    "argentina": "AR",
    "colombia": "CO",
    "chile": "CL",
    "perú": "PE",
    "peru": "PE",
}
_POSTAL = re.compile(
    r"\b(\d{5}-\d{4}|\d{4,6}|[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}"
    r"|[a-z]\d[a-z]\s?\d[a-z]\d)\b",
    re.I,
)
# The words that lead to a new address, and those right before it, in each language: "ship it
# to", "envíalo a", "livrez-la au", "schick sie an".
_ADDRESS_START = re.compile(
    r"(?:ad+res+e?|\b(?:direcci[oó]n|domicilio|anschrift|ship\w*|deliver\w*|send|sent|moved"
    r"|env[ií]\w*|mand\w*|envoi\w*|envoy\w*|livr\w*|exp[ée]di\w*|schick\w*|liefer\w*"
    r"|sende\w*|versend\w*|mud[eé]\w*|d[ée]m[ée]nag\w*|umgezogen))\b",
    re.I,
)
_ADDRESS_TAIL = re.compile(
    r"(?:\b(?:to|is|at|be|a|al|en|es|sea|à|au|chez|est|soit|an|nach|zu|ist|lautet)\b|:)\s*(?=\S)",
    re.I,
)
_TRAILING = re.compile(
    r"(?:[\s,.!]+(?:please|thanks|thank you|for (?:my |the )?order|for it|por favor|gracias"
    r"|s'il (?:te|vous) pla[iî]t|svp|merci|bitte|danke))+[\s.!]*$",
    re.I,
)
_ORDER_MENTION = re.compile(
    rf"(?:\b(?:for|of|on|in)\s+(?:my\s+|the\s+)?)?(?:{ORDER_ID.pattern})", re.I
)


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    postal_code: str
    country: str
    state: str | None = None
    name: str | None = None


def address(text: str) -> Address | None:
    """The new address in "ship CM-7890 to 5 Main St, Springfield, IL 62701, US", or None."""
    start = _ADDRESS_START.search(text)
    tails = _ADDRESS_TAIL.finditer(text, start.end()) if start else iter(())
    readings = [_address_at(text[tail.end() :]) for _, tail in zip(range(12), tails, strict=False)]
    found = [a for a in readings if a is not None]  # best: the first street starting "5 ..."
    rank = [  # a street that still holds "to a 2nd floor office:" is a worse reading
        (":" in a.street, not a.street[:1].isdigit(), not re.search(r"\d", a.street), i)
        for i, a in enumerate(found)
    ]
    return found[min(rank)[-1]] if found else None


def _address_at(segment: str) -> Address | None:
    segment = re.sub(r"\s+", " ", EMAIL.sub("", _ORDER_MENTION.sub("", segment)))
    segment = _TRAILING.sub("", segment).strip(" .!")
    parts = [p.strip(" .") for p in segment.split(",") if p.strip(" .")]
    name = None
    if len(parts) > 2 and not re.search(r"\d", parts[0]) and parts[1][:1].isdigit():
        name = parts.pop(0)
    return _address_parts(parts, name) if len(parts) >= 2 else None


_STATES = """
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP
"""
US_STATES = frozenset(_STATES.split())
# A postal code that tells its country by its shape alone: "NW1 6XE", "M5V 2T6".
_SHAPES = (
    ("GB", re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}")),
    ("CA", re.compile(r"[A-Z]\d[A-Z]\s?\d[A-Z]\d")),
)


def _unnamed_country(postal: str, state: str | None) -> str | None:
    """The country of an address that names none: the US for a state and a ZIP code
    ("IL 62701"), else what the postal code's shape alone tells; "28013 Madrid" or "75001 Paris"
    tell nothing (five digits are a code in many countries), so None: the address is asked for
    again rather than sent to the US."""
    if state in US_STATES and re.fullmatch(r"\d{5}(-\d{4})?", postal):
        return "US"
    return next((code for code, shape in _SHAPES if shape.fullmatch(postal)), None)


def _address_parts(parts: list[str], name: str | None) -> Address | None:
    street, rest = parts[0], parts[1:]
    country = None
    last = rest[-1].lower()
    if len(rest) >= 2 and (last in COUNTRIES or re.fullmatch(r"[a-z]{2}", last)):
        country = COUNTRIES.get(last, last.upper())
        rest = rest[:-1]
    index = next((i for i in range(len(rest) - 1, -1, -1) if _POSTAL.search(rest[i])), None)
    if index is None:
        return None
    postal = _POSTAL.search(rest[index])
    assert postal is not None
    before, after = rest[index][: postal.start()], rest[index][postal.end() :].strip(" ,")
    if after.lower() in COUNTRIES or re.fullmatch(r"[A-Za-z]{2}", after):  # "IL 62701 US"
        country, after = COUNTRIES.get(after.lower(), after.upper()), ""
    left = f"{before} {after}".strip(" ,")
    city, state = (left, None) if index == 0 else (rest[0], " ".join([*rest[1:index], left]))
    split = re.fullmatch(r"(.*\S)\s+([A-Za-z]{2})", left) if index == 0 else None
    if split and (split.group(2).isupper() or split.group(2).upper() in US_STATES):
        city, state = split.group(1), split.group(2)
    state = (state or "").strip() or None
    if state and state.upper() in US_STATES:  # "il 62701" as shoppers type it
        state = state.upper()
    code = postal.group(1).upper()
    country = country or _unnamed_country(code, state)
    if not city or not country or any(len(p or "") > 120 for p in (street, city, state, name)):
        return None
    return Address(street, city, code, country, state, name)
