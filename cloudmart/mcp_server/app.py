"""The MCP server's ASGI app: Streamable HTTP at /mcp behind bearer auth, RFC 9728 metadata
(root and path forms), Origin and Host checks, and a health check for `make run`."""

from __future__ import annotations

from typing import Any

from mcp.server.auth.routes import create_protected_resource_routes
from mcp.server.auth.settings import AuthSettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cloudmart.mcp_server.auth import (
    SCOPES,
    BearerVerifier,
    authorization_server,
    transport_security,
)
from cloudmart.mcp_server.server import CloudMartMCP
from cloudmart.services import Services

METADATA_PATH = "/.well-known/oauth-protected-resource"


def create_mcp_app(services: Services, *, host: str = "127.0.0.1") -> Starlette:
    settings = services.settings
    auth = AuthSettings(  # its URL fields keep a path-less URL exact (no trailing slash)
        issuer_url=authorization_server(settings),  # type: ignore[arg-type]
        resource_server_url=settings.mcp_url,  # type: ignore[arg-type]
        validate_token_resource=False,  # cloudmart.auth checks the audience itself
    )
    resource, issuer = auth.resource_server_url, auth.issuer_url
    assert resource is not None
    server = CloudMartMCP(services).server()
    app = server.streamable_http_app(
        streamable_http_path="/mcp",
        transport_security=transport_security(settings),
        host=host,
        auth=auth,
        token_verifier=BearerVerifier(services.tokens, services.customers),
    )
    # Ours first: the metadata with the scopes, at the path form and the root form.
    (path_form,) = create_protected_resource_routes(
        resource, [issuer], SCOPES, resource_name="CloudMart"
    )
    root_form = Route(METADATA_PATH, endpoint=path_form.endpoint, methods=["GET", "OPTIONS"])
    app.router.routes[:0] = [path_form, root_form, Route("/health", endpoint=_health)]
    return app


async def _health(request: Request) -> Any:
    return JSONResponse({"status": "ok"})
