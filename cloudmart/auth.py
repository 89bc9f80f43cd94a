"""TokenService: bearer-token verification -> Principal, and local token issuing (only JWT here)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

import jwt

from cloudmart.config import Settings
from cloudmart.errors import UnauthorizedError
from cloudmart.principal import ROLES, Principal, unverified_email

VERIFIED_KEPT = 4096  # tokens whose verification this process remembers (oldest forgotten)
VERIFIED_SECONDS = 300.0  # the longest a verified token is trusted without a new check


class TokenService:
    """Issues HS256 tokens locally; verifies HS256 or an issuer's keys through its JWKS URL."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()  # until when

    def issue(
        self,
        email: str,
        role: str = "customer",
        ttl: int | None = None,
        subject: str | None = None,
        name: str | None = None,
    ) -> str:
        """A token for `email`; `subject` is the customer id (the email when none is known)."""
        if not self._settings.auth_secret:
            raise RuntimeError("AUTH_SECRET is not set: this deployment does not issue tokens")
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        now = int(time.time())
        claims = {
            "sub": subject or email.lower(),
            "email": email.lower(),
            "email_verified": True,  # this deployment issued it for that very email
            "roles": [role],
            "iss": self._settings.auth_issuer,
            "aud": self._settings.auth_audience,
            "iat": now,
            "exp": now + (ttl or self._settings.auth_token_ttl_seconds),
        }
        if name:
            claims["name"] = name
        return jwt.encode(claims, self._settings.auth_secret, algorithm="HS256")

    def verify(self, token: str) -> Principal:
        """The token's principal. A token verified before is trusted again until it expires
        (and at most VERIFIED_SECONDS later): checking its signature and claims was a tenth of
        a millisecond of CPU on every request, and a chat turn is a few milliseconds."""
        now = time.time()
        known = self._verified.get(token)
        if known is not None and now < known[1]:
            return known[0]
        claims = self._claims(token)
        principal = _principal(claims, self._settings.auth_roles_claim)
        self._verified[token] = (principal, min(float(claims["exp"]), now + VERIFIED_SECONDS))
        while len(self._verified) > VERIFIED_KEPT:
            self._verified.popitem(last=False)
        return principal

    def _claims(self, token: str) -> dict[str, Any]:
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
        return claims

    def verify_header(self, header: str) -> Principal:
        """The principal of an `Authorization: Bearer <token>` header value."""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthorizedError()
        return self.verify(token.strip())


def _principal(claims: dict[str, Any], roles_claim: str) -> Principal:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise UnauthorizedError("invalid token: no email claim")
    raw_roles = claims.get(roles_claim, ["customer"])
    if not (
        isinstance(raw_roles, list)
        and raw_roles
        and all(isinstance(r, str) and r in ROLES for r in raw_roles)
    ):
        raise UnauthorizedError(
            f"invalid token: {roles_claim} must be a list of roles ({', '.join(ROLES)})"
        )
    # The customer is the token's subject. Its email counts (for records keyed by email, and
    # to link a first sign-in to a customer) only when the issuer says it verified it: a user
    # who may set their own email (Cognito's default) must not become someone else by it.
    verified = claims.get("email_verified") in (True, "true")
    subject = str(claims["sub"])
    return Principal(
        customer_id=subject,
        email=email.lower() if verified else unverified_email(subject),
        roles=frozenset(raw_roles),
        email_verified=verified,
        name=str(claims.get("name") or "")[:100],
    )
