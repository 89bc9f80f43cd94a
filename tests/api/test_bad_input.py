"""Bad input to every endpoint with a body or a query: a 4xx in the one error shape, no writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.support import assert_error_body, headers_for, table_snapshot

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)

ADDRESS = {
    "name": "Alice Johnson",
    "street": "1 Elm Street",
    "city": "Seattle",
    "postalCode": "98101",
    "country": "US",
}
LINE = {"productId": "P-1003", "quantity": 1}
ORDER = {"items": [LINE], "shippingAddress": ADDRESS}
PRODUCT = {"name": "Field Notes Journal", "price": 9.5, "category": "books", "stock": 3}
OVERSIZE = json.dumps({"reason": "x" * (64 * 1024)})


# A body that is not JSON is a 415 Unsupported Media Type, whatever the endpoint.
NOT_JSON = 415


def order(**changes: Any) -> dict[str, Any]:
    return {**ORDER, **changes}


def line(**changes: Any) -> dict[str, Any]:
    return order(items=[{**LINE, **changes}])


def address(**changes: Any) -> dict[str, Any]:
    return order(shippingAddress={**ADDRESS, **changes})


def drop(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def case(
    case_id: str,
    who: str,
    method: str,
    path: str,
    status: int | tuple[int, ...],
    marks: Any = (),
    **request: Any,
) -> Any:
    """One row: who sends what; `status` is the answer (or the answers) that is right."""
    return pytest.param(who, method, path, request, status, id=case_id, marks=marks)


def raw_json(text: str) -> dict[str, Any]:
    return {"data": text, "content_type": "application/json"}


POST_ORDERS = [
    case("order-missing-items", "alice", "POST", "/api/orders", 422, json=drop(ORDER, "items")),
    case(
        "order-missing-address",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=drop(ORDER, "shippingAddress"),
    ),
    case(
        "order-address-missing-city",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(shippingAddress=drop(ADDRESS, "city")),
    ),
    case(
        "order-line-missing-product",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(items=[{"quantity": 1}]),
    ),
    case(
        "order-line-missing-quantity",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(items=[{"productId": "P-1003"}]),
    ),
    case("order-unknown-field", "alice", "POST", "/api/orders", 422, json=order(coupon="FREE")),
    case("order-line-unitPrice", "alice", "POST", "/api/orders", 422, json=line(unitPrice=0.01)),
    case("order-total", "alice", "POST", "/api/orders", 422, json=order(total=0.01)),
    case(
        "order-address-unknown-field",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=address(phone="555"),
    ),
    case("quantity-string", "alice", "POST", "/api/orders", 422, json=line(quantity="2")),
    case("quantity-word", "alice", "POST", "/api/orders", 422, json=line(quantity="two")),
    case("quantity-float", "alice", "POST", "/api/orders", 422, json=line(quantity=1.5)),
    case("quantity-bool", "alice", "POST", "/api/orders", 422, json=line(quantity=True)),
    case("quantity-null", "alice", "POST", "/api/orders", 422, json=line(quantity=None)),
    case("quantity-zero", "alice", "POST", "/api/orders", 422, json=line(quantity=0)),
    case("quantity-negative", "alice", "POST", "/api/orders", 422, json=line(quantity=-1)),
    case("quantity-101", "alice", "POST", "/api/orders", 422, json=line(quantity=101)),
    case(
        "quantity-merged-over-100",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(items=[{"productId": "P-1009", "quantity": 60}] * 2),
    ),
    case("product-id-number", "alice", "POST", "/api/orders", 422, json=line(productId=1003)),
    case("product-id-empty", "alice", "POST", "/api/orders", 422, json=line(productId="")),
    case("unknown-product", "alice", "POST", "/api/orders", 422, json=line(productId="P-9999")),
    case("items-empty", "alice", "POST", "/api/orders", 422, json=order(items=[])),
    case("items-object", "alice", "POST", "/api/orders", 422, json=order(items=LINE)),
    case(
        "items-51-lines",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(items=[{"productId": f"P-{1001 + i % 30}", "quantity": 1} for i in range(51)]),
    ),
    case(
        "address-list", "alice", "POST", "/api/orders", 422, json=order(shippingAddress=[ADDRESS])
    ),
    case(
        "address-string",
        "alice",
        "POST",
        "/api/orders",
        422,
        json=order(shippingAddress="1 Elm Street"),
    ),
    case("address-country-1-char", "alice", "POST", "/api/orders", 422, json=address(country="U")),
    case("address-blank-name", "alice", "POST", "/api/orders", 422, json=address(name="")),
    case(
        "user-email-invalid",
        "admin",
        "POST",
        "/api/orders",
        422,
        json=order(userEmail="not-an-email"),
    ),
    case("body-list", "alice", "POST", "/api/orders", 422, json=[ORDER]),
    case("body-null", "alice", "POST", "/api/orders", 422, **raw_json("null")),
    case("order-malformed-json", "alice", "POST", "/api/orders", 400, **raw_json("{bad")),
    case(
        "order-not-json",
        "alice",
        "POST",
        "/api/orders",
        NOT_JSON,
        data=json.dumps(ORDER),
        content_type="text/plain",
    ),
    case("order-oversize", "alice", "POST", "/api/orders", 413, **raw_json(OVERSIZE)),
]

QUERIES = [
    case(f"{path.split('?')[0]}-{query}", who, "GET", f"{path}{query}", status)
    for path, who in [
        ("/api/orders?", "admin"),
        ("/api/orders/user?email=bob@example.com&", "bob"),
        ("/api/products?", "anon"),
    ]
    for query, status in [
        ("limit=0", 422),
        ("limit=-1", 422),
        ("limit=1000", 422),
        ("limit=abc", 422),
        ("limit=", 422),
        ("cursor=garbage", 400),
    ]
] + [
    case("user-missing-email", "admin", "GET", "/api/orders/user", 422),
    case("user-invalid-email", "admin", "GET", "/api/orders/user?email=not-an-email", 422),
    case("user-blank-email", "admin", "GET", "/api/orders/user?email=", 422),
]

PUT_ORDER = [
    case("put-empty", "admin", "PUT", "/api/orders/CM-7890", 422, json={}),
    case(
        "put-status-and-address",
        "admin",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"status": "processing", "shippingAddress": ADDRESS},
    ),
    case("put-unknown-status", "admin", "PUT", "/api/orders/CM-7890", 422, json={"status": "lost"}),
    case(
        "put-status-capitalized",
        "admin",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"status": "Processing"},
    ),
    case("put-status-number", "admin", "PUT", "/api/orders/CM-7890", 422, json={"status": 2}),
    case("put-status-null", "admin", "PUT", "/api/orders/CM-7890", 422, json={"status": None}),
    case("put-unknown-field", "alice", "PUT", "/api/orders/CM-7890", 422, json={"note": "x"}),
    case(
        "put-version",
        "admin",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"status": "processing", "version": 9},
    ),
    case(
        "put-address-missing-street",
        "alice",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"shippingAddress": drop(ADDRESS, "street")},
    ),
    case(
        "put-address-list",
        "alice",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"shippingAddress": [ADDRESS]},
    ),
    case(
        "put-address-unknown-field",
        "alice",
        "PUT",
        "/api/orders/CM-7890",
        422,
        json={"shippingAddress": {**ADDRESS, "userEmail": "bob@example.com"}},
    ),
    case("put-malformed-json", "alice", "PUT", "/api/orders/CM-7890", 400, **raw_json("{bad")),
    case(
        "put-not-json",
        "alice",
        "PUT",
        "/api/orders/CM-7890",
        NOT_JSON,
        data=json.dumps({"shippingAddress": ADDRESS}),
        content_type="text/plain",
    ),
    case("put-oversize", "alice", "PUT", "/api/orders/CM-7890", 413, **raw_json(OVERSIZE)),
]

CANCEL = [
    case(
        "cancel-reason-number",
        "alice",
        "POST",
        "/api/orders/CM-7890/cancel",
        422,
        json={"reason": 5},
    ),
    case(
        "cancel-reason-too-long",
        "alice",
        "POST",
        "/api/orders/CM-7890/cancel",
        422,
        json={"reason": "x" * 501},
    ),
    case(
        "cancel-unknown-field",
        "alice",
        "POST",
        "/api/orders/CM-7890/cancel",
        422,
        json={"reasn": "typo"},
    ),
    case("cancel-body-list", "alice", "POST", "/api/orders/CM-7890/cancel", 422, json=[]),
    case(
        "cancel-malformed-json",
        "alice",
        "POST",
        "/api/orders/CM-7890/cancel",
        400,
        **raw_json("{bad"),
    ),
    case(
        "cancel-oversize", "alice", "POST", "/api/orders/CM-7890/cancel", 413, **raw_json(OVERSIZE)
    ),
    case(
        "cancel-not-json",
        "alice",
        "POST",
        "/api/orders/CM-7890/cancel",
        NOT_JSON,
        data="reason=too slow",
        content_type="application/x-www-form-urlencoded",
    ),
]

PRODUCTS = [
    case("product-empty", "admin", "POST", "/api/products", 422, json={}),
    case(
        "product-missing-price", "admin", "POST", "/api/products", 422, json=drop(PRODUCT, "price")
    ),
    case(
        "product-missing-stock", "admin", "POST", "/api/products", 422, json=drop(PRODUCT, "stock")
    ),
    case("product-price-zero", "admin", "POST", "/api/products", 422, json={**PRODUCT, "price": 0}),
    case(
        "product-price-fraction-of-cent",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "price": 19.999},
    ),
    case(
        "product-price-negative",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "price": -1},
    ),
    case(
        "product-price-word",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "price": "cheap"},
    ),
    case(
        "product-price-huge",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "price": 2_000_000},
    ),
    case(
        "product-price-nan",
        "admin",
        "POST",
        "/api/products",
        422,
        **raw_json('{"name": "x", "price": NaN, "category": "books", "stock": 1}'),
    ),
    case(
        "product-stock-string",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "stock": "3"},
    ),
    case(
        "product-stock-negative",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "stock": -1},
    ),
    case(
        "product-stock-float", "admin", "POST", "/api/products", 422, json={**PRODUCT, "stock": 1.5}
    ),
    case("product-name-blank", "admin", "POST", "/api/products", 422, json={**PRODUCT, "name": ""}),
    case(
        "product-name-list", "admin", "POST", "/api/products", 422, json={**PRODUCT, "name": ["x"]}
    ),
    case(
        "product-chooses-id",
        "admin",
        "POST",
        "/api/products",
        422,
        json={**PRODUCT, "id": "P-1001"},
    ),
    case("product-body-list", "admin", "POST", "/api/products", 422, json=[PRODUCT]),
    case("product-malformed-json", "admin", "POST", "/api/products", 400, **raw_json("{bad")),
    case(
        "product-not-json",
        "admin",
        "POST",
        "/api/products",
        NOT_JSON,
        data=json.dumps(PRODUCT),
        content_type="text/plain",
    ),
    case("product-oversize", "admin", "POST", "/api/products", 413, **raw_json(OVERSIZE)),
    case(
        "product-put-price-negative",
        "admin",
        "PUT",
        "/api/products/P-1001",
        422,
        json={"price": -5},
    ),
    case(
        "product-put-stock-string", "admin", "PUT", "/api/products/P-1001", 422, json={"stock": "3"}
    ),
    case("product-put-id", "admin", "PUT", "/api/products/P-1001", 422, json={"id": "P-2000"}),
    case("product-put-nothing", "admin", "PUT", "/api/products/P-1001", 422, json={}),
    case(
        "product-put-created-at",
        "admin",
        "PUT",
        "/api/products/P-1001",
        422,
        json={"createdAt": "2020-01-01"},
    ),
    case("product-put-name-blank", "admin", "PUT", "/api/products/P-1001", 422, json={"name": ""}),
    case(
        "product-put-malformed-json",
        "admin",
        "PUT",
        "/api/products/P-1001",
        400,
        **raw_json("{bad"),
    ),
    case("product-put-oversize", "admin", "PUT", "/api/products/P-1001", 413, **raw_json(OVERSIZE)),
    case(
        "product-put-not-json",
        "admin",
        "PUT",
        "/api/products/P-1001",
        NOT_JSON,
        data="price=1",
        content_type="application/x-www-form-urlencoded",
    ),
]

DEMO_LOGIN = [
    case("demo-login-empty", "anon", "POST", "/api/auth/demo-login", 422, json={}),
    case(
        "demo-login-invalid-email",
        "anon",
        "POST",
        "/api/auth/demo-login",
        422,
        json={"email": "alice"},
    ),
    case(
        "demo-login-unknown-field",
        "anon",
        "POST",
        "/api/auth/demo-login",
        422,
        json={"email": "alice@example.com", "role": "admin"},
    ),
    case(
        "demo-login-malformed-json", "anon", "POST", "/api/auth/demo-login", 400, **raw_json("{bad")
    ),
]


@pytest.mark.parametrize(
    ("who", "method", "path", "request_args", "status"),
    POST_ORDERS + QUERIES + PUT_ORDER + CANCEL + PRODUCTS + DEMO_LOGIN,
)
def test_bad_input_is_a_4xx_that_writes_nothing(
    app, client, raw_dynamodb, shop, who, method, path, request_args, status
):
    # `app` starts every test from the seed state, so shop.seed_state is the "before" scan.
    settings = app.extensions["cloudmart"].settings
    before = [shop.seed_state[name] for name in ("orders", "products")]
    resp = client.open(path, method=method, headers=headers_for(app, who), **request_args)
    statuses = status if isinstance(status, tuple) else (status,)
    assert resp.status_code in statuses, resp.get_data(as_text=True)
    body = assert_error_body(resp, resp.status_code)
    if resp.status_code in (400, 422):
        assert body["errors"], "a 400/422 says which input is wrong"
    after = [table_snapshot(raw_dynamodb, settings.table_name(t)) for t in ("orders", "products")]
    assert after == before
