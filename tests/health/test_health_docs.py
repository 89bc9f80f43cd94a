"""Health (up, and 503 when DynamoDB does not answer) and the API's own documentation."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from cloudmart import create_app
from tests.api.support import assert_error_body
from tests.conftest import ALICE, SECRET
from tests.shop import build_app

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)

DOCUMENTED = {
    "/api/orders": {"get", "post"},
    "/api/orders/user": {"get"},
    "/api/orders/{order_id}": {"get", "put", "delete"},
    "/api/orders/{order_id}/cancel": {"post"},
    "/api/products": {"get", "post"},
    "/api/products/{product_id}": {"get", "put", "delete"},
    "/api/auth/me": {"get"},
    "/api/auth/demo-login": {"post"},
    "/api/health": {"get"},
}
PUBLIC = {
    ("/api/products", "get"),
    ("/api/products/{product_id}", "get"),
    ("/api/health", "get"),
    ("/api/auth/demo-login", "post"),
}


def test_health_is_ok_when_dynamodb_answers(client):
    resp = client.get("/api/health")
    assert resp.status_code == 200
    assert resp.json["status"] == "ok" and resp.json["dynamodb"] == "ok"


def test_health_is_503_when_the_tables_are_missing(engine):
    bare = build_app(engine, seeded=False).test_client()
    assert_error_body(bare.get("/api/health"), 503)
    assert bare.get("/api/health/live").json == {"status": "ok"}


@pytest.fixture(scope="module")
def dead_endpoint() -> Iterator[str]:
    """A local port that is bound but never listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="module")
def dead_client(dead_endpoint: str) -> FlaskClient:
    app = create_app(
        {
            "auth_secret": SECRET,
            "dynamodb_endpoint_url": dead_endpoint,
            "dynamodb_max_attempts": 1,
            "dynamodb_connect_timeout": 0.5,
        }
    )
    return app.test_client()


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/api/health", None),
        ("/api/products", None),
        ("/api/products/P-1001", None),
        ("/api/orders/CM-7890", ALICE),
        (f"/api/orders/user?email={ALICE}", ALICE),
    ],
)
def test_a_dead_dynamodb_is_503_with_the_error_body(dead_client, path, who):
    headers = {}
    if who:
        tokens = dead_client.application.extensions["cloudmart"].tokens
        headers = {"Authorization": f"Bearer {tokens.issue(who)}"}
    assert_error_body(dead_client.get(path, headers=headers), 503)


@pytest.fixture(scope="module")
def docs_client() -> FlaskClient:
    """No database is touched by the docs: an app with no tables behind it will do."""
    return create_app(
        {"auth_secret": SECRET, "dynamodb_endpoint_url": "http://127.0.0.1:9"}
    ).test_client()


def test_openapi_lists_every_endpoint_and_declares_bearer_auth(docs_client):
    resp = docs_client.get("/api/openapi.json")
    assert resp.status_code == 200
    spec = resp.json
    for path, methods in DOCUMENTED.items():
        assert path in spec["paths"], path
        assert methods <= set(spec["paths"][path]), path
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert spec["security"] == [{"bearerAuth": []}]
    for path, methods in DOCUMENTED.items():
        for method in methods:
            operation: dict[str, Any] = spec["paths"][path][method]
            public = operation.get("security") == []
            assert public == ((path, method) in PUBLIC), (path, method)


def test_swagger_ui_is_served_from_local_assets(docs_client):
    page = docs_client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert "/api/openapi.json" in html
    for url in assets:
        assert url.startswith("/api/docs-assets/"), url
        asset = docs_client.get(url)
        assert asset.status_code == 200 and len(asset.data) > 1000, url
    assert not re.search(r"https?://", html)
