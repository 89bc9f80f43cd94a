"""OrderRepository: orders with optimistic locking, stock and money moved in the same transaction
(its requests built in order_writes.py), the email index."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import (
    AlreadySettledError,
    ConflictError,
    ServiceUnavailableError,
)
from cloudmart.models import Change, Order, Page, StatusChange, StockKey
from cloudmart.ops.metrics import CONFLICTS
from cloudmart.repositories.base import (
    Claim,
    batch_get,
    batch_put,
    cancellation_reasons,
    decode_cursor,
    encode_cursor,
    error_code,
    is_condition_failure,
    scan_items,
)
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.order_items import order_from_item, order_to_item
from cloudmart.repositories.order_writes import (
    conditional_delete,
    conditional_update,
    moved_product,
    stock_moves,
    takes_stock,
)
from cloudmart.repositories.tables import ORDERS_BY_EMAIL_INDEX

KEY = frozenset({"id"})
INDEX_KEY = frozenset({"id", "userEmail", "createdAt"})
CHANGED = "the order changed meanwhile; read it again and retry"
MONEY_CHANGED = "the gift card's balance changed meanwhile or does not cover the amount"


class DuplicateOrderIdError(Exception):
    """The generated order id is taken (the service draws another)."""


class OrderRepository:
    def __init__(
        self, client: Any, table: str, products_table: str, customers: CustomerRepository
    ) -> None:
        self._client = client
        self.table = table
        self._products_table = products_table
        self._customers = customers

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

    def get_many(self, order_ids: list[str]) -> dict[str, Order]:
        orders = map(order_from_item, batch_get(self._client, self.table, order_ids))
        return {o.id: o for o in orders}

    def scan_all(self) -> list[Order]:
        return [order_from_item(i) for i in scan_items(self._client, self.table)]

    def put_all(self, orders: list[Order]) -> None:
        """Create or replace whole orders (the importer's write; no stock or money moves)."""
        batch_put(self._client, self.table, [order_to_item(o) for o in orders])

    def create(self, order: Order, *, charge: dict[str, Decimal] | None = None) -> Order:
        """Write the order, take its items from stock and, when the customer is on record,
        list it with them and debit the gift card that pays (`charge`): all or nothing."""
        put = {
            "Put": {
                "TableName": self.table,
                "Item": order_to_item(order),
                "ConditionExpression": "attribute_not_exists(id)",
            }
        }
        money = (
            self._customers.money_move(order.customerId, charge or {}, order.id)
            if order.customerId
            else None
        )
        taken = {(i.productId, i.itemId): -i.quantity for i in order.items}
        try:
            self._write(put, money, taken, None)
        except ConflictError as exc:
            if exc.message == CHANGED:
                raise DuplicateOrderIdError(order.id) from None
            raise
        return order

    def apply(
        self, before: Order, change: Change, by: str, at: str, claim: Claim | None = None
    ) -> Order:
        """Write `change` to the order as read (same status and version, or a conflict) with
        its gift-card and stock moves, and the `claim` it commits with: all or nothing."""
        history = None
        if change.order.status != before.status:
            history = StatusChange(status=change.order.status, at=at, by=by)
        new = dataclasses.replace(
            change.order,
            updatedAt=at,
            version=before.version + 1,
            statusHistory=[*before.statusHistory, *([history] if history else [])],
        )
        stored = order_to_item(new)
        sets = {f: stored.get(f) for f in (*change.fields, "updatedAt")}
        update = {"Update": conditional_update(self.table, before, sets, history)}
        money = (
            self._customers.money_move(before.customerId, change.balances)
            if change.balances
            else None
        )
        self._write(update, money, change.stock, claim)
        return new

    def delete(
        self,
        order: Order,
        *,
        restock: bool,
        claim: Claim | None = None,
        refund: dict[str, Decimal] | None = None,
    ) -> None:
        """Delete `order` as read (same version, or a conflict), giving its stock back when
        `restock` and crediting gift cards by `refund`, in the same transaction."""
        delete = {"Delete": conditional_delete(self.table, order)}
        back = {(i.productId, i.itemId): i.quantity for i in order.items} if restock else {}
        money = self._customers.money_move(order.customerId, refund) if refund else None
        self._write(delete, money, back, claim)

    def _write(
        self,
        change: dict[str, Any],
        money: dict[str, Any] | None,
        stock: dict[StockKey, int],
        claim: Claim | None,
    ) -> None:
        """One order change with the money and stock it moves and the claim it commits with:
        a single call when it is alone, one transaction otherwise."""
        claimed = list(claim.items) if claim else []
        moves = stock_moves(self._products_table, stock)
        if money is None and not moves and not claimed:
            self._write_alone(change)
            return
        head = [change, *([money] if money else [])]
        while True:
            try:
                self._client.transact_write_items(TransactItems=[*head, *moves, *claimed])
                return
            except ClientError as exc:
                failed = [code == "ConditionalCheckFailed" for code in cancellation_reasons(exc)]
                if not any(failed):
                    raise _busy_or(exc, self.table) from None
                if failed[0]:
                    raise lost(self.table, ConflictError(CHANGED)) from None
                if money and failed[1]:
                    raise lost(self.table, ConflictError(MONEY_CHANGED)) from None
                if claim and any(failed[len(head) + len(moves) :]):
                    raise lost(self.table, AlreadySettledError(claim.refused)) from None
                short = [m for i, m in enumerate(moves) if failed[len(head) + i] and takes_stock(m)]
                if short:
                    raise ConflictError(
                        "not enough stock",
                        errors={"items": [f"{moved_product(m)}: not enough stock" for m in short]},
                    ) from None
                # a product or variant deleted since: its stock coming back is skipped
                moves = [m for i, m in enumerate(moves) if not failed[len(head) + i]]

    def _write_alone(self, change: dict[str, Any]) -> None:
        ((kind, request),) = change.items()
        call = {
            "Update": self._client.update_item,
            "Delete": self._client.delete_item,
            "Put": self._client.put_item,
        }[kind]
        try:
            call(**request)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise lost(self.table, ConflictError(CHANGED)) from None
            raise


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
