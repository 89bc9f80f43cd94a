"""OrderRepository: orders with optimistic locking, stock moves in transactions, the email index."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import (
    AlreadySettledError,
    ConflictError,
    ServiceUnavailableError,
)
from cloudmart.models import Address, Order, Page, StatusChange
from cloudmart.ops.metrics import CONFLICTS
from cloudmart.repositories.base import (
    Claim,
    cancellation_reasons,
    decode_cursor,
    encode_cursor,
    error_code,
    is_condition_failure,
    to_value,
)
from cloudmart.repositories.order_items import order_from_item, order_to_item, plain
from cloudmart.repositories.tables import ORDERS_BY_EMAIL_INDEX

KEY = frozenset({"id"})
INDEX_KEY = frozenset({"id", "userEmail", "createdAt"})
CHANGED = "the order changed meanwhile; read it again and retry"


class DuplicateOrderIdError(Exception):
    """The generated order id is taken (the service draws another)."""


class OrderRepository:
    def __init__(self, client: Any, table: str, products_table: str) -> None:
        self._client = client
        self.table = table
        self._products_table = products_table

    def get(self, order_id: str) -> Order | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": order_id}}, ConsistentRead=True
        ).get("Item")
        return order_from_item(item) if item else None

    def list_by_email(self, email: str, limit: int, cursor: str | None) -> Page[Order]:
        """A customer's orders, newest first: a Query on the email index, never a Scan."""
        args: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": ORDERS_BY_EMAIL_INDEX,
            "Limit": limit,
            "KeyConditionExpression": "userEmail = :email",
            "ExpressionAttributeValues": {":email": {"S": email}},
            "ScanIndexForward": False,
        }
        start = decode_cursor(cursor, INDEX_KEY, ("userEmail", email))
        if start:
            args["ExclusiveStartKey"] = start
        resp = self._client.query(**args)
        items = [order_from_item(i) for i in resp.get("Items", [])]
        return Page(items, encode_cursor(resp.get("LastEvaluatedKey")))

    def list_all(self, limit: int, cursor: str | None) -> Page[Order]:
        args: dict[str, Any] = {"TableName": self.table, "Limit": limit}
        start = decode_cursor(cursor, KEY)
        if start:
            args["ExclusiveStartKey"] = start
        resp = self._client.scan(**args)
        items = [order_from_item(i) for i in resp.get("Items", [])]
        return Page(items, encode_cursor(resp.get("LastEvaluatedKey")))

    def create(self, order: Order) -> Order:
        """Write the order and take its items from stock, all or nothing."""
        ops = [
            {
                "Put": {
                    "TableName": self.table,
                    "Item": order_to_item(order),
                    "ConditionExpression": "attribute_not_exists(id)",
                }
            }
        ]
        ops += [self._stock_move(i.productId, -i.quantity) for i in order.items]
        try:
            self._client.transact_write_items(TransactItems=ops)
        except ClientError as exc:
            reasons = cancellation_reasons(exc)
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise DuplicateOrderIdError(order.id) from None
            for item, code in zip(order.items, reasons[1:], strict=False):
                if code == "ConditionalCheckFailed":
                    raise ConflictError(
                        f"not enough stock for {item.productId}",
                        errors={"items": [f"{item.productId}: not enough stock"]},
                    ) from None
            raise _busy_or(exc, self.table) from None
        return order

    def transition(
        self,
        order: Order,
        status: str,
        by: str,
        at: str,
        *,
        restock: bool = False,
        extra: dict[str, Any] | None = None,
        claim: Claim | None = None,
    ) -> Order:
        """Move `order` (as read: same status and version) to `status`; a concurrent change
        makes this a conflict. A `claim` commits with it or nothing does."""
        change = StatusChange(status=status, at=at, by=by)
        new = dataclasses.replace(
            order,
            status=status,
            updatedAt=at,
            version=order.version + 1,
            statusHistory=[*order.statusHistory, change],
            **(extra or {}),
        )
        sets = {"status": status, "updatedAt": at, **(extra or {})}
        update = {"Update": self._conditional_update(order, sets, history=change)}
        moves = [self._stock_move(i.productId, i.quantity) for i in order.items] if restock else []
        self._write(update, moves, claim)
        return new

    def update_address(
        self, order: Order, address: Address, at: str, claim: Claim | None = None
    ) -> Order:
        """Change the address of `order` as read (same status and version, or a conflict)."""
        sets = {"shippingAddress": address, "updatedAt": at}
        self._write({"Update": self._conditional_update(order, sets)}, [], claim)
        return dataclasses.replace(
            order, shippingAddress=address, updatedAt=at, version=order.version + 1
        )

    def delete(self, order: Order, *, restock: bool, claim: Claim | None = None) -> None:
        """Delete `order` as read (same version, or a conflict), giving its stock back in the
        same transaction when `restock`."""
        delete = {
            "Delete": {
                "TableName": self.table,
                "Key": {"id": {"S": order.id}},
                "ConditionExpression": "#version = :expected",
                "ExpressionAttributeNames": {"#version": "version"},
                "ExpressionAttributeValues": {":expected": {"N": str(order.version)}},
            }
        }
        moves = [self._stock_move(i.productId, i.quantity) for i in order.items] if restock else []
        self._write(delete, moves, claim)

    def _conditional_update(
        self, order: Order, sets: dict[str, Any], history: StatusChange | None = None
    ) -> dict[str, Any]:
        values = {f":{k}": to_value(plain(v)) for k, v in sets.items() if v is not None}
        names = {f"#{k}": k for k in sets if sets[k] is not None}
        clauses = [f"#{k} = :{k}" for k in sets if sets[k] is not None]
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
        condition = "#version = :expected AND #status = :was"
        return {
            "TableName": self.table,
            "Key": {"id": {"S": order.id}},
            "UpdateExpression": "SET " + ", ".join(clauses),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }

    def _write(
        self, change: dict[str, Any], moves: list[dict[str, Any]], claim: Claim | None
    ) -> None:
        """One order change, with the stock it gives back and the claim it commits with: a
        single call when it is alone, one transaction otherwise."""
        claimed = list(claim.items) if claim else []
        if not moves and not claimed:
            self._write_alone(change)
            return
        while True:
            try:
                self._client.transact_write_items(TransactItems=[change, *moves, *claimed])
                return
            except ClientError as exc:
                failed = [code == "ConditionalCheckFailed" for code in cancellation_reasons(exc)]
                if not any(failed):
                    raise _busy_or(exc, self.table) from None
                if failed[0]:
                    raise lost(self.table, ConflictError(CHANGED)) from None
                if claim and any(failed[1 + len(moves) :]):
                    raise lost(self.table, AlreadySettledError(claim.refused)) from None
                # a product deleted since: its stock move is skipped
                moves = [m for i, m in enumerate(moves) if not failed[1 + i]]

    def _write_alone(self, change: dict[str, Any]) -> None:
        ((kind, request),) = change.items()
        call = {"Update": self._client.update_item, "Delete": self._client.delete_item}[kind]
        try:
            call(**request)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise lost(self.table, ConflictError(CHANGED)) from None
            raise

    def _stock_move(self, product_id: str, delta: int) -> dict[str, Any]:
        condition = "attribute_exists(id)" + (" AND stock >= :need" if delta < 0 else "")
        values = {":delta": {"N": str(delta)}}
        if delta < 0:
            values[":need"] = {"N": str(-delta)}
        return {
            "Update": {
                "TableName": self._products_table,
                "Key": {"id": {"S": product_id}},
                "UpdateExpression": "SET stock = stock + :delta",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": values,
            }
        }


def lost(table: str, error: ConflictError) -> ConflictError:
    """A conditional write that lost to a concurrent change: counted, then answered 409."""
    CONFLICTS.labels(table).inc()
    return error


def _busy_or(exc: ClientError, table: str) -> Exception:
    """A transaction lost to a concurrent one is a conflict, one refused for capacity a 503
    (the SDK does not retry either); anything else is re-raised as is."""
    if error_code(exc) != "TransactionCanceledException":
        return exc
    if "ThrottlingError" in cancellation_reasons(exc):
        return ServiceUnavailableError(
            "the database is busy; try again shortly", headers={"Retry-After": "1"}
        )
    return lost(table, ConflictError("another change to the same items won; try again"))
