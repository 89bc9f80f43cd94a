"""ConversationRepository: a conversation's owner, provider, provider state and transcript."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cloudmart.records import Conversation
from cloudmart.repositories.base import from_item, record_from, to_item, to_value

MAX_TRANSCRIPT = 200  # entries kept per conversation (an item holds at most 400 KB)


class ConversationRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, conversation_id: str) -> Conversation | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": conversation_id}}, ConsistentRead=True
        ).get("Item")
        if not item:
            return None
        data = from_item(item)
        data["version"] = int(data.get("version", 1))
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
        """Append to the transcript in one atomic update, so two writers at once (a turn and a
        button press) never lose each other's entries; optionally replace the notes for the
        next turn, add one, or replace the provider state."""
        names = {"#t": "transcript", "#u": "updatedAt", "#v": "version", "#n": "notes"}
        values = {
            ":entries": to_value(entries),
            ":empty": {"L": []},
            ":at": to_value(at),
            ":one": {"N": "1"},
            ":zero": {"N": "0"},
        }
        sets = [
            "#t = list_append(if_not_exists(#t, :empty), :entries)",
            "#u = :at",
            "#v = if_not_exists(#v, :zero) + :one",
        ]
        if notes is not None:
            sets.append("#n = :notes")
            values[":notes"] = to_value(notes)
        elif add_note is not None:
            sets.append("#n = list_append(if_not_exists(#n, :empty), :note)")
            values[":note"] = to_value([add_note])
        if state is not None:
            names["#s"] = "providerState"
            sets.append("#s = :state")
            values[":state"] = to_value(state)
        resp = self._client.update_item(
            TableName=self.table,
            Key={"id": {"S": conversation_id}},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression="attribute_exists(id)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="UPDATED_NEW",
        )
        length = len(resp["Attributes"]["transcript"]["L"])
        if length > MAX_TRANSCRIPT:
            self._trim(conversation_id, length - MAX_TRANSCRIPT)

    def _trim(self, conversation_id: str, count: int) -> None:
        """Drop the oldest entries (a concurrent append only adds at the end)."""
        removed = ", ".join(f"#t[{i}]" for i in range(count))
        self._client.update_item(
            TableName=self.table,
            Key={"id": {"S": conversation_id}},
            UpdateExpression=f"REMOVE {removed}",
            ExpressionAttributeNames={"#t": "transcript"},
        )
