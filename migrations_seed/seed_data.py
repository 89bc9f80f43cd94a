"""Deterministic seed data for CloudMart: products, customers and orders for local DynamoDB."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from cloudmart.accounts.demo import ADMIN_EMAIL, CUSTOMERS
from cloudmart.models import ORDER_STATUSES, RETURN_WINDOW_DAYS, TRANSITIONS

CATEGORIES: tuple[str, ...] = ("electronics", "home", "outdoor", "apparel", "books")


# "Now" for the seed data set; delivered orders are placed relative to it (30-day return window).
REFERENCE_NOW = "2026-11-20T12:00:00.000000Z"

ISO_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_ORDER_ID_RE = re.compile(r"^CM-\d{4}$")  # the demo's own; placed orders get six digits

PRODUCTS: list[dict[str, Any]] = [
    # --- electronics ---------------------------------------------------------------------------
    {
        "id": "P-1001",
        "name": "Aurora Wireless Noise-Cancelling Headphones",
        "description": "Over-ear wireless Bluetooth headphones with active noise cancelling and a "
        "30-hour battery. Foldable design with a travel case and built-in microphone.",
        "price": Decimal("79.99"),
        "image": "/static/products/P-1001.svg",
        "category": "electronics",
        "stock": 40,
        "createdAt": "2026-01-05T09:00:00.000000Z",
    },
    {
        "id": "P-1002",
        "name": "PulseFit Smartwatch",
        "description": "Fitness tracker smartwatch with heart rate monitor, built-in GPS and sleep "
        "tracking. Water resistant to 50 m with up to 7 days of battery life.",
        "price": Decimal("149.00"),
        "image": "/static/products/P-1002.svg",
        "category": "electronics",
        "stock": 25,
        "createdAt": "2026-01-12T14:30:00.000000Z",
    },
    {
        "id": "P-1003",
        "name": "VoltCore 20000mAh Power Bank",
        "description": "Portable charger with USB-C fast charging that tops up a phone four times. "
        "Slim aluminium shell with two USB outputs.",
        "price": Decimal("39.99"),
        "image": "/static/products/P-1003.svg",
        "category": "electronics",
        "stock": 120,
        "createdAt": "2026-01-20T08:45:00.000000Z",
    },
    {
        "id": "P-1004",
        "name": "EchoBeam Portable Bluetooth Speaker",
        "description": "Waterproof portable Bluetooth speaker with deep bass and 360-degree sound. "
        "Up to 15 hours of playtime for the beach, pool or campsite.",
        "price": Decimal("59.99"),
        "image": "/static/products/P-1004.svg",
        "category": "electronics",
        "stock": 0,
        "createdAt": "2026-02-02T11:15:00.000000Z",
    },
    {
        "id": "P-1005",
        "name": "ClearView 4K Webcam",
        "description": "4K USB webcam with autofocus, low-light correction and dual noise-reducing "
        "microphones. Plug-and-play for video calls and streaming.",
        "price": Decimal("89.99"),
        "image": "/static/products/P-1005.svg",
        "category": "electronics",
        "stock": 3,
        "createdAt": "2026-02-10T16:00:00.000000Z",
    },
    {
        "id": "P-1006",
        "name": "Nimbus Wireless Mechanical Keyboard",
        "description": "Compact wireless mechanical keyboard with hot-swappable switches and "
        "white backlight. Connects over Bluetooth or USB-C to three devices.",
        "price": Decimal("119.00"),
        "image": "/static/products/P-1006.svg",
        "category": "electronics",
        "stock": 60,
        "createdAt": "2026-02-18T10:20:00.000000Z",
    },
    # --- home ----------------------------------------------------------------------------------
    {
        "id": "P-1007",
        "name": "Brewmaster Stainless Steel French Press",
        "description": "Double-wall stainless steel French press coffee maker that keeps coffee "
        "hot for an hour. 1-litre capacity with a four-level filter.",
        "price": Decimal("34.99"),
        "image": "/static/products/P-1007.svg",
        "category": "home",
        "stock": 85,
        "createdAt": "2026-03-01T09:30:00.000000Z",
    },
    {
        "id": "P-1008",
        "name": "Lumen Dimmable LED Desk Lamp",
        "description": "Dimmable LED desk lamp with five colour temperatures and a USB charging "
        "port. Flicker-free light for reading and home office work.",
        "price": Decimal("44.50"),
        "image": "/static/products/P-1008.svg",
        "category": "home",
        "stock": 70,
        "createdAt": "2026-03-08T13:10:00.000000Z",
    },
    {
        "id": "P-1009",
        "name": "CloudRest Memory Foam Pillow",
        "description": "Contoured memory foam pillow for neck support with a cooling, washable "
        "bamboo cover. Suits back and side sleepers.",
        "price": Decimal("24.99"),
        "image": "/static/products/P-1009.svg",
        "category": "home",
        "stock": 150,
        "createdAt": "2026-03-15T07:50:00.000000Z",
    },
    {
        "id": "P-1010",
        "name": "Hearth Enameled Cast Iron Dutch Oven",
        "description": "6-quart enameled cast iron Dutch oven for braising, baking bread and "
        "slow-cooked stews. Oven safe to 500°F and works on induction.",
        "price": Decimal("89.00"),
        "image": "/static/products/P-1010.svg",
        "category": "home",
        "stock": 30,
        "createdAt": "2026-03-22T15:40:00.000000Z",
    },
    {
        "id": "P-1011",
        "name": "PureAir HEPA Air Purifier",
        "description": "True HEPA air purifier for large rooms that removes dust, pollen, pet "
        "dander and smoke. Quiet sleep mode and an air quality sensor.",
        "price": Decimal("199.99"),
        "image": "/static/products/P-1011.svg",
        "category": "home",
        "stock": 2,
        "createdAt": "2026-04-03T12:00:00.000000Z",
    },
    {
        "id": "P-1012",
        "name": "Stoneware Mug & Saucer Set",
        "description": "Set of four handmade stoneware coffee mugs with matching saucers. "
        "Dishwasher and microwave safe.",
        "price": Decimal("27.99"),
        "image": "/static/products/P-1012.svg",
        "category": "home",
        "stock": 200,
        "createdAt": "2026-04-11T10:05:00.000000Z",
    },
    # --- outdoor -------------------------------------------------------------------------------
    {
        "id": "P-1013",
        "name": "Summit Trail Waterproof Hiking Boots",
        "description": "Waterproof leather hiking boots with a grippy Vibram outsole and "
        "cushioned midsole. Built for rocky trails and muddy days.",
        "price": Decimal("139.99"),
        "image": "/static/products/P-1013.svg",
        "category": "outdoor",
        "stock": 45,
        "createdAt": "2026-04-19T08:25:00.000000Z",
    },
    {
        "id": "P-1014",
        "name": "Ridgeline 2-Person Backpacking Tent",
        "description": "Lightweight 3-season backpacking tent for two that weighs under 2 kg. "
        "Freestanding, with a waterproof rainfly and two vestibules.",
        "price": Decimal("249.00"),
        "image": "/static/products/P-1014.svg",
        "category": "outdoor",
        "stock": 12,
        "createdAt": "2026-04-27T17:35:00.000000Z",
    },
    {
        "id": "P-1015",
        "name": "Glacier Insulated Water Bottle 32 oz",
        "description": "Vacuum-insulated stainless steel water bottle that keeps drinks cold for "
        "24 hours. Leak-proof lid and BPA-free.",
        "price": Decimal("29.99"),
        "image": "/static/products/P-1015.svg",
        "category": "outdoor",
        "stock": 180,
        "createdAt": "2026-05-05T09:55:00.000000Z",
    },
    {
        "id": "P-1016",
        "name": "NorthStar 20°F Down Sleeping Bag",
        "description": "Packable 650-fill down sleeping bag rated to 20°F for cold-weather "
        "camping and backpacking. Comes with a compression sack.",
        "price": Decimal("179.00"),
        "image": "/static/products/P-1016.svg",
        "category": "outdoor",
        "stock": 0,
        "createdAt": "2026-05-13T14:15:00.000000Z",
    },
    {
        "id": "P-1017",
        "name": "TrailBlaze Rechargeable LED Headlamp",
        "description": "400-lumen rechargeable LED headlamp with a red night mode for running, "
        "camping and hiking. Water resistant and USB-C charged.",
        "price": Decimal("19.99"),
        "image": "/static/products/P-1017.svg",
        "category": "outdoor",
        "stock": 95,
        "createdAt": "2026-05-21T06:40:00.000000Z",
    },
    {
        "id": "P-1018",
        "name": "Driftwood Inflatable Touring Kayak",
        "description": "Two-person inflatable kayak with aluminium paddles, a hand pump and a "
        "carry bag. Stable on lakes and slow rivers.",
        "price": Decimal("499.00"),
        "image": "/static/products/P-1018.svg",
        "category": "outdoor",
        "stock": 5,
        "createdAt": "2026-05-29T11:50:00.000000Z",
    },
    # --- apparel -------------------------------------------------------------------------------
    {
        "id": "P-1019",
        "name": "Highland Merino Wool Sweater",
        "description": "Soft merino wool crewneck sweater that is warm, breathable and "
        "itch-free. A classic knit for layering in autumn and winter.",
        "price": Decimal("98.00"),
        "image": "/static/products/P-1019.svg",
        "category": "apparel",
        "stock": 55,
        "createdAt": "2026-06-06T10:10:00.000000Z",
    },
    {
        "id": "P-1020",
        "name": "Stormshell Waterproof Rain Jacket",
        "description": "Breathable waterproof rain jacket with sealed seams and an adjustable "
        "hood. Packs into its own pocket for travel.",
        "price": Decimal("129.00"),
        "image": "/static/products/P-1020.svg",
        "category": "apparel",
        "stock": 38,
        "createdAt": "2026-06-14T15:25:00.000000Z",
    },
    {
        "id": "P-1021",
        "name": "Everyday Organic Cotton T-Shirt",
        "description": "Relaxed-fit crew neck t-shirt made from 100% organic cotton. Pre-shrunk "
        "and available in a range of colours.",
        "price": Decimal("19.99"),
        "image": "/static/products/P-1021.svg",
        "category": "apparel",
        "stock": 200,
        "createdAt": "2026-06-22T08:05:00.000000Z",
    },
    {
        "id": "P-1022",
        "name": "Flex Stretch Slim-Fit Jeans",
        "description": "Slim-fit stretch denim jeans that keep their shape all day. Five-pocket "
        "styling in a dark indigo wash.",
        "price": Decimal("64.99"),
        "image": "/static/products/P-1022.svg",
        "category": "apparel",
        "stock": 75,
        "createdAt": "2026-06-30T12:45:00.000000Z",
    },
    {
        "id": "P-1023",
        "name": "Stride Lightweight Running Shoes",
        "description": "Lightweight running shoes with a responsive foam midsole and breathable "
        "knit upper. Great for road running and the gym.",
        "price": Decimal("109.99"),
        "image": "/static/products/P-1023.svg",
        "category": "apparel",
        "stock": 1,
        "createdAt": "2026-07-08T09:15:00.000000Z",
    },
    {
        "id": "P-1024",
        "name": "Cabin Brushed Flannel Shirt",
        "description": "Brushed cotton flannel shirt in a classic plaid with a relaxed fit. Soft, "
        "warm and made for weekends outdoors.",
        "price": Decimal("49.50"),
        "image": "/static/products/P-1024.svg",
        "category": "apparel",
        "stock": 66,
        "createdAt": "2026-07-16T16:30:00.000000Z",
    },
    # --- books ---------------------------------------------------------------------------------
    {
        "id": "P-1025",
        "name": "Salt & Simmer: The Weeknight Cookbook",
        "description": "A cookbook of 100 easy weeknight dinner recipes ready in 30 minutes, with "
        "vegetarian options and shopping lists. Hardcover.",
        "price": Decimal("29.95"),
        "image": "/static/products/P-1025.svg",
        "category": "books",
        "stock": 140,
        "createdAt": "2026-07-24T11:00:00.000000Z",
    },
    {
        "id": "P-1026",
        "name": "Python for Curious Minds",
        "description": "A beginner-friendly programming book that teaches Python through small "
        "projects. Covers automation, data and web basics.",
        "price": Decimal("39.99"),
        "image": "/static/products/P-1026.svg",
        "category": "books",
        "stock": 90,
        "createdAt": "2026-08-01T13:20:00.000000Z",
    },
    {
        "id": "P-1027",
        "name": "Trails of the Pacific Northwest",
        "description": "Hiking guidebook with 75 day hikes in Oregon and Washington, including "
        "maps, difficulty ratings and trailhead directions. Paperback.",
        "price": Decimal("22.50"),
        "image": "/static/products/P-1027.svg",
        "category": "books",
        "stock": 48,
        "createdAt": "2026-08-09T07:35:00.000000Z",
    },
    {
        "id": "P-1028",
        "name": "The Quiet Orbit",
        "description": "A bestselling science fiction novel about the last crew of a drifting "
        "space station. Paperback edition.",
        "price": Decimal("14.99"),
        "image": "/static/products/P-1028.svg",
        "category": "books",
        "stock": 110,
        "createdAt": "2026-08-17T18:10:00.000000Z",
    },
    {
        "id": "P-1029",
        "name": "The Little Gardener's Picture Book",
        "description": "An illustrated children's picture book about growing a first vegetable "
        "garden. Ages 3 to 7, sturdy hardcover.",
        "price": Decimal("9.99"),
        "image": "/static/products/P-1029.svg",
        "category": "books",
        "stock": 160,
        "createdAt": "2026-08-25T10:50:00.000000Z",
    },
    {
        "id": "P-1030",
        "name": "Mindful Money: A Personal Finance Guide",
        "description": "A practical personal finance book on budgeting, saving and investing for "
        "beginners. Includes worksheets and checklists.",
        "price": Decimal("18.00"),
        "image": "/static/products/P-1030.svg",
        "category": "books",
        "stock": 72,
        "createdAt": "2026-09-02T14:00:00.000000Z",
    },
]


_ADDRESSES: dict[str, dict[str, str]] = {
    "alice@example.com": {
        "name": "Alice Johnson",
        "street": "12 Harbor Lane",
        "city": "Portland",
        "state": "OR",
        "postalCode": "97201",
        "country": "US",
    },
    "bob@example.com": {
        "name": "Bob Smith",
        "street": "480 Maple Avenue",
        "city": "Austin",
        "state": "TX",
        "postalCode": "78701",
        "country": "US",
    },
    "carol@example.com": {
        "name": "Carol Diaz",
        "street": "9 Cedar Court",
        "city": "Denver",
        "state": "CO",
        "postalCode": "80202",
        "country": "US",
    },
}

_PRODUCTS_BY_ID: dict[str, dict[str, Any]] = {p["id"]: p for p in PRODUCTS}


def _actor(status: str, email: str) -> str:
    """Who moved an order into ``status``: the customer, an admin or the system."""
    if status in ("canceled", "return_requested"):
        return email
    if status == "returned":
        return ADMIN_EMAIL
    return "system"


def _order(
    order_id: str,
    email: str,
    lines: list[tuple[str, int]],
    history: list[tuple[str, str]],
    *,
    cancel_reason: str | None = None,
    return_reason: str | None = None,
) -> dict[str, Any]:
    """Build an order item from (productId, quantity) lines and (status, at) history entries."""
    items = [
        {
            "productId": pid,
            "name": _PRODUCTS_BY_ID[pid]["name"],
            "unitPrice": _PRODUCTS_BY_ID[pid]["price"],
            "quantity": qty,
        }
        for pid, qty in lines
    ]
    total = sum((i["unitPrice"] * i["quantity"] for i in items), Decimal("0.00"))
    status_history = [{"status": s, "at": at, "by": _actor(s, email)} for s, at in history]
    order: dict[str, Any] = {
        "id": order_id,
        "userEmail": email,
        "status": history[-1][0],
        "items": items,
        "total": total,
        "shippingAddress": dict(_ADDRESSES[email]),
        "createdAt": history[0][1],
        "updatedAt": history[-1][1],
        "version": len(history),
        "statusHistory": status_history,
    }
    delivered_at = next((at for s, at in history if s == "delivered"), None)
    if delivered_at is not None:
        order["deliveredAt"] = delivered_at
    if cancel_reason is not None:
        order["cancelReason"] = cancel_reason
    if return_reason is not None:
        order["returnReason"] = return_reason
    return order


ORDERS: list[dict[str, Any]] = [
    # --- alice ---------------------------------------------------------------------------------
    _order(
        "CM-7890",
        "alice@example.com",
        [("P-1001", 1)],
        [("pending", "2026-11-18T10:15:00.000000Z")],
    ),
    _order(
        "CM-7712",
        "alice@example.com",
        [("P-1013", 1), ("P-1015", 2)],
        [
            ("pending", "2026-11-10T08:30:00.000000Z"),
            ("processing", "2026-11-10T14:00:00.000000Z"),
            ("shipped", "2026-11-12T09:20:00.000000Z"),
            ("delivered", "2026-11-15T16:45:00.000000Z"),
        ],
    ),
    _order(
        "CM-7855",
        "alice@example.com",
        [("P-1019", 1), ("P-1027", 1)],
        [
            ("pending", "2026-11-16T19:05:00.000000Z"),
            ("processing", "2026-11-17T08:10:00.000000Z"),
            ("shipped", "2026-11-18T13:30:00.000000Z"),
        ],
    ),
    _order(
        "CM-7420",
        "alice@example.com",
        [("P-1004", 1)],
        [
            ("pending", "2026-09-20T11:00:00.000000Z"),
            ("processing", "2026-09-20T15:30:00.000000Z"),
            ("shipped", "2026-09-22T10:00:00.000000Z"),
            ("delivered", "2026-09-25T14:20:00.000000Z"),
            ("return_requested", "2026-10-01T09:00:00.000000Z"),
            ("returned", "2026-10-08T12:40:00.000000Z"),
        ],
        return_reason="Speaker crackles at high volume.",
    ),
    # --- bob -----------------------------------------------------------------------------------
    _order(
        "CM-7901",
        "bob@example.com",
        [("P-1006", 1), ("P-1026", 1)],
        [
            ("pending", "2026-11-19T09:40:00.000000Z"),
            ("processing", "2026-11-19T15:00:00.000000Z"),
        ],
    ),
    _order(
        "CM-7650",
        "bob@example.com",
        [("P-1010", 1), ("P-1009", 2)],
        [
            ("pending", "2026-09-28T12:00:00.000000Z"),
            ("processing", "2026-09-28T17:15:00.000000Z"),
            ("shipped", "2026-10-01T08:00:00.000000Z"),
            ("delivered", "2026-10-05T11:30:00.000000Z"),
        ],
    ),
    _order(
        "CM-7804",
        "bob@example.com",
        [("P-1022", 2)],
        [
            ("pending", "2026-11-12T20:10:00.000000Z"),
            ("canceled", "2026-11-12T21:05:00.000000Z"),
        ],
        cancel_reason="ordered by mistake",
    ),
    _order(
        "CM-7833",
        "bob@example.com",
        [("P-1002", 1)],
        [
            ("pending", "2026-11-01T10:25:00.000000Z"),
            ("processing", "2026-11-01T16:00:00.000000Z"),
            ("shipped", "2026-11-03T09:10:00.000000Z"),
            ("delivered", "2026-11-05T15:50:00.000000Z"),
            ("return_requested", "2026-11-14T18:20:00.000000Z"),
        ],
        return_reason="Stopped holding a charge after a week.",
    ),
    # --- carol ---------------------------------------------------------------------------------
    _order(
        "CM-7912",
        "carol@example.com",
        [("P-1025", 1), ("P-1028", 1), ("P-1029", 2)],
        [("pending", "2026-11-19T16:40:00.000000Z")],
    ),
    _order(
        "CM-7895",
        "carol@example.com",
        [("P-1023", 1), ("P-1021", 3)],
        [
            ("pending", "2026-11-18T07:55:00.000000Z"),
            ("processing", "2026-11-18T12:30:00.000000Z"),
        ],
    ),
    _order(
        "CM-7866",
        "carol@example.com",
        [("P-1014", 1), ("P-1017", 2)],
        [
            ("pending", "2026-11-14T13:00:00.000000Z"),
            ("processing", "2026-11-14T18:45:00.000000Z"),
            ("shipped", "2026-11-16T08:35:00.000000Z"),
        ],
    ),
    _order(
        "CM-7779",
        "carol@example.com",
        [("P-1011", 1)],
        [
            ("pending", "2026-11-08T09:15:00.000000Z"),
            ("processing", "2026-11-08T14:20:00.000000Z"),
            ("canceled", "2026-11-09T10:05:00.000000Z"),
        ],
        cancel_reason="no longer needed",
    ),
    _order(
        "CM-7745",
        "carol@example.com",
        [("P-1007", 1), ("P-1012", 1)],
        [
            ("pending", "2026-10-28T11:45:00.000000Z"),
            ("processing", "2026-10-28T16:00:00.000000Z"),
            ("shipped", "2026-10-30T09:30:00.000000Z"),
            ("delivered", "2026-11-03T13:15:00.000000Z"),
        ],
    ),
    _order(
        "CM-7588",
        "carol@example.com",
        [("P-1020", 1)],
        [
            ("pending", "2026-10-02T10:00:00.000000Z"),
            ("processing", "2026-10-02T15:10:00.000000Z"),
            ("shipped", "2026-10-04T08:45:00.000000Z"),
            ("delivered", "2026-10-07T17:00:00.000000Z"),
            ("return_requested", "2026-10-12T09:30:00.000000Z"),
            ("returned", "2026-10-20T11:00:00.000000Z"),
        ],
        return_reason="Too tight across the shoulders.",
    ),
    # --- the retail operations' own states -----------------------------------------------------
    _order(
        "CM-7921",
        "bob@example.com",
        [("P-1024", 1), ("P-1028", 1)],
        [
            ("pending", "2026-11-17T18:00:00.000000Z"),
            ("items_modified", "2026-11-17T19:30:00.000000Z"),
        ],
    ),
    _order(
        "CM-7760",
        "carol@example.com",
        [("P-1019", 1)],
        [
            ("pending", "2026-11-02T09:00:00.000000Z"),
            ("processing", "2026-11-02T13:00:00.000000Z"),
            ("shipped", "2026-11-04T08:00:00.000000Z"),
            ("delivered", "2026-11-07T15:00:00.000000Z"),
            ("exchange_requested", "2026-11-15T10:00:00.000000Z"),
        ],
    ),
]


def _parse_iso(value: str) -> datetime:
    """Parse a seed timestamp (``YYYY-MM-DDTHH:MM:SS.ffffffZ``)."""
    assert _ISO_RE.match(value), f"bad timestamp format: {value!r}"
    return datetime.strptime(value, ISO_FORMAT)


def _validate_products(repo_root: Path) -> None:
    ids = [p["id"] for p in PRODUCTS]
    assert len(PRODUCTS) >= 28, "need at least 28 products"
    assert len(set(ids)) == len(ids), "duplicate product ids"
    assert ids == [f"P-{1001 + n}" for n in range(len(ids))], "product ids must be sequential"
    keys = {"id", "name", "description", "price", "image", "category", "stock", "createdAt"}
    for p in PRODUCTS:
        assert set(p) == keys, f"{p['id']}: unexpected keys {sorted(set(p) ^ keys)}"
        assert p["category"] in CATEGORIES, f"{p['id']}: bad category {p['category']!r}"
        assert p["name"].strip() and p["description"].strip(), f"{p['id']}: empty text"
        price = p["price"]
        assert isinstance(price, Decimal) and price.as_tuple().exponent == -2, p["id"]
        assert Decimal("9.99") <= price <= Decimal("499.00"), f"{p['id']}: price {price}"
        assert isinstance(p["stock"], int) and 0 <= p["stock"] <= 200, f"{p['id']}: stock"
        assert p["image"] == f"/static/products/{p['id']}.svg", f"{p['id']}: image path"
        image_file = repo_root / "cloudmart" / p["image"].lstrip("/")
        assert image_file.is_file(), f"{p['id']}: missing image {image_file}"
        _parse_iso(p["createdAt"])
    for category in CATEGORIES:
        count = sum(1 for p in PRODUCTS if p["category"] == category)
        assert count >= 5, f"category {category!r} has only {count} products"
    assert sum(1 for p in PRODUCTS if p["stock"] == 0) == 2, "exactly two products out of stock"
    assert sum(1 for p in PRODUCTS if 1 <= p["stock"] <= 5) >= 2, "need a few low-stock products"
    created = [p["createdAt"] for p in PRODUCTS]
    assert len(set(created)) == len(created), "product createdAt values must be distinct"


def _validate_customers() -> None:
    emails = [c["email"] for c in CUSTOMERS]
    assert len(set(emails)) == len(emails), "duplicate customer emails"
    assert {c["role"] for c in CUSTOMERS} == {"customer", "agent", "admin"}
    assert set(_ADDRESSES) == {c["email"] for c in CUSTOMERS if c["role"] == "customer"}


def _validate_order(order: dict[str, Any]) -> None:
    oid = order["id"]
    assert _ORDER_ID_RE.match(oid), f"bad order id {oid!r}"
    assert order["userEmail"] in _ADDRESSES, f"{oid}: unknown customer"
    assert order["items"], f"{oid}: no items"
    for item in order["items"]:
        product = _PRODUCTS_BY_ID[item["productId"]]
        assert item["name"] == product["name"], f"{oid}: item name mismatch"
        assert item["unitPrice"] == product["price"], f"{oid}: item price mismatch"
        assert isinstance(item["quantity"], int) and item["quantity"] >= 1, f"{oid}: quantity"
    total = sum((i["unitPrice"] * i["quantity"] for i in order["items"]), Decimal("0"))
    assert order["total"] == total, f"{oid}: total {order['total']} != {total}"

    history = order["statusHistory"]
    statuses = [h["status"] for h in history]
    assert statuses[0] == "pending", f"{oid}: history must start at pending"
    for prev, nxt in pairwise(statuses):
        assert nxt in TRANSITIONS[prev], f"{oid}: illegal transition {prev} -> {nxt}"
    times = [_parse_iso(h["at"]) for h in history]
    assert times == sorted(times), f"{oid}: history timestamps out of order"
    assert all(h["by"] for h in history), f"{oid}: history entry without actor"
    assert order["status"] == statuses[-1], f"{oid}: status does not match history"
    assert order["createdAt"] == history[0]["at"], f"{oid}: createdAt mismatch"
    assert _parse_iso(order["updatedAt"]) >= _parse_iso(order["createdAt"]), oid
    assert order["updatedAt"] == history[-1]["at"], f"{oid}: updatedAt mismatch"
    assert order["version"] == len(history), f"{oid}: version must be 1 + transitions"

    status = order["status"]
    assert ("cancelReason" in order) == (status == "canceled"), f"{oid}: cancelReason"
    has_return = status in ("return_requested", "returned")
    assert ("returnReason" in order) == has_return, f"{oid}: returnReason"
    if "delivered" in statuses:
        delivered = next(h["at"] for h in history if h["status"] == "delivered")
        assert order.get("deliveredAt") == delivered, f"{oid}: deliveredAt mismatch"
    else:
        assert "deliveredAt" not in order, f"{oid}: deliveredAt on undelivered order"


def _validate_orders() -> None:
    ids = [o["id"] for o in ORDERS]
    assert len(set(ids)) == len(ids), "duplicate order ids"
    for order in ORDERS:
        _validate_order(order)
    covered = {o["status"] for o in ORDERS}
    assert covered == set(ORDER_STATUSES), f"statuses not covered: {set(ORDER_STATUSES) - covered}"

    by_id = {o["id"]: o for o in ORDERS}
    assert by_id["CM-7890"]["userEmail"] == "alice@example.com"
    assert by_id["CM-7890"]["status"] == "pending"
    alice = [o for o in ORDERS if o["userEmail"] == "alice@example.com"]
    assert len(alice) >= 3, "alice needs at least three orders"
    assert any(o["status"] == "shipped" for o in alice), "alice needs a shipped order"
    now = _parse_iso(REFERENCE_NOW)
    window = timedelta(days=RETURN_WINDOW_DAYS)
    assert any(
        o["status"] == "delivered" and now - _parse_iso(o["deliveredAt"]) <= window for o in alice
    ), "alice needs a delivered order inside the return window"
    for order in ORDERS:
        assert _parse_iso(order["updatedAt"]) <= now, f"{order['id']}: updated after REFERENCE_NOW"


def validate() -> None:
    """Assert the seed data invariants; raises AssertionError on the first violation."""
    repo_root = Path(__file__).resolve().parent.parent
    _validate_products(repo_root)
    _validate_customers()
    _validate_orders()


if __name__ == "__main__":
    validate()
    print(f"seed data OK: {len(PRODUCTS)} products, {len(CUSTOMERS)} users, {len(ORDERS)} orders")
