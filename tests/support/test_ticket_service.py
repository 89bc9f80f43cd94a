"""TicketService: a hand-off names only an order its customer may see."""

from __future__ import annotations

import pytest

from cloudmart.errors import NotFoundError
from cloudmart.principal import Principal
from tests.chat.support import scan
from tests.conftest import ALICE, BOB

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
