"""Local sign-in: a token whose subject is the customer id of the email (when on record)."""

from __future__ import annotations

from typing import Any

from cloudmart.accounts.demo import STAFF_NAMES


def issue_token(services: Any, email: str, role: str = "customer", ttl: int | None = None) -> str:
    """A locally signed token for `email`; its `sub` is the customer's id when a customer
    with that email exists (the reference data's customer ids are its user ids)."""
    customer = services.customers.customers.find_by_email(email) if role == "customer" else None
    subject, name = (customer.id, None) if customer else (None, STAFF_NAMES.get(email.lower()))
    return str(services.tokens.issue(email, role, ttl, subject=subject, name=name))
