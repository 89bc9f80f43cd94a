"""The reference shapes (RETAIL.md §1) as schemas: what the importer accepts, checked whole
before anything is written."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from cloudmart.retail.projection import ADDRESS_FIELDS, STATUS_FROM_REFERENCE

TEXT = validate.Length(0, 500)
ID = validate.Length(1, 64)


def _text(**kwargs: Any) -> ma.fields.String:
    return ma.fields.String(required=True, validate=TEXT, **kwargs)


def _amount(required: bool = True, **kwargs: Any) -> ma.fields.Decimal:
    kwargs.setdefault("validate", validate.Range(-1_000_000, 1_000_000))
    return ma.fields.Decimal(required=required, allow_nan=False, **kwargs)


def _ids(**kwargs: Any) -> ma.fields.List:
    return ma.fields.List(ma.fields.String(validate=ID), validate=validate.Length(0, 100), **kwargs)


def _options() -> ma.fields.Dict:
    return ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(1, 50)),
        values=ma.fields.String(validate=validate.Length(0, 100)),
        required=True,
        validate=validate.Length(max=20),
    )


class RetailAddressSchema(ma.Schema):
    class Meta:
        fields = ADDRESS_FIELDS

    address1 = _text()
    address2 = _text()
    city = _text()
    country = _text()
    state = _text()
    zip = _text()


class RetailNameSchema(ma.Schema):
    first_name = ma.fields.String(required=True, validate=validate.Length(1, 100))
    last_name = ma.fields.String(required=True, validate=validate.Length(1, 100))


class RetailPaymentMethodSchema(ma.Schema):
    source = ma.fields.String(
        required=True, validate=validate.OneOf(("credit_card", "gift_card", "paypal"))
    )
    id = ma.fields.String(required=True, validate=ID)
    brand = ma.fields.String(validate=validate.Length(1, 30))
    last_four = ma.fields.String(validate=validate.Regexp(r"^\d{4}$"))
    balance = _amount(required=False)

    @ma.validates_schema
    def by_source(self, data: dict[str, Any], **_: Any) -> None:
        wanted = {"credit_card": {"brand", "last_four"}, "gift_card": {"balance"}, "paypal": set()}
        fields = set(data) - {"source", "id"}
        expected = wanted.get(data.get("source", ""), set())
        if fields != expected:
            raise ma.ValidationError(
                f"a {data.get('source')} has exactly: source, id"
                + "".join(f", {f}" for f in sorted(expected))
            )


class RetailUserSchema(ma.Schema):
    name = ma.fields.Nested(RetailNameSchema, required=True)
    address = ma.fields.Nested(RetailAddressSchema, required=True)
    email = ma.fields.Email(required=True)
    payment_methods = ma.fields.Dict(
        keys=ma.fields.String(validate=ID),
        values=ma.fields.Nested(RetailPaymentMethodSchema),
        required=True,
        validate=validate.Length(0, 20),
    )
    orders = ma.fields.List(ma.fields.String(validate=ID), required=True)

    @ma.validates_schema
    def keyed(self, data: dict[str, Any], **_: Any) -> None:
        for key, method in data.get("payment_methods", {}).items():
            if method["id"] != key:
                raise ma.ValidationError({"payment_methods": [f"{key}: id differs from key"]})


class RetailLineSchema(ma.Schema):
    name = _text()
    product_id = ma.fields.String(required=True, validate=ID)
    item_id = ma.fields.String(required=True, validate=ID)
    price = _amount()
    options = _options()


class RetailFulfillmentSchema(ma.Schema):
    tracking_id = _ids(required=True)
    item_ids = _ids(required=True)


class RetailTransactionSchema(ma.Schema):
    transaction_type = ma.fields.String(
        required=True, validate=validate.OneOf(("payment", "refund"))
    )
    amount = _amount()
    payment_method_id = ma.fields.String(required=True, validate=ID)


class RetailOrderSchema(ma.Schema):
    order_id = ma.fields.String(required=True, validate=ID)
    user_id = ma.fields.String(required=True, validate=ID)
    address = ma.fields.Nested(RetailAddressSchema, required=True)
    items = ma.fields.List(
        ma.fields.Nested(RetailLineSchema), required=True, validate=validate.Length(1, 100)
    )
    fulfillments = ma.fields.List(ma.fields.Nested(RetailFulfillmentSchema), required=True)
    status = ma.fields.String(required=True, validate=validate.OneOf(list(STATUS_FROM_REFERENCE)))
    payment_history = ma.fields.List(ma.fields.Nested(RetailTransactionSchema), required=True)
    cancel_reason = ma.fields.String(validate=TEXT)
    return_items = _ids()
    return_payment_method_id = ma.fields.String(validate=ID)
    exchange_items = _ids()
    exchange_new_items = _ids()
    exchange_payment_method_id = ma.fields.String(validate=ID)
    exchange_price_difference = _amount(required=False)


class RetailVariantSchema(ma.Schema):
    item_id = ma.fields.String(required=True, validate=ID)
    options = _options()
    available = ma.fields.Boolean(required=True, truthy={True}, falsy={False})
    price = _amount(validate=validate.Range(0, 1_000_000))


class RetailProductSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=validate.Length(1, 200))
    product_id = ma.fields.String(required=True, validate=ID)
    variants = ma.fields.Dict(
        keys=ma.fields.String(validate=ID),
        values=ma.fields.Nested(RetailVariantSchema),
        required=True,
        validate=validate.Length(1, 100),
    )

    @ma.validates_schema
    def keyed(self, data: dict[str, Any], **_: Any) -> None:
        for key, variant in data.get("variants", {}).items():
            if variant["item_id"] != key:
                raise ma.ValidationError({"variants": [f"{key}: item_id differs from key"]})


def _records(schema: type[ma.Schema], key: str) -> ma.fields.Dict:
    return ma.fields.Dict(
        keys=ma.fields.String(validate=ID),
        values=ma.fields.Nested(schema),
        metadata={"description": f"id -> record; each record's `{key}` equals its id"},
    )


class RetailImportSchema(ma.Schema):
    """Any subset of the three collections, in the reference shapes."""

    users = ma.fields.Dict(
        keys=ma.fields.String(validate=ID), values=ma.fields.Nested(RetailUserSchema)
    )
    orders = _records(RetailOrderSchema, "order_id")
    products = _records(RetailProductSchema, "product_id")

    @ma.validates_schema
    def keyed(self, data: dict[str, Any], **_: Any) -> None:
        for collection, field in (("orders", "order_id"), ("products", "product_id")):
            bad = [k for k, record in data.get(collection, {}).items() if record[field] != k]
            if bad:
                raise ma.ValidationError(
                    {collection: [f"{k}: {field} differs from key" for k in bad]}
                )
        if not any(data.get(c) for c in ("users", "orders", "products")):
            raise ma.ValidationError("send at least one record of users, orders or products")


class RetailExportArgsSchema(ma.Schema):
    users = ma.fields.String(metadata={"description": "comma-separated user ids"})
    orders = ma.fields.String(metadata={"description": "comma-separated order ids (%23 for #)"})
    products = ma.fields.String(metadata={"description": "comma-separated product ids"})
