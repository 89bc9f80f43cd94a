"""The write requests of an order change (its conditional update, its stock moves): built here,
sent by OrderRepository; nothing here calls DynamoDB."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cloudmart.models import Order, StatusChange, StockKey
from cloudmart.repositories.base import number_moves, to_value


def conditional_update(
    table: str, order: Order, sets: dict[str, Any], history: StatusChange | None = None
) -> dict[str, Any]:
    """SET the stored `sets` (attribute values; None removes) if the order is as read."""
    present = {k: v for k, v in sets.items() if v is not None}
    values = {f":{k}": v for k, v in present.items()}
    names = {f"#{k}": k for k in sets}
    clauses = [f"#{k} = :{k}" for k in present]
    clauses.append("#version = :next")
    names |= {"#version": "version", "#status": "status"}
    values |= {
        ":expected": {"N": str(order.version)},
        ":next": {"N": str(order.version + 1)},
        ":was": {"S": order.status},
    }
    if history is not None:
        names["#history"] = "statusHistory"
        values[":change"] = to_value([asdict(history)])
        values[":empty"] = {"L": []}
        clauses.append("#history = list_append(if_not_exists(#history, :empty), :change)")
    removed = [f"#{k}" for k, v in sets.items() if v is None]
    return {
        "TableName": table,
        "Key": {"id": {"S": order.id}},
        "UpdateExpression": "SET "
        + ", ".join(clauses)
        + (" REMOVE " + ", ".join(removed) if removed else ""),
        "ConditionExpression": "#version = :expected AND #status = :was",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def conditional_delete(table: str, order: Order) -> dict[str, Any]:
    """Delete the order if it is as read (same version)."""
    return {
        "TableName": table,
        "Key": {"id": {"S": order.id}},
        "ConditionExpression": "#version = :expected",
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {":expected": {"N": str(order.version)}},
    }


def stock_moves(products_table: str, stock: dict[StockKey, int]) -> list[dict[str, Any]]:
    """One update per product (a transaction touches an item once) moving the stock of
    its variants; taking stock is conditional on having it."""
    by_product: dict[str, list[tuple[str, int]]] = {}
    for (product_id, item_id), delta in stock.items():
        if delta:
            by_product.setdefault(product_id, []).append((item_id, delta))
    return [_stock_move(products_table, pid, deltas) for pid, deltas in by_product.items()]


def _stock_move(table: str, product_id: str, deltas: list[tuple[str, int]]) -> dict[str, Any]:
    moves = number_moves("variants", "stock", deltas)
    return {
        "Update": {
            "TableName": table,
            "Key": {"id": {"S": product_id}},
            "UpdateExpression": "SET " + ", ".join(moves.sets),
            "ConditionExpression": " AND ".join(moves.conditions),
            "ExpressionAttributeNames": moves.names,
            "ExpressionAttributeValues": moves.values,
        }
    }


def takes_stock(move: dict[str, Any]) -> bool:
    """Whether a stock move takes stock (and so can fail for the want of it)."""
    return any(k.startswith(":n") for k in move["Update"]["ExpressionAttributeValues"])


def moved_product(move: dict[str, Any]) -> str:
    return str(move["Update"]["Key"]["id"]["S"])
