"""ConfirmationGate: a held action runs only when its own customer confirms it, once, in time,
and only if the order is still as it was when the customer was asked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.auth import Principal
from cloudmart.errors import CloudMartError, ConflictError, NotFoundError
from cloudmart.models import iso
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.tools.context import ToolContext
from cloudmart.tools.registry import ToolRegistry

YES = frozenset(
    {
        "yes",
        "y",
        "yep",
        "yeah",
        "yup",
        "sure",
        "ok",
        "okay",
        "confirm",
        "confirmed",
        "yes please",
        "go ahead",
        "do it",
        "please do",
        "yes do it",
    }
)
NO = frozenset(
    {
        "no",
        "n",
        "nope",
        "cancel that",
        "don't",
        "do not",
        "decline",
        "no thanks",
        "never mind",
        "nevermind",
        "stop",
    }
)


def plain_answer(text: str) -> str | None:
    """'yes' or 'no' when the whole message is a plain yes or no, else None."""
    words = " ".join(text.lower().replace("!", " ").replace(".", " ").replace(",", " ").split())
    if words in YES:
        return "yes"
    if words in NO:
        return "no"
    return None


class ConfirmationGate:
    def __init__(
        self, registry: ToolRegistry, actions: AgentActionRepository, clock: Callable[[], datetime]
    ) -> None:
        self._registry = registry
        self._actions = actions
        self._clock = clock

    def owned(self, principal: Principal, action_id: str) -> dict[str, Any]:
        """The pending action if it is this customer's; anyone else's does not exist."""
        action = self._actions.get(action_id)
        if (
            action is None
            or action.get("kind") != "pending"
            or action["customerEmail"] != principal.email
        ):
            raise NotFoundError(f"action {action_id} not found")
        return action

    def decline(self, principal: Principal, action_id: str) -> dict[str, Any]:
        action = self.owned(principal, action_id)
        self._close(action, "declined")
        return {**action, "status": "declined"}

    def confirm(
        self, principal: Principal, action_id: str, context: Callable[[str], ToolContext]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Run a held action: claimed once, re-checked, executed at the previewed version."""
        action = self.owned(principal, action_id)
        self._close(action, "executing")
        tool = self._registry.get(action["tool"])
        ctx = context(action["conversationId"])
        version = action.get("orderVersion")
        record_id = f"exec#{action['id']}"
        self._actions.create(
            {
                "id": record_id,
                "kind": "execution",
                "customerEmail": principal.email,
                "conversationId": action["conversationId"],
                "tool": action["tool"],
                "arguments": action["arguments"],
                "status": "running",
                "actionId": action["id"],
                "createdAt": iso(self._clock()),
            }
        )
        try:
            if tool is None or tool.preview is None or not tool.allowed(principal):
                raise ConflictError("this action can no longer be run")
            if tool.preview(ctx, action["arguments"]).order_version != version:
                raise ConflictError(
                    f"order {action.get('orderId')} changed since you were asked; nothing was done"
                )
            outcome = tool.run(ctx, action["arguments"], expected_version=version)
        except CloudMartError as exc:
            self._finish(action, record_id, "failed", {"error": exc.message})
            raise ConflictError(exc.message) from None
        except (ClientError, BotoCoreError):
            self._reopen(action, record_id)
            raise
        self._finish(action, record_id, "executed", outcome)
        return {**action, "status": "executed", "result": outcome}, outcome

    def _close(self, action: dict[str, Any], status: str) -> None:
        """Move a pending action on, exactly once and only before it expires."""
        now = iso(self._clock())
        if action["status"] != "pending":
            raise ConflictError(f"this action is already {action['status']}")
        if action["expiresAt"] <= now:
            self._actions.update(action["id"], {"status": "expired"}, expect={"status": "pending"})
            raise ConflictError("this action expired; ask the assistant again")
        if not self._actions.update(
            action["id"],
            {"status": status, "resolvedAt": now},
            expect={"status": "pending"},
            not_after=now,
        ):
            raise ConflictError("this action was already used or has expired")

    def _reopen(self, action: dict[str, Any], record_id: str) -> None:
        """The database failed mid-way: the action can be confirmed again. Safe, because it runs
        only at the previewed order version, so a change that did land is not made twice."""
        self._actions.update(action["id"], {"status": "pending"}, expect={"status": "executing"})
        error = "the database did not answer; the action can be confirmed again"
        self._actions.update(record_id, {"status": "failed", "result": {"error": error}})

    def _finish(
        self, action: dict[str, Any], record_id: str, status: str, outcome: dict[str, Any]
    ) -> None:
        now = iso(self._clock())
        self._actions.update(action["id"], {"status": status, "result": outcome})
        self._actions.update(
            record_id,
            {
                "status": "succeeded" if status == "executed" else "failed",
                "result": outcome,
                "finishedAt": now,
            },
        )
