"""The serving model (gunicorn.conf.py): a turn waiting on the model, or a slow client, holds a
greenlet, not a scarce thread. Real gunicorn on DynamoDB Local, the model a local fake."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cloudmart.auth import TokenService
from cloudmart.config import Settings
from tests.chat.support import parse_sse
from tests.conftest import ALICE, BOB, SECRET
from tests.fakes.openai_server import Delay, FakeOpenAI, Text, ToolCalls
from tests.serving.server import Served, gunicorn, seeded_tables

pytestmark = pytest.mark.integration
MODEL_S = 1.0
METRICS_TOKEN = "metrics-token-for-the-test"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as model:
        yield model


@pytest.fixture(scope="module")
def served(dynamodb_local: Any, fake: FakeOpenAI) -> Iterator[Served]:
    prefix = seeded_tables(dynamodb_local.endpoint_url, "g")
    settings = {
        "DYNAMODB_ENDPOINT_URL": dynamodb_local.endpoint_url,
        "TABLE_PREFIX": prefix,
        "AUTH_SECRET": SECRET,
        "AI_PROVIDER": "openai",
        "OPENAI_BASE_URL": f"{fake.url}/v1",
        "OPENAI_API_KEY": "test",
        "OPENAI_MODE": "stateless",
        "METRICS_TOKEN": METRICS_TOKEN,
        "RATE_LIMITS": "false",  # 64 turns at once from one customer
    }
    with gunicorn(settings) as server:
        yield server


@pytest.fixture(scope="module")
def token() -> str:
    return TokenService(Settings.from_env({}, {"auth_secret": SECRET})).issue(ALICE)


def start(served: Served, token: str) -> str:
    status, raw = served.request("POST", "/api/ai/start", {}, token)
    assert status == 200, raw
    return json.loads(raw)["threadId"]


def history(served: Served, token: str, thread: str) -> dict[str, Any]:
    status, raw = served.request("GET", f"/api/ai/conversations/{thread}", token=token)
    assert status == 200, raw
    return json.loads(raw)


def test_64_streamed_turns_at_once_are_all_answered_and_wait_on_the_model_together(
    served: Served, token: str, fake: FakeOpenAI
) -> None:
    threads = [start(served, token) for _ in range(64)]
    fake.always, fake.max_in_flight = Delay(MODEL_S, Text("Two business days.")), 0

    def turn(thread: str) -> list[str]:
        body = {"threadId": thread, "message": "How fast do you ship?"}
        status, raw = served.request("POST", "/api/ai/message/stream", body, token)
        assert status == 200, raw
        return [kind for kind, _ in parse_sse(raw.decode())]

    try:
        with ThreadPoolExecutor(64) as pool:
            kinds = list(pool.map(turn, threads))
    finally:
        fake.always = None
    assert all(k[-1] == "done" and "error" not in k for k in kinds), kinds
    assert fake.max_in_flight >= 32, f"only {fake.max_in_flight} turns waited on the model at once"


def test_slow_clients_do_not_starve_the_server(served: Served) -> None:
    """50 connections that never finish their request headers; a normal request still goes."""
    slow = []
    try:
        for number in range(50):
            sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
            sock.sendall(f"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: {number}\r\n".encode())
            slow.append(sock)
        time.sleep(0.5)
        status, raw = served.request("GET", "/api/health")
        assert status == 200 and json.loads(raw)["status"] == "ok"
    finally:
        for sock in slow:
            sock.close()


def test_a_client_that_hangs_up_mid_stream_leaves_its_turn_in_the_history(
    served: Served, token: str, fake: FakeOpenAI
) -> None:
    thread = start(served, token)
    fake.script(
        ToolCalls(
            [("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})]
        ),
        Delay(MODEL_S, Text("Shall I cancel CM-7890?")),
    )
    body = json.dumps({"threadId": thread, "message": "cancel CM-7890"}).encode()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/ai/message/stream HTTP/1.1\r\nHost: x\r\n"
            + f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n".encode()
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        received = b""
        while b"event: pending_action" not in received:  # then hang up, mid-turn
            chunk = sock.recv(65536)
            assert chunk, received
            received += chunk
    deadline = time.monotonic() + 20
    while len(history(served, token, thread)["messages"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    conv = history(served, token, thread)
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant"]
    [pending] = conv["pendingActions"]
    assert conv["messages"][1]["pendingActionId"] == pending["id"]

    # The conversation goes on: a typed yes confirms the action the dropped turn proposed.
    status, raw = served.request(
        "POST", "/api/ai/message", {"threadId": thread, "message": "yes"}, token
    )
    assert status == 200 and json.loads(raw)["actions"][0]["status"] == "succeeded", raw
    status, raw = served.request("GET", "/api/orders/CM-7890", token=token)
    assert json.loads(raw)["status"] == "canceled"


def metrics(served: Served) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, by name and labels (the sum over both workers)."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    conn.request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    response = conn.getresponse()
    assert response.status == 200
    text = response.read().decode()
    conn.close()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def delta(before: dict, after: dict, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_metrics_count_a_proposed_and_confirmed_cancel_across_workers(
    served: Served, token: str, fake: FakeOpenAI
) -> None:
    assert served.request("GET", "/metrics")[0] == 404  # no token, no metrics
    bob = TokenService(Settings.from_env({}, {"auth_secret": SECRET})).issue(BOB)
    before = metrics(served)
    thread = start(served, bob)
    fake.script(
        ToolCalls(
            [("cancel_pending_order", {"order_id": "CM-7901", "reason": "no longer needed"})]
        ),
        Text("Cancel it?"),
    )
    body = {"threadId": thread, "message": "cancel CM-7901"}
    status, raw = served.request("POST", "/api/ai/message", body, bob)
    assert status == 200, raw
    turn = json.loads(raw)
    action = turn["pendingAction"]["id"]
    assert turn["usage"]["inputTokens"] == 20 and turn["usage"]["outputTokens"] == 10
    status, raw = served.request("POST", f"/api/ai/actions/{action}/confirm", {}, bob)
    assert status == 200, raw
    after = metrics(served)
    assert delta(before, after, "cloudmart_pending_actions_total", event="proposed") == 1
    assert delta(before, after, "cloudmart_pending_actions_total", event="confirmed") == 1
    model = {"provider": "openai"}
    assert delta(before, after, "cloudmart_model_requests_total", outcome="ok", **model) == 2
    assert delta(before, after, "cloudmart_model_tokens_total", kind="input", **model) == 20
    assert delta(before, after, "cloudmart_model_tokens_total", kind="output", **model) == 10
    assert delta(before, after, "cloudmart_model_request_duration_seconds_count", **model) == 2
    route = {"method": "POST", "route": "/api/ai/message", "status": "200"}
    assert delta(before, after, "cloudmart_http_requests_total", **route) == 1
    assert (
        delta(
            before, after, "cloudmart_tool_calls_total", tool="cancel_pending_order", outcome="held"
        )
        == 1
    )


def test_the_logs_are_json_with_request_ids_and_nothing_personal(
    served: Served, token: str
) -> None:
    """Runs last in this module: the server's whole log, after every turn above."""
    status, _ = served.request("GET", "/api/orders/user?email=alice%40example.com", token=token)
    assert status == 200
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    conn.request("GET", "/api/health")
    request_id = conn.getresponse().getheader("X-Request-Id")
    conn.close()
    lines = [line for line in served.log().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, gunicorn's own included
    requests = [r for r in records if r["message"] == "request"]
    assert any(r["request_id"] == request_id and r["route"] == "/api/health" for r in requests)
    assert all(r["request_id"] and r["status"] and "duration_ms" in r for r in requests)
    assert any(r["message"] == "model turn" and r["conversation"] for r in records)
    assert any(r["message"] == "tool call" and r["tool"] == "cancel_pending_order" for r in records)
    assert any(r.get("customer") for r in requests)
    log = served.log()
    forbidden = [
        ALICE, BOB, "alice%40example.com", "Alice Johnson", token, "cancel CM-7890",
        "How fast do you ship?", "Two business days.", *seeded_street_names(),
    ]  # fmt: skip
    assert [word for word in forbidden if word in log] == []


def seeded_street_names() -> list[str]:
    from migrations_seed.seed_data import ORDERS

    return sorted({order["shippingAddress"]["street"] for order in ORDERS})
