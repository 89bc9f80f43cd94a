"""ConfirmationGate: a held action runs only when its own customer confirms it, once, in time,
and only if the order is still as it was when the customer was asked.

A confirm reads the action once and the order once: the order's version is checked in the
conditional write of the change, and the action is used up in that same transaction.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cloudmart.errors import AlreadySettledError, CloudMartError, ConflictError
from cloudmart.models import iso
from cloudmart.ops.metrics import PENDING_ACTIONS
from cloudmart.principal import Principal, require_visible
from cloudmart.records import ActionStatus, PendingAction
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.tools.deps import Confirmed, ToolDeps
from cloudmart.tools.registry import ToolRegistry
from i18n import DEFAULT

log = logging.getLogger(__name__)


class ConfirmationGate:
    def __init__(
        self,
        registry: ToolRegistry,
        actions: AgentActionRepository,
        deps: Callable[[Principal, str, str], ToolDeps],
        clock: Callable[[], datetime],
    ) -> None:
        self._registry = registry
        self._actions = actions
        self._deps = deps
        self._clock = clock

    def owned(self, principal: Principal, action_id: str) -> PendingAction:
        """The pending action if it is this customer's; anyone else's does not exist."""
        action = self._actions.get(action_id)
        mine = isinstance(action, PendingAction)
        require_visible(
            principal,
            action.customerEmail if mine else None,
            f"action {action_id}",
            admin=False,
            owner_id=action.customerId if mine else None,
        )
        assert isinstance(action, PendingAction)
        return action

    def decline(self, action: PendingAction) -> PendingAction:
        now = self._open(action)
        if not self._actions.settle(action, ActionStatus.DECLINED, now):
            raise ConflictError("this action was already used or has expired")
        PENDING_ACTIONS.labels("declined").inc()
        return dataclasses.replace(action, status=ActionStatus.DECLINED, resolvedAt=now)

    def confirm(
        self, principal: Principal, action: PendingAction, language: str | None = None
    ) -> tuple[PendingAction, dict[str, Any]]:
        """Run a held action for its owner: once, in time, at the previewed order version;
        its result says what was done in `language` (else its summary's)."""
        language = language or action.language or DEFAULT
        now = self._open(action)
        tool = self._registry.get(action.tool)
        if tool is None or tool.preview is None or not tool.allowed(principal):
            raise ConflictError("this action can no longer be run")
        confirmed = Confirmed(action.orderVersion, self._actions.claim(action, now))
        try:
            outcome = tool.run(
                self._deps(principal, action.conversationId, language), action.arguments, confirmed
            )
        except AlreadySettledError:
            raise  # another confirm (or a decline) settled it meanwhile; its record stands
        except CloudMartError as exc:  # the rules refuse it now, or the order changed
            self._actions.record_failure(action, exc.message, now)
            PENDING_ACTIONS.labels("failed").inc()
            raise ConflictError(exc.message) from None
        PENDING_ACTIONS.labels("confirmed").inc()
        try:
            self._actions.record_outcome(action, outcome)
        except (ClientError, BotoCoreError):  # the change is made: the customer is told so
            log.warning("action %s ran; its result could not be recorded", action.id)
        done = dataclasses.replace(action, status=ActionStatus.EXECUTED, result=outcome)
        return done, outcome

    def _open(self, action: PendingAction) -> str:
        """Now, if the action can still be answered; a conflict if it cannot."""
        now = self._clock()
        if action.status != ActionStatus.PENDING:
            raise ConflictError(f"this action is already {action.status}")
        if action.expired(now):
            if self._actions.settle(action, ActionStatus.EXPIRED, iso(now)):
                PENDING_ACTIONS.labels("expired").inc()
            raise ConflictError("this action expired; ask the assistant again")
        return iso(now)
