"""Structured logs: one JSON object a line (or readable lines under `make run`), each with the
request id, the customer and the conversation it was written for.

Nothing personal goes in: a customer is their id (an email-shaped id is hashed), never an
email, an address, a token or a message text; routes are logged as their template, never the
path and query a client sent.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
customer: ContextVar[str | None] = ContextVar("customer", default=None)
conversation: ContextVar[str | None] = ContextVar("conversation", default=None)
CONTEXT = {"request_id": request_id, "customer": customer, "conversation": conversation}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s [request %(request_id)s]"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


def customer_label(customer_id: str) -> str:
    """How a customer appears in logs: their id, or a hash of it when it is an email."""
    if "@" not in customer_id:
        return customer_id
    return "h:" + hashlib.sha256(customer_id.lower().encode()).hexdigest()[:16]


class ContextFilter(logging.Filter):
    """Adds the request id, customer and conversation of the current request to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


def configure(fmt: str = "json", level: str = "INFO") -> None:
    """Log to standard error, JSON lines (production) or readable lines (`make run`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(JSON_FIELDS, rename_fields={"asctime": "time", "levelname": "level"})
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("botocore", "urllib3", "httpx", "httpx2", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING)  # their DEBUG lines carry bodies
