"""One measured chat scenario each: a plain answer, the same answer streamed, a confirmed cancel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench import data
from bench.chat_client import ApiClient
from bench.chat_models import Model

PLAIN_QUESTION = "What can you do for me?"


@dataclass
class Turns:
    """A signed-in customer's client and the model behind the app, at one model latency."""

    client: ApiClient
    model: Model
    latency_s: float

    def start(self) -> str:
        return str(self.client.ok("POST", "/api/ai/start").body["threadId"])

    def say(self, thread: str, text: str) -> tuple[dict[str, Any], float, int]:
        """One JSON turn: its body, its duration and the model requests the fake saw."""
        before = self.model.requests()[1]
        turn = self.client.ok("POST", "/api/ai/message", {"threadId": thread, "message": text})
        return turn.body, turn.seconds, self.model.requests()[1] - before

    def new_order(self) -> str:
        body = {
            "items": [{"productId": data.BENCH_PRODUCT, "quantity": 1}],
            "shippingAddress": data.ADDRESS,
        }
        return str(self.client.ok("POST", "/api/orders", body, expect=201).body["id"])


def plain(turns: Turns) -> dict[str, Any]:
    """A question the model answers without a tool (one round trip)."""
    thread = turns.start()
    turns.model.plain(turns.latency_s)
    body, seconds, seen = turns.say(thread, PLAIN_QUESTION)
    trips = body["usage"]["modelRoundTrips"]
    return {"e2e": seconds, "trips": trips, "fake_trips": seen, "model": trips * turns.latency_s}


def streamed(turns: Turns) -> dict[str, Any]:
    """The plain question on /api/ai/message/stream: first text, and the whole stream."""
    thread = turns.start()
    turns.model.plain(turns.latency_s)
    body = {"threadId": thread, "message": PLAIN_QUESTION}
    result = turns.client.stream("/api/ai/message/stream", body)
    if "done" not in result.events or result.first_text_s is None:
        raise RuntimeError(f"the stream ended without text and done: {result.events}")
    return {"first_text": result.first_text_s, "e2e": result.seconds}


def cancel(turns: Turns) -> dict[str, Any]:
    """'Cancel order X' (the model calls cancel_pending_order; the server asks), then the
    confirm call."""
    order_id = turns.new_order()
    thread = turns.start()
    turns.model.cancel(order_id, turns.latency_s)
    body, message_s, seen = turns.say(thread, f"Please cancel order {order_id}")
    pending = body.get("pendingAction") or {}
    if pending.get("tool") != "cancel_pending_order":
        raise RuntimeError(f"no pending cancel_pending_order after the turn: {body}")
    confirm = turns.client.ok("POST", f"/api/ai/actions/{pending['id']}/confirm")
    status = turns.client.ok("GET", f"/api/orders/{order_id}").body["status"]
    if status != "canceled":
        raise RuntimeError(f"order {order_id} is {status} after the confirmation")
    trips = body["usage"]["modelRoundTrips"]
    return {
        "e2e": message_s + confirm.seconds,
        "message": message_s,
        "confirm": confirm.seconds,
        "trips": trips,
        "fake_trips": seen,
        "model": trips * turns.latency_s,
    }


SCENARIOS = {"plain": plain, "stream": streamed, "cancel": cancel}
