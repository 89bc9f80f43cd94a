"""ProductService: the catalogue rules, used by the REST views and the assistant's tools."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cloudmart.auth import Principal
from cloudmart.errors import NotFoundError
from cloudmart.models import Page, Product, iso, utc_now
from cloudmart.repositories.products import ProductRepository


class ProductService:
    def __init__(
        self, products: ProductRepository, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.products = products
        self._clock = clock

    def get(self, product_id: str) -> Product:
        product = self.products.get(product_id)
        if product is None:
            raise NotFoundError(f"product {product_id} not found")
        return product

    def list(self, limit: int, cursor: str | None) -> Page[Product]:
        return self.products.list(limit, cursor)

    def create(self, principal: Principal, data: dict[str, Any]) -> Product:
        principal.require_admin("changing the catalogue")
        product = Product(
            id=f"P-{secrets.token_hex(4).upper()}",
            createdAt=iso(self._clock()),
            image=data.get("image") or "",
            description=data.get("description") or "",
            **{k: data[k] for k in ("name", "price", "category", "stock")},
        )
        return self.products.create(product)

    def update(self, principal: Principal, product_id: str, changes: dict[str, Any]) -> Product:
        principal.require_admin("changing the catalogue")
        return self.products.update(product_id, changes)

    def delete(self, principal: Principal, product_id: str) -> None:
        principal.require_admin("changing the catalogue")
        self.products.delete(product_id)
