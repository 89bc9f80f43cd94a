"""TicketRepository: hand-offs to a human, with the assistant's summary."""

from __future__ import annotations

from typing import Any

from cloudmart.repositories.base import to_item


class TicketRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def create(self, ticket: dict[str, Any]) -> dict[str, Any]:
        self._client.put_item(
            TableName=self.table,
            Item=to_item(ticket),
            ConditionExpression="attribute_not_exists(id)",
        )
        return ticket
