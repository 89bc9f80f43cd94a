"""The MCP server driven by the official SDK client over Streamable HTTP: the tools, a
look-up, another customer's order, and each write through each confirmation path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mcp_types as types
import pytest

from tests.api.support import data_snapshot
from tests.conftest import ALICE, BOB
from tests.mcp.support import LEGACY, MODERN, services_of, signed_in
from tests.shop import Shop

pytestmark = pytest.mark.anyio
Shop_Url = tuple[Shop, str]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def order_status(shop: Shop, order_id: str) -> str:
    page = shop.app.test_client()
    tokens = services_of(shop.app).tokens
    headers = {"Authorization": f"Bearer {tokens.issue('admin@cloudmart.example', 'admin')}"}
    return str(page.get(f"/api/orders/{order_id}", headers=headers).json["status"])


def page_press(shop: Shop, email: str, action_id: str, what: str = "confirm") -> Any:
    """The customer's press on /confirm/<id>: the page calls the existing endpoint."""
    tokens = services_of(shop.app).tokens
    headers = {"Authorization": f"Bearer {tokens.issue(email)}"}
    return shop.app.test_client().post(f"/api/ai/actions/{action_id}/{what}", headers=headers)


CANCEL = {"order_id": "CM-7890", "reason": "no longer needed"}
# Held writes behave alike in both eras: the handshake era and 2026-07-28's "input required".
BOTH_REVISIONS = pytest.mark.parametrize("mode", ["legacy", MODERN])


