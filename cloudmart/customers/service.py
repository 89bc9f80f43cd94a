"""CustomerService: who a customer is, their payment methods and default address."""

from __future__ import annotations

import dataclasses
import math
import time
from collections import OrderedDict
from typing import Any

from cloudmart.errors import BadRequestError, NotFoundError
from cloudmart.models import Address, Customer
from cloudmart.principal import Principal, require_visible
from cloudmart.repositories.base import Claim, KeyRead
from cloudmart.repositories.customers import CustomerRepository
from i18n import LANGUAGES

LINKS_KEPT = 10_000  # subjects whose customer this process remembers
UNLINKED_SECONDS = 30.0  # a subject with no customer is looked up again after this


class CustomerService:
    def __init__(self, customers: CustomerRepository) -> None:
        self.customers = customers
        # subject -> (customer id, valid until): a subject's customer never changes once found,
        # so this only saves reads; nothing another worker needs lives here.
        self._links: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def signed_in(self, principal: Principal) -> Principal:
        """The principal as the customer it is: its subject when that is a customer id; on a
        first sign-in (no customer with that id) whose issuer verified the email, the customer
        of that email (the sign-in links to them). Ownership is decided by this id alone."""
        subject = principal.customer_id
        link = self._links.get(subject)
        if link is None or link[1] < time.monotonic():
            link = self._links[subject] = self._link(principal)
            while len(self._links) > LINKS_KEPT:
                self._links.popitem(last=False)
        if link[0] == subject:
            return principal
        return dataclasses.replace(principal, customer_id=link[0])

    def _link(self, principal: Principal) -> tuple[str, float]:
        """(the customer id the subject signs in as, until when that holds)."""
        if self.customers.get(principal.customer_id) is not None:
            return principal.customer_id, math.inf
        if principal.email_verified:
            customer = self.customers.find_by_email(principal.email)
            if customer is not None:
                return customer.id, math.inf
        return principal.customer_id, time.monotonic() + UNLINKED_SECONDS

    def me(self, principal: Principal) -> Customer:
        """The signed-in customer (`principal` as `signed_in` made it)."""
        customer = self.customers.get(principal.customer_id)
        if customer is None:
            raise NotFoundError("no customer profile for this sign-in")
        return customer

    def set_language(self, principal: Principal, language: str) -> Customer:
        """The signed-in customer's language for everything the shop writes them."""
        if language not in LANGUAGES:
            raise BadRequestError(
                f"unsupported language {language!r}; one of: {', '.join(LANGUAGES)}",
                errors={"language": [f"one of: {', '.join(LANGUAGES)}"]},
            )
        return self.customers.set_language(self.me(principal), language)

    def language_read(self, principal: Principal) -> KeyRead:
        """The customer's chosen language, read with what a chat turn reads (`chosen_language`)."""
        return self.customers.language_read(principal.customer_id)

    def chosen_language(self, item: dict[str, Any] | None) -> str | None:
        """What a `language_read` found: None when they chose none (or have no profile)."""
        return self.customers.language_in(item)

    def get(self, principal: Principal, customer_id: str) -> Customer:
        """A customer the principal may see: themselves, or anyone for an admin."""
        customer = self.customers.get(customer_id)
        require_visible(
            principal,
            customer.email if customer else None,
            f"user {customer_id}",
            owner_id=customer_id,
        )
        assert customer is not None
        return customer

    def find_by_email(self, principal: Principal, email: str) -> Customer:
        """RETAIL.md §4 `find_user_id_by_email`, within what the principal may see."""
        customer = self.customers.find_by_email(email)
        found = customer.email if customer else None
        require_visible(
            principal, found, f"user {email}", owner_id=customer.id if customer else None
        )
        assert customer is not None
        return customer

    def find_by_name_zip(
        self, principal: Principal, first_name: str, last_name: str, zip_code: str
    ) -> Customer:
        """RETAIL.md §4 `find_user_id_by_name_zip`, within what the principal may see."""
        customer = self.customers.find_by_name_zip(first_name, last_name, zip_code)
        who = "a user with that name and zip"
        found, owner = (customer.email, customer.id) if customer else (None, None)
        require_visible(principal, found, who, owner_id=owner)
        assert customer is not None
        return customer

    def change_address(
        self,
        principal: Principal,
        customer_id: str,
        address: Address,
        *,
        claim: Claim | None = None,
    ) -> Customer:
        """§3.3: the customer's default address becomes `address` (no order changes); with a
        `claim`, both commit together or neither does."""
        customer = self.get(principal, customer_id)
        if not address.name:  # the reference address has no recipient: the customer's name
            address = dataclasses.replace(address, name=f"{customer.firstName} {customer.lastName}")
        return self.customers.update_address(customer, address, claim)
