"""Bearer-token verification -> Principal(customer_id, email, roles), and local token issuing."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import jwt
from flask import current_app, g, request

from cloudmart.config import Settings
from cloudmart.errors import ForbiddenError, UnauthorizedError

ROLES = ("customer", "admin")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token, never from a request body or a model."""

    customer_id: str
    email: str
    roles: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def can_act_for(self, email: str) -> bool:
        return self.is_admin or self.email.lower() == email.lower()

    def require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise ForbiddenError(f"{what} is for admins only")


class TokenService:
    """Issues HS256 tokens locally; verifies HS256 or an issuer's keys through its JWKS URL."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None

    def issue(self, email: str, role: str = "customer", ttl: int | None = None) -> str:
        if not self._settings.auth_secret:
            raise RuntimeError("AUTH_SECRET is not set: this deployment does not issue tokens")
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        now = int(time.time())
        claims = {
            "sub": email.lower(),
            "email": email.lower(),
            "roles": [role],
            "iss": self._settings.auth_issuer,
            "aud": self._settings.auth_audience,
            "iat": now,
            "exp": now + (ttl or self._settings.auth_token_ttl_seconds),
        }
        return jwt.encode(claims, self._settings.auth_secret, algorithm="HS256")

    def verify(self, token: str) -> Principal:
        s = self._settings
        try:
            if self._jwks is not None:
                key: Any = self._jwks.get_signing_key_from_jwt(token).key
                algorithms = ["RS256", "ES256"]
            else:
                key, algorithms = s.auth_secret, ["HS256"]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=s.auth_audience,
                issuer=s.auth_issuer,
                options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise UnauthorizedError(f"invalid token: {exc}") from None
        return _principal(claims, s.auth_roles_claim)


def _principal(claims: dict[str, Any], roles_claim: str) -> Principal:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise UnauthorizedError("invalid token: no email claim")
    raw_roles = claims.get(roles_claim) or ["customer"]
    if isinstance(raw_roles, str):
        raw_roles = raw_roles.split()
    roles = frozenset(r for r in raw_roles if r in ROLES) or frozenset({"customer"})
    return Principal(customer_id=str(claims["sub"]), email=email.lower(), roles=roles)


def authenticate(tokens: TokenService) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError()
    return tokens.verify(token.strip())


def auth_required(*roles: str) -> Callable[[F], F]:
    """Require a verified bearer token (and one of `roles`, if given) before the view runs."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = authenticate(current_app.extensions["cloudmart"].tokens)
            if roles and not principal.roles & set(roles):
                raise ForbiddenError(f"this needs the {' or '.join(roles)} role")
            g.principal = principal
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def current_principal() -> Principal:
    principal = g.get("principal")
    if principal is None:
        raise UnauthorizedError()
    return principal
