"""Product schemas: what the catalogue endpoints accept and return."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from cloudmart.schemas import money, money_input

NAME = validate.Length(1, 200)
TEXT = validate.Length(0, 2000)
STOCK = validate.Range(0, 1_000_000)


class ProductSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String()
    price = money()
    image = ma.fields.String()
    category = ma.fields.String()
    stock = ma.fields.Integer()
    createdAt = ma.fields.String()


class ProductCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=NAME)
    description = ma.fields.String(load_default="", validate=TEXT)
    price = money_input(required=True)
    image = ma.fields.String(load_default="", validate=validate.Length(0, 500))
    category = ma.fields.String(required=True, validate=validate.Length(1, 50))
    stock = ma.fields.Integer(required=True, strict=True, validate=STOCK)


class ProductUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=NAME)
    description = ma.fields.String(validate=TEXT)
    price = money_input()
    image = ma.fields.String(validate=validate.Length(0, 500))
    category = ma.fields.String(validate=validate.Length(1, 50))
    stock = ma.fields.Integer(strict=True, validate=STOCK)

    @ma.validates_schema
    def some_change(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ma.ValidationError("send at least one attribute to change")
