"""The 115 reference tasks of the retail benchmark, replayed through the service methods on
the reference data: every end state and every call's outcome as expected (RETAIL.md §5).

One store per engine: the reference data is imported once, and after each task the records
it changed are imported again from the initial data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from cloudmart import create_app
from cloudmart.principal import Principal
from migrations_seed.seed import ensure_tables
from tests.conftest import SECRET
from tests.retail.replay import load, normalized, replay

ADMIN = Principal("admin", "admin@cloudmart.example", frozenset({"admin"}), True)
INITIAL = {name: load(name) for name in ("users", "orders", "products")}
TASKS = load("tasks_test")
EXPECTED = {e["index"]: e for e in load("expected_test")["tasks"]}


@pytest.fixture(scope="module")
def store(engine: dict[str, Any]) -> Iterator[Flask]:
    """An app on fresh tables holding exactly the reference data."""
    app = create_app(
        {
            "auth_secret": SECRET,
            "table_prefix": f"r{uuid.uuid4().hex[:12]}",
            "rate_limits": False,
            **engine["settings"],
        }
    )
    svc = app.extensions["cloudmart"]
    ensure_tables(svc.dynamodb, svc.settings.table_prefix, report=lambda _: None)
    svc.retail.import_records(ADMIN, INITIAL)
    yield app


def test_import_then_export_gives_the_reference_data_back(store: Flask) -> None:
    exported = store.extensions["cloudmart"].retail.export(ADMIN)
    for name in ("users", "orders", "products"):
        assert normalized(exported[name]) == normalized(INITIAL[name]), name


@pytest.mark.parametrize("task", TASKS, ids=lambda t: f"test/{t['index']}")
def test_a_reference_task_ends_in_its_expected_state(store: Flask, task: dict[str, Any]) -> None:
    svc = store.extensions["cloudmart"]
    expected = EXPECTED[task["index"]]
    reach = within_reach(task, expected)
    try:
        steps = replay(svc, task)
        after = svc.retail.export(ADMIN, users=reach["users"], orders=reach["orders"])
        assert steps == expected["steps"]
        for name in ("users", "orders"):
            wanted = {
                k: expected["changed"].get(name, {}).get(k, INITIAL[name][k]) for k in reach[name]
            }
            differ = [k for k in reach[name] if normalized(after[name][k]) != normalized(wanted[k])]
            assert not differ, (name, differ, after[name][differ[0]] if differ else None)
    finally:  # the next task starts from the reference data again
        svc.retail.import_records(
            ADMIN, {name: {k: INITIAL[name][k] for k in reach[name]} for name in reach}
        )


def within_reach(task: dict[str, Any], expected: dict[str, Any]) -> dict[str, list[str]]:
    """Every record a task's calls could change: the orders they name, the users they name,
    the users owning those orders, the acting customer, and whatever the expected end state
    says changed. (An operation writes only the order it names and that order's user, or
    the user it names.)"""
    orders = {a["kwargs"]["order_id"] for a in task["actions"] if "order_id" in a["kwargs"]}
    orders = {o for o in orders if o in INITIAL["orders"]} | set(
        expected["changed"].get("orders", {})
    )
    users = {a["kwargs"]["user_id"] for a in task["actions"] if "user_id" in a["kwargs"]}
    users |= {INITIAL["orders"][o]["user_id"] for o in orders} | {task["user_id"]}
    users = {u for u in users if u in INITIAL["users"]} | set(expected["changed"].get("users", {}))
    return {"users": sorted(users), "orders": sorted(orders)}
