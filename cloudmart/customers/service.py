"""CustomerService: who a customer is, their payment methods and default address."""

from __future__ import annotations

import dataclasses

from cloudmart.errors import NotFoundError
from cloudmart.models import Address, Customer
from cloudmart.principal import Principal, require_visible
from cloudmart.repositories.base import Claim
from cloudmart.repositories.customers import CustomerRepository


class CustomerService:
    def __init__(self, customers: CustomerRepository) -> None:
        self.customers = customers

    def me(self, principal: Principal) -> Customer:
        """The signed-in customer: the one whose id is the token's subject, or else the one
        with the token's email when the issuer verified it (a first sign-in links them)."""
        customer = self.customers.get(principal.customer_id)
        if customer is None and principal.email_verified:
            customer = self.customers.find_by_email(principal.email)
        if customer is None:
            raise NotFoundError("no customer profile for this sign-in")
        return customer

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
