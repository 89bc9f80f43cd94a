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
    PaymentChangeSchema,
    ReturnSchema,
    SwapSchema,
)
from cloudmart.orders.service import Swap
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
            current_principal(),
            data["items"],
            data["shippingAddress"],
            data.get("userEmail"),
            data.get("paymentMethodId"),
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
        """Cancel your pending or processing order: every payment refunded, stock back"""
        return services().orders.cancel(current_principal(), order_id, data["reason"])


@blp.route("/<order_id>/payment")
class OrderPayment(MethodView):
    @auth_required()
    @blp.arguments(PaymentChangeSchema)
    @blp.response(200, OrderSchema)
    def post(self, data: dict[str, Any], order_id: str) -> Any:
        """Pay your pending order with another of your methods (once)"""
        orders = services().orders
        return orders.change_payment(current_principal(), order_id, data["paymentMethodId"])


@blp.route("/<order_id>/items")
class OrderItems(MethodView):
    @auth_required()
    @blp.arguments(SwapSchema)
    @blp.response(200, OrderSchema)
    def post(self, swap: Swap, order_id: str) -> Any:
        """Swap items of your pending order for other variants (once; the difference is paid
        or refunded with the method named)"""
        return services().orders.change_items(current_principal(), order_id, swap)


@blp.route("/<order_id>/return")
class OrderReturn(MethodView):
    @auth_required()
    @blp.arguments(ReturnSchema)
    @blp.response(200, OrderSchema)
    def post(self, items: Swap, order_id: str) -> Any:
        """Ask to return some or all items of your delivered order"""
        return services().orders.return_items(current_principal(), order_id, items)


@blp.route("/<order_id>/exchange")
class OrderExchange(MethodView):
    @auth_required()
    @blp.arguments(SwapSchema)
    @blp.response(200, OrderSchema)
    def post(self, swap: Swap, order_id: str) -> Any:
        """Ask to exchange items of your delivered order for other variants"""
        return services().orders.exchange_items(current_principal(), order_id, swap)
