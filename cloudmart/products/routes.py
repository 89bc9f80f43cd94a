"""Catalogue endpoints: anyone reads, admins write."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.products.schemas import ProductCreateSchema, ProductSchema, ProductUpdateSchema
from cloudmart.schemas import CataloguePageArgsSchema, paged
from cloudmart.web import auth_required, current_principal, services

blp = Blueprint(
    "products",
    __name__,
    url_prefix="/api/products",
    description="The catalogue: anyone reads it, admins change it",
)
PUBLIC: dict[str, Any] = {"security": []}


@blp.route("")
class Products(MethodView):
    @blp.doc(**PUBLIC)
    @blp.arguments(CataloguePageArgsSchema, location="query")
    @blp.response(200, ProductSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """List products (the next page's cursor is in the X-Next-Cursor header)"""
        return paged(services().products.list(args["limit"], args.get("cursor")))

    @auth_required("admin")
    @blp.arguments(ProductCreateSchema)
    @blp.response(201, ProductSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a product (admin)"""
        return services().products.create(current_principal(), data)


@blp.route("/<product_id>")
class ProductById(MethodView):
    @blp.doc(**PUBLIC)
    @blp.response(200, ProductSchema)
    def get(self, product_id: str) -> Any:
        """Get a product"""
        return services().products.get(product_id)

    @auth_required("admin")
    @blp.arguments(ProductUpdateSchema)
    @blp.response(200, ProductSchema)
    def put(self, changes: dict[str, Any], product_id: str) -> Any:
        """Change a product's attributes (admin)"""
        return services().products.update(current_principal(), product_id, changes)

    @auth_required("admin")
    @blp.response(204)
    def delete(self, product_id: str) -> None:
        """Delete a product (admin)"""
        services().products.delete(current_principal(), product_id)
