"""Principal: who is acting (a customer or an admin), and the one ownership rule."""

from __future__ import annotations

from dataclasses import dataclass

from cloudmart.errors import ForbiddenError, NotFoundError

ROLES = ("customer", "admin")


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token, never from a request body or a model."""

    customer_id: str
    email: str
    roles: frozenset[str]
    email_verified: bool = False  # the issuer vouches for `email` (may link a first sign-in)

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def owns(self, owner_email: str) -> bool:
        """The record (an order, a conversation, an action) was made by this principal."""
        return self.email.lower() == owner_email.lower()

    def can_act_for(self, owner_email: str) -> bool:
        """Admins act for any customer; a customer only for themselves."""
        return self.is_admin or self.owns(owner_email)

    def require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise ForbiddenError(f"{what} is for admins only")


def require_visible(
    principal: Principal, owner_email: str | None, what: str, *, admin: bool = True
) -> None:
    """Someone else's record does not exist for the principal: a 404, never a 403 (no leak).
    `admin=False` for records only their owner may use (a conversation, a pending action)."""
    allowed = principal.can_act_for if admin else principal.owns
    if owner_email is None or not allowed(owner_email):
        raise NotFoundError(f"{what} not found")
