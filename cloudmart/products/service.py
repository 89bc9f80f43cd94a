"""ProductService: the catalogue rules, used by the REST views and the assistant's tools."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from cloudmart.errors import NotFoundError
from cloudmart.models import Page, Product, Variant, iso, utc_now
from cloudmart.principal import Principal
from cloudmart.repositories.products import ProductRepository, with_variants


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

    def product_types(self) -> dict[str, str]:
        """RETAIL.md §4 `list_all_product_types`: product name -> id, in name order."""
        return {p.name: p.id for p in sorted(self.products.scan_all(), key=lambda p: p.name)}

    def search(self, query: ProductQuery) -> list[Product]:
        """The catalogue ranked for `query` (the catalogue is small; orders are not)."""
        return rank(self.products.scan_all(), query)

    def create(self, principal: Principal, data: dict[str, Any]) -> Product:
        principal.require_admin("changing the catalogue")
        product_id = f"P-{secrets.token_hex(4).upper()}"
        product = Product(
            id=product_id,
            createdAt=iso(self._clock()),
            image=data.get("image") or "",
            description=data.get("description") or "",
            price=Decimal(0),
            stock=0,
            **{k: data[k] for k in ("name", "category")},
        )
        # a product named with a price and stock only is one variant, its item id its own id
        variants = data.get("variants") or [
            Variant(product_id, {}, data["price"], True, data["stock"])
        ]
        return self.products.create(with_variants(product, variants))

    def update(self, principal: Principal, product_id: str, changes: dict[str, Any]) -> Product:
        principal.require_admin("changing the catalogue")
        return self.products.update(product_id, changes)

    def delete(self, principal: Principal, product_id: str) -> None:
        principal.require_admin("changing the catalogue")
        self.products.delete(product_id)


@dataclass(frozen=True)
class ProductQuery:
    words: str = ""
    category: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock_only: bool = True
    limit: int = 5


def rank(products: list[Product], query: ProductQuery) -> list[Product]:
    """Filter by category, price and stock; order by how well the words match, then by price."""
    terms = [t for t in re.findall(r"[a-z0-9]+", query.words.lower()) if t not in STOPWORDS]
    scored = []
    for product in products:
        if not _passes(product, query):
            continue
        score = _score(product, terms)
        if terms and score == 0:
            continue
        scored.append((-score, product.price, product.id, product))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored[: query.limit]]


def _passes(product: Product, query: ProductQuery) -> bool:
    return not (
        (query.category and product.category != query.category.lower())
        or (query.min_price is not None and product.price < query.min_price)
        or (query.max_price is not None and product.price > query.max_price)
        or (query.in_stock_only and product.stock <= 0)
    )


def _score(product: Product, terms: list[str]) -> int:
    name = set(re.findall(r"[a-z0-9]+", product.name.lower()))
    text = set(re.findall(r"[a-z0-9]+", product.description.lower()))
    score = 0
    for term in terms:
        stem = term.rstrip("s") or term
        score += 3 * any(w.startswith(stem) for w in name)
        score += 2 * (product.category.startswith(stem))
        score += any(w.startswith(stem) for w in text)
    return score


STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "any",
        "are",
        "for",
        "from",
        "i",
        "in",
        "is",
        "me",
        "my",
        "of",
        "on",
        "or",
        "please",
        "show",
        "some",
        "something",
        "that",
        "the",
        "to",
        "under",
        "over",
        "with",
        "want",
        "need",
        "looking",
        "find",
        "search",
        "recommend",
        "buy",
        "get",
        "good",
        "best",
    }
)
