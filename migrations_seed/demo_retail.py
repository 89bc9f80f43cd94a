"""The demo shop's retail side: product variants, customers with payment methods, and the
payments, refunds and fulfillments of the seed orders (as stored items)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cloudmart.models import Address, Customer, PaymentMethod, Variant
from cloudmart.repositories.customers import customer_to_item
from cloudmart.repositories.products import variant_attributes
from migrations_seed.seed_data import _ADDRESSES, ORDERS, PRODUCTS

# Products with real variants. The first keeps the product's own id, price and stock, so
# every seed order line (item id = product id) stays a variant of its product.
VARIANTS: dict[str, list[tuple[str, dict[str, str], str, int, bool]]] = {
    "P-1002": [
        ("P-1002", {"band size": "M", "color": "black"}, "149.00", 0, True),
        ("P-1002-S", {"band size": "S", "color": "black"}, "149.00", 12, True),
        ("P-1002-L", {"band size": "L", "color": "silver"}, "159.00", 8, True),
    ],
    "P-1006": [
        ("P-1006", {"switch type": "tactile", "layout": "full size"}, "119.00", 0, True),
        ("P-1006-CLK", {"switch type": "clicky", "layout": "full size"}, "124.00", 15, True),
        ("P-1006-LIN", {"switch type": "linear", "layout": "full size"}, "119.00", 6, True),
        ("P-1006-TKL", {"switch type": "clicky", "layout": "tenkeyless"}, "109.00", 0, False),
    ],
    "P-1015": [
        ("P-1015", {"color": "glacier blue", "capacity": "32 oz"}, "29.99", 0, True),
        ("P-1015-RED", {"color": "red", "capacity": "32 oz"}, "29.99", 30, True),
        ("P-1015-24", {"color": "glacier blue", "capacity": "24 oz"}, "24.99", 25, True),
        ("P-1015-40", {"color": "glacier blue", "capacity": "40 oz"}, "34.99", 20, True),
    ],
    "P-1019": [
        ("P-1019", {"size": "M", "color": "heather grey"}, "98.00", 0, True),
        ("P-1019-S", {"size": "S", "color": "heather grey"}, "98.00", 7, True),
        ("P-1019-L-RED", {"size": "L", "color": "red"}, "98.00", 5, True),
        ("P-1019-XL", {"size": "XL", "color": "heather grey"}, "104.00", 0, False),
    ],
    "P-1024": [
        ("P-1024", {"size": "M", "color": "red plaid"}, "49.50", 0, True),
        ("P-1024-L", {"size": "L", "color": "red plaid"}, "49.50", 14, True),
        ("P-1024-L-GRN", {"size": "L", "color": "green plaid"}, "52.00", 9, True),
    ],
}

# Payment methods of the demo customers: a card, PayPal and a gift card with a balance.
METHODS: dict[str, list[PaymentMethod]] = {
    "alice@example.com": [
        PaymentMethod("credit_card_1001", "credit_card", brand="visa", lastFour="4242"),
        PaymentMethod("paypal_1001", "paypal"),
        PaymentMethod("gift_card_1001", "gift_card", balance=Decimal("150.00")),
    ],
    "bob@example.com": [
        PaymentMethod("credit_card_1002", "credit_card", brand="mastercard", lastFour="5454"),
        PaymentMethod("gift_card_1002", "gift_card", balance=Decimal("40.00")),
    ],
    "carol@example.com": [
        PaymentMethod("paypal_1003", "paypal"),
        PaymentMethod("credit_card_1003", "credit_card", brand="visa", lastFour="1234"),
        PaymentMethod("gift_card_1003", "gift_card", balance=Decimal("250.00")),
    ],
}
CUSTOMER_IDS = {
    "alice@example.com": "alice_johnson_1001",
    "bob@example.com": "bob_smith_1002",
    "carol@example.com": "carol_diaz_1003",
}
# Which method paid each seed order (the first card or PayPal of its customer otherwise).
PAID_WITH = {"CM-7912": "gift_card_1003", "CM-7650": "gift_card_1002"}
TRACKED = ("shipped", "delivered", "return_requested", "returned", "exchange_requested")


def product_items() -> list[dict[str, Any]]:
    items = []
    for product in PRODUCTS:
        item = {k: v for k, v in product.items() if k not in ("price", "stock")}
        own = [(product["id"], {}, str(product["price"]), product["stock"], True)]
        variants = [
            Variant(iid, options, Decimal(price), available, product["stock"] if i == 0 else stock)
            for i, (iid, options, price, stock, available) in enumerate(
                VARIANTS.get(product["id"], own)
            )
        ]
        items.append(item | variant_attributes(variants))
    return items


def customers() -> list[Customer]:
    found = []
    for email, methods in METHODS.items():
        address = Address(**_ADDRESSES[email])
        first, last = address.name.split(" ", 1)
        orders = [o["id"] for o in ORDERS if o["userEmail"] == email]
        found.append(
            Customer(
                id=CUSTOMER_IDS[email],
                firstName=first,
                lastName=last,
                email=email,
                address=address,
                paymentMethods={m.id: m for m in methods},
                orderIds=orders,
            )
        )
    return found


def customer_items() -> list[dict[str, Any]]:
    """The demo customers as stored items."""
    return [customer_to_item(c) for c in customers()]


def order_items() -> list[dict[str, Any]]:
    """The seed orders with their customer, variant, payment history and fulfillments."""
    return [retail_order(order) for order in ORDERS]


def retail_order(order: dict[str, Any]) -> dict[str, Any]:
    order = copy.deepcopy(order)
    email = order["userEmail"]
    methods = METHODS[email]
    payer = PAID_WITH.get(order["id"]) or next(m.id for m in methods if m.source != "gift_card")
    total = order["total"]
    history = [{"kind": "payment", "amount": total, "paymentMethodId": payer}]
    if order["status"] == "canceled":
        history.append({"kind": "refund", "amount": total, "paymentMethodId": payer})
    for line in order["items"]:
        line.setdefault("itemId", line["productId"])
        line.setdefault("options", _options(line["productId"], line["itemId"]))
    order |= {"customerId": CUSTOMER_IDS[email], "paymentHistory": history, "fulfillments": []}
    if order["status"] in TRACKED:
        digits = "".join(ch for ch in order["id"] if ch.isdigit())
        tracking = f"{digits:0>12}"
        items = [i["itemId"] for i in order["items"]]
        order["fulfillments"] = [{"trackingIds": [tracking], "itemIds": items}]
    if order["status"] == "exchange_requested":
        line = order["items"][0]
        order |= {
            "exchangeItems": [line["itemId"]],
            "exchangeNewItems": ["P-1019-S"],
            "exchangePaymentMethodId": payer,
            "exchangePriceDifference": Decimal("0.00"),
        }
    return order


def _options(product_id: str, item_id: str) -> dict[str, str]:
    for iid, options, *_ in VARIANTS.get(product_id, []):
        if iid == item_id:
            return dict(options)
    return {}
