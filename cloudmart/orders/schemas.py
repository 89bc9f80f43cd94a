"""Order schemas: what the order endpoints accept and return."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from cloudmart.models import CANCEL_REASONS, ORDER_STATUSES, Address
from cloudmart.orders.pricing import MAX_LINES, MAX_QUANTITY, OrderLine
from cloudmart.orders.service import Swap
from cloudmart.schemas import PageArgsSchema, money

LINE = validate.Length(1, 200)
ID = validate.Length(1, 64)


class AddressSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=LINE)
    street = ma.fields.String(required=True, validate=LINE)
    city = ma.fields.String(required=True, validate=validate.Length(1, 100))
    state = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(0, 100))
    postalCode = ma.fields.String(required=True, validate=validate.Length(1, 20))
    country = ma.fields.String(required=True, validate=validate.Length(2, 56))
    address2 = ma.fields.String(
        load_default=None, allow_none=True, validate=validate.Length(0, 200)
    )

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Address:
        return Address(**data)

    @ma.post_dump
    def without_empty_second_line(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data.get("address2") is None:
            data.pop("address2", None)
        return data


class OrderItemSchema(ma.Schema):
    productId = ma.fields.String()
    itemId = ma.fields.String(metadata={"description": "the variant"})
    name = ma.fields.String()
    options = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    unitPrice = money()
    quantity = ma.fields.Integer()


class TransactionSchema(ma.Schema):
    kind = ma.fields.String(metadata={"enum": ["payment", "refund"]})
    amount = money()
    paymentMethodId = ma.fields.String()


class FulfillmentSchema(ma.Schema):
    trackingIds = ma.fields.List(ma.fields.String())
    itemIds = ma.fields.List(ma.fields.String())


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
    customerId = ma.fields.String()
    paymentHistory = ma.fields.List(ma.fields.Nested(TransactionSchema))
    fulfillments = ma.fields.List(ma.fields.Nested(FulfillmentSchema))
    returnItems = ma.fields.List(ma.fields.String(), allow_none=True)
    returnPaymentMethodId = ma.fields.String(allow_none=True)
    exchangeItems = ma.fields.List(ma.fields.String(), allow_none=True)
    exchangeNewItems = ma.fields.List(ma.fields.String(), allow_none=True)
    exchangePaymentMethodId = ma.fields.String(allow_none=True)
    exchangePriceDifference = money(allow_none=True)


class OrderLineSchema(ma.Schema):
    productId = ma.fields.String(required=True, validate=validate.Length(1, 64))
    quantity = ma.fields.Integer(
        required=True, strict=True, validate=validate.Range(1, MAX_QUANTITY)
    )
    itemId = ma.fields.String(
        validate=validate.Length(1, 64),
        metadata={
            "description": "the variant; default: the product's cheapest for sale, whose "
            "price the product shows as its `price` (the first of them in shop order on a tie)"
        },
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
    paymentMethodId = ma.fields.String(
        validate=ID,
        metadata={
            "description": "one of the customer's payment methods; default: their first card "
            "or PayPal account, else their first gift card that covers the total"
        },
    )


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
    reason = ma.fields.String(
        load_default=CANCEL_REASONS[0],
        validate=validate.OneOf(CANCEL_REASONS),
        metadata={"description": f"default: {CANCEL_REASONS[0]}"},
    )


ITEM_IDS = ma.fields.List(
    ma.fields.String(validate=ID), required=True, validate=validate.Length(1, 100)
)


class PaymentChangeSchema(ma.Schema):
    paymentMethodId = ma.fields.String(required=True, validate=ID)


class SwapSchema(ma.Schema):
    """Units named by item id (repeat an id for several units), what each becomes, and the
    payment method that pays or is refunded the difference."""

    itemIds = ITEM_IDS
    newItemIds = ITEM_IDS
    paymentMethodId = ma.fields.String(required=True, validate=ID)

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Swap:
        return Swap(data["itemIds"], data["newItemIds"], data["paymentMethodId"])


class ReturnSchema(ma.Schema):
    itemIds = ITEM_IDS
    paymentMethodId = ma.fields.String(
        required=True,
        validate=ID,
        metadata={"description": "the method that paid, or a gift card"},
    )
    reason = ma.fields.String(validate=validate.Length(0, 500))

    @ma.post_load
    def make(self, data: dict[str, Any], **_: Any) -> Swap:
        return Swap(data["itemIds"], [], data["paymentMethodId"], data.get("reason"))


class OrdersByEmailArgsSchema(PageArgsSchema):
    email = ma.fields.Email(required=True)
