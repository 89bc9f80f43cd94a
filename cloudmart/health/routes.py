"""Health endpoints: is the process up, and does DynamoDB answer."""

from __future__ import annotations

import time
from typing import Any

import marshmallow as ma
from botocore.exceptions import BotoCoreError, ClientError
from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.errors import ServiceUnavailableError
from cloudmart.web import services

blp = Blueprint("health", __name__, url_prefix="/api/health", description="Liveness and readiness")
PUBLIC: dict[str, Any] = {"security": []}


class HealthSchema(ma.Schema):
    status = ma.fields.String()
    dynamodb = ma.fields.String()
    latencyMs = ma.fields.Float()
    provider = ma.fields.String()


@blp.route("")
class Health(MethodView):
    @blp.doc(**PUBLIC)
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """Ready: DynamoDB answers and the orders table exists (503 otherwise)"""
        svc = services()
        started = time.perf_counter()
        try:
            svc.dynamodb.describe_table(TableName=svc.orders.orders.table)
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailableError(f"DynamoDB does not answer: {exc}") from None
        return {
            "status": "ok",
            "dynamodb": "ok",
            "latencyMs": round((time.perf_counter() - started) * 1000, 2),
            "provider": svc.settings.ai_provider or "local",
        }


@blp.route("/live")
class Live(MethodView):
    @blp.doc(**PUBLIC)
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """Live: the process answers (no dependency is checked)"""
        return {"status": "ok"}
