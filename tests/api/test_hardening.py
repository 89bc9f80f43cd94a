"""What an attack on the running app found, each pinned down (issue: hardening)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.support import assert_error_body, headers_for
from tests.conftest import ALICE

pytestmark = pytest.mark.shared_shop  # one seeded shop per module (tests/shop.py)


@pytest.fixture
def dynamodb_calls(app: Any) -> Iterator[list[str]]:
    made: list[str] = []
    events = app.extensions["cloudmart"].dynamodb.meta.events

    def count(model: Any, **_: Any) -> None:
        made.append(model.name)

    events.register("before-call.dynamodb", count)
    yield made
    events.unregister("before-call.dynamodb", count)


def nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize("path", ["/api/orders", "/api/auth/demo-login", "/api/ai/message"])
def test_deeply_nested_json_is_a_400_even_anonymously(client, dynamodb_calls, path) -> None:
    body = nested(1000)
    assert len(body) < 64 * 1024
    resp = client.post(path, data=body, content_type="application/json")
    assert "nested too deeply" in assert_error_body(resp, 400)["message"]
    assert dynamodb_calls == []


@pytest.mark.parametrize(
    "path", ["/api/products/{id}", "/api/orders/{id}", "/api/ai/conversations/{id}"]
)
def test_an_overlong_id_is_a_404_without_a_database_call(app, client, dynamodb_calls, path):
    resp = client.get(path.format(id="x" * 3000), headers=headers_for(app, "alice"))
    assert_error_body(resp, 404)
    assert dynamodb_calls == []


@pytest.mark.parametrize("path", ["/", "/api/products", "/api/health", "/api/docs"])
def test_every_response_carries_the_security_headers(client, path) -> None:
    resp = client.get(path)
    policy = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in resp.headers  # only behind TLS (HSTS=true)


def test_the_whole_catalogue_comes_in_one_page_by_default(client) -> None:
    resp = client.get("/api/products")
    assert resp.status_code == 200 and len(resp.json) == 30
    assert "X-Next-Cursor" not in resp.headers


def test_deleting_a_live_order_gives_its_stock_back(app, client) -> None:
    admin = headers_for(app, "admin")
    order = client.get("/api/orders/CM-7890", headers=admin).json
    assert order["status"] == "pending" and order["userEmail"] == ALICE
    before = {
        i["productId"]: client.get(f"/api/products/{i['productId']}").json["stock"]
        for i in order["items"]
    }
    assert client.delete("/api/orders/CM-7890", headers=admin).status_code == 204
    for item in order["items"]:
        after = client.get(f"/api/products/{item['productId']}").json["stock"]
        assert after == before[item["productId"]] + item["quantity"]
    assert_error_body(client.get("/api/orders/CM-7890", headers=admin), 404)
