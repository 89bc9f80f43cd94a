"""Order endpoints: customers see and change their own orders, admins any."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.orders.schemas import (
    OrderCancelSchema,
    OrderCreateSchema,
    OrdersByEmailArgsSchema,
    OrderSchema,
    OrderUpdateSchema,
)
from cloudmart.schemas import PageArgsSchema, paged
from cloudmart.web import auth_required, current_principal, services

blp = Blueprint(
    "orders",
    __name__,
    url_prefix="/api/orders",
    description="Orders: a customer's own, or any for admins",
)


@blp.route("")
class Orders(MethodView):
    @auth_required("admin")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, OrderSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """List all orders (admin; next cursor in X-Next-Cursor)"""
        return paged(
            services().orders.list_all(current_principal(), args["limit"], args.get("cursor"))
        )

    @auth_required()
    @blp.arguments(OrderCreateSchema)
    @blp.response(201, OrderSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Place an order; prices and total come from the catalogue"""
        return services().orders.create(
            current_principal(), data["items"], data["shippingAddress"], data.get("userEmail")
        )


@blp.route("/user")
class OrdersByEmail(MethodView):
    @auth_required()
    @blp.arguments(OrdersByEmailArgsSchema, location="query")
    @blp.response(200, OrderSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """List a customer's orders, newest first (your own, or any for admins)"""
        return paged(
            services().orders.list_for_customer(
                current_principal(), args["email"], args["limit"], args.get("cursor")
            )
        )


@blp.route("/<order_id>")
class OrderById(MethodView):
    @auth_required()
    @blp.response(200, OrderSchema)
    def get(self, order_id: str) -> Any:
        """Get an order"""
        return services().orders.get(current_principal(), order_id)

    @auth_required()
    @blp.arguments(OrderUpdateSchema)
    @blp.response(200, OrderSchema)
    def put(self, data: dict[str, Any], order_id: str) -> Any:
        """Change the status (admin) or the shipping address (owner, pending/processing)"""
        orders, principal = services().orders, current_principal()
        if "status" in data:
            return orders.change_status(principal, order_id, data["status"])
        return orders.change_address(principal, order_id, data["shippingAddress"])

    @auth_required("admin")
    @blp.response(204)
    def delete(self, order_id: str) -> None:
        """Delete an order (admin)"""
        services().orders.delete(current_principal(), order_id)


@blp.route("/<order_id>/cancel")
class OrderCancel(MethodView):
    @auth_required()
    @blp.arguments(OrderCancelSchema)
    @blp.response(200, OrderSchema)
    def post(self, data: dict[str, Any], order_id: str) -> Any:
        """Cancel your pending or processing order; its stock goes back"""
        return services().orders.cancel(current_principal(), order_id, data["reason"])
