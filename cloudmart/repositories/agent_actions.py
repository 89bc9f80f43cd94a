"""AgentActionRepository: pending actions awaiting confirmation, and the audit of executions.

Both live in one table, told apart by `kind`:
- "pending": id act_…, customerEmail, conversationId, tool, arguments, summary, details,
  orderId, orderVersion, expiresAt, status (pending|executing|executed|declined|expired|failed)
- "execution": id exec#<conversation>#<call id> (or exec#<action id>), customerEmail,
  conversationId, tool, arguments, status (running|succeeded|failed), result, actionId
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from cloudmart.models import Page
from cloudmart.repositories.base import (
    decode_cursor,
    encode_cursor,
    from_item,
    is_condition_failure,
    to_item,
    to_value,
)
from migrations_seed.tables import ACTIONS_BY_CONVERSATION_INDEX, ACTIONS_BY_CUSTOMER_INDEX

INDEX_KEY = frozenset({"id", "customerEmail", "createdAt"})


class AgentActionRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, record_id: str) -> dict[str, Any] | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": record_id}}, ConsistentRead=True
        ).get("Item")
        return from_item(item) if item else None

    def create(self, record: dict[str, Any]) -> bool:
        """Write a new record; False when one with that id exists (a replayed call)."""
        try:
            self._client.put_item(
                TableName=self.table,
                Item=to_item(record),
                ConditionExpression="attribute_not_exists(id)",
            )
            return True
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise

    def update(
        self,
        record_id: str,
        changes: dict[str, Any],
        *,
        expect: dict[str, Any] | None = None,
        not_after: str | None = None,
    ) -> bool:
        """Set `changes` if the record still has the `expect`ed values (and has not expired
        by `not_after`); False when it does not."""
        names = {f"#{k}": k for k in (*changes, *(expect or {}))}
        values = {f":{k}": to_value(v) for k, v in changes.items()}
        values |= {f":was_{k}": to_value(v) for k, v in (expect or {}).items()}
        conditions = ["attribute_exists(id)"]
        conditions += [f"#{k} = :was_{k}" for k in expect or {}]
        if not_after is not None:
            names["#expiresAt"], values[":now"] = "expiresAt", to_value(not_after)
            conditions.append("#expiresAt > :now")
        try:
            self._client.update_item(
                TableName=self.table,
                Key={"id": {"S": record_id}},
                UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in changes),
                ConditionExpression=" AND ".join(conditions),
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
            return True
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise

    def pending_in_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        resp = self._client.query(
            TableName=self.table,
            IndexName=ACTIONS_BY_CONVERSATION_INDEX,
            KeyConditionExpression="conversationId = :c",
            FilterExpression="#kind = :pending AND #status = :pending",
            ExpressionAttributeNames={"#kind": "kind", "#status": "status"},
            ExpressionAttributeValues={":c": {"S": conversation_id}, ":pending": {"S": "pending"}},
        )
        return [from_item(i) for i in resp.get("Items", [])]

    def list_for_customer(self, email: str, limit: int, cursor: str | None) -> Page[dict[str, Any]]:
        args: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": ACTIONS_BY_CUSTOMER_INDEX,
            "Limit": limit,
            "KeyConditionExpression": "customerEmail = :e",
            "ScanIndexForward": False,
            "ExpressionAttributeValues": {":e": {"S": email}},
        }
        start = decode_cursor(cursor, INDEX_KEY, ("customerEmail", email))
        if start:
            args["ExclusiveStartKey"] = start
        resp = self._client.query(**args)
        return Page(
            [from_item(i) for i in resp.get("Items", [])],
            encode_cursor(resp.get("LastEvaluatedKey")),
        )
