"""The MCP server running for real (uvicorn on a free port, in a thread) on a test app's
services, and the official SDK client signed in with a bearer token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx2
import uvicorn
from flask import Flask
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from cloudmart.mcp_server.app import create_mcp_app
from cloudmart.services import Services

MODERN = "2026-07-28"  # the revision whose writes answer "input required"
LEGACY = "2025-11-25"  # the handshake era


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_mcp(services: Services, port: int) -> Iterator[str]:
    """Serve the MCP app on 127.0.0.1:port until the block ends; yields its /mcp URL."""
    config = uvicorn.Config(
        create_mcp_app(services), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the MCP server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def mcp_settings(port: int) -> dict[str, Any]:
    return {
        "mcp_port": port,
        "mcp_public_url": f"http://127.0.0.1:{port}/mcp",
        "public_url": "http://shop.test",
        "mcp_confirm_wait_seconds": 10.0,
    }


def services_of(app: Flask) -> Services:
    return app.extensions["cloudmart"]


@asynccontextmanager
async def signed_in(url: str, token: str, **kwargs: Any) -> Any:
    """The SDK's client over Streamable HTTP with `Authorization: Bearer <token>`; the
    handshake era unless `mode` says otherwise ("auto": discover, or a revision)."""
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with http:
        transport = streamable_http_client(url, http_client=http)
        kwargs.setdefault("mode", "legacy")
        async with Client(transport, **kwargs) as client:
            yield client


def raw_post(url: str, headers: dict[str, str], body: dict[str, Any]) -> httpx2.Response:
    base = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    return httpx2.post(url, headers={**base, **headers}, json=body, timeout=10)


def open_mcp_shop(engine: dict[str, Any], port: int, **overrides: Any) -> Any:
    """The module's seeded shop (tests/shop.py) whose settings name the MCP server's port."""
    from tests.api.support import raw_client, table_snapshot
    from tests.shop import RESET_TABLES, Shop, build_app

    app = build_app(engine, **mcp_settings(port), **overrides)
    raw = raw_client(app)
    settings = services_of(app).settings
    seed_state = {name: table_snapshot(raw, settings.table_name(name)) for name in RESET_TABLES}
    shop = Shop(app, raw, seed_state)
    services_of(app).dynamodb.get().meta.events.register("before-call.dynamodb", shop.saw_call)
    return shop
