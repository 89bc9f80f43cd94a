"""Order schemas: what the order endpoints accept and return."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from cloudmart.models import ORDER_STATUSES, Address
from cloudmart.orders.service import MAX_LINES, MAX_QUANTITY, OrderLine
from cloudmart.schemas import PageArgsSchema, money

LINE = validate.Length(1, 200)


class AddressSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=LINE)
    street = ma.fields.String(required=True, validate=LINE)
    city = ma.fields.String(required=True, validate=validate.Length(1, 100))
    state = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(0, 100))
    postalCode = ma.fields.String(required=True, validate=validate.Length(1, 20))
    country = ma.fields.String(required=True, validate=validate.Length(2, 56))

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Address:
        return Address(**data)


class OrderItemSchema(ma.Schema):
    productId = ma.fields.String()
    name = ma.fields.String()
    unitPrice = money()
    quantity = ma.fields.Integer()


class StatusChangeSchema(ma.Schema):
    status = ma.fields.String()
    at = ma.fields.String()
    by = ma.fields.String()


class OrderSchema(ma.Schema):
    id = ma.fields.String()
    userEmail = ma.fields.String()
    status = ma.fields.String(metadata={"enum": list(ORDER_STATUSES)})
    items = ma.fields.List(ma.fields.Nested(OrderItemSchema))
    total = money()
    shippingAddress = ma.fields.Nested(AddressSchema)
    createdAt = ma.fields.String()
    updatedAt = ma.fields.String()
    version = ma.fields.Integer()
    statusHistory = ma.fields.List(ma.fields.Nested(StatusChangeSchema))
    cancelReason = ma.fields.String(allow_none=True)
    returnReason = ma.fields.String(allow_none=True)
    deliveredAt = ma.fields.String(allow_none=True)


class OrderLineSchema(ma.Schema):
    productId = ma.fields.String(required=True, validate=validate.Length(1, 64))
    quantity = ma.fields.Integer(
        required=True, strict=True, validate=validate.Range(1, MAX_QUANTITY)
    )

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> OrderLine:
        return OrderLine(**data)


class OrderCreateSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(OrderLineSchema), required=True, validate=validate.Length(1, MAX_LINES)
    )
    shippingAddress = ma.fields.Nested(AddressSchema, required=True)
    userEmail = ma.fields.Email(metadata={"description": "admins only: whose order it is"})


class OrderUpdateSchema(ma.Schema):
    status = ma.fields.String(
        validate=validate.OneOf(ORDER_STATUSES), metadata={"description": "admins only"}
    )
    shippingAddress = ma.fields.Nested(AddressSchema)

    @ma.validates_schema
    def one_change(self, data: dict[str, Any], **_: Any) -> None:
        if len(data) != 1:
            raise ma.ValidationError("send exactly one of status or shippingAddress")


class OrderCancelSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, validate=validate.Length(0, 500))


class OrdersByEmailArgsSchema(PageArgsSchema):
    email = ma.fields.Email(required=True)
