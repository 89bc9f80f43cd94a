"""ProductRepository: the catalogue table."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import ConflictError, NotFoundError, UnprocessableError
from cloudmart.models import Page, Product, Variant
from cloudmart.repositories.base import (
    batch_get,
    batch_put,
    decode_cursor,
    encode_cursor,
    from_item,
    is_condition_failure,
    scan_items,
    to_item,
    to_value,
)

KEY = frozenset({"id"})
EDITABLE = ("name", "description", "image", "category")
ONE_VARIANT = ("price", "stock")  # product-level for a product of one variant (the seed's API)


def product_from_item(item: dict[str, Any]) -> Product:
    """A product; one stored before variants existed reads as one variant (its own id)."""
    data = from_item(item)
    if "variants" in data:
        stored = data["variants"]  # a map by item id (stock moves address one by its id)
        order = [i for i in data.get("variantIds", []) if i in stored]
        variants = [variant_from(stored[i]) for i in order + sorted(set(stored) - set(order))]
    else:
        variants = [
            Variant(data["id"], {}, Decimal(data["price"]), True, int(data.get("stock", 0)))
        ]
    return with_variants(
        Product(
            id=data["id"],
            name=data["name"],
            description=data.get("description", ""),
            price=Decimal(0),
            image=data.get("image", ""),
            category=data.get("category", ""),
            stock=0,
            createdAt=data.get("createdAt", ""),
        ),
        variants,
    )


def with_variants(product: Product, variants: list[Variant]) -> Product:
    """`product` holding `variants`; its price is the lowest of those for sale (of all when
    none is) and its stock the units for sale."""
    held = dataclasses.replace(product, variants={v.itemId: v for v in variants})
    shown = held.shown_variant()
    price = shown.price if shown else min((v.price for v in variants), default=Decimal(0))
    return dataclasses.replace(
        held, price=price, stock=sum(v.stock for v in variants if v.available)
    )


def variant_from(data: dict[str, Any]) -> Variant:
    return Variant(
        itemId=data["itemId"],
        options=dict(data.get("options") or {}),
        price=Decimal(data["price"]),
        available=bool(data["available"]),
        stock=int(data.get("stock", 0)),
    )


def product_to_item(product: Product) -> dict[str, Any]:
    data = asdict(product)
    del data["price"], data["stock"]  # derived from the variants
    data.update(variant_attributes(list(product.variants.values())))
    return to_item(data)


def variant_attributes(variants: list[Variant]) -> dict[str, Any]:
    """How variants are stored: a map by item id, and their order beside it."""
    return {
        "variants": {v.itemId: asdict(v) for v in variants},
        "variantIds": [v.itemId for v in variants],
    }


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
        """The products that exist among `product_ids`, by id."""
        products = map(product_from_item, batch_get(self._client, self.table, product_ids))
        return {p.id: p for p in products}

    def put_all(self, products: list[Product]) -> None:
        """Create or replace whole products (the importer's write)."""
        batch_put(self._client, self.table, [product_to_item(p) for p in products])

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
        return [product_from_item(i) for i in scan_items(self._client, self.table)]

    def create(self, product: Product) -> Product:
        try:
            self._client.put_item(
                TableName=self.table,
                Item=product_to_item(product),
                ConditionExpression="attribute_not_exists(id)",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ConflictError(f"product {product.id} already exists") from None
            raise
        return product

    def update(self, product_id: str, changes: dict[str, Any]) -> Product:
        """Set the given attributes of an existing product; a missing one is a 404. `price`
        and `stock` set the one variant of a product that has one (and refuse otherwise)."""
        product = self.get(product_id)
        if product is None:
            raise NotFoundError(f"product {product_id} not found")
        sets: dict[str, Any] = {k: changes[k] for k in EDITABLE if k in changes}
        if any(k in changes for k in ONE_VARIANT):
            sets |= variant_attributes(_one_variant_changed(product, changes))
        elif "variants" in changes:
            sets |= variant_attributes(changes["variants"])
        if not sets:
            return product
        names = {f"#{k}": k for k in sets}
        values = {f":{k}": to_value(v) for k, v in sets.items()}
        expression = "SET " + ", ".join(f"#{k} = :{k}" for k in sets)
        if "variants" in sets:  # a seed-era item's own price and stock give way to variants
            names |= {"#price": "price", "#stock": "stock"}
            expression += " REMOVE #price, #stock"
        try:
            resp = self._client.update_item(
                TableName=self.table,
                Key={"id": {"S": product_id}},
                UpdateExpression=expression,
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


def _one_variant_changed(product: Product, changes: dict[str, Any]) -> list[Variant]:
    if len(product.variants) != 1:
        raise UnprocessableError(
            f"product {product.id} has {len(product.variants)} variants: set their price and "
            "stock with `variants`",
            errors={"price": ["set per variant"], "stock": ["set per variant"]},
        )
    (variant,) = product.variants.values()
    kept = {k: changes[k] for k in ONE_VARIANT if k in changes}
    return [dataclasses.replace(variant, **kept)]
