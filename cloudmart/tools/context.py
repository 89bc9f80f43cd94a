"""What a tool runs with: the conversation's principal (never the model's word) and services."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cloudmart.auth import Principal
from cloudmart.models import Order, Product

if TYPE_CHECKING:
    from cloudmart.services import Services


@dataclass(frozen=True)
class ToolContext:
    principal: Principal
    conversation_id: str
    services: Services


def money(amount: Decimal) -> float:
    """For display in results (exact for cents); arithmetic stays in Decimal."""
    return float(amount)


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "total": money(order.total),
        "createdAt": order.createdAt,
        "updatedAt": order.updatedAt,
        "items": [
            {
                "productId": i.productId,
                "name": i.name,
                "quantity": i.quantity,
                "unitPrice": money(i.unitPrice),
            }
            for i in order.items
        ],
        "shippingAddress": {k: v for k, v in asdict(order.shippingAddress).items() if v},
        "deliveredAt": order.deliveredAt,
    }


def product_view(product: Product) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "price": money(product.price),
        "category": product.category,
        "image": product.image,
        "stock": product.stock,
        "inStock": product.stock > 0,
    }


def items_phrase(order: Order) -> str:
    return ", ".join(f"{i.quantity} x {i.name}" for i in order.items)
