"""A hostile agent on the 2026-07-28 revision: the requestState it echoes is attacker-controlled.
A forged, tampered, plaintext, expired, re-targeted, another customer's or replayed state is a
clean error (a JSON-RPC error or a tool error, never a 500) and changes nothing (tables
compared)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import mcp_types as types
import pytest
from mcp.server import request_state
from mcp.shared.exceptions import MCPError

from cloudmart.errors import RateLimitedError
from cloudmart.records import PendingAction
from tests.api.support import data_snapshot
from tests.conftest import ALICE, BOB
from tests.mcp.support import MODERN, services_of, signed_in
from tests.mcp.test_server import CANCEL
from tests.shop import Shop

pytestmark = pytest.mark.anyio
Shop_Url = tuple[Shop, str]
YES = {"confirm": types.ElicitResult(action="accept", content={"confirm": True})}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def form_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form-mode client: its answer alone confirms, so its state is the one worth forging."""
    monkeypatch.setattr(types, "UrlElicitationCapability", lambda: None)


async def _no(context: Any, params: Any) -> types.ElicitResult:
    return types.ElicitResult(action="decline")  # declares elicitation; never called by hand


async def _held(client: Any, args: dict[str, Any] = CANCEL) -> types.InputRequiredResult:
    first = await client.session.call_tool("cancel_pending_order", args, allow_input_required=True)
    assert isinstance(first, types.InputRequiredResult) and first.request_state
    return first


async def _retry(client: Any, state: str, args: dict[str, Any] = CANCEL) -> Any:
    return await client.session.call_tool(
        "cancel_pending_order", args, input_responses=YES, request_state=state,
        allow_input_required=True,
    )  # fmt: skip


def _tampered(state: str) -> str:
    middle = len(state) // 2
    return state[:middle] + ("A" if state[middle] != "A" else "B") + state[middle + 1 :]


async def test_forged_tampered_plaintext_retargeted_or_anothers_state_is_refused(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    alice_t, bob_t = token(ALICE), token(BOB)
    async with (
        signed_in(url, alice_t, mode=MODERN, elicitation_callback=_no) as alice,
        signed_in(url, bob_t, mode=MODERN, elicitation_callback=_no) as bob,
    ):
        state = (await _held(alice)).request_state
        assert state is not None
        before = data_snapshot(shop.raw, shop.app)  # the held action is recorded; now nothing
        plain = {"action_id": "act_x", "customer_id": ALICE, "mode": "form", "until": 0}
        bobs_order = {"order_id": "CM-7901", "reason": "no longer needed"}
        attempts = [
            (alice, "v1." + "A" * 80, CANCEL),  # forged: never sealed by us
            (alice, _tampered(state), CANCEL),  # one character changed
            (alice, json.dumps(plain), CANCEL),  # our plaintext, unsealed
            (alice, state, {**CANCEL, "reason": "ordered by mistake"}),  # other arguments
            (alice, state, bobs_order),  # re-targeted at Bob's order
            (bob, state, CANCEL),  # another customer echoes Alice's state
        ]
        for client, echoed, args in attempts:
            with pytest.raises(MCPError) as refused:
                await _retry(client, echoed, args)
            assert refused.value.error.code == types.INVALID_PARAMS
            assert refused.value.error.message == "Invalid or expired requestState"
    assert data_snapshot(shop.raw, shop.app) == before  # 0 unauthorized changes


async def test_an_expired_state_is_refused(
    shop_url: Shop_Url, token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shop, url = shop_url
    ttl = services_of(shop.app).settings.pending_action_ttl_seconds
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_no) as alice:
        state = (await _held(alice)).request_state
        before = data_snapshot(shop.raw, shop.app)

        class Later:  # the boundary's clock, one second past the state's life
            @staticmethod
            def time() -> float:
                return time.time() + ttl + 1

        monkeypatch.setattr(request_state, "time", Later)
        with pytest.raises(MCPError) as refused:
            await _retry(alice, state or "")
    assert refused.value.error.message == "Invalid or expired requestState"
    assert data_snapshot(shop.raw, shop.app) == before


async def test_an_expired_action_behind_a_valid_state_is_refused(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    svc = services_of(shop.app)
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_no) as alice:
        first = await _held(alice)
        for action in _pending(svc, ALICE):  # the one just held among them: its time passed
            svc.toolkit.actions.update(action.id, {"expiresAt": "2000-01-01T00:00:00Z"})
        before = data_snapshot(shop.raw, shop.app)
        result = await _retry(alice, first.request_state or "")
    assert isinstance(result, types.CallToolResult) and result.is_error is True
    assert data_snapshot(shop.raw, shop.app) == before


async def test_a_replayed_state_after_the_action_ran_changes_nothing(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_no) as alice:
        state = (await _held(alice)).request_state or ""
        done = await _retry(alice, state)
        assert isinstance(done, types.CallToolResult) and done.is_error is False
        assert done.structured_content["action"]["status"] == "executed"  # type: ignore[index]
        after = data_snapshot(shop.raw, shop.app)
        replayed = await _retry(alice, state)
        declined = await alice.session.call_tool(
            "cancel_pending_order", CANCEL, request_state=state, allow_input_required=True,
            input_responses={"confirm": types.ElicitResult(action="decline")},
        )  # fmt: skip
    for result in (replayed, declined):
        assert isinstance(result, types.CallToolResult) and result.is_error is True
    assert data_snapshot(shop.raw, shop.app) == after  # ran once, and only once


def _pending(svc: Any, email: str) -> list[PendingAction]:
    records = svc.toolkit.actions.list_for_customer(email, 20, None).items
    return [r for r in records if isinstance(r, PendingAction) and r.status == "pending"]


async def test_a_retry_over_the_customers_rate_is_refused(
    shop_url: Shop_Url, token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry counts as a call: an agent cannot spin on a state past the per-customer rate."""
    shop, url = shop_url
    chat = services_of(shop.app).chat
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_no) as alice:
        state = (await _held(alice)).request_state or ""
        before = data_snapshot(shop.raw, shop.app)

        def spent(principal: Any) -> None:
            raise RateLimitedError("Too many messages; wait a minute")

        monkeypatch.setattr(chat, "agent_call", spent)
        refused = await _retry(alice, state)
    assert isinstance(refused, types.CallToolResult) and refused.is_error is True
    assert "Too many" in refused.content[0].text  # type: ignore[union-attr]
    assert data_snapshot(shop.raw, shop.app) == before
