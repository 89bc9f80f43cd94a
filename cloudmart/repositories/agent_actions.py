"""AgentActionRepository: pending actions awaiting confirmation, and the audit of executions.

Both live in one table, told apart by `kind` (records.PendingAction, records.Execution):
- "pending": id act_…, the customer, conversation, tool, arguments, summary, the order's
  version when it was previewed, expiresAt, status (pending|executed|declined|expired|failed)
- "execution": id exec#<conversation>#<call id> (or exec#<action id>), the customer,
  conversation, tool, arguments, status (running|succeeded|failed), result, actionId
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.models import Page
from cloudmart.records import ActionStatus, Execution, ExecutionStatus, PendingAction
from cloudmart.repositories.base import (
    Claim,
    decode_cursor,
    encode_cursor,
    from_item,
    is_condition_failure,
    record_from,
    to_item,
    to_value,
)
from cloudmart.repositories.tables import (
    ACTIONS_BY_CONVERSATION_INDEX,
    ACTIONS_BY_CUSTOMER_INDEX,
)

INDEX_KEY = frozenset({"id", "customerEmail", "createdAt"})
Record = PendingAction | Execution
USED = "this action was already used or has expired"


def record_to_item(record: Record) -> dict[str, Any]:
    return to_item({**asdict(record), "kind": record.kind})


def record_from_item(item: dict[str, Any]) -> Record:
    data = from_item(item)
    if data.get("kind") == PendingAction.kind:
        if data.get("orderVersion") is not None:
            data["orderVersion"] = int(data["orderVersion"])
        data["status"] = ActionStatus(data["status"])
        return record_from(PendingAction, data)
    data["status"] = ExecutionStatus(data["status"])
    return record_from(Execution, data)


class AgentActionRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, record_id: str) -> Record | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": record_id}}, ConsistentRead=True
        ).get("Item")
        return record_from_item(item) if item else None

    def create(self, record: Record) -> bool:
        """Write a new record; False when one with that id exists (a replayed call)."""
        try:
            self._client.put_item(**self._put_new(record))
            return True
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise

    def finish_execution(
        self, record_id: str, status: ExecutionStatus, result: Any, at: str
    ) -> None:
        self.update(record_id, {"status": status, "result": result, "finishedAt": at})

    def settle(self, action: PendingAction, status: ActionStatus, at: str) -> bool:
        """Move a pending action to `status` once, while it is pending and not expired (a
        declined or expired one); False when it was not pending any more."""
        return self.update(
            action.id,
            {"status": status, "resolvedAt": at},
            expect={"status": ActionStatus.PENDING},
            not_after=at if status != ActionStatus.EXPIRED else None,
        )

    def claim(self, action: PendingAction, at: str) -> Claim:
        """The writes that use a pending action up: it becomes executed and its audit record is
        written, in the transaction of the change it confirms (so it runs once, or not)."""
        update = self._update_request(
            action.id,
            {"status": ActionStatus.EXECUTED, "resolvedAt": at},
            expect={"status": ActionStatus.PENDING},
            not_after=at,
        )
        audit = Execution.of_action(action, ExecutionStatus.SUCCEEDED, at)
        return Claim(items=({"Update": update}, {"Put": self._put_new(audit)}), refused=USED)

    def record_outcome(self, action: PendingAction, result: dict[str, Any]) -> None:
        """The result of an action that ran, on it and on its audit record, in one call."""
        self._client.transact_write_items(
            TransactItems=[
                {"Update": self._update_request(action.id, {"result": result})},
                {"Update": self._update_request(f"exec#{action.id}", {"result": result})},
            ]
        )

    def record_failure(self, action: PendingAction, error: str, at: str) -> None:
        """An action the rules refused at confirmation: failed, with an audit that says why."""
        audit = Execution.of_action(action, ExecutionStatus.FAILED, at, {"error": error})
        changes = {"status": ActionStatus.FAILED, "result": {"error": error}, "resolvedAt": at}
        update = self._update_request(action.id, changes, expect={"status": ActionStatus.PENDING})
        try:
            self._client.transact_write_items(
                TransactItems=[{"Update": update}, {"Put": self._put_new(audit)}]
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise  # canceled: another confirm settled it first, and its record stands

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
        try:
            self._client.update_item(
                **self._update_request(record_id, changes, expect=expect, not_after=not_after)
            )
            return True
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise

    def pending_in_conversation(self, conversation_id: str) -> list[PendingAction]:
        resp = self._client.query(
            TableName=self.table,
            IndexName=ACTIONS_BY_CONVERSATION_INDEX,
            KeyConditionExpression="conversationId = :c",
            FilterExpression="#kind = :pending AND #status = :pending",
            ExpressionAttributeNames={"#kind": "kind", "#status": "status"},
            ExpressionAttributeValues={":c": {"S": conversation_id}, ":pending": {"S": "pending"}},
        )
        return [record_from_item(i) for i in resp.get("Items", [])]  # type: ignore[misc]

    def in_conversation(self, conversation_id: str) -> list[Record]:
        """Every action and execution of a conversation, oldest first (a staff ticket's view)."""
        args: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": ACTIONS_BY_CONVERSATION_INDEX,
            "KeyConditionExpression": "conversationId = :c",
            "ExpressionAttributeValues": {":c": {"S": conversation_id}},
        }
        found: list[Record] = []
        while True:
            resp = self._client.query(**args)
            found += [record_from_item(i) for i in resp.get("Items", [])]
            if "LastEvaluatedKey" not in resp:
                return found
            args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]

    def list_for_customer(self, email: str, limit: int, cursor: str | None) -> Page[Record]:
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
            [record_from_item(i) for i in resp.get("Items", [])],
            encode_cursor(resp.get("LastEvaluatedKey")),
        )

    def _put_new(self, record: Record) -> dict[str, Any]:
        return {
            "TableName": self.table,
            "Item": record_to_item(record),
            "ConditionExpression": "attribute_not_exists(id)",
        }

    def _update_request(
        self,
        record_id: str,
        changes: dict[str, Any],
        *,
        expect: dict[str, Any] | None = None,
        not_after: str | None = None,
    ) -> dict[str, Any]:
        names = {f"#{k}": k for k in (*changes, *(expect or {}))}
        values = {f":{k}": to_value(_plain(v)) for k, v in changes.items()}
        values |= {f":was_{k}": to_value(_plain(v)) for k, v in (expect or {}).items()}
        conditions = ["attribute_exists(id)"]
        conditions += [f"#{k} = :was_{k}" for k in expect or {}]
        if not_after is not None:
            names["#expiresAt"], values[":now"] = "expiresAt", to_value(not_after)
            conditions.append("#expiresAt > :now")
        return {
            "TableName": self.table,
            "Key": {"id": {"S": record_id}},
            "UpdateExpression": "SET " + ", ".join(f"#{k} = :{k}" for k in changes),
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }


def _plain(value: Any) -> Any:
    """Enum members are stored as their value (a plain string attribute)."""
    return value.value if isinstance(value, ActionStatus | ExecutionStatus) else value
