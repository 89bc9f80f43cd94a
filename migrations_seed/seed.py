"""Create, reset and seed the tables: idempotent, so running it twice changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.models import iso, parse_iso, utc_now
from cloudmart.repositories.base import is_condition_failure, to_item
from cloudmart.repositories.tables import (
    TABLES,
    TTL_ATTRIBUTES,
    create_table_request,
    table_name,
)
from migrations_seed.seed_data import ORDERS, PRODUCTS, REFERENCE_NOW

Report = Callable[[str], None]


def ensure_tables(client: Any, prefix: str, report: Report = print) -> list[str]:
    """Create every table that is missing and wait until all are active; returns those created."""
    existing = set(_all_table_names(client))
    created = []
    for suffix in TABLES:
        name = table_name(prefix, suffix)
        if name not in existing:
            client.create_table(**create_table_request(prefix, suffix))
            created.append(name)
            report(f"created {name}")
    for name in created:
        client.get_waiter("table_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
    for suffix, attribute in TTL_ATTRIBUTES.items():
        if table_name(prefix, suffix) in created:
            client.update_time_to_live(
                TableName=table_name(prefix, suffix),
                TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
            )
    return created


def drop_tables(client: Any, prefix: str, report: Report = print) -> None:
    existing = set(_all_table_names(client))
    for suffix in TABLES:
        name = table_name(prefix, suffix)
        if name in existing:
            client.delete_table(TableName=name)
            client.get_waiter("table_not_exists").wait(
                TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
            )
            report(f"dropped {name}")


def seed(client: Any, prefix: str, now: datetime | None = None, report: Report = print) -> int:
    """Write every seed item that is not there yet (nothing existing is overwritten)."""
    shift = _shift(now or utc_now())
    written = _put_missing(client, table_name(prefix, "products"), PRODUCTS)
    written += _put_missing(client, table_name(prefix, "orders"), (shift(o) for o in ORDERS))
    report(f"seeded {written} new items")
    return written


def seed_if_empty(client: Any, prefix: str, report: Report = print) -> int:
    resp = client.scan(TableName=table_name(prefix, "products"), Limit=1, Select="COUNT")
    if resp["Count"]:
        report("tables already hold data; not seeding")
        return 0
    return seed(client, prefix, report=report)


def _shift(now: datetime) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Move an order's dates so the demo keeps its shape whenever it is seeded (whole days)."""
    days = timedelta(days=(now - parse_iso(REFERENCE_NOW)).days)

    def moved(value: str) -> str:
        return iso(parse_iso(value) + days)

    def apply(order: dict[str, Any]) -> dict[str, Any]:
        order = copy.deepcopy(order)
        for key in ("createdAt", "updatedAt", "deliveredAt"):
            if order.get(key):
                order[key] = moved(order[key])
        for change in order.get("statusHistory", []):
            change["at"] = moved(change["at"])
        return order

    return apply


def _put_missing(client: Any, table: str, items: Iterable[dict[str, Any]]) -> int:
    written = 0
    for item in items:
        try:
            client.put_item(
                TableName=table, Item=to_item(item), ConditionExpression="attribute_not_exists(id)"
            )
            written += 1
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
    return written


def _all_table_names(client: Any) -> list[str]:
    names: list[str] = []
    for page in client.get_paginator("list_tables").paginate():
        names.extend(page["TableNames"])
    return names
