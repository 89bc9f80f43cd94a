"""The order item <-> Order mapping (Decimal and int only here), for the order repository."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Order, OrderItem, StatusChange
from cloudmart.repositories.base import from_item, to_item


def order_from_item(item: dict[str, Any]) -> Order:
    data = from_item(item)
    return Order(
        id=data["id"],
        userEmail=data["userEmail"],
        status=data["status"],
        items=[
            OrderItem(
                productId=i["productId"],
                name=i["name"],
                unitPrice=Decimal(i["unitPrice"]),
                quantity=int(i["quantity"]),
            )
            for i in data.get("items", [])
        ],
        total=Decimal(data["total"]),
        shippingAddress=Address(**data["shippingAddress"]),
        createdAt=data["createdAt"],
        updatedAt=data.get("updatedAt", data["createdAt"]),
        version=int(data.get("version", 1)),
        statusHistory=[StatusChange(**h) for h in data.get("statusHistory", [])],
        cancelReason=data.get("cancelReason"),
        returnReason=data.get("returnReason"),
        deliveredAt=data.get("deliveredAt"),
    )


def order_to_item(order: Order) -> dict[str, Any]:
    data = asdict(order)
    data["shippingAddress"] = {k: v for k, v in data["shippingAddress"].items() if v is not None}
    return to_item(data)


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in asdict(value).items() if v is not None}
    return value
