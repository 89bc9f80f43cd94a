"""Helpers for the chat tests: table snapshots and server-sent events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

from tests.api.support import table_snapshot

DATA_TABLES = ("orders", "products", "tickets")


def scan(raw_dynamodb: Any, app: Flask, suffix: str) -> list[dict[str, Any]]:
    """Every item of one of the app's tables, sorted by id."""
    return table_snapshot(raw_dynamodb, app.extensions["cloudmart"].settings.table_name(suffix))


def snapshot(raw_dynamodb: Any, app: Flask) -> dict[str, list[dict[str, Any]]]:
    """What the shop holds: orders, products and tickets (not the assistant's own records)."""
    return {suffix: scan(raw_dynamodb, app, suffix) for suffix in DATA_TABLES}


def agent_records(raw_dynamodb: Any, app: Flask, kind: str | None = None) -> list[dict[str, Any]]:
    items = scan(raw_dynamodb, app, "agent-actions")
    return [i for i in items if kind is None or i["kind"]["S"] == kind]


@contextmanager
def dynamodb_calls(app: Flask) -> Iterator[list[str]]:
    """The DynamoDB operations the app's own client makes meanwhile (botocore's event hooks)."""
    made: list[str] = []
    events = app.extensions["cloudmart"].dynamodb.meta.events

    def count(model: Any, **_: Any) -> None:
        made.append(model.name)

    events.register("before-call.dynamodb", count)
    try:
        yield made
    finally:
        events.unregister("before-call.dynamodb", count)


def parse_sse(body: str) -> list[tuple[str, Any]]:
    """A text/event-stream body -> [(event, data)], data decoded from JSON."""
    events = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        lines = [line for line in block.splitlines() if not line.startswith(":")]  # comments
        fields = dict(line.split(": ", 1) for line in lines)
        if "event" in fields:  # a block of only `retry:` or comments carries no event
            events.append((fields["event"], json.loads(fields["data"])))
    return events
