"""Fuzzing: schemathesis against the app's own OpenAPI document, through the WSGI app (no
network), on moto, every operation, as a customer (alice) and as an admin.

Two properties, each its own test so that one can be tracked apart from the other:
- no request, however malformed, gets a 5xx (bad input is a 4xx);
- every response matches what the document says of it: status code, content type, body
  schema and headers.

Bounded for CI: MAX_EXAMPLES per operation and phase, derandomized and seeded (the same cases
on every run), no deadline (the machine is shared). schemathesis runs its phases: the
document's examples, coverage (boundary values and invalid inputs, deterministic) and fuzzing.
Generated values rarely exist or pass the business rules, so the cases are often pointed at
real orders, products, conversations and pending actions (each order or action operation
with its own, so that one operation's delete cannot starve the next), the caller's own email,
a price in cents and a valid order body: every operation reaches a 2xx for some role.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck
from hypothesis import strategies as st
from moto import mock_aws
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cloudmart import create_app
from cloudmart.config import Settings
from cloudmart.services import build_services
from providers.local import LocalProvider
from tests.conftest import ADMIN, ALICE, SECRET
from tests.reliability.support import ADDRESS, build_app, headers

pytestmark = pytest.mark.timeout(240)

MAX_EXAMPLES = 25
SEED = 20260105
CONFORMANCE = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
ORDERED = ["P-1012", "P-1021"]  # 200 in stock each; no product operation is aimed at them
ORDER_BODY = {
    "items": [{"productId": ORDERED[0], "quantity": 1}, {"productId": ORDERED[1], "quantity": 2}],
    "shippingAddress": ADDRESS,
    "userEmail": ALICE,  # alice's, also when an admin places it (admins have no profile to pay)
}
SEEDED_ORDERS = ["CM-7890", "CM-7901", "CM-7712", "CM-7855"]  # some admins delete, or cancel
PRODUCTS = ["P-1001", "P-1002", "P-1003", "P-1010"]  # the product operations' targets
PRINCIPALS = {"customer": ALICE, "admin": ADMIN}


def _document() -> dict[str, Any]:
    """The app's OpenAPI document (building the app touches no database; the environment is
    not read, so whatever it holds cannot change the document)."""
    settings = Settings.from_env(environ={}, overrides={"auth_secret": SECRET})
    app = create_app(services=build_services(settings))
    return app.test_client().get("/api/openapi.json").json


CONFIG = schemathesis.Config.from_dict(
    {"seed": SEED, "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True}}
)
SCHEMA = schemathesis.openapi.from_dict(_document(), config=CONFIG)
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


class Shop:
    """A seeded app on moto, a token per role, and real things for the cases to point at."""

    def __init__(self) -> None:
        self.app: Flask = build_app()
        # The Bedrock endpoints answer 503 by design while no agent is configured; served by
        # the offline provider here, so that their request handling is fuzzed as well.
        self.app.extensions["cloudmart"].chat.providers.install("bedrock", LocalProvider())
        # An event stream answers for its whole length: a short one keeps each case short.
        self.app.extensions["cloudmart"].live.stream_seconds = 0.2
        self.headers = {role: headers(self.app, email) for role, email in PRINCIPALS.items()}
        http = self.app.test_client()
        self.threads = {  # role -> {body field: a conversation of that role's own}
            role: {
                "threadId": http.post("/api/ai/start", headers=h).json["threadId"],
                "conversationId": http.post("/api/ai/bedrock/start", headers=h).json[
                    "conversationId"
                ],
            }
            for role, h in self.headers.items()
        }
        # Each operation on an order gets fresh orders of its own, and confirm and decline
        # pending actions of their own: one operation's 204 or 200 cannot starve the next.
        self._orders: dict[str, list[str]] = {}
        self.actions = {
            verb: [self._pending_cancel(h) for h in self.headers.values() for _ in "ab"]
            for verb in ("confirm", "decline")
        }

    def orders_for(self, operation: str) -> list[str]:
        if operation not in self._orders:
            self._orders[operation] = [self._place(self.headers["customer"]) for _ in "ab"]
        return [*self._orders[operation], *SEEDED_ORDERS]

    def _place(self, h: dict[str, str]) -> str:
        order = self.app.test_client().post("/api/orders", headers=h, json=ORDER_BODY)
        assert order.status_code == 201, order.json
        return order.json["id"]

    def _pending_cancel(self, h: dict[str, str]) -> str:
        """A pending cancel_pending_order action (through the offline provider) on a fresh order."""
        http, order_id = self.app.test_client(), self._place(h)
        thread = http.post("/api/ai/start", headers=h).json["threadId"]
        turn = http.post(
            "/api/ai/message",
            headers=h,
            json={"threadId": thread, "message": f"cancel order {order_id}"},
        )
        assert turn.status_code == 200 and turn.json["pendingAction"], turn.json
        return turn.json["pendingAction"]["id"]


@pytest.fixture(scope="module")
def shop() -> Iterator[Shop]:
    with mock_aws():
        yield Shop()


@pytest.fixture(params=list(PRINCIPALS))
def role(request: pytest.FixtureRequest) -> str:
    return request.param


def _aim(case: Any, data: st.DataObject, shop: Shop, role: str) -> None:
    """Often point an id at something that exists, so the case reaches the handler's logic."""
    threads, label = shop.threads[role], case.operation.label
    for name, value in list((case.path_parameters or {}).items()):
        if name == "order_id":
            known = shop.orders_for(label)
        elif name == "action_id":
            known = shop.actions["decline" if label.endswith("/decline") else "confirm"]
        else:
            known = {"product_id": PRODUCTS, "thread_id": list(threads.values())}.get(name, [])
        if known:
            case.path_parameters[name] = data.draw(st.sampled_from([value, *known]), label=name)
    query = case.query if isinstance(case.query, dict) else {}
    if isinstance(query.get("email"), str):  # a customer may list their own orders only
        query["email"] = data.draw(st.sampled_from([query["email"], ALICE]), label="email")
    if label == "POST /api/orders" and data.draw(st.booleans(), label="valid"):
        case.body = copy.deepcopy(ORDER_BODY)  # generated orders almost never name products
    if not isinstance(case.body, dict):
        return
    for field, own in threads.items():
        if isinstance(case.body.get(field), str):
            case.body[field] = data.draw(st.sampled_from([case.body[field], own]), label=field)
    if isinstance(case.body.get("email"), str):  # demo sign-in knows three customers
        case.body["email"] = data.draw(st.sampled_from([case.body["email"], ALICE]), label="email")
    if isinstance(case.body.get("price"), int | float):  # the document does not say "in cents"
        case.body["price"] = data.draw(st.sampled_from([case.body["price"], 19.99]), label="price")
    items = case.body.get("items")
    for line in items if isinstance(items, list) else []:
        if isinstance(line, dict) and isinstance(line.get("productId"), str):
            line["productId"] = data.draw(
                st.sampled_from([line["productId"], *ORDERED]), label="productId"
            )


def _send(case: Any, data: st.DataObject, shop: Shop, role: str) -> Any:
    _aim(case, data, shop, role)
    return case.call(app=shop.app, headers=shop.headers[role])


@SCHEMA.parametrize()
@SCHEMA.given(data=st.data())
@SETTINGS
def test_no_server_error(case, data, shop, role):
    case.validate_response(_send(case, data, shop, role), checks=[not_a_server_error])


@SCHEMA.parametrize()
@SCHEMA.given(data=st.data())
@SETTINGS
def test_responses_match_the_document(case, data, shop, role):
    case.validate_response(_send(case, data, shop, role), checks=CONFORMANCE)
