"""Customer endpoints: the signed-in customer's profile, and any customer's for admins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.customers.schemas import AddressChangeSchema, CustomerSchema, LanguageChangeSchema
from cloudmart.web import auth_required, current_principal, services

me = Blueprint(
    "profile", __name__, url_prefix="/api/me", description="The signed-in customer's profile"
)
customers = Blueprint(
    "customers",
    __name__,
    url_prefix="/api/customers",
    description="Customers: your own profile, or any for admins",
)
BLUEPRINTS = (me, customers)


@me.route("")
class Me(MethodView):
    @auth_required()
    @me.response(200, CustomerSchema)
    def get(self) -> Any:
        """Your profile: name, email, default address, payment methods (gift-card balances)"""
        return services().customers.me(current_principal())


@me.route("/address")
class MyAddress(MethodView):
    @auth_required()
    @me.arguments(AddressChangeSchema)
    @me.response(200, CustomerSchema)
    def put(self, data: dict[str, Any]) -> Any:
        """Change your default address (no order's address changes)"""
        principal, found = current_principal(), services().customers
        customer = found.me(principal)
        return found.change_address(principal, customer.id, data["address"])


@me.route("/language")
class MyLanguage(MethodView):
    @auth_required()
    @me.arguments(LanguageChangeSchema)
    @me.response(200, CustomerSchema)
    def put(self, data: dict[str, Any]) -> Any:
        """Choose your language (en, es, fr, de): the assistant and its cards use it"""
        return services().customers.set_language(current_principal(), data["language"])


@customers.route("/<customer_id>")
class CustomerById(MethodView):
    @auth_required()
    @customers.response(200, CustomerSchema)
    def get(self, customer_id: str) -> Any:
        """A customer's profile (your own, or any for admins)"""
        return services().customers.get(current_principal(), customer_id)


@customers.route("/<customer_id>/address")
class CustomerAddress(MethodView):
    @auth_required()
    @customers.arguments(AddressChangeSchema)
    @customers.response(200, CustomerSchema)
    def put(self, data: dict[str, Any], customer_id: str) -> Any:
        """Change a customer's default address (your own, or any for admins)"""
        return services().customers.change_address(
            current_principal(), customer_id, data["address"]
        )
