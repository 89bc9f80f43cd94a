"""Helpers the API tests share: who calls, what the tables hold, what an error looks like."""

from __future__ import annotations

from typing import Any

import boto3
from flask import Flask
from werkzeug.http import HTTP_STATUS_CODES

from tests.identities import ADMIN, ALICE, BOB, CAROL

PRINCIPALS = {
    "alice": (ALICE, "customer"),
    "bob": (BOB, "customer"),
    "carol": (CAROL, "customer"),
    "admin": (ADMIN, "admin"),
}


def headers_for(app: Flask, who: str) -> dict[str, str]:
    """The Authorization header of "alice", "bob", "carol" or "admin"; none for "anon"."""
    if who == "anon":
        return {}
    email, role = PRINCIPALS[who]
    return {"Authorization": f"Bearer {app.extensions['cloudmart'].tokens.issue(email, role)}"}


def raw_client(app: Flask) -> Any:
    s = app.extensions["cloudmart"].settings
    return boto3.client("dynamodb", endpoint_url=s.dynamodb_endpoint_url, region_name="us-east-1")


def table_snapshot(raw_dynamodb: Any, table: str) -> list[dict[str, Any]]:
    """Every item of `table` (all pages), sorted by id: compare before/after a request."""
    items: list[dict[str, Any]] = []
    args: dict[str, Any] = {"TableName": table, "ConsistentRead": True}
    while True:
        resp = raw_dynamodb.scan(**args)
        items.extend(resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return sorted(items, key=lambda item: item["id"]["S"])
        args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


DATA_TABLES = ("orders", "products", "customers")  # the shop's data (tests/shop.py resets them)


def data_snapshot(raw_dynamodb: Any, app: Flask) -> dict[str, list[dict[str, Any]]]:
    """The orders, products and customers tables of `app`, item by item."""
    s = app.extensions["cloudmart"].settings
    return {name: table_snapshot(raw_dynamodb, s.table_name(name)) for name in DATA_TABLES}


def assert_error_body(resp: Any, status: int) -> dict[str, Any]:
    """The one error shape: {code, status, message, errors?} with the response's own status."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["code"] == status
    assert body["status"] == HTTP_STATUS_CODES[status]
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"code", "status", "message", "errors"}
    return body
