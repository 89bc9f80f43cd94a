"""Table definitions as data: the one source for tests, `make run` and infrastructure."""

from __future__ import annotations

import copy
from typing import Any

ORDERS_BY_EMAIL_INDEX = "byUserEmail"
CONVERSATIONS_BY_OWNER_INDEX = "byOwner"
ACTIONS_BY_CUSTOMER_INDEX = "byCustomer"
ACTIONS_BY_CONVERSATION_INDEX = "byConversation"
TICKETS_BY_CUSTOMER_INDEX = "byCustomer"
TICKETS_BY_ACTIVITY_INDEX = "byActivity"  # the staff inbox: every ticket by its last activity
CUSTOMERS_BY_EMAIL_INDEX = "byEmail"
CUSTOMERS_BY_NAME_ZIP_INDEX = "byNameZip"


def _index(name: str, hash_key: str, range_key: str) -> dict[str, Any]:
    return {
        "IndexName": name,
        "KeySchema": [
            {"AttributeName": hash_key, "KeyType": "HASH"},
            {"AttributeName": range_key, "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    }


def _table(
    indexes: list[dict[str, Any]] = (),  # type: ignore[assignment]
    key: tuple[str, ...] = ("id",),
) -> dict[str, Any]:
    names = [*key] + [k["AttributeName"] for ix in indexes for k in ix["KeySchema"]]
    kinds = ("HASH", "RANGE")
    definition: dict[str, Any] = {
        "KeySchema": [
            {"AttributeName": n, "KeyType": kind}
            for n, kind in zip(key, kinds[: len(key)], strict=True)
        ],
        "AttributeDefinitions": [
            {"AttributeName": n, "AttributeType": "S"} for n in dict.fromkeys(names)
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if indexes:
        definition["GlobalSecondaryIndexes"] = list(indexes)
    return definition


# Keyed by the suffix after TABLE_PREFIX: "orders" -> "cloudmart-orders".
TABLES: dict[str, dict[str, Any]] = {
    "orders": _table([_index(ORDERS_BY_EMAIL_INDEX, "userEmail", "createdAt")]),
    "products": _table(),
    "customers": _table(
        [
            _index(CUSTOMERS_BY_EMAIL_INDEX, "emailKey", "id"),
            _index(CUSTOMERS_BY_NAME_ZIP_INDEX, "nameZipKey", "id"),
        ]
    ),
    "conversations": _table([_index(CONVERSATIONS_BY_OWNER_INDEX, "ownerEmail", "createdAt")]),
    "agent-actions": _table(
        [
            _index(ACTIONS_BY_CUSTOMER_INDEX, "customerEmail", "createdAt"),
            _index(ACTIONS_BY_CONVERSATION_INDEX, "conversationId", "createdAt"),
        ]
    ),
    "tickets": _table(
        [
            _index(TICKETS_BY_CUSTOMER_INDEX, "customerEmail", "createdAt"),
            _index(TICKETS_BY_ACTIVITY_INDEX, "feed", "updatedAt"),
        ]
    ),
    # A conversation's messages, one item each (a transcript in one item broke at 400 KB).
    "messages": _table(key=("conversationId", "seq")),
    # Rate-limit and budget counters: one item per customer (or shop), kind and window.
    "limits": _table(),
}
# Attributes DynamoDB deletes items by once their time (epoch seconds) has passed.
TTL_ATTRIBUTES: dict[str, str] = {"limits": "expiresAt"}


def table_name(prefix: str, suffix: str) -> str:
    return f"{prefix}-{suffix}"


def create_table_request(prefix: str, suffix: str) -> dict[str, Any]:
    """The CreateTable arguments for one table (a fresh copy, safe to change)."""
    return {"TableName": table_name(prefix, suffix), **copy.deepcopy(TABLES[suffix])}


# What the app does to each table (DynamoDB's IAM actions; an item of TransactWriteItems needs
# the action of its kind): the least-privilege policy of the infrastructure template is made
# from it, and tests/repositories/test_tables.py holds it against the repositories' code.
ACCESS: dict[str, frozenset[str]] = {
    "orders": frozenset(
        {
            "GetItem",
            "BatchGetItem",
            "Query",
            "Scan",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "DescribeTable",
            "BatchWriteItem",
        }
    ),
    "products": frozenset(
        {"GetItem", "BatchGetItem", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
    ),
    "customers": frozenset(
        {"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "BatchWriteItem"}
    ),
    "conversations": frozenset({"GetItem", "BatchGetItem", "PutItem", "UpdateItem"}),
    "messages": frozenset({"PutItem", "Query"}),
    "agent-actions": frozenset({"GetItem", "Query", "PutItem", "UpdateItem"}),
    "tickets": frozenset({"GetItem", "PutItem", "UpdateItem", "Query"}),
    "limits": frozenset({"UpdateItem", "BatchGetItem"}),
}
# The indexes the app queries, by table (the policy names them, and no other).
QUERIED_INDEXES: dict[str, tuple[str, ...]] = {
    "orders": (ORDERS_BY_EMAIL_INDEX,),
    "customers": (CUSTOMERS_BY_EMAIL_INDEX, CUSTOMERS_BY_NAME_ZIP_INDEX),
    "agent-actions": (ACTIONS_BY_CUSTOMER_INDEX, ACTIONS_BY_CONVERSATION_INDEX),
    "tickets": (TICKETS_BY_ACTIVITY_INDEX,),
}
