"""Prometheus metrics of the API, the model and the assistant's actions (prometheus-client).

Under gunicorn each worker is a process: gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR before
any worker imports this module, so the values live in files there and `/metrics` sums them over
every worker (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

HTTP_REQUESTS = Counter(
    "cloudmart_http_requests_total", "HTTP requests answered", ["route", "method", "status"]
)
HTTP_SECONDS = Histogram(
    "cloudmart_http_request_duration_seconds",
    "Time to answer an HTTP request (to the first byte, for a stream)",
    ["route", "method"],
    buckets=SECONDS,
)
MODEL_REQUESTS = Counter(
    "cloudmart_model_requests_total",
    "Requests to the model (round trips); outcome error: the turn failed",
    ["provider", "outcome"],
)
MODEL_SECONDS = Histogram(
    "cloudmart_model_request_duration_seconds",
    "Time of one model request, its streamed answer included",
    ["provider"],
    buckets=SECONDS,
)
MODEL_TOKENS = Counter(
    "cloudmart_model_tokens_total", "Tokens the model reported", ["provider", "kind"]
)
TURNS = Counter("cloudmart_chat_turns_total", "Chat turns answered", ["provider", "outcome"])
TURN_SECONDS = Histogram(
    "cloudmart_chat_turn_duration_seconds", "Time of a whole chat turn", ["provider"],
    buckets=SECONDS,
)  # fmt: skip
TOOL_CALLS = Counter("cloudmart_tool_calls_total", "Tool calls run", ["tool", "outcome"])
TOOL_SECONDS = Histogram(
    "cloudmart_tool_call_duration_seconds", "Time of one tool call", ["tool"], buckets=SECONDS
)
PENDING_ACTIONS = Counter(
    "cloudmart_pending_actions_total",
    "Actions held for confirmation, and what became of them",
    ["event"],  # proposed, confirmed, declined, expired, failed
)
RATE_LIMITED = Counter(
    "cloudmart_rate_limited_total", "Requests refused by a rate limit or budget", ["kind"]
)
HANDOFFS = Counter("cloudmart_handoff_tickets_total", "Tickets handed to a human")
STAFF_REPLIES = Counter(
    "cloudmart_staff_replies_total", "Replies staff wrote into customers' chats", ["agent"]
)
STAFF_TIMES = (30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600)
TICKET_FIRST_RESPONSE = Histogram(
    "cloudmart_ticket_first_response_seconds",
    "Time from a hand-off to a person's first answer",
    buckets=STAFF_TIMES,
)
TICKET_RESOLUTION = Histogram(
    "cloudmart_ticket_resolution_seconds",
    "Time from a hand-off to its ticket's resolution",
    buckets=STAFF_TIMES,
)
CONFLICTS = Counter(
    "cloudmart_dynamodb_conflicts_total",
    "Conditional writes that lost to a concurrent change (answered 409)",
    ["table"],
)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format: every worker's, in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
