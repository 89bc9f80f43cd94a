"""AgentActionRepository: typed records in and out, single use, expiry, replays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from moto import mock_aws

from cloudmart.config import Settings
from cloudmart.models import iso
from cloudmart.records import (
    ActionStatus,
    CallOrigin,
    Execution,
    ExecutionStatus,
    PendingAction,
    Preview,
)
from cloudmart.repositories.agent_actions import AgentActionRepository
from cloudmart.services import build_services
from migrations_seed.seed import ensure_tables
from tests.conftest import ALICE, SECRET

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def actions() -> Iterator[AgentActionRepository]:
    with mock_aws():
        svc = build_services(Settings.from_env({}, {"auth_secret": SECRET}))
        ensure_tables(svc.dynamodb, "cloudmart", report=lambda _: None)
        yield svc.toolkit.actions


def held(call_id: str = "call_1", ttl: timedelta = timedelta(minutes=10)) -> PendingAction:
    origin = CallOrigin("th_1", ALICE, call_id, "cancel_pending_order", {"order_id": "CM-7890"})
    preview = Preview("Cancel order CM-7890.", "CM-7890", 3, {"order": {"id": "CM-7890"}})
    return PendingAction.new(origin, preview, NOW, ttl)


def test_a_pending_action_reads_back_as_it_was_written(actions: AgentActionRepository) -> None:
    action = held()
    assert actions.create(action)
    assert actions.get(action.id) == action
    assert actions.pending_in_conversation("th_1") == [action]
    assert not actions.create(action), "a replayed call finds the action, never a second one"


def test_a_pending_action_is_settled_once(actions: AgentActionRepository) -> None:
    action = held()
    actions.create(action)
    assert actions.settle(action, ActionStatus.DECLINED, iso(NOW))
    assert not actions.settle(action, ActionStatus.DECLINED, iso(NOW))
    stored = actions.get(action.id)
    assert isinstance(stored, PendingAction) and stored.status == ActionStatus.DECLINED
    assert actions.pending_in_conversation("th_1") == []


def test_an_expired_action_cannot_be_declined_or_confirmed(
    actions: AgentActionRepository,
) -> None:
    action = held(ttl=timedelta(seconds=1))
    actions.create(action)
    later = iso(NOW + timedelta(seconds=1))
    assert not actions.settle(action, ActionStatus.DECLINED, later)
    assert actions.settle(action, ActionStatus.EXPIRED, later)


def test_an_execution_is_claimed_once_and_finished(actions: AgentActionRepository) -> None:
    origin = CallOrigin("th_1", ALICE, "call_9", "transfer_to_human_agents", {"summary": "help"})
    record = Execution.of_call(origin, NOW)
    assert actions.create(record) and not actions.create(record)
    actions.finish_execution(record.id, ExecutionStatus.SUCCEEDED, {"ok": 1}, iso(NOW))
    stored = actions.get(record.id)
    assert isinstance(stored, Execution)
    assert stored.status == ExecutionStatus.SUCCEEDED and stored.result == {"ok": 1}
    listed = actions.list_for_customer(ALICE, 10, None).items
    assert [r.id for r in listed] == [record.id]
