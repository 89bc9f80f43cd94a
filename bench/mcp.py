"""The same operations three ways (issue 20): a look-up of one order and a confirmed cancel, over
MCP (the official SDK's client; the person accepts in a form: on the handshake era asked on the
open request, on the 2026-07-28 revision an "input required" result answered on a retry), over
REST, and over the chat (message, then the Confirm button): p50, p99 and the servers' CPU a call."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import mcp_types as types

from bench.cpu import tree_cpu
from bench.report import Options, print_table, summary_ms
from bench.stack import REPO_ROOT, Database, app_environment, app_server, database
from devstack.dynamodb_local import free_port

CALLS, QUICK_CALLS = 40, 8
ERAS = {"MCP 2025-11-25": "legacy", "MCP 2026-07-28": "2026-07-28"}  # the client's mode
ALICE = "alice@example.com"
ORDER = {
    "items": [{"productId": "P-1003", "quantity": 1}],
    "shippingAddress": {
        "name": "Alice Johnson",
        "street": "1 Elm Street",
        "city": "Seattle",
        "postalCode": "98101",
        "country": "US",
    },
}


def _http(port: int, method: str, path: str, token: str, body: Any = None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    assert resp.status < 300, (resp.status, raw[:300])
    return json.loads(raw) if raw else None


@contextlib.contextmanager
def mcp_server(db: Database) -> Iterator[tuple[int, int]]:
    """uvicorn cloudmart.mcp_server.asgi:app on a free port; (its port, its pid)."""
    port = free_port()
    env = app_environment(db, free_port(), {"MCP_PORT": str(port)})
    env["MCP_PUBLIC_URL"] = f"http://127.0.0.1:{port}/mcp"
    command = [sys.executable, "-m", "uvicorn", "cloudmart.mcp_server.asgi:app"]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
                break
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(15)


async def _over_mcp(port: int, token: str, orders: list[str], mode: str) -> dict[str, list[float]]:
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    async def accept(context: Any, params: Any) -> types.ElicitResult:
        return types.ElicitResult(action="accept", content={"confirm": True})

    types.UrlElicitationCapability = lambda: None  # type: ignore[assignment,misc]  # form only
    times: dict[str, list[float]] = {"look-up": [], "confirmed write": []}
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with http:
        transport = streamable_http_client(f"http://127.0.0.1:{port}/mcp", http_client=http)
        async with Client(transport, mode=mode, elicitation_callback=accept) as client:
            for order in orders:
                started = time.perf_counter()
                await client.call_tool("get_order_details", {"order_id": order})
                times["look-up"].append(time.perf_counter() - started)
                started = time.perf_counter()
                args = {"order_id": order, "reason": "no longer needed"}
                await client.call_tool("cancel_pending_order", args)
                times["confirmed write"].append(time.perf_counter() - started)
    return times


def _mcp_runner(port: int, token: str, mode: str) -> Callable[[list[str]], dict[str, list[float]]]:
    return lambda orders: asyncio.run(_over_mcp(port, token, orders, mode))


def _over_rest(port: int, token: str, orders: list[str]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"look-up": [], "confirmed write": []}
    for order in orders:
        started = time.perf_counter()
        _http(port, "GET", f"/api/orders/{order}", token)
        times["look-up"].append(time.perf_counter() - started)
        started = time.perf_counter()
        _http(port, "POST", f"/api/orders/{order}/cancel", token, {})
        times["confirmed write"].append(time.perf_counter() - started)
    return times


def _over_chat(port: int, token: str, orders: list[str]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"look-up": [], "confirmed write": []}
    thread = _http(port, "POST", "/api/ai/start", token, {})["threadId"]
    for order in orders:
        started = time.perf_counter()
        say = {"threadId": thread, "message": f"what is the status of order {order}?"}
        _http(port, "POST", "/api/ai/message", token, say)
        times["look-up"].append(time.perf_counter() - started)
        started = time.perf_counter()
        say = {"threadId": thread, "message": f"cancel order {order}"}
        action = _http(port, "POST", "/api/ai/message", token, say)["pendingAction"]
        _http(port, "POST", f"/api/ai/actions/{action['id']}/confirm", token, {})
        times["confirmed write"].append(time.perf_counter() - started)
    return times


def _measure(
    name: str, run: Callable[[list[str]], dict[str, list[float]]], orders: list[str], pid: int
) -> list[dict[str, Any]]:
    before = tree_cpu(pid)
    times = run(orders)
    cpu_ms = (tree_cpu(pid) - before) * 1000 / (2 * len(orders))
    return [
        {"over": name, "operation": op, "latency_ms": summary_ms(t), "server_cpu_ms": cpu_ms}
        for op, t in times.items()
    ]


def run(options: Options) -> dict[str, Any]:
    calls = QUICK_CALLS if options.quick else CALLS
    cells: list[dict[str, Any]] = []
    with database() as db, app_server(db) as app:
        token = db.token(ALICE)

        def fresh() -> list[str]:
            return [
                _http(app.port, "POST", "/api/orders", token, ORDER)["id"] for _ in range(calls)
            ]

        cells += _measure("REST", lambda o: _over_rest(app.port, token, o), fresh(), app.pid)
        cells += _measure("chat", lambda o: _over_chat(app.port, token, o), fresh(), app.pid)
        with mcp_server(db) as (port, pid):
            for name, mode in ERAS.items():
                cells += _measure(name, _mcp_runner(port, token, mode), fresh(), pid)
    rows = [
        [c["over"], c["operation"], c["latency_ms"]["p50"], c["latency_ms"]["p99"],
         round(c["server_cpu_ms"], 1)]
        for c in cells
    ]  # fmt: skip
    print_table(
        f"One customer, {calls} calls each, one at a time (CPU: per call, look-up and write "
        "averaged, of the server that answered)",
        ("over", "operation", "p50 ms", "p99 ms", "server CPU ms/call"),
        rows,
    )
    return {"calls": calls, "cells": cells}
