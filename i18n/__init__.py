"""The shopper's languages: Babel gettext catalogues, and money, dates and lists for a locale."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "es", "fr", "de")
DEFAULT = "en"
CURRENCY = "USD"  # the shop's one currency, whatever the shopper's language
DOMAIN = "messages"
LOCALES = Path(__file__).parent / "locales"
_current: ContextVar[str] = ContextVar("language", default=DEFAULT)
log = logging.getLogger(__name__)


def N_(msgid: str) -> str:
    """Marks a message for the catalogue where it is written; it is translated where shown."""
    return msgid


def supported(tag: str | None) -> str | None:
    """The supported language a tag names ("es", "es-MX", "FR_ca"), else None."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The browser's most preferred supported language (RFC 9110 q-values), else None."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = supported(tag)
        if language and quality > 0:
            ranked.append((-quality, n, language))
    return min(ranked)[2] if ranked else None


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue (`make` builds the .mo files); English is the msgids themselves."""
    if language == DEFAULT or language not in LANGUAGES:
        return NullTranslations()
    folder = LOCALES / language / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    if compiled.exists():
        with compiled.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    # A checkout where `make` has not run yet (a bare pytest): the same messages, from the .po.
    log.warning("%s is not compiled; reading its .po", compiled)
    with (folder / f"{DOMAIN}.po").open("rb") as handle:
        buffer = BytesIO()
        write_mo(buffer, read_po(handle, locale=language))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Translator:
    """Everything one language says and how it writes money, dates and lists."""

    def __init__(self, language: str | None = None) -> None:
        self.language = supported(language) or DEFAULT
        self._catalogue = catalogue(self.language)

    def _(self, msgid: str, **params: Any) -> str:
        """The message in this language, its {placeholders} filled."""
        text = self._catalogue.gettext(msgid)
        return text.format(**params) if params else text

    def knows(self, msgid: str) -> bool:
        """Whether this (non-English) catalogue translates `msgid`."""
        return self._catalogue.gettext(msgid) != msgid

    def n_(self, singular: str, plural: str, n: int, **params: Any) -> str:
        return self._catalogue.ngettext(singular, plural, n).format(n=n, **params)

    def money(self, amount: Decimal | float | int | str) -> str:
        """`$1,234.50` in English, `1234,50 US$` in Spanish: always cents, never a float's noise."""
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            raise ValueError(f"not an amount: {amount!r}") from None
        if not value.is_finite():
            raise ValueError(f"not an amount: {amount!r}")
        return format_currency(value.quantize(Decimal("0.01")), CURRENCY, locale=self.language)

    def day(self, when: date | datetime) -> str:
        return format_date(when, format="long", locale=self.language)

    def listing(self, parts: Iterable[str]) -> str:
        """Parts joined as the locale lists them; English keeps its plain commas (the unit
        style), which Babel's data lacks for some locales."""
        listed = list(parts)
        if not listed:
            return ""
        style = "unit" if self.language == DEFAULT else "standard"
        return format_list(listed, style=style, locale=self.language)

    def error(self, msgid: str, params: dict[str, Any] | None) -> str:
        """A refusal in this language: its amounts (Decimal) as money, its status word
        translated (English keeps the status as the API names it), the rest as given."""
        params = {
            k: self.money(v) if isinstance(v, Decimal) else v for k, v in (params or {}).items()
        }
        if "status" in params and self.language != DEFAULT:
            params["status"] = self.status(str(params["status"]))
        return self._(msgid, **params)

    def status(self, status: str) -> str:
        name = STATUS_NAMES.get(status)
        return self._(name) if name else status.replace("_", " ")


STATUS_NAMES = {
    "pending": N_("pending"),
    "processing": N_("processing"),
    "shipped": N_("shipped"),
    "delivered": N_("delivered"),
    "canceled": N_("canceled"),
    "return_requested": N_("return requested"),
    "returned": N_("returned"),
    "exchange_requested": N_("exchange requested"),
    "exchanged": N_("exchanged"),
    "items_modified": N_("items modified"),
}


def language() -> str:
    """The language of what is being written now (see `speaking`)."""
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[Translator]:
    """Within it, `_` and `current()` write in `language` (for code that is handed no
    translator, such as the offline assistant's helpers). Never hold it across a yield."""
    token = _current.set(supported(language) or DEFAULT)
    try:
        yield Translator(_current.get())
    finally:
        _current.reset(token)


def current() -> Translator:
    return Translator(_current.get())


def _(msgid: str, **params: Any) -> str:
    """`msgid` in the language being spoken (see `speaking`)."""
    return current()._(msgid, **params)
