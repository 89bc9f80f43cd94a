"""Live delivery with no state shared in memory: the customer's event stream on one gunicorn
server, the agent's requests on another, both on one DynamoDB Local (issue 19)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from cloudmart.auth import TokenService
from cloudmart.config import Settings
from tests.conftest import ALICE, SECRET
from tests.serving.server import Served, gunicorn, seeded_tables

pytestmark = pytest.mark.integration
AGENT = "agent@cloudmart.example"


@pytest.fixture(scope="module")
def two_servers(dynamodb_local: Any) -> Iterator[tuple[Served, Served]]:
    settings = {
        "DYNAMODB_ENDPOINT_URL": dynamodb_local.endpoint_url,
        "TABLE_PREFIX": seeded_tables(dynamodb_local.endpoint_url, "l"),
        "AUTH_SECRET": SECRET,
        "RATE_LIMITS": "false",
        "EVENT_POLL_SECONDS": "0.5",
    }
    with gunicorn(settings) as customer_side, gunicorn(settings) as staff_side:
        yield customer_side, staff_side


def tokens() -> tuple[str, str]:
    issuer = TokenService(Settings.from_env({}, {"auth_secret": SECRET}))
    return issuer.issue(ALICE), issuer.issue(AGENT, "agent", name="Dana")


def read_events(served: Served, path: str, token: str, seen: list[tuple[float, str, Any]]) -> None:
    """Read a stream's events into `seen` (arrival time, event, data) until it ends."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    event = None
    for raw in response:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: ") and event:
            seen.append((time.monotonic(), event, json.loads(line[len("data: ") :])))
    conn.close()


def test_a_reply_on_one_server_reaches_a_stream_on_another_within_2_s(two_servers) -> None:
    customer_side, staff_side = two_servers
    alice, dana = tokens()
    status, raw = customer_side.request("POST", "/api/ai/start", {}, alice)
    thread = json.loads(raw)["threadId"]
    status, raw = customer_side.request(
        "POST", f"/api/ai/conversations/{thread}/handoff", {}, alice
    )
    assert status == 200, raw
    ticket = json.loads(raw)["ticket"]["id"]
    seen: list[tuple[float, str, Any]] = []
    reader = threading.Thread(
        target=read_events,
        args=(customer_side, f"/api/ai/conversations/{thread}/events", alice, seen),
        daemon=True,
    )
    reader.start()
    time.sleep(1.0)  # the stream is open and idle
    sent = []
    for n in range(3):
        sent.append(time.monotonic())
        status, raw = staff_side.request(
            "POST", f"/api/staff/tickets/{ticket}/messages", {"text": f"reply {n}"}, dana
        )
        assert status == 201, raw
        time.sleep(0.7)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sum(e == "message" for _, e, _ in seen) < 4:
        time.sleep(0.1)
    replies = [
        (at, data) for at, event, data in seen if event == "message" and data["author"] == "agent"
    ]
    assert [data["text"] for _, data in replies] == ["reply 0", "reply 1", "reply 2"]
    for (arrived, _), posted in zip(replies, sent, strict=True):
        assert arrived - posted < 2.0, (
            "a reply took more than 2 s to reach the other server's stream"
        )
    assert any(
        event == "conversation" and data["heldBy"] == {"name": "Dana"} for _, event, data in seen
    )
