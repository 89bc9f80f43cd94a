"""CustomerRepository: profiles with payment methods; gift-card balances move in transactions."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import AlreadySettledError, NotFoundError
from cloudmart.models import Address, Customer, PaymentMethod
from cloudmart.repositories.base import (
    Claim,
    KeyRead,
    batch_get,
    batch_put,
    cancellation_reasons,
    from_item,
    is_condition_failure,
    number_moves,
    scan_items,
    to_item,
    to_value,
)
from cloudmart.repositories.tables import CUSTOMERS_BY_EMAIL_INDEX, CUSTOMERS_BY_NAME_ZIP_INDEX


def email_key(email: str) -> str:
    return email.lower()


def name_zip_key(first_name: str, last_name: str, zip_code: str) -> str:
    """Names match ignoring case, the zip exactly (RETAIL.md §4)."""
    return f"{first_name.lower()}|{last_name.lower()}|{zip_code}"


def customer_from_item(item: dict[str, Any]) -> Customer:
    data = from_item(item)
    stored = data.get("paymentMethods", {})
    order = [i for i in data.get("paymentMethodIds", []) if i in stored]
    return Customer(
        id=data["id"],
        firstName=data["firstName"],
        lastName=data["lastName"],
        email=data["email"],
        address=Address(**data["address"]),
        paymentMethods={i: _method(stored[i]) for i in order + sorted(set(stored) - set(order))},
        orderIds=list(data.get("orderIds", [])),
        version=int(data.get("version", 1)),
        language=data.get("language"),
    )


def _method(data: dict[str, Any]) -> PaymentMethod:
    balance = data.get("balance")
    return PaymentMethod(
        id=data["id"],
        source=data["source"],
        brand=data.get("brand"),
        lastFour=data.get("lastFour"),
        balance=None if balance is None else Decimal(balance),
    )


def customer_to_item(customer: Customer) -> dict[str, Any]:
    data = asdict(customer)
    data["address"] = {k: v for k, v in data["address"].items() if v is not None}
    data["paymentMethodIds"] = list(customer.paymentMethods)
    data["emailKey"] = email_key(customer.email)
    data["nameZipKey"] = name_zip_key(
        customer.firstName, customer.lastName, customer.address.postalCode
    )
    return to_item(data)


class CustomerRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, customer_id: str) -> Customer | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": customer_id}}, ConsistentRead=True
        ).get("Item")
        return customer_from_item(item) if item else None

    def language_read(self, customer_id: str) -> KeyRead:
        """The customer's chosen language, to read with other items (`language_in` of it)."""
        return KeyRead(self.table, customer_id, ("language",))

    @staticmethod
    def language_in(item: dict[str, Any] | None) -> str | None:
        """The language a `language_read` found (None: no profile, or none chosen)."""
        return str(item["language"]["S"]) if item and "S" in item.get("language", {}) else None

    def find_by_email(self, email: str) -> Customer | None:
        return self._first(CUSTOMERS_BY_EMAIL_INDEX, "emailKey", email_key(email))

    def find_by_name_zip(self, first_name: str, last_name: str, zip_code: str) -> Customer | None:
        key = name_zip_key(first_name, last_name, zip_code)
        return self._first(CUSTOMERS_BY_NAME_ZIP_INDEX, "nameZipKey", key)

    def _first(self, index: str, attribute: str, value: str) -> Customer | None:
        """The first customer (by id) an index holds for `value`; read again by key, so what
        the caller gets is current (an index is eventually consistent)."""
        resp = self._client.query(
            TableName=self.table,
            IndexName=index,
            KeyConditionExpression="#k = :v",
            ExpressionAttributeNames={"#k": attribute},
            ExpressionAttributeValues={":v": {"S": value}},
            Limit=1,
        )
        items = resp.get("Items", [])
        return self.get(items[0]["id"]["S"]) if items else None

    def get_many(self, customer_ids: list[str]) -> dict[str, Customer]:
        customers = map(customer_from_item, batch_get(self._client, self.table, customer_ids))
        return {c.id: c for c in customers}

    def put_all(self, customers: list[Customer]) -> None:
        """Create or replace whole customers (the importer's and the seed's write)."""
        batch_put(self._client, self.table, [customer_to_item(c) for c in customers])

    def update_address(
        self, customer: Customer, address: Address, claim: Claim | None = None
    ) -> Customer:
        """Set the default address of `customer` (a missing one is a 404); a `claim` commits
        with it or nothing happens."""
        key = name_zip_key(customer.firstName, customer.lastName, address.postalCode)
        update = {
            "TableName": self.table,
            "Key": {"id": {"S": customer.id}},
            "UpdateExpression": (
                "SET address = :a, nameZipKey = :k, version = if_not_exists(version, :zero) + :one"
            ),
            "ConditionExpression": "attribute_exists(id)",
            "ExpressionAttributeValues": {
                ":a": to_value({k: v for k, v in asdict(address).items() if v is not None}),
                ":k": {"S": key},
                ":one": {"N": "1"},
                ":zero": {"N": "0"},
            },
        }
        try:
            if claim is None:
                self._client.update_item(**update)
            else:
                self._client.transact_write_items(TransactItems=[{"Update": update}, *claim.items])
        except ClientError as exc:
            reasons = cancellation_reasons(exc)
            if claim is not None and any(r == "ConditionalCheckFailed" for r in reasons[1:]):
                raise AlreadySettledError(claim.refused) from None
            if is_condition_failure(exc) or reasons[:1] == ["ConditionalCheckFailed"]:
                raise NotFoundError(f"customer {customer.id} not found") from None
            raise
        return dataclasses.replace(customer, address=address)

    def set_language(self, customer: Customer, language: str) -> Customer:
        """The customer's chosen language (a missing customer is a 404)."""
        try:
            self._client.update_item(
                TableName=self.table,
                Key={"id": {"S": customer.id}},
                UpdateExpression="SET #l = :l",
                ConditionExpression="attribute_exists(id)",
                ExpressionAttributeNames={"#l": "language"},
                ExpressionAttributeValues={":l": {"S": language}},
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise NotFoundError(f"customer {customer.id} not found") from None
            raise
        return dataclasses.replace(customer, language=language)

    def money_move(
        self, customer_id: str, balances: dict[str, Decimal], order_id: str | None = None
    ) -> dict[str, Any]:
        """The transaction item that moves gift-card balances by `balances` (negative: a
        debit, refused when the card holds less) and, for a new order, lists it."""
        moves = number_moves("paymentMethods", "balance", list(balances.items()))
        sets, names, values = moves.sets, moves.names, moves.values
        conditions = ["attribute_exists(id)", *moves.conditions]
        if order_id is not None:
            sets.append("orderIds = list_append(if_not_exists(orderIds, :none), :order)")
            values |= {":none": {"L": []}, ":order": {"L": [{"S": order_id}]}}
        update: dict[str, Any] = {
            "TableName": self.table,
            "Key": {"id": {"S": customer_id}},
            "UpdateExpression": "SET " + ", ".join(sets),
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeValues": values,
        }
        if names:
            update["ExpressionAttributeNames"] = names
        return {"Update": update}

    def scan_all(self) -> list[Customer]:
        return [customer_from_item(i) for i in scan_items(self._client, self.table)]
