"""TicketRepository: hand-offs to a human, with the assistant's summary."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cloudmart.records import Ticket
from cloudmart.repositories.base import to_item


class TicketRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def create(self, ticket: Ticket) -> Ticket:
        self._client.put_item(
            TableName=self.table,
            Item=to_item(asdict(ticket)),
            ConditionExpression="attribute_not_exists(id)",
        )
        return ticket
