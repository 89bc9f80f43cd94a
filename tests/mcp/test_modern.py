"""The 2026-07-28 revision, driven by the official SDK client: negotiation of both eras, and a
write the person confirms through "input required" rounds (the shop's page, a form, or the
preview and the link), with the requestState the server sealed echoed back on each retry."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import mcp_types as types
import pytest
from mcp.shared.exceptions import MCPError

from cloudmart.mcp_server import rounds
from tests.api.support import data_snapshot
from tests.conftest import ALICE
from tests.mcp.support import LEGACY, MODERN, free_port, running_mcp, services_of, signed_in
from tests.mcp.test_server import CANCEL, order_status, page_press
from tests.shop import Shop

pytestmark = pytest.mark.anyio
Shop_Url = tuple[Shop, str]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize(("mode", "version"), [("auto", MODERN), ("legacy", LEGACY)])
async def test_both_revisions_are_negotiated(
    shop_url: Shop_Url, token: Callable[..., str], mode: str, version: str
) -> None:
    """`auto` discovers the modern revision (server/discover); `legacy` initializes."""
    _, url = shop_url
    async with signed_in(url, token(ALICE), mode=mode) as client:
        assert client.protocol_version == version
        tools = {t.name for t in (await client.list_tools()).tools}
        result = await client.call_tool("get_order_details", {"order_id": "CM-7890"})
    assert {"cancel_pending_order", "get_action_outcome"} <= tools and "delete_order" not in tools
    assert result.is_error is False and result.structured_content["view"]["id"] == "CM-7890"  # type: ignore[index]


@pytest.mark.parametrize(("mode", "code"), [(MODERN, types.INVALID_PARAMS), ("legacy", -32002)])
async def test_another_customers_order_is_no_resource(
    shop_url: Shop_Url, token: Callable[..., str], mode: str, code: int
) -> None:
    """Each revision's own error for a resource that is not there (2026-07-28: SEP-2164)."""
    _, url = shop_url
    async with signed_in(url, token(ALICE), mode=mode) as client:
        with pytest.raises(MCPError) as missing:
            await client.read_resource("cloudmart://orders/CM-7901")  # Bob's
    assert missing.value.error.code == code and "bob" not in missing.value.error.message.lower()


@pytest.mark.parametrize(("press", "status", "order"), [
    ("confirm", "executed", "canceled"), ("decline", "declined", "pending"),
])  # fmt: skip
async def test_url_mode_the_retry_reports_the_press_on_the_page(
    shop_url: Shop_Url, token: Callable[..., str], press: str, status: str, order: str
) -> None:
    shop, url = shop_url
    asked: list[types.ElicitRequestURLParams] = []

    async def on_elicit(context: Any, params: Any) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        asked.append(params)
        assert order_status(shop, "CM-7890") == "pending"  # nothing before the press
        action_id = params.url.rsplit("/", 1)[1]
        assert page_press(shop, ALICE, action_id, press).status_code == 200
        return types.ElicitResult(action="accept")  # the person went to the page

    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=on_elicit) as c:
        result = await c.call_tool("cancel_pending_order", CANCEL)
    assert asked and asked[0].url.startswith("http://shop.test/confirm/act_")
    assert result.structured_content["action"]["status"] == status  # type: ignore[index]
    assert result.is_error is (press == "decline"), result.content
    assert order_status(shop, "CM-7890") == order


async def test_url_mode_rounds_wait_for_the_press_and_never_confirm(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    """Driven by hand: the answer to "open the page?" (even dressed as a form's yes) changes
    nothing; state-only rounds wait; the round after the press reports it."""
    shop, url = shop_url
    before = data_snapshot(shop.raw, shop.app)
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_never) as c:
        first = await c.session.call_tool("cancel_pending_order", CANCEL, allow_input_required=True)
        assert isinstance(first, types.InputRequiredResult) and first.input_requests
        request = first.input_requests["confirm"]
        assert isinstance(request, types.ElicitRequest)
        assert isinstance(request.params, types.ElicitRequestURLParams)
        yes = {"confirm": types.ElicitResult(action="accept", content={"confirm": True})}
        waiting = await c.session.call_tool(
            "cancel_pending_order", CANCEL, input_responses=yes,
            request_state=first.request_state, allow_input_required=True,
        )  # fmt: skip
        assert isinstance(waiting, types.InputRequiredResult) and not waiting.input_requests
        assert data_snapshot(shop.raw, shop.app) == before  # the agent's yes confirmed nothing
        action_id = request.params.url.rsplit("/", 1)[1]
        assert page_press(shop, ALICE, action_id).status_code == 200
        done = await c.session.call_tool(
            "cancel_pending_order", CANCEL, request_state=waiting.request_state,
            allow_input_required=True,
        )  # fmt: skip
    assert isinstance(done, types.CallToolResult) and done.is_error is False
    assert done.structured_content["action"]["status"] == "executed"  # type: ignore[index]
    assert order_status(shop, "CM-7890") == "canceled"


