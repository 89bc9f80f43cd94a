"""`scaling`: one customer's orders in a growing table, the index Query against a Scan + filter."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench import loader
from bench.report import Options, print_table, summary_ms
from bench.stack import Database, database
from cloudmart.models import Order
from cloudmart.repositories.customers import CustomerRepository
from cloudmart.repositories.order_items import order_from_item
from cloudmart.repositories.orders import OrderRepository

TARGET = "target-customer@example.com"
TARGET_ORDERS = 20
PAGE = 20  # the app's default page size: one "my orders" page holds all of them
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 5_000)
LOAD_BUDGET_S = 300.0  # all loading together; a size that would not fit is reduced


def scan_by_email(client: Any, table: str, email: str) -> list[Order]:
    """The original design: Scan the whole table, filter on userEmail, sort newest first."""
    args: dict[str, Any] = {
        "TableName": table,
        "FilterExpression": "userEmail = :email",
        "ExpressionAttributeValues": {":email": {"S": email}},
    }
    found: list[Order] = []
    for _ in range(100_000):  # pages; bounded
        resp = client.scan(**args)
        found += [order_from_item(i) for i in resp.get("Items", [])]
        if "LastEvaluatedKey" not in resp:
            break
        args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    return sorted(found, key=lambda o: o.createdAt, reverse=True)


def timed(call: Callable[[], Any], runs: int, budget_s: float, warmup: int = 2) -> list[float]:
    """Durations of up to `runs` calls (at least 3) within `budget_s`, after `warmup` calls."""
    for _ in range(warmup):
        call()
    durations: list[float] = []
    deadline = time.monotonic() + budget_s
    while len(durations) < runs and (len(durations) < 3 or time.monotonic() < deadline):
        started = time.perf_counter()
        call()
        durations.append(time.perf_counter() - started)
    return durations


def _scan_pages(client: Any, table: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One Scan + filter asking for consumed capacity: the matches, and what the scan read."""
    args: dict[str, Any] = {
        "TableName": table,
        "FilterExpression": "userEmail = :email",
        "ExpressionAttributeValues": {":email": {"S": TARGET}},
        "ReturnConsumedCapacity": "TOTAL",
    }
    items, units, scanned, page_s = [], 0.0, 0, []
    for _ in range(100_000):
        started = time.perf_counter()
        resp = client.scan(**args)
        page_s.append(time.perf_counter() - started)
        items += resp.get("Items", [])
        units += resp.get("ConsumedCapacity", {}).get("CapacityUnits", 0.0)
        scanned += resp["ScannedCount"]
        if "LastEvaluatedKey" not in resp:
            break
        args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    pages = {"first_ms": page_s[0] * 1000, "last_ms": page_s[-1] * 1000, "total_s": sum(page_s)}
    read = {"scan_rcu": units, "scan_items": scanned, "scan_pages": len(page_s), **pages}
    return items, read


def capacity_and_check(client: Any, repo: OrderRepository, size: int) -> dict[str, Any]:
    """Both listings once (the warm-up): same orders found? What each read, in read units."""
    query = client.query(
        **loader.query_request(repo.table, TARGET, PAGE), ReturnConsumedCapacity="TOTAL"
    )
    items, read = _scan_pages(client, repo.table)
    via_scan = [o.id for o in sorted(map(order_from_item, items), key=lambda o: o.createdAt)]
    via_index = [o.id for o in repo.list_by_email(TARGET, PAGE, None).items]
    if via_index != via_scan[::-1] or len(via_index) != TARGET_ORDERS:
        raise RuntimeError(f"the listings differ at {size} orders: {via_index} vs {via_scan}")
    return {"query_rcu": query.get("ConsumedCapacity", {}).get("CapacityUnits"), **read}


def measure(db: Database, size: int, quick: bool) -> dict[str, Any]:
    """Time both listings at the table's current size (after one checked warm-up pass)."""
    table = db.table("orders")
    customers = CustomerRepository(db.client, db.table("customers"))
    repo = OrderRepository(db.client, table, db.table("products"), customers)
    read = capacity_and_check(db.client, repo, size)
    # DynamoDB Local is slow until the JVM's JIT has compiled a path: warm each listing up (the
    # Query a few hundred times; the Scan for ~5 s, or not at all when one Scan takes longer).
    query = timed(lambda: repo.list_by_email(TARGET, PAGE, None), 10 if quick else 50, 30.0, 300)
    scan_warmup = min(20, int(5.0 / max(read["total_s"], 0.001)))
    scan_budget = 15.0 if quick else 60.0
    scan = timed(
        lambda: scan_by_email(db.client, table, TARGET),
        5 if quick else 20,
        scan_budget,
        scan_warmup,
    )
    q, s = summary_ms(query), summary_ms(scan)
    print(
        f"  {size:,} orders: Query p50 {q['p50']:,.1f} ms, Scan p50 {s['p50']:,.1f} ms", flush=True
    )
    ratio = s["p50"] / q["p50"]
    return {
        "orders": size,
        "query_ms": q,
        "scan_ms": s,
        "scan_over_query_p50": ratio,
        "capacity": read,
    }


def _row(r: dict[str, Any]) -> list[Any]:
    q, s, c = r["query_ms"], r["scan_ms"], r["capacity"]
    return [
        r["label"], q["p50"], q["p95"], q["n"], s["p50"], s["p95"], s["n"],
        r["scan_over_query_p50"], c["scan_pages"], s["p50"] / c["scan_pages"], c["query_rcu"],
        c["scan_rcu"],
    ]  # fmt: skip


HEADERS = (
    "orders", "Query p50", "Query p95", "n", "Scan p50", "Scan p95", "n", "Scan/Query",
    "pages", "ms/page", "Query RCU", "Scan RCU",
)  # fmt: skip


def run(options: Options) -> dict[str, Any]:
    """Grow the table size by size; at each, time the Query and the Scan."""
    sizes = QUICK_SIZES if options.quick else FULL_SIZES
    results, loads, notes = [], [], []
    with database(seeded=False) as db:
        plan = loader.Plan(db, TARGET, TARGET_ORDERS, LOAD_BUDGET_S)
        for wanted in sizes:
            load = plan.grow_to(wanted)
            loads.append(load)
            if load["reduced"]:
                notes.append(load["reduced"])
            print(f"  {load['orders']:,} orders loaded ({load['items_per_s']:,.0f}/s)", flush=True)
            figures = measure(db, load["orders"], options.quick)
            figures["label"] = f"{load['orders']:,}" + (" (reduced)" if load["reduced"] else "")
            results.append(figures)
            if load["reduced"]:
                break
    print_table(
        "Listing one customer's 20 orders (latency in ms)", HEADERS, [_row(r) for r in results]
    )
    for note in notes:
        print(f"note: {note}")
    return {"sizes": results, "loading": loads, "notes": notes, "setup": loader.SETUP}
