"""What a new order costs and how it is paid: lines priced from the catalogue's variants."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cloudmart.errors import NotFoundError, UnprocessableError
from cloudmart.models import CENT, Customer, OrderItem, PaymentMethod, Product, Variant
from cloudmart.repositories.products import ProductRepository

MAX_LINES = 50
MAX_QUANTITY = 100


@dataclass(frozen=True)
class OrderLine:
    productId: str
    quantity: int
    itemId: str | None = None  # the variant; None: the one whose price the product shows


def price_lines(
    products: ProductRepository, lines: list[OrderLine]
) -> tuple[list[OrderItem], Decimal]:
    """The order's items, priced from the catalogue, and its total."""
    if len(lines) > MAX_LINES:
        raise UnprocessableError(f"an order holds at most {MAX_LINES} different products")
    catalogue = products.get_many([line.productId for line in lines])
    unknown = [line.productId for line in lines if line.productId not in catalogue]
    if unknown:
        raise UnprocessableError(
            "unknown product", errors={"items": [f"unknown product {pid}" for pid in unknown]}
        )
    quantities: dict[tuple[str, str], int] = {}
    for line in lines:  # one line per variant (units of one variant are merged)
        variant = _variant(catalogue[line.productId], line.itemId)
        key = (line.productId, variant.itemId)
        quantities[key] = quantities.get(key, 0) + line.quantity
    over = [item for (_, item), n in quantities.items() if n > MAX_QUANTITY]
    if over:
        raise UnprocessableError(
            "quantity too large",
            errors={"items": [f"{i}: at most {MAX_QUANTITY} in one order" for i in over]},
        )
    items = []
    for (product_id, item_id), quantity in quantities.items():
        product = catalogue[product_id]
        variant = product.variants[item_id]
        items.append(
            OrderItem(
                productId=product_id,
                name=product.name,
                unitPrice=variant.price,
                quantity=quantity,
                itemId=item_id,
                options=dict(variant.options),
            )
        )
    total = sum((i.unitPrice * i.quantity for i in items), Decimal(0)).quantize(CENT)
    return items, total


def _variant(product: Product, item_id: str | None) -> Variant:
    if item_id is None:  # the variant whose price the product shows: what it was shown, paid
        shown = product.shown_variant()
        if shown is None:
            raise UnprocessableError(
                f"{product.name} is not for sale",
                errors={"items": [f"{product.id}: no variant for sale"]},
            )
        return shown
    variant = product.variants.get(item_id)
    if variant is None or not variant.available:
        raise UnprocessableError(
            f"that {product.name} is not for sale",
            errors={"items": [f"{item_id}: not a variant of {product.id} for sale"]},
        )
    return variant


def choose_payment(
    customer: Customer, total: Decimal, payment_method_id: str | None
) -> PaymentMethod:
    """The method named, or else the customer's first card or PayPal account, or else their
    first gift card that covers the total. A gift card must cover the total."""
    if payment_method_id is not None:
        method = customer.paymentMethods.get(payment_method_id)
        if method is None:
            raise NotFoundError(f"payment method {payment_method_id} not found")
    else:
        methods = list(customer.paymentMethods.values())
        method = next((m for m in methods if not m.is_gift_card), None) or next(
            (m for m in methods if (m.balance or 0) >= total), None
        )
        if method is None:
            raise UnprocessableError(
                "no payment method on file covers the order",
                errors={"paymentMethodId": ["name one of your payment methods"]},
            )
    if method.is_gift_card and (method.balance or Decimal(0)) < total:
        raise UnprocessableError(
            f"gift card {method.id} does not cover the total",
            errors={"paymentMethodId": ["balance below the total"]},
        )
    return method
