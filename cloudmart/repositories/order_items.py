"""The order item <-> Order mapping (Decimal and int only here), for the order repository."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Fulfillment, Order, OrderItem, StatusChange, Transaction
from cloudmart.repositories.base import from_item, to_item


def order_from_item(item: dict[str, Any]) -> Order:
    data = from_item(item)
    difference = data.get("exchangePriceDifference")
    return Order(
        id=data["id"],
        userEmail=data["userEmail"],
        status=data["status"],
        items=[line_from(i) for i in data.get("items", [])],
        total=Decimal(data["total"]),
        shippingAddress=Address(**data["shippingAddress"]),
        createdAt=data["createdAt"],
        updatedAt=data.get("updatedAt", data["createdAt"]),
        version=int(data.get("version", 1)),
        statusHistory=[StatusChange(**h) for h in data.get("statusHistory", [])],
        cancelReason=data.get("cancelReason"),
        returnReason=data.get("returnReason"),
        deliveredAt=data.get("deliveredAt"),
        customerId=data.get("customerId", ""),
        paymentHistory=[
            Transaction(t["kind"], Decimal(t["amount"]), t["paymentMethodId"])
            for t in data.get("paymentHistory", [])
        ],
        fulfillments=[
            Fulfillment(list(f["trackingIds"]), list(f["itemIds"]))
            for f in data.get("fulfillments", [])
        ],
        returnItems=data.get("returnItems"),
        returnPaymentMethodId=data.get("returnPaymentMethodId"),
        exchangeItems=data.get("exchangeItems"),
        exchangeNewItems=data.get("exchangeNewItems"),
        exchangePaymentMethodId=data.get("exchangePaymentMethodId"),
        exchangePriceDifference=None if difference is None else Decimal(difference),
    )


def line_from(data: dict[str, Any]) -> OrderItem:
    return OrderItem(
        productId=data["productId"],
        name=data["name"],
        unitPrice=Decimal(data["unitPrice"]),
        quantity=int(data["quantity"]),
        itemId=data.get("itemId") or data["productId"],
        options=dict(data.get("options") or {}),
    )


def order_to_item(order: Order) -> dict[str, Any]:
    data = asdict(order)
    data["shippingAddress"] = {k: v for k, v in data["shippingAddress"].items() if v is not None}
    return to_item(data)


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in asdict(value).items() if v is not None}
    return value
