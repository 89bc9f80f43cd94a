"""What the model reads of an order or a product: plain JSON, with the rules' answers in it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cloudmart.models import (
    ADDRESS_CHANGEABLE,
    CANCELABLE,
    IN_FLIGHT,
    RETURNABLE,
    Order,
    Product,
)


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "total": float(order.total),  # exact for cents; arithmetic stays in Decimal
        "createdAt": order.createdAt,
        "updatedAt": order.updatedAt,
        "items": [
            {
                "productId": i.productId,
                "name": i.name,
                "quantity": i.quantity,
                "unitPrice": float(i.unitPrice),
            }
            for i in order.items
        ],
        "shippingAddress": {k: v for k, v in asdict(order.shippingAddress).items() if v},
        "deliveredAt": order.deliveredAt,
        # what the status allows (the return window is checked when a return is asked for)
        "canCancel": order.status in CANCELABLE,
        "canChangeAddress": order.status in ADDRESS_CHANGEABLE,
        "canReturn": order.status in RETURNABLE,
        "inFlight": order.status in IN_FLIGHT,
    }


def product_view(product: Product) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "price": float(product.price),
        "category": product.category,
        "image": product.image,
        "stock": product.stock,
        "inStock": product.stock > 0,
    }
