"""One running MCP server per module, on the module's seeded shop (put back before each test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import mcp_types as types
import pytest

from tests.mcp.support import free_port, open_mcp_shop, running_mcp, services_of
from tests.shop import Shop


@pytest.fixture(scope="module")
def mcp_shop(engine: dict[str, Any]) -> Iterator[tuple[Shop, str]]:
    port = free_port()
    shop = open_mcp_shop(engine, port)
    with running_mcp(services_of(shop.app), port) as url:
        yield shop, url


@pytest.fixture
def shop_url(mcp_shop: tuple[Shop, str]) -> tuple[Shop, str]:
    shop, url = mcp_shop
    shop.reset()
    return shop, url


@pytest.fixture
def token(shop_url: tuple[Shop, str]) -> Callable[..., str]:
    tokens = services_of(shop_url[0].app).tokens
    return lambda email, role="customer": tokens.issue(email, role)


@pytest.fixture
def form_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that declares form-mode elicitation only (the SDK's client declares both)."""
    monkeypatch.setattr(types, "UrlElicitationCapability", lambda: None)
