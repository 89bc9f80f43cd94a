"""OrderService's rules without HTTP: the status machine, the return window, versions, claims."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from moto import mock_aws

from cloudmart.config import Settings
from cloudmart.errors import AlreadySettledError, ConflictError, NotFoundError
from cloudmart.models import (
    ADDRESS_CHANGEABLE,
    CANCELABLE,
    IN_FLIGHT,
    ORDER_STATUSES,
    RETURNABLE,
    TRANSITIONS,
    format_money,
    parse_iso,
)
from cloudmart.orders.operations import ReturnItems
from cloudmart.principal import Principal
from cloudmart.repositories.base import Claim
from cloudmart.services import Services, build_services
from migrations_seed.seed import ensure_tables, seed
from tests.conftest import ALICE, BOB, SECRET

ALICE_P = Principal("alice_johnson_1001", ALICE, frozenset({"customer"}))
BOB_P = Principal("bob_smith_1002", BOB, frozenset({"customer"}))


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now().astimezone())


@pytest.fixture
def shop(clock: Clock) -> Iterator[Services]:
    with mock_aws():
        svc = build_services(Settings.from_env({}, {"auth_secret": SECRET}), clock=clock)
        ensure_tables(svc.dynamodb, "cloudmart", report=lambda _: None)
        seed(svc.dynamodb, "cloudmart", now=clock(), report=lambda _: None)
        yield svc


def delivered_order(svc: Services) -> Any:
    page = svc.orders.list_for_customer(ALICE_P, ALICE, 100, None)
    return next(o for o in page.items if o.status == "delivered")


def test_the_status_sets_are_read_off_the_status_machine() -> None:
    assert set(TRANSITIONS) == set(ORDER_STATUSES)
    assert CANCELABLE == ADDRESS_CHANGEABLE == {"pending", "processing"}
    assert {"delivered"} == RETURNABLE
    assert {"pending", "items_modified", "processing", "shipped"} == IN_FLIGHT


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("149"), "$149.00"),  # DynamoDB trims trailing zeros: never "$149"
        (Decimal("1234.5"), "$1,234.50"),
        (79.99, "$79.99"),
        (0, "$0.00"),
    ],
)
def test_money_is_printed_one_way(amount: Any, text: str) -> None:
    assert format_money(amount) == text


def whole_return(order: Any) -> ReturnItems:
    """A return of every unit of `order`, refunded to the method that paid."""
    payer = order.paymentHistory[0].paymentMethodId
    return ReturnItems(order.id, [u.itemId for u in order.units()], payer)


@pytest.mark.parametrize(
    ("after", "allowed"),
    [(timedelta(days=30), True), (timedelta(days=30, seconds=1), False)],
    ids=["on-the-last-day", "a-second-late"],
)
def test_the_return_window_ends_exactly_at_its_length(
    shop: Services, clock: Clock, after: timedelta, allowed: bool
) -> None:
    order = delivered_order(shop)
    clock.now = parse_iso(order.deliveredAt) + after
    if allowed:
        assert shop.orders.preview(ALICE_P, whole_return(order)).order.id == order.id
    else:
        with pytest.raises(ConflictError, match="return window"):
            shop.orders.preview(ALICE_P, whole_return(order))


def test_the_return_window_comes_from_the_settings(clock: Clock) -> None:
    with mock_aws():
        settings = Settings.from_env({"RETURN_WINDOW_DAYS": "7"}, {"auth_secret": SECRET})
        svc = build_services(settings, clock=clock)
        ensure_tables(svc.dynamodb, "cloudmart", report=lambda _: None)
        seed(svc.dynamodb, "cloudmart", now=clock(), report=lambda _: None)
        order = delivered_order(svc)
        clock.now = parse_iso(order.deliveredAt) + timedelta(days=8)
        with pytest.raises(ConflictError, match="7 days"):
            svc.orders.preview(ALICE_P, whole_return(order))


def test_someone_elses_order_does_not_exist_for_them(shop: Services) -> None:
    with pytest.raises(NotFoundError):
        shop.orders.get(BOB_P, "CM-7890")
    with pytest.raises(NotFoundError):
        shop.orders.cancel(BOB_P, "CM-7890", "no longer needed")
    assert shop.orders.get(ALICE_P, "CM-7890").status == "pending"


def test_a_write_at_an_old_version_is_a_conflict_and_changes_nothing(shop: Services) -> None:
    before = shop.orders.get(ALICE_P, "CM-7890")
    with pytest.raises(ConflictError):
        shop.orders.cancel(ALICE_P, "CM-7890", "no longer needed", at_version=before.version - 1)
    assert shop.orders.get(ALICE_P, "CM-7890") == before


def test_a_claim_commits_with_the_change_or_neither_happens(shop: Services, clock: Clock) -> None:
    """The transaction that cancels also writes the claim; a claim that fails its condition
    stops the cancel, and stock stays where it was."""
    stock: Callable[[], int] = lambda: shop.products.get("P-1001").stock  # noqa: E731
    before, stock_before = shop.orders.get(ALICE_P, "CM-7890"), stock()
    table = shop.settings.table_name("tickets")
    refusing = Claim(
        items=[
            {
                "ConditionCheck": {
                    "TableName": table,
                    "Key": {"id": {"S": "T-NONE"}},
                    "ConditionExpression": "attribute_exists(id)",
                }
            }
        ],
        refused="already used",
    )
    with pytest.raises(AlreadySettledError, match="already used"):
        shop.orders.cancel(
            ALICE_P, "CM-7890", "no longer needed", at_version=before.version, claim=refusing
        )
    assert shop.orders.get(ALICE_P, "CM-7890") == before and stock() == stock_before

    accepting = Claim(
        items=[{"Put": {"TableName": table, "Item": {"id": {"S": "T-CLAIM"}}}}], refused="no"
    )
    done = shop.orders.cancel(
        ALICE_P, "CM-7890", "no longer needed", at_version=before.version, claim=accepting
    )
    assert done.status == "canceled" and done.version == before.version + 1
    claimed = shop.dynamodb.get_item(TableName=table, Key={"id": {"S": "T-CLAIM"}})
    assert "Item" in claimed
