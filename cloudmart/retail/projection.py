"""CloudMart records <-> the reference shapes of RETAIL.md §1: the one vocabulary mapping.

CloudMart keeps its own status spellings and field names; this module alone knows the
reference's. Extra CloudMart fields (stock, timestamps, versions, histories) are left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cloudmart.models import (
    Address,
    Customer,
    Fulfillment,
    Order,
    OrderItem,
    PaymentMethod,
    Product,
    Transaction,
    Variant,
)

# CloudMart status -> reference status. `processing` and `shipped` are both past the point
# where the reference allows changes ("processed"); `returned` has no reference counterpart.
STATUS_TO_REFERENCE = {
    "pending": "pending",
    "processing": "processed",
    "shipped": "processed",
    "delivered": "delivered",
    "canceled": "cancelled",
    "items_modified": "pending (item modified)",
    "return_requested": "return requested",
    "returned": "return requested",
    "exchange_requested": "exchange requested",
}
STATUS_FROM_REFERENCE = {
    "pending": "pending",
    "processed": "shipped",
    "delivered": "delivered",
    "cancelled": "canceled",
    "pending (item modified)": "items_modified",
    "return requested": "return_requested",
    "exchange requested": "exchange_requested",
}
ADDRESS_FIELDS = ("address1", "address2", "city", "country", "state", "zip")
# Optional order fields set by the operations: reference name -> CloudMart attribute.
OPERATION_FIELDS = {
    "cancel_reason": "cancelReason",
    "return_items": "returnItems",
    "return_payment_method_id": "returnPaymentMethodId",
    "exchange_items": "exchangeItems",
    "exchange_new_items": "exchangeNewItems",
    "exchange_payment_method_id": "exchangePaymentMethodId",
    "exchange_price_difference": "exchangePriceDifference",
}


def number(value: Decimal) -> float | int:
    """A JSON number for an exact amount (whole amounts stay integers)."""
    return int(value) if value == value.to_integral_value() else float(value)


def address_out(address: Address) -> dict[str, str]:
    return {
        "address1": address.street,
        "address2": address.address2 or "",
        "city": address.city,
        "country": address.country,
        "state": address.state or "",
        "zip": address.postalCode,
    }


def address_in(data: dict[str, str], name: str) -> Address:
    """A reference address, stored exactly as given (empty strings too); `name` is the
    recipient CloudMart keeps beside it."""
    return Address(
        name=name,
        street=data["address1"],
        address2=data["address2"],
        city=data["city"],
        postalCode=data["zip"],
        country=data["country"],
        state=data["state"],
    )


def customer_out(customer: Customer) -> dict[str, Any]:
    return {
        "name": {"first_name": customer.firstName, "last_name": customer.lastName},
        "address": address_out(customer.address),
        "email": customer.email,
        "payment_methods": {m.id: method_out(m) for m in customer.paymentMethods.values()},
        "orders": list(customer.orderIds),
    }


def method_out(method: PaymentMethod) -> dict[str, Any]:
    data: dict[str, Any] = {"source": method.source, "id": method.id}
    if method.source == "credit_card":
        data |= {"brand": method.brand, "last_four": method.lastFour}
    if method.balance is not None:
        data["balance"] = number(method.balance)
    return data


def customer_in(customer_id: str, data: dict[str, Any], version: int = 1) -> Customer:
    first, last = data["name"]["first_name"], data["name"]["last_name"]
    return Customer(
        id=customer_id,
        firstName=first,
        lastName=last,
        email=data["email"],
        address=address_in(data["address"], f"{first} {last}"),
        paymentMethods={k: method_in(m) for k, m in data["payment_methods"].items()},
        orderIds=list(data["orders"]),
        version=version,
    )


def method_in(data: dict[str, Any]) -> PaymentMethod:
    balance = data.get("balance")
    return PaymentMethod(
        id=data["id"],
        source=data["source"],
        brand=data.get("brand"),
        lastFour=data.get("last_four"),
        balance=None if balance is None else Decimal(str(balance)),
    )


def order_out(order: Order) -> dict[str, Any]:
    data: dict[str, Any] = {
        "order_id": order.id,
        "user_id": order.customerId,
        "address": address_out(order.shippingAddress),
        "items": [line_out(unit) for unit in order.units()],
        "fulfillments": [
            {"tracking_id": list(f.trackingIds), "item_ids": list(f.itemIds)}
            for f in order.fulfillments
        ],
        "status": STATUS_TO_REFERENCE[order.status],
        "payment_history": [
            {
                "transaction_type": t.kind,
                "amount": number(t.amount),
                "payment_method_id": t.paymentMethodId,
            }
            for t in order.paymentHistory
        ],
    }
    for name, attribute in OPERATION_FIELDS.items():
        value = getattr(order, attribute)
        if value is not None:
            data[name] = number(value) if isinstance(value, Decimal) else value
    return data


def line_out(unit: OrderItem) -> dict[str, Any]:
    return {
        "name": unit.name,
        "product_id": unit.productId,
        "item_id": unit.itemId,
        "price": number(unit.unitPrice),
        "options": dict(unit.options),
    }


def order_in(data: dict[str, Any], owner: Customer, at: str, version: int = 1) -> Order:
    """A reference order as CloudMart's: one line per unit, as given."""
    items = [
        OrderItem(
            productId=line["product_id"],
            name=line["name"],
            unitPrice=Decimal(str(line["price"])),
            quantity=1,
            itemId=line["item_id"],
            options=dict(line["options"]),
        )
        for line in data["items"]
    ]
    extra: dict[str, Any] = {}
    for name, attribute in OPERATION_FIELDS.items():
        value = data.get(name)
        if value is not None:
            extra[attribute] = Decimal(str(value)) if name == "exchange_price_difference" else value
    return Order(
        id=data["order_id"],
        userEmail=owner.email.lower(),
        customerId=owner.id,
        status=STATUS_FROM_REFERENCE[data["status"]],
        items=items,
        total=sum((i.unitPrice for i in items), Decimal(0)),
        shippingAddress=address_in(data["address"], f"{owner.firstName} {owner.lastName}"),
        createdAt=at,
        updatedAt=at,
        version=version,
        paymentHistory=[
            Transaction(t["transaction_type"], Decimal(str(t["amount"])), t["payment_method_id"])
            for t in data["payment_history"]
        ],
        fulfillments=[
            Fulfillment(list(f["tracking_id"]), list(f["item_ids"])) for f in data["fulfillments"]
        ],
        **extra,
    )


def product_out(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "product_id": product.id,
        "variants": {
            v.itemId: {
                "item_id": v.itemId,
                "options": dict(v.options),
                "available": v.available,
                "price": number(v.price),
            }
            for v in product.variants.values()
        },
    }


def variants_in(data: dict[str, Any], stock: dict[str, int]) -> list[Variant]:
    """The reference carries no stock: each variant gets `stock[item id]`."""
    return [
        Variant(
            itemId=v["item_id"],
            options=dict(v["options"]),
            price=Decimal(str(v["price"])),
            available=v["available"],
            stock=stock[v["item_id"]],
        )
        for v in data["variants"].values()
    ]