async def test_url_mode_stops_waiting_with_the_preview_and_the_link(
    shop_url: Shop_Url, token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No press by MCP_CONFIRM_WAIT_SECONDS: the retry ends with the preview and the link."""
    shop, url = shop_url
    before = data_snapshot(shop.raw, shop.app)
    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=_never) as c:
        first = await c.session.call_tool("cancel_pending_order", CANCEL, allow_input_required=True)
        assert isinstance(first, types.InputRequiredResult)
        went = {"confirm": types.ElicitResult(action="accept")}
        waiting = await c.session.call_tool(
            "cancel_pending_order", CANCEL, input_responses=went,
            request_state=first.request_state, allow_input_required=True,
        )  # fmt: skip
        assert isinstance(waiting, types.InputRequiredResult)
        wait = services_of(shop.app).settings.mcp_confirm_wait_seconds

        class Later:  # the rounds' clock, past the wait
            @staticmethod
            def time() -> float:
                return time.time() + wait + 1

        monkeypatch.setattr(rounds, "time", Later)
        done = await c.session.call_tool(
            "cancel_pending_order", CANCEL, request_state=waiting.request_state,
            allow_input_required=True,
        )  # fmt: skip
    assert isinstance(done, types.CallToolResult) and done.structured_content is not None
    assert done.structured_content["status"] == "pending"
    assert done.structured_content["confirmUrl"].startswith("http://shop.test/confirm/act_")
    assert data_snapshot(shop.raw, shop.app) == before


@pytest.mark.parametrize("answer", ["decline", "cancel"])
async def test_url_mode_decline_or_dismiss_changes_nothing(
    shop_url: Shop_Url, token: Callable[..., str], answer: str
) -> None:
    shop, url = shop_url
    before = data_snapshot(shop.raw, shop.app)

    async def on_elicit(context: Any, params: Any) -> types.ElicitResult:
        return types.ElicitResult(action=answer)  # type: ignore[arg-type]

    async with signed_in(url, token(ALICE), mode=MODERN, elicitation_callback=on_elicit) as c:
        result = await c.call_tool("cancel_pending_order", CANCEL)
    body = result.structured_content or {}
    status = body["action"]["status"] if answer == "decline" else body["status"]
    assert status == ("declined" if answer == "decline" else "pending")
    assert data_snapshot(shop.raw, shop.app) == before


async def test_another_worker_finishes_the_write_one_worker_began(
    shop_url: Shop_Url, token: Callable[..., str], form_only: None
) -> None:
    """Stateless: a second server process-alike with the same key (AUTH_SECRET's) takes the
    retry; one with another MCP_STATE_KEYS refuses it."""
    shop, url = shop_url
    svc = services_of(shop.app)
    stranger = replace(svc, settings=replace(svc.settings, mcp_state_keys="k" * 40))
    yes = {"confirm": types.ElicitResult(action="accept", content={"confirm": True})}
    alice = token(ALICE)
    with running_mcp(svc, free_port()) as url_b, running_mcp(stranger, free_port()) as url_c:
        async with (
            signed_in(url, alice, mode=MODERN, elicitation_callback=_never) as a,
            signed_in(url_b, alice, mode=MODERN, elicitation_callback=_never) as b,
            signed_in(url_c, alice, mode=MODERN, elicitation_callback=_never) as c,
        ):
            first = await a.session.call_tool(
                "cancel_pending_order", CANCEL, allow_input_required=True
            )
            assert isinstance(first, types.InputRequiredResult)
            retry = {"input_responses": yes, "request_state": first.request_state}
            with pytest.raises(MCPError):
                await c.session.call_tool("cancel_pending_order", CANCEL, **retry)
            assert order_status(shop, "CM-7890") == "pending"
            done = await b.session.call_tool("cancel_pending_order", CANCEL, **retry)
    assert done.is_error is False and order_status(shop, "CM-7890") == "canceled"


async def _never(context: Any, params: Any) -> types.ElicitResult:
    raise AssertionError("driven by hand: the client's callback is never called")
