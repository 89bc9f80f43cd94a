"""Sign-in for the local demo, and who the caller is."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.accounts.demo import DEMO_PEOPLE
from cloudmart.accounts.signin import issue_token
from cloudmart.errors import NotFoundError, UnprocessableError
from cloudmart.web import auth_required, current_principal, services

blp = Blueprint(
    "auth",
    __name__,
    url_prefix="/api/auth",
    description="Demo sign-in (when DEMO_LOGIN is on) and the signed-in principal",
)
PUBLIC: dict[str, Any] = {"security": []}


class DemoLoginSchema(ma.Schema):
    email = ma.fields.Email(required=True)


class TokenSchema(ma.Schema):
    token = ma.fields.String()
    email = ma.fields.String()
    name = ma.fields.String()


class DemoCustomerSchema(ma.Schema):
    email = ma.fields.String()
    name = ma.fields.String()
    role = ma.fields.String()


class PrincipalSchema(ma.Schema):
    email = ma.fields.String()
    customerId = ma.fields.String(attribute="customer_id")
    roles = ma.fields.List(ma.fields.String())
    name = ma.fields.String(attribute="display_name")


def _require_demo() -> None:
    if not services().settings.demo_login:
        raise NotFoundError("demo sign-in is off (set DEMO_LOGIN=true to turn it on)")


@blp.route("/demo-customers")
class DemoCustomers(MethodView):
    @blp.doc(**PUBLIC)
    @blp.response(200, DemoCustomerSchema(many=True))
    def get(self) -> list[dict[str, str]]:
        """The demo customers and support agent one may sign in as (404 when demo sign-in is off)"""
        _require_demo()
        return DEMO_PEOPLE


@blp.route("/demo-login")
class DemoLogin(MethodView):
    @blp.doc(**PUBLIC)
    @blp.arguments(DemoLoginSchema)
    @blp.response(200, TokenSchema)
    def post(self, data: dict[str, str]) -> dict[str, str]:
        """Sign in as a seeded demo customer or agent (404 when demo sign-in is off)"""
        _require_demo()
        person = next((c for c in DEMO_PEOPLE if c["email"] == data["email"].lower()), None)
        if person is None:
            raise UnprocessableError(
                "not a demo customer",
                errors={
                    "json": {"email": ["one of " + ", ".join(c["email"] for c in DEMO_PEOPLE)]}
                },
            )
        token = issue_token(services(), person["email"], person["role"])
        return {"token": token, "email": person["email"], "name": person["name"]}


@blp.route("/me")
class Me(MethodView):
    @auth_required()
    @blp.response(200, PrincipalSchema)
    def get(self) -> Any:
        """Who the bearer token names"""
        return current_principal()
