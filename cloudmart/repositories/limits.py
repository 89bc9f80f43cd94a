"""LimitRepository: counters that expire (rate limits and token budgets), atomic across every
worker and machine."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from cloudmart.repositories.base import KeyRead, is_condition_failure


class LimitRepository:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self.table = table

    def take(self, key: str, limit: int, expires_at: int) -> bool:
        """Count one more under `key` if fewer than `limit` were counted; False if not."""
        try:
            self._client.update_item(
                TableName=self.table,
                Key={"id": {"S": key}},
                UpdateExpression="ADD n :one SET expiresAt = :exp",
                ConditionExpression="attribute_not_exists(n) OR n < :limit",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":exp": {"N": str(expires_at)},
                },
            )
            return True
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise

    def add(self, key: str, amount: int, expires_at: int) -> None:
        self._client.update_item(
            TableName=self.table,
            Key={"id": {"S": key}},
            UpdateExpression="ADD n :amount SET expiresAt = :exp",
            ExpressionAttributeValues={
                ":amount": {"N": str(amount)},
                ":exp": {"N": str(expires_at)},
            },
        )

    def read(self, key: str) -> KeyRead:
        """A counter to read with other items (`count_in` of what was found)."""
        return KeyRead(self.table, key, ("n",))

    @staticmethod
    def count_in(item: dict[str, Any] | None) -> int:
        """A counter's count as `read` found it (0 for none)."""
        return int(item["n"]["N"]) if item and "n" in item else 0
