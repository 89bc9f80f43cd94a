"""ConversationRepository: a conversation's owner, provider, provider state and transcript."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from cloudmart.errors import ConflictError
from cloudmart.repositories.base import from_item, is_condition_failure, to_item

MAX_TRANSCRIPT = 200  # entries kept per conversation (an item holds at most 400 KB)


class ConversationRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        item = self._client.get_item(
            TableName=self.table, Key={"id": {"S": conversation_id}}, ConsistentRead=True
        ).get("Item")
        return from_item(item) if item else None

    def create(self, conversation: dict[str, Any]) -> dict[str, Any]:
        self._client.put_item(
            TableName=self.table,
            Item=to_item(conversation),
            ConditionExpression="attribute_not_exists(id)",
        )
        return conversation

    def save(self, conversation: dict[str, Any]) -> dict[str, Any]:
        """Write a changed conversation if nobody saved it since it was read (version)."""
        read_version = int(conversation["version"])
        saved = {
            **conversation,
            "version": read_version + 1,
            "transcript": conversation["transcript"][-MAX_TRANSCRIPT:],
        }
        try:
            self._client.put_item(
                TableName=self.table,
                Item=to_item(saved),
                ConditionExpression="#v = :v",
                ExpressionAttributeNames={"#v": "version"},
                ExpressionAttributeValues={":v": {"N": str(read_version)}},
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ConflictError(
                    "another message in this conversation was answered at the "
                    "same time; send yours again"
                ) from None
            raise
        return saved
