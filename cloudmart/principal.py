"""Principal: who is acting (a customer or an admin), and the one ownership rule."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cloudmart.errors import ForbiddenError, NotFoundError

ROLES = ("customer", "agent", "admin")
STAFF_ROLES = frozenset(
    {"agent", "admin"}
)  # who works the inbox (an admin can do all an agent can)


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token, never from a request body or a model."""

    customer_id: str
    email: str
    roles: frozenset[str]
    email_verified: bool = False  # the issuer vouches for `email` (may link a first sign-in)
    name: str = ""  # for display: the token's name claim
    actor_id: str = ""  # a staff member acting for this customer (their id), if one is
    actor_name: str = ""

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0].capitalize()

    def owns(self, owner_email: str | None, owner_id: str | None = None) -> bool:
        """The record (an order, a conversation, an action, a ticket) is this principal's. A
        record that names a customer id is owned by that id alone; the email (verified by the
        issuer) decides only for a record that names none."""
        if owner_id:
            return owner_id == self.customer_id
        return bool(owner_email) and self.email.lower() == str(owner_email).lower()

    def can_act_for(self, owner_email: str | None, owner_id: str | None = None) -> bool:
        """Admins act for any customer; a customer only for themselves."""
        return self.is_admin or self.owns(owner_email, owner_id)

    def require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise ForbiddenError(f"{what} is for admins only")


def require_visible(
    principal: Principal,
    owner_email: str | None,
    what: str,
    *,
    admin: bool = True,
    owner_id: str | None = None,
) -> None:
    """Someone else's record does not exist for the principal: a 404, never a 403 (no leak).
    `admin=False` for records only their owner may use (a conversation, a pending action)."""
    allowed = principal.can_act_for if admin else principal.owns
    if owner_email is None or not allowed(owner_email, owner_id):
        raise NotFoundError(f"{what} not found")


def unverified_email(subject: str) -> str:
    """The stand-in email of a principal whose issuer did not verify the email it names: under
    the reserved `.invalid` domain, so it is nobody's and owns nothing that is keyed by email."""
    return f"{hashlib.sha256(subject.encode()).hexdigest()[:24]}@unverified.invalid"
