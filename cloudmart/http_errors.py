"""The one error body: domain errors, provider and AWS failures, and Flask's own HTTP errors."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from cloudmart.errors import (
    CloudMartError,
    UnsupportedMediaTypeError,
    from_aws_error,
    from_provider_error,
)
from providers.base import ProviderError

log = logging.getLogger(__name__)


class CloudMartApi(Api):
    """flask-smorest's Api whose error body always carries a message."""

    def handle_http_exception(self, error: HTTPException):  # type: ignore[no-untyped-def]
        payload, code, headers = super().handle_http_exception(error)
        default = "invalid input: see errors" if "errors" in payload else error.description
        payload.setdefault("message", default or error.name)
        return payload, code, headers


def error_body(error: CloudMartError) -> tuple[dict[str, Any], int, dict[str, str]]:
    payload: dict[str, Any] = {"code": error.status, "status": error.name, "message": error.message}
    if error.errors:
        payload["errors"] = error.errors
    return payload, error.status, error.headers


def require_json_body() -> None:
    """A body that is not JSON is refused, never read as "no body" (which an endpoint whose
    fields are all optional would accept)."""
    if request.path.startswith("/api/") and request.content_length and not request.is_json:
        raise UnsupportedMediaTypeError("send the body as JSON (Content-Type: application/json)")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CloudMartError, error_body)
    app.register_error_handler(ProviderError, lambda exc: error_body(from_provider_error(exc)))

    def aws_error(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("DynamoDB call failed")
        return error_body(from_aws_error(exc))

    app.register_error_handler(ClientError, aws_error)
    app.register_error_handler(BotoCoreError, aws_error)
