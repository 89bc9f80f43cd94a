"""The one error body: domain errors, provider and AWS failures, and Flask's own HTTP errors."""

from __future__ import annotations

import json
import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from cloudmart.errors import (
    BadRequestError,
    CloudMartError,
    NotFoundError,
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


MAX_ID_BYTES = 256  # no id of ours is longer; DynamoDB refuses keys over 2048 bytes


def require_json_body() -> None:
    """Refused before any view (and any DynamoDB call): a body that is not JSON (never read as
    "no body", which an endpoint whose fields are all optional would accept), JSON nested too
    deeply to parse, and an id in the path longer than any record's."""
    if not request.path.startswith("/api/"):
        return
    if request.content_length and not request.is_json:
        raise UnsupportedMediaTypeError("send the body as JSON (Content-Type: application/json)")
    if request.content_length:
        try:
            json.loads(request.get_data(cache=True))
        except RecursionError:
            raise BadRequestError("the JSON body is nested too deeply") from None
        except ValueError:
            pass  # the endpoint's own parser answers malformed JSON as usual
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and len(value.encode()) > MAX_ID_BYTES:
            raise NotFoundError(f"no {name.replace('_', ' ')} is that long")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CloudMartError, error_body)
    app.register_error_handler(ProviderError, lambda exc: error_body(from_provider_error(exc)))

    def aws_error(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("DynamoDB call failed")
        return error_body(from_aws_error(exc))

    app.register_error_handler(ClientError, aws_error)
    app.register_error_handler(BotoCoreError, aws_error)
