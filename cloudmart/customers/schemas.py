"""Customer schemas: the profile and payment methods the customer endpoints return."""

from __future__ import annotations

import marshmallow as ma

from cloudmart.orders.schemas import AddressSchema
from cloudmart.schemas import money
from i18n import LANGUAGES


class PaymentMethodSchema(ma.Schema):
    id = ma.fields.String()
    source = ma.fields.String(metadata={"enum": ["credit_card", "paypal", "gift_card"]})
    brand = ma.fields.String(allow_none=True)
    lastFour = ma.fields.String(allow_none=True)
    balance = money(allow_none=True, metadata={"description": "gift cards only"})


class CustomerSchema(ma.Schema):
    id = ma.fields.String()
    firstName = ma.fields.String()
    lastName = ma.fields.String()
    email = ma.fields.String()
    address = ma.fields.Nested(AddressSchema, metadata={"description": "the default address"})
    paymentMethods = ma.fields.Method("methods")
    orderIds = ma.fields.List(ma.fields.String())
    language = ma.fields.String(
        allow_none=True,
        metadata={"description": "the chosen language (en, es, fr, de); null: detected"},
    )

    def methods(self, customer: object) -> list[dict[str, object]]:
        listed = list(customer.paymentMethods.values())  # type: ignore[attr-defined]
        return PaymentMethodSchema(many=True).dump(listed)


class LanguageChangeSchema(ma.Schema):
    language = ma.fields.String(required=True, metadata={"enum": list(LANGUAGES)})


class AddressChangeSchema(ma.Schema):
    address = ma.fields.Nested(AddressSchema, required=True)
