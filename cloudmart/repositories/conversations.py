"""ConversationRepository: a conversation (owner, provider, its state, notes) and its messages."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import NotFoundError
from cloudmart.records import Conversation
from cloudmart.repositories.base import (
    cancellation_reasons,
    from_item,
    record_from,
    to_item,
    to_value,
)


class ConversationRepository:
    def __init__(self, client: Any, table: str, messages_table: str) -> None:
        self._client = client
        self.table = table
        self.messages_table = messages_table

    def get(self, conversation_id: str) -> Conversation | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": conversation_id}}, ConsistentRead=True
        ).get("Item")
        if not item:
            return None
        data = from_item(item)
        data["version"] = int(data.get("version", 1))
        data.pop("transcript", None)  # an earlier version's entries: read with messages()
        return record_from(Conversation, data)

    def create(self, conversation: Conversation) -> Conversation:
        self._client.put_item(
            TableName=self.table,
            Item=to_item(asdict(conversation)),
            ConditionExpression="attribute_not_exists(id)",
        )
        return conversation

    def record(
        self,
        conversation_id: str,
        entries: list[dict[str, Any]],
        at: str,
        *,
        notes: list[str] | None = None,
        add_note: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        """Add the entries as messages (one item each, so a conversation grows without limit)
        and update the conversation in the same transaction: two writers at once (a turn and a
        button press) never lose each other's entries. Optionally replace the notes for the
        next turn, add one, or replace the provider state."""
        names = {"#u": "updatedAt", "#v": "version", "#n": "notes"}
        values = {":at": to_value(at), ":one": {"N": "1"}, ":zero": {"N": "0"}}
        sets = ["#u = :at", "#v = if_not_exists(#v, :zero) + :one"]
        if notes is not None:
            sets.append("#n = :notes")
            values[":notes"] = to_value(notes)
        elif add_note is not None:
            sets.append("#n = list_append(if_not_exists(#n, :empty), :note)")
            values[":note"], values[":empty"] = to_value([add_note]), {"L": []}
        if state is not None:
            names["#s"] = "providerState"
            sets.append("#s = :state")
            values[":state"] = to_value(state)
        update = {
            "TableName": self.table,
            "Key": {"id": {"S": conversation_id}},
            "UpdateExpression": "SET " + ", ".join(sets),
            "ConditionExpression": "attribute_exists(id)",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        batch = secrets.token_hex(4)  # entries of one write sort in order, after earlier ones
        puts = [
            {
                "Put": {
                    "TableName": self.messages_table,
                    "Item": to_item(
                        {**entry, "conversationId": conversation_id, "seq": f"{at}#{batch}#{n}"}
                    ),
                }
            }
            for n, entry in enumerate(entries)
        ]
        try:
            self._client.transact_write_items(TransactItems=[{"Update": update}, *puts])
        except ClientError as exc:
            if cancellation_reasons(exc)[:1] == ["ConditionalCheckFailed"]:
                raise NotFoundError(f"conversation {conversation_id} not found") from None
            raise

    def messages(self, conversation_id: str, newest: int | None = None) -> list[dict[str, Any]]:
        """The conversation's messages in order: all of them, or the `newest` few. Entries an
        earlier version kept inside the conversation item come first."""
        args: dict[str, Any] = {
            "TableName": self.messages_table,
            "KeyConditionExpression": "conversationId = :c",
            "ExpressionAttributeValues": {":c": {"S": conversation_id}},
            "ConsistentRead": True,
        }
        if newest is not None:
            args |= {"ScanIndexForward": False, "Limit": newest}
        found: list[dict[str, Any]] = []
        while True:
            resp = self._client.query(**args)
            found += [_entry(from_item(i)) for i in resp.get("Items", [])]
            if newest is not None or "LastEvaluatedKey" not in resp:
                break
            args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
        if newest is not None:
            found.reverse()
        if newest is None or len(found) < newest:
            legacy = self._legacy_transcript(conversation_id)
            found = (
                legacy[-(newest - len(found)) :] + found if newest and legacy else legacy + found
            )
        return found

    def _legacy_transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        item = self._client.get_item(
            TableName=self.table,
            Key={"id": {"S": conversation_id}},
            ProjectionExpression="transcript",
        ).get("Item")
        return from_item(item).get("transcript", []) if item else []


def _entry(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("conversationId", "seq")}
