"""Request ids and the /metrics endpoint (in process; tests/serving runs them under gunicorn)."""

from __future__ import annotations

import re

import pytest

from cloudmart import create_app
from tests.api.support import assert_error_body
from tests.conftest import SECRET

GENERATED = re.compile(r"^[0-9a-f]{16}$")


@pytest.mark.parametrize(
    ("trust", "sent", "echoed"),
    [
        (False, "lb-1234", False),  # a client's id is not trusted unless the operator says so
        (True, "lb-1234", True),
        (True, "x" * 200, False),  # too long: not an id we log
        (True, "bad id\\n", False),
    ],
)
def test_every_response_carries_a_request_id(trust: bool, sent: str, echoed: bool) -> None:
    client = create_app({"auth_secret": SECRET, "trust_request_id": trust}).test_client()
    fresh = client.get("/api/health/live")
    assert GENERATED.match(fresh.headers["X-Request-Id"])
    answered = client.get("/api/health/live", headers={"X-Request-Id": sent})
    if echoed:
        assert answered.headers["X-Request-Id"] == sent
    else:
        assert GENERATED.match(answered.headers["X-Request-Id"])
    assert answered.headers["X-Request-Id"] != fresh.headers["X-Request-Id"]


def test_metrics_are_served_only_with_the_token() -> None:
    off = create_app({"auth_secret": SECRET}).test_client()
    assert off.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404
    on = create_app({"auth_secret": SECRET, "metrics_token": "s3cret-token"}).test_client()
    assert on.get("/metrics").status_code == 404
    assert on.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    on.get("/api/health/live")
    scraped = on.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert scraped.status_code == 200 and scraped.mimetype == "text/plain"
    text = scraped.get_data(as_text=True)
    assert (
        'cloudmart_http_requests_total{method="GET",route="/api/health/live",status="200"}' in text
    )


def test_a_refused_metrics_scrape_has_the_one_error_body() -> None:
    on = create_app({"auth_secret": SECRET, "metrics_token": "s3cret-token"}).test_client()
    assert_error_body(on.get("/metrics", headers={"Authorization": "Bearer wrong"}), 404)
