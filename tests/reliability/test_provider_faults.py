"""The model fails mid-turn, right after it asked for an action: OpenAI (both modes) and the
Bedrock agent, on their fake servers (tests/fakes), with the confirmation gate on and off.

Each failure (5xx, 429, a timeout, a broken stream, an exception inside the stream) must give
a clear error within the configured timeout; the action is neither duplicated nor half-done
(held once and not run with the gate on; run exactly once with its stock back with the gate
off, even when the next turn replays the interrupted call); and the conversation goes on.
The error mapping of each failure on its own is the provider tests' business
(tests/providers/); here it is the action's fate around it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from moto import mock_aws

from cloudmart import create_app
from migrations_seed.seed import ensure_tables, seed
from tests.conftest import ALICE, SECRET
from tests.fakes import bedrock_server as bedrock
from tests.fakes import openai_server as openai
from tests.providers.openai_harness import tool_outputs
from tests.reliability.support import headers, raw_client, scan, stocks

TIMEOUT = 0.5  # seconds: the providers' configured read timeout in these tests
WITHIN = TIMEOUT + 4.0  # a failure is answered within the timeout plus the app's own work
CANCEL = ("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})
OPENAI_FAILURES = {  # the model's answer to the tool result -> the API's status
    "5xx": (openai.Error(500), 502),
    "429": (openai.Error(429, "Slow down.", "requests", "rate_limit_exceeded", retry_after=3), 503),
    "timeout": (openai.Delay(30), 504),  # the fake stops waiting when it shuts down
    "broken stream": (openai.Drop(), 502),
    "in-stream exception": (openai.Failed(), 502),
}
BEDROCK_FAILURES = {
    "5xx": ([bedrock.HttpError(500, "InternalServerException", "Boom.")], 502),
    "429": ([bedrock.HttpError(429, "ThrottlingException")], 503),
    "timeout": ([bedrock.Delay(30)], 504),
    "broken stream": ([bedrock.Chunk("Cancel"), bedrock.Delay(30)], 504),
    "in-stream exception": ([bedrock.InStreamError("internalServerException", "Boom.")], 502),
}
GATES = {"gate on": True, "gate off": False}


@contextmanager
def app_on(provider: dict[str, Any], gate: bool) -> Iterator[Flask]:
    with mock_aws():
        settings = {"auth_secret": SECRET, "table_prefix": "faults", "confirm_actions": gate}
        app = create_app({**settings, **provider})
        client = app.extensions["cloudmart"].dynamodb
        ensure_tables(client, "faults", report=lambda _: None)
        seed(client, "faults", report=lambda _: None)
        yield app


def message(app: Flask, thread: str, text: str) -> tuple[Any, float]:
    started = time.monotonic()
    resp = app.test_client().post(
        "/api/ai/message", headers=headers(app, ALICE), json={"threadId": thread, "message": text}
    )
    return resp, time.monotonic() - started


class Ledger:
    """What the database says happened to CM-7890 and its stock, before and after."""

    def __init__(self, app: Flask) -> None:
        self.app, self.raw = app, raw_client(app)
        self.order = self.cm7890()
        self.stock = stocks(self.raw, app)
        self.back = {i["productId"]: int(i["quantity"]) for i in self.order["items"]}

    def cm7890(self) -> dict[str, Any]:
        return next(o for o in scan(self.raw, self.app, "orders") if o["id"] == "CM-7890")

    def records(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in scan(self.raw, self.app, "agent-actions") if r["kind"] == kind]

    def assert_untouched(self) -> None:
        assert self.cm7890() == self.order, "the order changed"
        assert stocks(self.raw, self.app) == self.stock, "the stock moved"
        assert not self.records("execution"), "something ran"

    def assert_canceled_once(self) -> None:
        now = self.cm7890()
        assert now["status"] == "canceled" and now["version"] == self.order["version"] + 1, now
        restocked = {p: s + self.back.get(p, 0) for p, s in self.stock.items()}
        assert stocks(self.raw, self.app) == restocked, "the stock did not come back exactly once"
        runs = [r for r in self.records("execution") if r["tool"] == "cancel_pending_order"]
        assert [r["status"] for r in runs] == ["succeeded"], runs


def assert_clear_error(resp: Any, elapsed: float, status: int) -> None:
    assert resp.status_code == status, (resp.status_code, resp.get_json(silent=True))
    body = resp.get_json()
    assert body["code"] == status and isinstance(body["message"], str) and body["message"]
    assert elapsed < WITHIN, f"answered after {elapsed:.1f}s (timeout {TIMEOUT}s)"
    if status == 503:
        assert int(resp.headers["Retry-After"]) >= 1


def finish_the_story(app: Flask, ledger: Ledger, thread: str, gate: bool) -> None:
    """After the next turn: with the gate on, the one held action runs once on confirmation
    and never again; with the gate off, the cancel ran once and stays so."""
    held = [a for a in ledger.records("pending") if a["conversationId"] == thread]
    if not gate:
        assert held == []
        ledger.assert_canceled_once()
        return
    assert len(held) == 1 and held[0]["status"] == "pending", held  # not duplicated by a replay
    ledger.assert_untouched()
    client, h = app.test_client(), headers(app, ALICE)
    first = client.post(f"/api/ai/actions/{held[0]['id']}/confirm", headers=h)
    assert first.status_code == 200, first.json
    again = client.post(f"/api/ai/actions/{held[0]['id']}/confirm", headers=h)
    assert again.status_code == 409
    ledger.assert_canceled_once()


def assert_after_failure(ledger: Ledger, gate: bool) -> None:
    if gate:
        ledger.assert_untouched()
        assert [a["status"] for a in ledger.records("pending")] == ["pending"]
    else:
        ledger.assert_canceled_once()


OPENAI_CASES = [  # every failure on a server-side Conversation (where the next turn replays
    # the interrupted call); stateless, the failures that end a stream differently
    *((failure, "conversations") for failure in OPENAI_FAILURES),
    *((failure, "stateless") for failure in ("timeout", "broken stream", "in-stream exception")),
]


@pytest.mark.parametrize("gate", GATES)
@pytest.mark.parametrize(("failure", "mode"), OPENAI_CASES)
def test_openai_failing_after_an_action_call(failure, mode, gate):
    step, status = OPENAI_FAILURES[failure]
    with openai.FakeOpenAI() as fake:
        provider = {
            "ai_provider": "openai",
            "openai_base_url": f"{fake.url}/v1",
            "openai_api_key": "test",
            "openai_mode": mode,
            "openai_timeout": TIMEOUT,
            "openai_max_retries": 0,
        }
        with app_on(provider, GATES[gate]) as app:
            ledger = Ledger(app)
            thread = app.test_client().post("/api/ai/start", headers=headers(app, ALICE))
            thread = thread.json["threadId"]
            fake.script(openai.ToolCalls([CANCEL], ids=["call_cancel"]), step)
            assert_clear_error(*message(app, thread, "Cancel CM-7890 please"), status)
            assert_after_failure(ledger, GATES[gate])

            # The conversation goes on. With server-side state the interrupted call is
            # answered first (the provider runs it again under its call id: a replay).
            fake.script(openai.Text("Sorry about that. Anything else?"))
            resp, _ = message(app, thread, "Hello? Did it work?")
            assert resp.status_code == 200, resp.json
            assert resp.json["response"] == "Sorry about that. Anything else?"
            if mode == "conversations":
                assert all("No tool output found" in r for r in fake.rejected), fake.rejected
                fake.rejected.clear()  # OpenAI's refusal of the dangling call: expected
                replayed = tool_outputs(fake.model_requests[-1])["call_cancel"]
                if GATES[gate]:  # held again under the same action, not a second one
                    assert replayed["status"] == "awaiting_confirmation", replayed
                else:  # the recorded outcome, not a second cancel
                    assert replayed.get("replayed") is True, replayed
            assert fake.rejected == []
            finish_the_story(app, ledger, thread, GATES[gate])


@pytest.mark.parametrize("gate", GATES)
@pytest.mark.parametrize("failure", BEDROCK_FAILURES)
def test_bedrock_failing_after_an_action_call(failure, gate):
    steps, status = BEDROCK_FAILURES[failure]
    with bedrock.BedrockAgentServer() as agent:
        provider = {
            "ai_provider": "bedrock",
            "bedrock_agent_id": agent.agent_id,
            "bedrock_agent_alias_id": agent.alias_id,
            "bedrock_endpoint_url": agent.url,
            "bedrock_max_attempts": 1,
            "bedrock_read_timeout": TIMEOUT,
        }
        with app_on(provider, GATES[gate]) as app:
            ledger = Ledger(app)
            thread = app.test_client().post("/api/ai/start", headers=headers(app, ALICE))
            thread = thread.json["threadId"]
            agent.script([bedrock.ReturnControl([CANCEL])], steps)
            assert_clear_error(*message(app, thread, "Cancel CM-7890 please"), status)
            assert_after_failure(ledger, GATES[gate])

            agent.script(bedrock.Chunk("Sorry about that. Anything else?"))
            resp, _ = message(app, thread, "Hello? Did it work?")
            assert resp.status_code == 200, resp.json
            assert resp.json["response"] == "Sorry about that. Anything else?"
            finish_the_story(app, ledger, thread, GATES[gate])
            agent.assert_all_used()
