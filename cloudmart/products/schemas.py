"""Product schemas: what the catalogue endpoints accept and return."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from cloudmart.models import Variant
from cloudmart.schemas import money, money_input

NAME = validate.Length(1, 200)
TEXT = validate.Length(0, 2000)
STOCK = validate.Range(0, 1_000_000)


class VariantSchema(ma.Schema):
    itemId = ma.fields.String(required=True, validate=validate.Length(1, 64))
    options = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(1, 50)),
        values=ma.fields.String(validate=validate.Length(0, 100)),
        load_default=dict,
        validate=validate.Length(max=20),
    )
    price = money_input(required=True)
    available = ma.fields.Boolean(load_default=True)
    stock = ma.fields.Integer(required=True, strict=True, validate=STOCK)

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Variant:
        return Variant(**data)


class VariantOutSchema(ma.Schema):
    itemId = ma.fields.String()
    options = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    price = money()
    available = ma.fields.Boolean()
    stock = ma.fields.Integer()


def _variants(required: bool = False) -> ma.fields.Field:
    return ma.fields.List(
        ma.fields.Nested(VariantSchema),
        required=required,
        validate=[validate.Length(1, 100), _distinct_items],
        metadata={"description": "every version for sale: item id, options, price, stock"},
    )


def _distinct_items(variants: list[Variant]) -> None:
    if len({v.itemId for v in variants}) != len(variants):
        raise ma.ValidationError("item ids must differ")


class ProductSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String()
    price = money()
    image = ma.fields.String()
    category = ma.fields.String()
    stock = ma.fields.Integer(metadata={"description": "units for sale, all variants"})
    createdAt = ma.fields.String()
    variants = ma.fields.Method("variant_list")

    def variant_list(self, product: Any) -> list[dict[str, Any]]:
        return VariantOutSchema(many=True).dump(list(product.variants.values()))


class ProductCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=NAME)
    description = ma.fields.String(load_default="", validate=TEXT)
    price = money_input(metadata={"description": "with stock: a product of one variant"})
    image = ma.fields.String(load_default="", validate=validate.Length(0, 500))
    category = ma.fields.String(required=True, validate=validate.Length(1, 50))
    stock = ma.fields.Integer(strict=True, validate=STOCK)
    variants = _variants()

    @ma.validates_schema
    def priced(self, data: dict[str, Any], **_: Any) -> None:
        if "variants" in data and ({"price", "stock"} & set(data)):
            raise ma.ValidationError("send either variants or price and stock")
        missing = [k for k in ("price", "stock") if "variants" not in data and k not in data]
        if missing:
            raise ma.ValidationError({k: ["Missing data for required field."] for k in missing})


class ProductUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=NAME)
    description = ma.fields.String(validate=TEXT)
    price = money_input()
    image = ma.fields.String(validate=validate.Length(0, 500))
    category = ma.fields.String(validate=validate.Length(1, 50))
    stock = ma.fields.Integer(strict=True, validate=STOCK)
    variants = _variants()

    @ma.validates_schema
    def some_change(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ma.ValidationError("send at least one attribute to change")
        if "variants" in data and ({"price", "stock"} & set(data)):
            raise ma.ValidationError("send either variants or price and stock")
