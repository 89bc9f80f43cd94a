"""CloudMart Support Assistant: the shop's REST API and a support assistant that acts."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from flask import Flask, send_from_directory

from cloudmart.config import Settings
from cloudmart.frontend import register_frontend
from cloudmart.http_errors import CloudMartApi, register_error_handlers, require_json_body
from cloudmart.http_ops import register_operations
from cloudmart.http_security import register_security_headers
from cloudmart.schemas import DecimalJSONProvider
from cloudmart.services import EXTENSION, Services, build_services

BLUEPRINT_MODULES = (
    "cloudmart.health.routes",
    "cloudmart.accounts.routes",
    "cloudmart.products.routes",
    "cloudmart.orders.routes",
    "cloudmart.customers.routes",
    "cloudmart.retail.routes",
    "cloudmart.chat.routes",
    "cloudmart.support.routes",
)
STATIC_DIR = Path(__file__).parent / "static"
BEARER = {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}


def create_app(
    config: Mapping[str, Any] | None = None, *, services: Services | None = None
) -> Flask:
    """Settings from the environment, then `config` overrides; then the API and its services."""
    settings = services.settings if services else Settings.from_env(overrides=config)
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.json = DecimalJSONProvider(app)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_content_length,
        API_TITLE="CloudMart API",
        API_VERSION="1.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/api/docs-assets/",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": BEARER},
            "security": [{"bearerAuth": []}],
        },
    )
    app.extensions[EXTENSION] = services or build_services(settings)
    api = CloudMartApi(app)
    register_error_handlers(app)
    for name in BLUEPRINT_MODULES:
        module = import_module(name)
        for blueprint in getattr(module, "BLUEPRINTS", None) or (module.blp,):
            api.register_blueprint(blueprint)
    app.before_request(require_json_body)
    register_operations(app, settings)
    register_security_headers(app, settings)
    _register_docs_assets(app)
    _register_cli(app)
    register_frontend(app)
    return app


def _register_docs_assets(app: Flask) -> None:
    """Swagger UI's files come from a pinned package, so the docs work with no network."""

    @app.get("/api/docs-assets/<path:filename>")
    def swagger_ui_asset(filename: str) -> Any:
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


def _register_cli(app: Flask) -> None:
    from cloudmart.cli import register_commands

    register_commands(app)
