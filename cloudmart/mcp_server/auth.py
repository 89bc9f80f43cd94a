"""The MCP server's sign-in: the REST API's bearer tokens, RFC 9728 metadata, Origin checks."""

from __future__ import annotations

from urllib.parse import urlsplit

import anyio.to_thread
from mcp.server.auth.provider import AccessToken
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import HTTPConnection

from cloudmart.auth import TokenService
from cloudmart.config import Settings
from cloudmart.customers.service import CustomerService
from cloudmart.errors import CloudMartError, UnauthorizedError
from cloudmart.principal import Principal

# What an agent asks the issuer for: an OIDC sign-in with the email (the roles ride the token).
SCOPES = ["openid", "email", "profile"]
LOCAL_HOSTS = ["127.0.0.1:*", "localhost:*", "[::1]:*"]


class BearerVerifier:
    """The SDK's TokenVerifier over cloudmart.auth: the same keys, issuer and audience checks,
    and the same sign-in (the customer the REST API would see)."""

    def __init__(self, tokens: TokenService, customers: CustomerService) -> None:
        self._tokens = tokens
        self._customers = customers

    def _principal(self, token: str) -> Principal:
        return self._customers.signed_in(self._tokens.verify(token))

    async def verify_token(self, token: str) -> AccessToken | None:
        try:  # a JWKS fetch or the customer's record may block: off the event loop
            principal = await anyio.to_thread.run_sync(self._principal, token)
        except CloudMartError:  # a bad token, or a sign-in the REST API refuses too
            return None
        return AccessToken(
            token=token,
            client_id=principal.customer_id,
            scopes=[],
            subject=principal.customer_id,
            claims={
                "email": principal.email,
                "roles": sorted(principal.roles),
                "email_verified": principal.email_verified,
            },
        )


def principal_of(access: AccessToken) -> Principal:
    """The verified token's principal (never an argument of a call)."""
    claims = access.claims or {}
    return Principal(
        customer_id=str(access.subject),
        email=str(claims["email"]),
        roles=frozenset(claims["roles"]),
        email_verified=bool(claims["email_verified"]),
    )


def principal_from(request: HTTPConnection | None) -> Principal:
    """The principal the bearer middleware put on this HTTP request."""
    user = request.scope.get("user") if request is not None else None
    access = getattr(user, "access_token", None)
    if not isinstance(access, AccessToken):
        raise UnauthorizedError()
    return principal_of(access)


def authorization_server(settings: Settings) -> str:
    """The issuer agents get tokens from: the OIDC issuer, or this shop (local HS256 tokens,
    issued by `make token` and the page's sign-in)."""
    issuer = settings.auth_issuer
    return issuer if issuer.startswith(("https://", "http://")) else settings.page_url


def transport_security(settings: Settings) -> TransportSecuritySettings:
    """DNS-rebinding protection: the Host must be ours and so must a browser's Origin (a page
    elsewhere, even on localhost, cannot drive the server; agents send no Origin at all)."""
    own = [_origin(settings.page_url), _origin(settings.mcp_url)]
    extra = [o.strip().rstrip("/") for o in settings.mcp_allowed_origins.split(",") if o.strip()]
    hosts = [urlsplit(u).netloc for u in (settings.page_url, settings.mcp_url)]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=sorted({*hosts, *LOCAL_HOSTS}),
        allowed_origins=sorted({*own, *extra}),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
