"""ProductRepository: the catalogue table."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import ConflictError, NotFoundError
from cloudmart.models import Page, Product
from cloudmart.repositories.base import (
    decode_cursor,
    encode_cursor,
    from_item,
    is_condition_failure,
    to_item,
    to_value,
)

KEY = frozenset({"id"})
EDITABLE = ("name", "description", "price", "image", "category", "stock")


def product_from_item(item: dict[str, Any]) -> Product:
    data = from_item(item)
    return Product(
        id=data["id"],
        name=data["name"],
        description=data.get("description", ""),
        price=Decimal(data["price"]),
        image=data.get("image", ""),
        category=data.get("category", ""),
        stock=int(data.get("stock", 0)),
        createdAt=data.get("createdAt", ""),
    )


class ProductRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, product_id: str) -> Product | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": product_id}}, ConsistentRead=True
        ).get("Item")
        return product_from_item(item) if item else None

    def get_many(self, product_ids: list[str]) -> dict[str, Product]:
        """The products that exist among `product_ids`, by id (one BatchGetItem per 100)."""
        found: dict[str, Product] = {}
        unique = list(dict.fromkeys(product_ids))
        for start in range(0, len(unique), 100):
            keys = [{"id": {"S": pid}} for pid in unique[start : start + 100]]
            request = {self.table: {"Keys": keys, "ConsistentRead": True}}
            while request:
                resp = self._client.batch_get_item(RequestItems=request)
                for item in resp["Responses"].get(self.table, []):
                    product = product_from_item(item)
                    found[product.id] = product
                request = resp.get("UnprocessedKeys") or {}
        return found

    def list(self, limit: int, cursor: str | None) -> Page[Product]:
        args: dict[str, Any] = {"TableName": self.table, "Limit": limit}
        start = decode_cursor(cursor, KEY)
        if start:
            args["ExclusiveStartKey"] = start
        resp = self._client.scan(**args)
        items = [product_from_item(i) for i in resp.get("Items", [])]
        return Page(items, encode_cursor(resp.get("LastEvaluatedKey")))

    def scan_all(self) -> list[Product]:
        """The whole catalogue (search ranks in memory; a catalogue is small next to orders)."""
        products: list[Product] = []
        args: dict[str, Any] = {"TableName": self.table}
        while True:
            resp = self._client.scan(**args)
            products.extend(product_from_item(i) for i in resp.get("Items", []))
            if "LastEvaluatedKey" not in resp:
                return products
            args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]

    def create(self, product: Product) -> Product:
        try:
            self._client.put_item(
                TableName=self.table,
                Item=to_item(asdict(product)),
                ConditionExpression="attribute_not_exists(id)",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ConflictError(f"product {product.id} already exists") from None
            raise
        return product

    def update(self, product_id: str, changes: dict[str, Any]) -> Product:
        """Set the given attributes of an existing product; a missing one is a 404."""
        fields = [k for k in EDITABLE if k in changes]
        if not fields:
            product = self.get(product_id)
            if product is None:
                raise NotFoundError(f"product {product_id} not found")
            return product
        names = {f"#{k}": k for k in fields}
        values = {f":{k}": to_value(changes[k]) for k in fields}
        try:
            resp = self._client.update_item(
                TableName=self.table,
                Key={"id": {"S": product_id}},
                UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in fields),
                ConditionExpression="attribute_exists(id)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise NotFoundError(f"product {product_id} not found") from None
            raise
        return product_from_item(resp["Attributes"])

    def delete(self, product_id: str) -> None:
        try:
            self._client.delete_item(
                TableName=self.table,
                Key={"id": {"S": product_id}},
                ConditionExpression="attribute_exists(id)",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise NotFoundError(f"product {product_id} not found") from None
            raise
