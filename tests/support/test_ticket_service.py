"""TicketService: a hand-off names only an order its customer may see; the typical wait."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from moto import mock_aws

from cloudmart.config import Settings
from cloudmart.errors import NotFoundError
from cloudmart.principal import Principal
from cloudmart.services import Services, build_services
from migrations_seed.seed import ensure_tables, seed
from tests.chat.support import scan
from tests.conftest import ALICE, BOB, SECRET

ALICE_P = Principal("alice_johnson_1001", ALICE, frozenset({"customer"}))
BOB_P = Principal("bob_smith_1002", BOB, frozenset({"customer"}))


def test_a_ticket_about_someone_elses_order_is_refused_and_not_written(app, raw_dynamodb):
    services = app.extensions["cloudmart"]
    tickets, bobs, alices = (
        services.tickets,
        services.chat.start(BOB_P).id,
        services.chat.start(ALICE_P).id,
    )
    with pytest.raises(NotFoundError):
        tickets.open(BOB_P, bobs, "where is it?", "CM-7890")
    assert scan(raw_dynamodb, app, "tickets") == []
    ticket = tickets.open(ALICE_P, alices, "where is it?", "CM-7890")
    assert ticket.customerEmail == ALICE and ticket.orderId == "CM-7890"
    assert [t["id"]["S"] for t in scan(raw_dynamodb, app, "tickets")] == [ticket.id]


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


AGENT_P = Principal("agent-dana", "agent@cloudmart.example", frozenset({"agent"}), name="Dana")


def answered_after(svc: Services, clock: Clock, principal: Principal, minutes: int) -> None:
    """A hand-off that a person answers `minutes` later."""
    ticket = svc.tickets.open(principal, svc.chat.start(principal).id, "help", None)
    clock.now += timedelta(minutes=minutes)
    svc.inbox.post(AGENT_P, ticket.id, "Dana here.", internal=False)


def test_the_typical_wait_is_the_median_first_answer_read_at_most_once_a_minute():
    clock = Clock(datetime.now().astimezone())
    with mock_aws():
        svc = build_services(Settings.from_env({}, {"auth_secret": SECRET}), clock=clock)
        ensure_tables(svc.dynamodb, "cloudmart", report=lambda _: None)
        seed(svc.dynamodb, "cloudmart", now=clock(), report=lambda _: None)
        assert svc.tickets.typical_wait() is None  # nothing answered yet
        answered_after(svc, clock, ALICE_P, 4)
        answered_after(svc, clock, BOB_P, 6)
        clock.now += timedelta(minutes=1)
        assert svc.tickets.typical_wait() == 300  # the median of 4 and 6 minutes
        answered_after(svc, clock, ALICE_P, 0)
        answered_after(svc, clock, BOB_P, 0)
        assert svc.tickets.typical_wait() == 300  # within the minute: the figure as read
        clock.now += timedelta(minutes=1)
        assert svc.tickets.typical_wait() == 120  # read again: the median of 4, 6, 0, 0
