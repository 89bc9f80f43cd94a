"""Create, reset and seed the tables: idempotent, so running it twice changes nothing."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.models import iso, parse_iso, utc_now
from cloudmart.repositories.base import is_condition_failure, to_item, to_value
from cloudmart.repositories.tables import (
    TABLES,
    TTL_ATTRIBUTES,
    create_table_request,
    table_name,
)
from migrations_seed.demo_retail import customer_items, customers, order_items, product_items
from migrations_seed.seed_data import REFERENCE_NOW

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
    for suffix in TABLES:
        if table_name(prefix, suffix) in existing:
            _add_missing_indexes(client, prefix, suffix, report)
    for suffix, attribute in TTL_ATTRIBUTES.items():
        if table_name(prefix, suffix) in created:
            client.update_time_to_live(
                TableName=table_name(prefix, suffix),
                TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
            )
    return created


def _add_missing_indexes(client: Any, prefix: str, suffix: str, report: Report) -> None:
    """An upgrade: indexes a newer version defines are added to the existing table (its data
    stays), one at a time as DynamoDB requires, each waited for until it is active."""
    name = table_name(prefix, suffix)
    wanted = create_table_request(prefix, suffix)
    have = client.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])
    present = {ix["IndexName"] for ix in have}
    for index in wanted.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] in present:
            continue
        keys = {k["AttributeName"] for k in index["KeySchema"]}
        client.update_table(
            TableName=name,
            AttributeDefinitions=[
                d for d in wanted["AttributeDefinitions"] if d["AttributeName"] in keys
            ],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        _wait_for_index(client, name, index["IndexName"])
        report(f"added index {index['IndexName']} to {name}")


def _wait_for_index(client: Any, table: str, index: str) -> None:
    for _ in range(120):
        found = client.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", [])
        if all(
            ix.get("IndexStatus", "ACTIVE") == "ACTIVE" for ix in found if ix["IndexName"] == index
        ):
            return
        time.sleep(0.5)
    raise TimeoutError(f"index {index} of {table} did not become active")


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
    written = _put_missing(client, table_name(prefix, "products"), map(to_item, product_items()))
    written += _put_missing(client, table_name(prefix, "customers"), customer_items())
    orders = (to_item(shift(o)) for o in order_items())
    written += _put_missing(client, table_name(prefix, "orders"), orders)
    report(f"seeded {written} new items")
    return written


def migrate(client: Any, prefix: str, report: Report = print) -> int:
    """Bring data of the previous version up to this one, in place (idempotent; run at
    start by `make run`, or `flask db migrate`): a product gets its one variant (its own id,
    price and stock), the demo customers get their profiles, and an order gets its customer
    id. Nothing is deleted; an order of an unknown customer keeps its email only."""
    changed = 0
    products = table_name(prefix, "products")
    for item in _scan(client, products, "attribute_not_exists(variants)"):
        changed += _conditional(
            client,
            products,
            item["id"],
            "SET variants = :v, variantIds = :ids REMOVE price, stock",
            "attribute_not_exists(variants)",
            {
                ":v": to_value({item["id"]["S"]: _one_variant(item)}),
                ":ids": to_value([item["id"]["S"]]),
            },
        )
    _put_missing(client, table_name(prefix, "customers"), customer_items())
    ids = {c.email: c.id for c in customers()}
    orders = table_name(prefix, "orders")
    for item in _scan(client, orders, "attribute_not_exists(customerId)"):
        owner = ids.get(item["userEmail"]["S"])
        if owner is not None:
            changed += _conditional(
                client,
                orders,
                item["id"],
                "SET customerId = :c",
                "attribute_not_exists(customerId)",
                {":c": {"S": owner}},
            )
    if changed:
        report(f"migrated {changed} items")
    return changed


def _one_variant(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "itemId": item["id"]["S"],
        "options": {},
        "price": Decimal(item["price"]["N"]),
        "available": True,
        "stock": int(item.get("stock", {"N": "0"})["N"]),
    }


def _scan(client: Any, table: str, condition: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    pages = client.get_paginator("scan").paginate(TableName=table, FilterExpression=condition)
    for page in pages:
        found.extend(page["Items"])
    return found


def _conditional(
    client: Any,
    table: str,
    key: dict[str, Any],
    update: str,
    condition: str,
    values: dict[str, Any],
) -> int:
    try:
        client.update_item(
            TableName=table,
            Key={"id": key},
            UpdateExpression=update,
            ConditionExpression=condition,
            ExpressionAttributeValues=values,
        )
        return 1
    except ClientError as exc:
        if is_condition_failure(exc):
            return 0  # migrated meanwhile
        raise


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
    """Write each stored item unless one with its id is there."""
    written = 0
    for item in items:
        try:
            client.put_item(
                TableName=table, Item=item, ConditionExpression="attribute_not_exists(id)"
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
