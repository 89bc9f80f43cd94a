"""The MCP server's sign-in and its guards: 401 with the metadata URL, the RFC 9728 document,
the audience, Origin; and a hostile agent makes no unauthorized change (tables compared)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx2
import jwt
import mcp_types as types
import pytest

from tests.api.support import data_snapshot
from tests.conftest import ALICE, BOB, SECRET
from tests.mcp.support import raw_post, services_of, signed_in
from tests.mcp.test_server import CANCEL, page_press
from tests.shop import Shop

Shop_Url = tuple[Shop, str]
INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "raw", "version": "1"},
    },
}


def test_no_token_is_a_401_naming_the_metadata(shop_url: Shop_Url) -> None:
    _, url = shop_url
    response = raw_post(url, {}, INIT)
    assert response.status_code == 401
    header = response.headers["www-authenticate"]
    metadata_url = url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")
    assert header.startswith("Bearer ") and f'resource_metadata="{metadata_url}"' in header


@pytest.mark.parametrize("path", ["/mcp", ""])
def test_the_protected_resource_metadata(shop_url: Shop_Url, path: str) -> None:
    _shop, url = shop_url
    base = url.removesuffix("/mcp")
    doc = httpx2.get(f"{base}/.well-known/oauth-protected-resource{path}", timeout=10).json()
    assert doc["resource"] == url
    assert doc["authorization_servers"] == ["http://shop.test"]  # local tokens: the shop issues
    assert "email" in doc["scopes_supported"] and doc["bearer_methods_supported"] == ["header"]


def _token(audience: str, issuer: str = "cloudmart-local") -> str:
    now = int(time.time())
    claims = {"sub": ALICE, "email": ALICE, "email_verified": True, "roles": ["customer"]}
    claims |= {"iss": issuer, "aud": audience, "iat": now, "exp": now + 600}
    return jwt.encode(claims, SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    "token", [_token("another-service"), _token("cloudmart", "elsewhere"), "not-a-token"]
)
def test_a_token_for_another_audience_or_issuer_is_refused(shop_url: Shop_Url, token: str) -> None:
    _, url = shop_url
    response = raw_post(url, {"Authorization": f"Bearer {token}"}, INIT)
    assert response.status_code == 401
    assert "resource_metadata=" in response.headers["www-authenticate"]


def test_our_own_token_initializes(shop_url: Shop_Url, token: Callable[..., str]) -> None:
    _, url = shop_url
    response = raw_post(url, {"Authorization": f"Bearer {token(ALICE)}"}, INIT)
    assert response.status_code == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost:9999"])
def test_a_foreign_origin_is_refused(
    shop_url: Shop_Url, token: Callable[..., str], origin: str
) -> None:
    _, url = shop_url
    headers = {"Authorization": f"Bearer {token(ALICE)}", "Origin": origin}
    assert raw_post(url, headers, INIT).status_code == 403


def test_the_shops_own_origin_is_allowed(shop_url: Shop_Url, token: Callable[..., str]) -> None:
    _, url = shop_url
    headers = {"Authorization": f"Bearer {token(ALICE)}", "Origin": "http://shop.test"}
    assert raw_post(url, headers, INIT).status_code == 200


# --- a hostile agent ---------------------------------------------------------------------


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _content(result: types.CallToolResult) -> dict[str, Any]:
    assert result.structured_content is not None
    return result.structured_content


@pytest.mark.anyio
async def test_a_hostile_agent_changes_nothing(
    shop_url: Shop_Url, token: Callable[..., str]
) -> None:
    shop, url = shop_url
    svc = services_of(shop.app)
    before = data_snapshot(shop.raw, shop.app)
    smuggled = {**CANCEL, "email": BOB, "user_id": BOB, "customer_id": BOB}

    async def say_yes(context: Any, params: Any) -> types.ElicitResult:
        return types.ElicitResult(action="accept", content={"confirm": True})  # it never asks

    async with signed_in(url, token(ALICE)) as alice, signed_in(url, token(BOB)) as bob:
        # another customer's ids: Bob's order, Bob's user, through Alice's token
        for name, args in [
            ("cancel_pending_order", {"order_id": "CM-7901", "reason": "no longer needed"}),
            ("get_order_details", {"order_id": "CM-7901"}),
            ("modify_pending_order_payment", {"order_id": "CM-7901", "payment_method_id": "x"}),
        ]:
            assert (await alice.call_tool(name, args)).is_error is True
        # identity smuggled in the arguments: refused, not believed
        refused = await alice.call_tool("cancel_pending_order", smuggled)
        assert refused.is_error is True and "unknown arguments" in _content(refused)["error"]
        # no tool confirms: a made-up one does not exist
        made_up = await alice.call_tool("confirm_action", {"action_id": "act_x"})
        assert made_up.is_error is True
        # Alice's held action: Bob can neither read it nor confirm it on the page
        held = _content(await alice.call_tool("cancel_pending_order", CANCEL))
        action_id = held["actionId"]
        assert (await bob.call_tool("get_action_outcome", {"action_id": action_id})).is_error
        assert page_press(shop, BOB, action_id).status_code == 404
        # a forged confirmation: an id that was never issued
        assert page_press(shop, ALICE, "act_" + "0" * 24).status_code == 404
        # declined, then confirmed anyway: refused
        assert page_press(shop, ALICE, action_id, "decline").status_code == 200
        assert page_press(shop, ALICE, action_id).status_code == 409
        # replayed: the same call again does not offer it a second time
        again = _content(await alice.call_tool("cancel_pending_order", CANCEL))
        assert again["actionId"] != action_id and again["status"] == "pending"
        # an expired one: its time has passed, so confirming it is refused
        svc.toolkit.actions.update(again["actionId"], {"expiresAt": "2000-01-01T00:00:00Z"})
        assert page_press(shop, ALICE, again["actionId"]).status_code == 409
        # an agent that answers a form itself still cannot reach Bob's order
    async with signed_in(url, token(ALICE), elicitation_callback=say_yes) as eager:
        bobs = {"order_id": "CM-7901", "reason": "no longer needed"}
        assert (await eager.call_tool("cancel_pending_order", bobs)).is_error is True
    assert data_snapshot(shop.raw, shop.app) == before  # 0 unauthorized changes
