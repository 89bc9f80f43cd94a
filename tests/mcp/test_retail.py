"""Reference tasks of the retail test split run over MCP: each gold call made by an agent
through the SDK client, each write confirmed by the person in a form, then the store compared
with the task's expected end state (RETAIL.md §5), as tests/retail/test_conformance_chat.py;
on the handshake era (the form asked on the open request) and on the 2026-07-28 revision (the
form an "input required" result, answered on the client's retry)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import mcp_types as types
import pytest

from cloudmart import create_app
from cloudmart.services import Services
from migrations_seed.seed import ensure_tables
from tests.conftest import SECRET
from tests.mcp.support import LEGACY, MODERN, free_port, mcp_settings, running_mcp, signed_in
from tests.retail.replay import normalized
from tests.retail.test_conformance import ADMIN, EXPECTED, INITIAL, TASKS, within_reach

pytestmark = [pytest.mark.integration, pytest.mark.anyio]  # DynamoDB Local: the import is big
# Twelve tasks of the 115, chosen to cover every write (and refused calls that change nothing).
WRITES = (
    "cancel_pending_order",
    "modify_pending_order_address",
    "modify_pending_order_payment",
    "modify_pending_order_items",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
    "modify_user_address",
)


def _pick() -> list[dict[str, Any]]:
    chosen: list[dict[str, Any]] = []
    for write in WRITES:  # the first two tasks using each write
        chosen += [t for t in TASKS if any(a["name"] == write for a in t["actions"])][:2]
    unique = {t["index"]: t for t in chosen}
    return [unique[k] for k in sorted(unique)][:12]


PICKED = _pick()
# On the 2026-07-28 revision too: one task for each write (its form answered on a retry).
MODERN_PICKED = [
    next(t for t in TASKS if any(a["name"] == w for a in t["actions"])) for w in WRITES
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def retail_mcp(dynamodb_local: Any) -> Iterator[tuple[Services, str]]:
    port = free_port()
    app = create_app(
        {
            "auth_secret": SECRET,
            "table_prefix": f"q{uuid.uuid4().hex[:12]}",
            "rate_limits": False,
            "dynamodb_endpoint_url": dynamodb_local.endpoint_url,
            **mcp_settings(port),
        }
    )
    svc: Services = app.extensions["cloudmart"]
    ensure_tables(svc.dynamodb, svc.settings.table_prefix, report=lambda _: None)
    svc.retail.import_records(ADMIN, INITIAL)
    with running_mcp(svc, port) as url:
        yield svc, url


async def person_accepts(context: Any, params: Any) -> types.ElicitResult:
    return types.ElicitResult(action="accept", content={"confirm": True})


def test_at_least_ten_tasks_are_picked() -> None:
    assert len(PICKED) >= 10 and len(MODERN_PICKED) == len(WRITES)


@pytest.mark.parametrize("task", PICKED, ids=lambda t: f"test/{t['index']}")
async def test_a_reference_task_over_mcp(
    retail_mcp: tuple[Services, str], task: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _run_task(retail_mcp, task, monkeypatch, "legacy")


@pytest.mark.parametrize("task", MODERN_PICKED, ids=lambda t: f"test/{t['index']}")
async def test_a_reference_task_over_mcp_on_the_modern_revision(
    retail_mcp: tuple[Services, str], task: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _run_task(retail_mcp, task, monkeypatch, MODERN)


async def _run_task(
    retail_mcp: tuple[Services, str],
    task: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    svc, url = retail_mcp
    monkeypatch.setattr(types, "UrlElicitationCapability", lambda: None)  # form mode
    expected = EXPECTED[task["index"]]
    reach = within_reach(task, expected)
    try:
        steps = []
        token = svc.tokens.issue(task["email"])
        async with signed_in(url, token, mode=mode, elicitation_callback=person_accepts) as client:
            assert client.protocol_version == (MODERN if mode == MODERN else LEGACY)
            for action in task["actions"]:
                result = await client.call_tool(action["name"], action["kwargs"])
                ok = result.is_error is False and (result.structured_content or {}).get("ok")
                steps.append({"name": action["name"], "ok": bool(ok)})
                if action["name"] == "transfer_to_human_agents":
                    break
        assert steps == expected["steps"]
        after = svc.retail.export(ADMIN, users=reach["users"], orders=reach["orders"])
        for name in ("users", "orders"):
            changed = expected["changed"].get(name, {})
            differ = [
                k
                for k in reach[name]
                if normalized(after[name][k]) != normalized(changed.get(k, INITIAL[name][k]))
            ]
            assert not differ, (name, differ)
    finally:
        svc.retail.import_records(
            ADMIN, {name: {k: INITIAL[name][k] for k in reach[name]} for name in reach}
        )
