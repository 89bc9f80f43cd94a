"""Filling an orders table fast: BatchWriteItem from parallel threads, within a time budget."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from bench.data import order_item, query_by_email_request
from bench.stack import Database

THREADS = 8
BATCH = 25  # BatchWriteItem's maximum
OTHER_CUSTOMERS = 4999
STEP = 10_000  # a reduced size is rounded down to this
EPOCH = datetime(2026, 1, 1)
SETUP = {
    "database": "DynamoDB Local (in memory); the app's orders table and its byUserEmail index",
    "items": "orders as the app stores them (2 lines, address, history), ~0.6 KB each",
    "others": f"all other orders spread over {OTHER_CUSTOMERS} other customers",
    "query": "OrderRepository.list_by_email (Query on byUserEmail, page of 20, newest first)",
    "scan": "Scan + FilterExpression userEmail = :email over every page, then sorted",
    "loading": f"BatchWriteItem of {BATCH} from {THREADS} threads",
}
query_request = query_by_email_request


class Plan:
    """Adds orders to the table; the target customer's come first, spread among the others."""

    def __init__(self, db: Database, target: str, target_orders: int, budget_s: float) -> None:
        self.db, self.target, self.target_orders = db, target, target_orders
        self.loaded, self.rate = 0, 0.0
        self.deadline = time.monotonic() + budget_s
        self._template = order_item("CM-0", target, EPOCH.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))

    def _item(self, n: int) -> dict[str, Any]:
        spacing = 50  # the target's orders: every 50th of the first target_orders * 50
        mine = n % spacing == 7 and n // spacing < self.target_orders
        email = self.target if mine else f"customer{n % OTHER_CUSTOMERS}@example.com"
        at = (EPOCH + timedelta(seconds=37 * n)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {
            **self._template,
            "id": {"S": f"CM-S{n:07d}"},
            "userEmail": {"S": email},
            "createdAt": {"S": at},
            "updatedAt": {"S": at},
        }

    def _write(self, numbers: range) -> None:
        requests = [{"PutRequest": {"Item": self._item(n)}} for n in numbers]
        pending = {self.db.table("orders"): requests}
        for attempt in range(20):
            unprocessed = self.db.client.batch_write_item(RequestItems=pending)
            pending = unprocessed.get("UnprocessedItems") or {}
            if not pending:
                return
            time.sleep(min(0.05 * 2**attempt, 2.0))
        raise RuntimeError("BatchWriteItem left items unprocessed after 20 attempts")

    def _affordable(self, wanted: int) -> tuple[int, str | None]:
        if not self.rate:
            return wanted, None
        left = self.deadline - time.monotonic()
        if (wanted - self.loaded) / self.rate <= left:
            return wanted, None
        fits = self.loaded + int(self.rate * max(left, 0.0)) // STEP * STEP
        if fits <= self.loaded:
            return self.loaded, None
        why = (
            f"{wanted:,} orders would take ~{(wanted - self.loaded) / self.rate:,.0f} s more to "
            f"load at {self.rate:,.0f} items/s; measured at {fits:,} (the largest that fits)"
        )
        return fits, why

    def grow_to(self, wanted: int) -> dict[str, Any]:
        """Load orders up to `wanted` (or fewer when the budget runs short); how it went."""
        size, reduced = self._affordable(wanted)
        started = time.monotonic()
        batches = [range(s, min(s + BATCH, size)) for s in range(self.loaded, size, BATCH)]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(self._write, batches))
        took = time.monotonic() - started
        added = size - self.loaded
        self.loaded = size
        if added:
            self.rate = added / took
        return {
            "orders": size,
            "wanted": wanted,
            "added": added,
            "load_s": round(took, 2),
            "items_per_s": round(added / took, 1) if took else 0.0,
            "reduced": reduced,
        }