async def test_tools_are_listed_with_their_annotations(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    _, url = shop_url
    async with signed_in(url, token(ALICE)) as client:
        assert client.server_info is not None and client.server_info.name == "cloudmart"
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert "delete_order" not in tools  # admin-only: never listed to a customer
    lookup, cancel = tools["get_order_details"], tools["cancel_pending_order"]
    assert lookup.annotations is not None and lookup.annotations.read_only_hint is True
    assert lookup.output_schema is not None
    assert cancel.annotations is not None and cancel.annotations.destructive_hint is True
    assert cancel.annotations.read_only_hint is False
    assert tools["modify_pending_order_address"].annotations.idempotent_hint is True  # type: ignore[union-attr]
    assert cancel.input_schema["required"] == ["order_id", "reason"]
    async with signed_in(url, token("admin@cloudmart.example", "admin")) as client:
        assert "delete_order" in {t.name for t in (await client.list_tools()).tools}


async def test_a_look_up_of_the_customers_own_order(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    _, url = shop_url
    async with signed_in(url, token(ALICE)) as client:
        result = await client.call_tool("get_order_details", {"order_id": "CM-7890"})
    assert result.is_error is False
    assert result.structured_content is not None
    assert result.structured_content["view"]["id"] == "CM-7890"


async def test_another_customers_order_is_a_clean_tool_error(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    _, url = shop_url
    async with signed_in(url, token(ALICE)) as client:
        result = await client.call_tool("get_order_details", {"order_id": "CM-7901"})  # Bob's
    assert result.is_error is True
    text = result.content[0].text  # type: ignore[union-attr]
    assert "not found" in text and "bob" not in text.lower()


async def test_url_mode_the_customer_confirms_on_the_page(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    asked: list[str] = []

    async def on_elicit(context: Any, params: Any) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        asked.append(params.url)
        action_id = params.url.rsplit("/", 1)[1]
        assert page_press(shop, ALICE, action_id).status_code == 200  # the person, on the page
        return types.ElicitResult(action="accept")

    async with signed_in(url, token(ALICE), elicitation_callback=on_elicit) as client:
        result = await client.call_tool("cancel_pending_order", CANCEL)
    assert asked and asked[0].startswith("http://shop.test/confirm/act_")
    assert result.is_error is False, result.content
    assert result.structured_content["action"]["status"] == "executed"  # type: ignore[index]
    assert order_status(shop, "CM-7890") == "canceled"


@BOTH_REVISIONS
@pytest.mark.parametrize("answer", ["accept", "decline", "cancel"])
async def test_form_mode(
    shop_url: Shop_Url, token: Callable[..., str], form_only: None, answer: str, mode: str
) -> None:
    shop, url = shop_url
    before = data_snapshot(shop.raw, shop.app)
    messages: list[str] = []

    async def on_elicit(context: Any, params: Any) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestFormParams)
        messages.append(params.message)
        content = {"confirm": True} if answer == "accept" else None
        return types.ElicitResult(action=answer, content=content)  # type: ignore[arg-type]

    async with signed_in(url, token(ALICE), mode=mode, elicitation_callback=on_elicit) as c:
        result = await c.call_tool("cancel_pending_order", CANCEL)
    assert messages and "CM-7890" in messages[0] and "$" in messages[0]  # the money shown
    status = result.structured_content["action"]["status"]  # type: ignore[index]
    if answer == "accept":
        assert status == "executed" and order_status(shop, "CM-7890") == "canceled"
    else:
        assert status == "declined"
        assert data_snapshot(shop.raw, shop.app) == before


@BOTH_REVISIONS
async def test_no_elicitation_preview_and_link_until_the_page_confirms(
    shop_url: Shop_Url, token: Callable[..., str], mode: str
) -> None:
    shop, url = shop_url
    before = data_snapshot(shop.raw, shop.app)
    async with signed_in(url, token(ALICE), mode=mode) as client:
        result = await client.call_tool("cancel_pending_order", CANCEL)
        held = result.structured_content
        assert held is not None and held.get("status") == "pending", held
        assert held["confirmUrl"] == f"http://shop.test/confirm/{held['actionId']}"
        assert data_snapshot(shop.raw, shop.app) == before  # nothing until the person confirms
        tokens = services_of(shop.app).tokens
        card = shop.app.test_client().get(  # what /confirm/<id> shows: the preview, the money
            f"/api/ai/actions/{held['actionId']}",
            headers={"Authorization": f"Bearer {tokens.issue(ALICE)}"},
        )
        assert card.status_code == 200 and card.json["summary"] == held["summary"]
        assert card.json["details"]["order"]["id"] == "CM-7890" and card.json["details"]["money"]
        assert page_press(shop, ALICE, held["actionId"]).status_code == 200
        outcome = await client.call_tool("get_action_outcome", {"action_id": held["actionId"]})
    assert outcome.structured_content["action"]["status"] == "executed"  # type: ignore[index]
    assert order_status(shop, "CM-7890") == "canceled"


@BOTH_REVISIONS
async def test_a_held_call_is_recorded_as_an_mcp_call_of_that_client_and_revision(
    shop_url: Shop_Url, token: Callable[..., str], mode: str
) -> None:
    shop, url = shop_url
    info = types.Implementation(name="desktop-agent", version="9.1")
    async with signed_in(url, token(ALICE), mode=mode, client_info=info) as client:
        held = (await client.call_tool("cancel_pending_order", CANCEL)).structured_content
    svc = services_of(shop.app)
    action = svc.toolkit.actions.get(held["actionId"])  # type: ignore[index]
    conversation = svc.chat.conversations.get(action.conversationId)  # type: ignore[union-attr]
    assert conversation is not None and conversation.provider == "mcp"
    assert conversation.providerState["client"] == "desktop-agent"
    assert conversation.providerState["protocol"] == (MODERN if mode == MODERN else LEGACY)
    assert conversation.ownerEmail == ALICE


async def test_bob_cannot_read_alices_action(shop_url: Shop_Url, token: Callable[..., str]) -> None:
    _, url = shop_url
    async with signed_in(url, token(ALICE)) as client:
        held = (await client.call_tool("cancel_pending_order", CANCEL)).structured_content
    async with signed_in(url, token(BOB)) as client:
        outcome = await client.call_tool("get_action_outcome", {"action_id": held["actionId"]})  # type: ignore[index]
    assert outcome.is_error is True and "not found" in outcome.content[0].text  # type: ignore[union-attr]


async def test_an_agents_conversation_takes_no_chat_turn(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    async with signed_in(url, token(ALICE)) as client:
        held = (await client.call_tool("cancel_pending_order", CANCEL)).structured_content
    svc = services_of(shop.app)
    action = svc.toolkit.actions.get(held["actionId"])  # type: ignore[index]
    headers = {"Authorization": f"Bearer {token(ALICE)}"}
    body = {"threadId": action.conversationId, "message": "yes"}  # type: ignore[union-attr]
    turn = shop.app.test_client().post("/api/ai/message", headers=headers, json=body)
    assert turn.status_code == 409  # a clear refusal, never a 500 for an unknown provider
    bob = {"Authorization": f"Bearer {token(BOB)}"}
    card = shop.app.test_client().get(f"/api/ai/actions/{held['actionId']}", headers=bob)  # type: ignore[index]
    assert card.status_code == 404
    assert order_status(shop, "CM-7890") == "pending"
