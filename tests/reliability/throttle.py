"""DynamoDB faults injected into the app's own boto3 client with botocore event hooks.

A `before-send.dynamodb.<Operation>` handler is asked before the request goes out: returning
a response makes it the answer, so the request never reaches the database, exactly as a
throttled request is not applied. botocore's retry handler sees the answer like any other:
with attempts left it backs off and tries again.

botocore asks every before-send handler, not only until one answers; moto's stub is one of
them and would apply the request anyway. So the fault, registered first, points the request
it answers at an address no stub serves (nothing is sent there: the fault's answer is used),
and a handler registered last on plain `before-send` (asked after the operation's own
handlers and moto's) points it back, for the retry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from flask import Flask

PREFIX = "com.amazonaws.dynamodb.v20120810#"
THROUGHPUT = {
    "__type": PREFIX + "ProvisionedThroughputExceededException",
    "message": "The level of configured provisioned throughput for the table was exceeded.",
}


def throttled_transaction(operations: int) -> dict[str, Any]:
    """What DynamoDB answers when a transaction lacks capacity: the transaction is canceled,
    with a reason per operation (ThrottlingError), not a ProvisionedThroughputExceeded."""
    return {
        "__type": PREFIX + "TransactionCanceledException",
        "message": "Transaction cancelled, please refer cancellation reasons for specific "
        "reasons [" + ", ".join(["ThrottlingError"] * operations) + "]",
        "CancellationReasons": [
            {"Code": "ThrottlingError", "Message": "Throughput exceeds the current capacity."}
        ]
        * operations,
    }


UNSERVED = "http://127.0.0.1:9/fault-injected"  # never requested: the fault answered


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


@dataclass
class Fault:
    """Answers the first `times` matching requests with `error` (HTTP `status`)."""

    times: int
    table: str | None = None  # only requests naming this table
    error: dict[str, Any] = field(default_factory=lambda: dict(THROUGHPUT))
    status: int = 400
    hits: int = 0
    delays: list[float] = field(default_factory=list)  # the SDK's back-off between attempts

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        body = request.body or b""
        body = body if isinstance(body, bytes) else str(body).encode()
        if self.hits >= self.times or (self.table and f'"{self.table}"'.encode() not in body):
            return None
        self.hits += 1
        url = request.context["fault_url"] = request.url
        request.url = UNSERVED  # for the other before-send handlers (moto's stub)
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault"}
        return AWSResponse(url, self.status, headers, _Body(json.dumps(self.error).encode()))


def _restore_url(request: Any, **_: Any) -> None:
    if "fault_url" in request.context:
        request.url = request.context.pop("fault_url")


def dynamodb_client(app: Flask) -> Any:
    return app.extensions["cloudmart"].dynamodb.get()


def _retry_policy(client: Any) -> Any | None:
    """The RetryPolicy of this client's standard-mode retry handler (botocore's internals, as
    pinned in requirements.txt; None if they moved)."""
    emitter = getattr(client.meta.events, "_emitter", client.meta.events)
    for handler in emitter._handlers.prefix_search("needs-retry.dynamodb"):
        policy = getattr(getattr(handler, "__self__", None), "_retry_policy", None)
        if policy is not None and hasattr(policy, "compute_retry_delay"):
            return policy
    return None


@contextmanager
def short_backoff(app: Flask) -> Iterator[list[float]]:
    """The SDK's back-off delays as its policy computes them (which errors are retried and how
    often is untouched), but waited for 10 ms at most, so a test of the retry budget does not
    sleep seconds of jitter."""
    delays: list[float] = []
    policy = _retry_policy(dynamodb_client(app))
    if policy is None:
        raise RuntimeError("botocore's standard retry policy was not found: update throttle.py")
    compute = policy.compute_retry_delay

    def shortened(context: Any) -> float:
        delays.append(compute(context))
        return min(delays[-1], 0.01)

    policy.compute_retry_delay = shortened
    try:
        yield delays
    finally:
        del policy.compute_retry_delay  # the class's method again


@contextmanager
def fault(
    app: Flask, operation: str, times: int, table: str | None = None, **kwargs: Any
) -> Iterator[Fault]:
    """Inject a Fault into `operation` of the app's client (table: a suffix, e.g. "orders");
    the SDK's back-off is shortened meanwhile (short_backoff), its delays kept in `delays`."""
    name = app.extensions["cloudmart"].settings.table_name(table) if table else None
    handler = Fault(times, name, **kwargs)
    events = dynamodb_client(app).meta.events
    event = f"before-send.dynamodb.{operation}"
    events.register_first(event, handler)
    events.register_last("before-send", _restore_url)
    try:
        with short_backoff(app) as handler.delays:
            yield handler
    finally:
        events.unregister(event, handler)
        events.unregister("before-send", _restore_url)
