"""Helpers the reliability tests share: apps on either engine, table reads, a patient model."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
from flask import Flask

from providers.base import FinalText, TextDelta, ToolRunner, TurnRequest, Usage
from tests import shop
from tests.conftest import ADMIN, ALICE, BOB
from tests.fakes.scripted_provider import ScriptedProvider

ADDRESS = {
    "name": "Alice Johnson",
    "street": "12 Harbor Lane",
    "city": "Portland",
    "postalCode": "97201",
    "country": "US",
}
ROLES = {ALICE: "customer", BOB: "customer", ADMIN: "admin"}


def build_app(endpoint_url: str | None = None, **overrides: Any) -> Flask:
    """A seeded app on fresh tables: moto when `endpoint_url` is None (the caller must be
    inside mock_aws), else the DynamoDB Local at that address (tests/shop.py builds it)."""
    settings = {"dynamodb_endpoint_url": endpoint_url} if endpoint_url else {}
    return shop.build_app({"settings": settings}, **overrides)


def headers(app: Flask, email: str) -> dict[str, str]:
    token = app.extensions["cloudmart"].tokens.issue(email, ROLES.get(email, "customer"))
    return {"Authorization": f"Bearer {token}"}


def raw_client(app: Flask) -> Any:
    """A boto3 client of its own on the app's tables (no hooks, default retries)."""
    s = app.extensions["cloudmart"].settings
    return boto3.client("dynamodb", endpoint_url=s.dynamodb_endpoint_url, region_name="us-east-1")


def scan(raw: Any, app: Flask, suffix: str) -> list[dict[str, Any]]:
    """Every item of one of the app's tables (consistent, all pages), as plain values."""
    from cloudmart.repositories.base import from_item

    args: dict[str, Any] = {
        "TableName": app.extensions["cloudmart"].settings.table_name(suffix),
        "ConsistentRead": True,
    }
    items: list[dict[str, Any]] = []
    while True:
        resp = raw.scan(**args)
        items.extend(from_item(i) for i in resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return items
        args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def stocks(raw: Any, app: Flask) -> dict[str, int]:
    products = app.extensions["cloudmart"].products.products.scan_all()
    return {p.id: p.stock for p in products}


@dataclass
class PatientScriptedProvider(ScriptedProvider):
    """A scripted model that, once its script is used up, just answers (a racing turn may ask
    it more often than the script foresaw)."""

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Any]:
        if not self.turns:
            yield TextDelta("Nothing to do.")
            yield FinalText("Nothing to do.")
            yield Usage(model_round_trips=1, tool_calls=0)
            return
        yield from super().run_turn(request, run_tools)
