"""Schemas every resource shares: paging arguments, money, and the paged-response helper."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma
from flask.json.provider import DefaultJSONProvider
from marshmallow import validate

from cloudmart.models import Page
from cloudmart.repositories.base import MAX_PAGE_SIZE

NEXT_CURSOR_HEADER = "X-Next-Cursor"


def money(**kwargs: Any) -> ma.fields.Decimal:
    """A Decimal amount with cents; a JSON number on the wire, never a float in the app."""
    return ma.fields.Decimal(places=2, as_string=False, allow_nan=False, **kwargs)


def _in_cents(value: Decimal) -> None:
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ma.ValidationError("at most two decimal places (cents)")


def money_input(**kwargs: Any) -> ma.fields.Decimal:
    """An amount a client sends: positive, whole cents (never rounded behind their back)."""
    return ma.fields.Decimal(
        as_string=False,
        allow_nan=False,
        validate=[validate.Range(min=0, min_inclusive=False, max=1_000_000), _in_cents],
        **kwargs,
    )


class PageArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=validate.Range(1, MAX_PAGE_SIZE))
    cursor = ma.fields.String(
        validate=validate.Length(1, 2048),
        metadata={"description": f"the {NEXT_CURSOR_HEADER} of the page before"},
    )


class CataloguePageArgsSchema(PageArgsSchema):
    """A seed client's "get all products" gets a whole normal catalogue in one page."""

    limit = ma.fields.Integer(load_default=MAX_PAGE_SIZE, validate=validate.Range(1, MAX_PAGE_SIZE))


def paged(page: Page[Any]) -> tuple[list[Any], int, dict[str, str]]:
    """The body stays a JSON array; the next page's cursor travels in a header."""
    headers = {NEXT_CURSOR_HEADER: page.cursor} if page.cursor else {}
    return page.items, 200, headers


class DecimalJSONProvider(DefaultJSONProvider):
    """Money leaves as a JSON number (Flask would send Decimal as a string)."""

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, Decimal):
            return float(o)  # exact for amounts in cents: repr gives the shortest round trip
        return DefaultJSONProvider.default(o)
