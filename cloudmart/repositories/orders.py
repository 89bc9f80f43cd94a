"""OrderRepository: orders with optimistic locking, stock moves in transactions, the email index."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import ConflictError, NotFoundError, ServiceUnavailableError
from cloudmart.models import Address, Order, OrderItem, Page, StatusChange
from cloudmart.repositories.base import (
    cancellation_reasons,
    decode_cursor,
    encode_cursor,
    error_code,
    from_item,
    is_condition_failure,
    to_item,
    to_value,
)
from migrations_seed.tables import ORDERS_BY_EMAIL_INDEX

KEY = frozenset({"id"})
INDEX_KEY = frozenset({"id", "userEmail", "createdAt"})
CHANGED = "the order changed meanwhile; read it again and retry"


class DuplicateOrderIdError(Exception):
    """The generated order id is taken (the service draws another)."""


def order_from_item(item: dict[str, Any]) -> Order:
    data = from_item(item)
    return Order(
        id=data["id"],
        userEmail=data["userEmail"],
        status=data["status"],
        items=[
            OrderItem(
                productId=i["productId"],
                name=i["name"],
                unitPrice=Decimal(i["unitPrice"]),
                quantity=int(i["quantity"]),
            )
            for i in data.get("items", [])
        ],
        total=Decimal(data["total"]),
        shippingAddress=Address(**data["shippingAddress"]),
        createdAt=data["createdAt"],
        updatedAt=data.get("updatedAt", data["createdAt"]),
        version=int(data.get("version", 1)),
        statusHistory=[StatusChange(**h) for h in data.get("statusHistory", [])],
        cancelReason=data.get("cancelReason"),
        returnReason=data.get("returnReason"),
        deliveredAt=data.get("deliveredAt"),
    )


def order_to_item(order: Order) -> dict[str, Any]:
    data = asdict(order)
    data["shippingAddress"] = {k: v for k, v in data["shippingAddress"].items() if v is not None}
    return to_item(data)


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
            raise _busy_or(exc) from None
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
    ) -> Order:
        """Move `order` (as read) to `status`; a concurrent change makes this a conflict."""
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
        update = self._conditional_update(order, sets, history=change)
        if not restock:
            self._update_order(update)
            return new
        moves = [self._stock_move(i.productId, i.quantity) for i in order.items]
        self._transact_with_restock(update, moves)
        return new

    def update_address(self, order: Order, address: Address, at: str) -> Order:
        """Change the address of `order` as read (same status and version, or a conflict)."""
        update = self._conditional_update(order, {"shippingAddress": address, "updatedAt": at})
        self._update_order(update)
        return dataclasses.replace(
            order, shippingAddress=address, updatedAt=at, version=order.version + 1
        )

    def delete(self, order_id: str) -> None:
        try:
            self._client.delete_item(
                TableName=self.table,
                Key={"id": {"S": order_id}},
                ConditionExpression="attribute_exists(id)",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise NotFoundError(f"order {order_id} not found") from None
            raise

    def _conditional_update(
        self, order: Order, sets: dict[str, Any], history: StatusChange | None = None
    ) -> dict[str, Any]:
        values = {f":{k}": to_value(_plain(v)) for k, v in sets.items() if v is not None}
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

    def _update_order(self, update: dict[str, Any]) -> None:
        try:
            self._client.update_item(**update)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ConflictError(CHANGED) from None
            raise

    def _transact_with_restock(self, update: dict[str, Any], moves: list[dict[str, Any]]) -> None:
        """Change the order and give stock back; a product deleted since is skipped."""
        while True:
            try:
                self._client.transact_write_items(TransactItems=[{"Update": update}, *moves])
                return
            except ClientError as exc:
                reasons = cancellation_reasons(exc)
                if reasons and reasons[0] == "ConditionalCheckFailed":
                    raise ConflictError(CHANGED) from None
                gone = {i for i, code in enumerate(reasons[1:]) if code == "ConditionalCheckFailed"}
                if not gone:
                    raise _busy_or(exc) from None
                moves = [m for i, m in enumerate(moves) if i not in gone]

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


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: v for k, v in asdict(value).items() if v is not None}
    return value


def _busy_or(exc: ClientError) -> Exception:
    """A transaction lost to a concurrent one is a conflict, one refused for capacity a 503
    (the SDK does not retry either); anything else is re-raised as is."""
    if error_code(exc) != "TransactionCanceledException":
        return exc
    if "ThrottlingError" in cancellation_reasons(exc):
        return ServiceUnavailableError(
            "the database is busy; try again shortly", headers={"Retry-After": "1"}
        )
    return ConflictError("another change to the same items won; try again")
