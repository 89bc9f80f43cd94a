"""Product tools: search and recommend from the catalogue, grounded in stock and price."""

from __future__ import annotations

from typing import Any

from cloudmart.products.service import ProductQuery
from cloudmart.tools.deps import ToolDeps
from cloudmart.tools.registry import TOOLS
from cloudmart.tools.views import product_view
from providers.base import ToolParameter as P

FILTERS = [
    P(
        "category",
        "string",
        "Only this category: electronics, home, outdoor, apparel or books",
        required=False,
    ),
    P("min_price", "number", "Lowest price in dollars", required=False),
    P("max_price", "number", "Highest price in dollars", required=False),
    P("limit", "integer", "How many products at most (1-10, default 5)", required=False),
]


def _query(args: dict[str, Any], words: str, in_stock_only: bool) -> ProductQuery:
    category = args.get("category")
    return ProductQuery(
        words=words,
        category=category.lower() if category else None,
        min_price=args.get("min_price"),
        max_price=args.get("max_price"),
        in_stock_only=in_stock_only,
        limit=max(1, min(int(args.get("limit") or 5), 10)),
    )


@TOOLS.tool(
    "search_products",
    "Search the catalogue by words, category and price.",
    params=[
        P("query", "string", "Words to look for, e.g. 'wireless headphones'", required=False),
        *FILTERS,
        P("in_stock_only", "boolean", "Leave out sold-out products (default true)", required=False),
    ],
)
def search_products(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    query = _query(args, args.get("query", ""), args.get("in_stock_only", True))
    products = deps.products.search(query)
    return {"products": [product_view(p) for p in products], "count": len(products)}


@TOOLS.tool(
    "recommend_products",
    "Recommend in-stock products for what the customer wants; only ever recommend these.",
    params=[
        P("interest", "string", "What the customer wants, e.g. 'gift for a hiker'", required=False),
        *FILTERS,
    ],
)
def recommend_products(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    search = deps.products.search
    products = search(_query(args, args.get("interest", ""), in_stock_only=True))
    if not products:  # nothing matched the words: the best in-stock picks of the filters
        products = search(_query(args, "", in_stock_only=True))
    return {"products": [product_view(p) for p in products], "count": len(products)}


@TOOLS.tool(
    "get_product",
    "Get one product: price, stock, description.",
    params=[P("product_id", "string", "The product id, e.g. P-1001")],
)
def get_product(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"product": product_view(deps.products.get(args["product_id"]))}
