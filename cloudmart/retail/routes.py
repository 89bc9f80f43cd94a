"""Admin endpoints: import and export the store in the retail reference shapes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.retail.schemas import RetailExportArgsSchema, RetailImportSchema
from cloudmart.web import auth_required, current_principal, services

blp = Blueprint(
    "retail",
    __name__,
    url_prefix="/api/admin/retail",
    description="Admin: the store in the retail reference shapes (docs/RETAIL.md)",
)


class ImportedSchema(ma.Schema):
    users = ma.fields.Integer()
    orders = ma.fields.Integer()
    products = ma.fields.Integer()


@blp.route("/import")
class RetailImport(MethodView):
    @auth_required("admin")
    @blp.arguments(RetailImportSchema)
    @blp.response(200, ImportedSchema)
    def post(self, records: dict[str, Any]) -> Any:
        """Create or replace the given users, orders and products (validated first: a bad
        record is a 422 and nothing is written)"""
        return asdict(services().retail.import_records(current_principal(), records))


@blp.route("/export")
class RetailExport(MethodView):
    @auth_required("admin")
    @blp.arguments(RetailExportArgsSchema, location="query")
    @blp.response(200)
    def get(self, args: dict[str, str]) -> Any:
        """The store in the reference shapes: the records named, or everything"""
        named = {k: [i for i in v.split(",") if i] for k, v in args.items()}
        return services().retail.export(current_principal(), **named)
