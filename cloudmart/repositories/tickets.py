"""TicketRepository: hand-offs to a person; the staff inbox is a Query on their last activity."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cloudmart.errors import NotFoundError
from cloudmart.models import Page
from cloudmart.records import Ticket
from cloudmart.repositories.base import (
    decode_cursor,
    encode_cursor,
    from_item,
    record_from,
    to_item,
    to_value,
)
from cloudmart.repositories.tables import TICKETS_BY_ACTIVITY_INDEX

FEED = "inbox"  # every ticket's partition of the activity index (one inbox per shop)
INDEX_KEY = frozenset({"id", "feed", "updatedAt"})


class TicketRepository:
    def __init__(self, client: Any, table: str, tallies_table: str) -> None:
        self._client = client
        self.table = table
        self.tallies_table = tallies_table  # the counters' table (limits): the stats' daily tallies

    def get(self, ticket_id: str) -> Ticket | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": ticket_id}}, ConsistentRead=True
        ).get("Item")
        return ticket_from_item(item) if item and "feed" in item else None

    def require(self, ticket_id: str) -> Ticket:
        ticket = self.get(ticket_id)
        if ticket is None:
            raise NotFoundError(f"ticket {ticket_id} not found")
        return ticket

    def put_new(self, ticket: Ticket) -> dict[str, Any]:
        """The transaction item that writes a new ticket (never over another)."""
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item({**asdict(ticket), "feed": FEED}),
                "ConditionExpression": "attribute_not_exists(id)",
            }
        }

    def change(
        self,
        ticket: Ticket,
        at: str,
        set: dict[str, Any] | None = None,
        remove: tuple[str, ...] = (),
        *,
        first: dict[str, Any] | None = None,
        require: str = "",
        values: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The transaction item that changes `ticket` if nobody changed it since it was read
        (its version), setting `set`, removing `remove`, setting `first` only where not set,
        under an extra condition `require` over `values`."""
        names = {"#v": "version", "#u": "updatedAt"}
        vals: dict[str, Any] = {
            ":v": {"N": str(ticket.version)},
            ":next": {"N": str(ticket.version + 1)},
            ":at": to_value(at),
        }
        vals |= {k: to_value(v) for k, v in (values or {}).items()}
        sets = ["#v = :next", "#u = :at"]
        for n, (attr, value) in enumerate((set or {}).items()):
            names[f"#s{n}"], vals[f":s{n}"] = attr, to_value(value)
            sets.append(f"#s{n} = :s{n}")
        for n, (attr, value) in enumerate((first or {}).items()):
            names[f"#f{n}"], vals[f":f{n}"] = attr, to_value(value)
            sets.append(f"#f{n} = if_not_exists(#f{n}, :f{n})")
        expression = "SET " + ", ".join(sets)
        if remove:
            removes = {f"#r{n}": attr for n, attr in enumerate(remove)}
            names |= removes
            expression += " REMOVE " + ", ".join(removes)
        condition = "#v = :v" + (f" AND ({require})" if require else "")
        return {
            "Update": {
                "TableName": self.table,
                "Key": {"id": {"S": ticket.id}},
                "UpdateExpression": expression,
                "ConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": vals,
            }
        }

    def inbox(
        self,
        limit: int,
        cursor: str | None,
        *,
        status: str | None = None,
        since: str | None = None,
        newest_first: bool = True,
    ) -> Page[Ticket]:
        """Tickets by last activity (a Query on the activity index, never a Scan), optionally
        only one status, or only those active after `since`."""
        condition, values = "feed = :f", {":f": {"S": FEED}}
        if since:
            condition += " AND updatedAt > :since"
            values[":since"] = {"S": since}
        args: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": TICKETS_BY_ACTIVITY_INDEX,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
            "ScanIndexForward": not newest_first,
            "Limit": limit,
        }
        if status:
            args["FilterExpression"] = "#st = :st"
            args["ExpressionAttributeNames"] = {"#st": "status"}
            values[":st"] = {"S": status}
        start = decode_cursor(cursor, INDEX_KEY, ("feed", FEED))
        if start:
            args["ExclusiveStartKey"] = start
        resp = self._client.query(**args)
        items = [ticket_from_item(i) for i in resp.get("Items", [])]
        return Page(items, encode_cursor(resp.get("LastEvaluatedKey")))

    def for_conversation(self, ticket_id: str | None) -> Ticket | None:
        return self.get(ticket_id) if ticket_id else None

    def count_item(self, day: str, what: str) -> dict[str, Any]:
        """The transaction item that counts one more `what` on `day` (the stats' tallies)."""
        return {"Update": self._count(day, what)}

    def count(self, day: str, what: str) -> None:
        self._client.update_item(**self._count(day, what))

    def _count(self, day: str, what: str) -> dict[str, Any]:
        return {
            "TableName": self.tallies_table,
            "Key": {"id": {"S": f"stats#{day}"}},
            "UpdateExpression": "ADD #w :one",
            "ExpressionAttributeNames": {"#w": what},
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }

    def tallies(self, days: list[str]) -> list[dict[str, Any]]:
        """The stats' tallies of `days` (at most 100)."""
        keys = [{"id": {"S": f"stats#{d}"}} for d in days]
        if not keys:
            return []
        resp = self._client.batch_get_item(RequestItems={self.tallies_table: {"Keys": keys}})
        found = resp.get("Responses", {}).get(self.tallies_table, [])
        return [from_item(i) for i in found]

    def transact(self, items: list[dict[str, Any]]) -> None:
        self._client.transact_write_items(TransactItems=items)


def ticket_from_item(item: dict[str, Any]) -> Ticket:
    data = from_item(item)
    data["version"] = int(data.get("version", 1))
    data["replies"] = int(data.get("replies", 0))
    return record_from(Ticket, data)
