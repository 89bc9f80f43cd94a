"""`api`: requests/s and latency of three endpoints under gunicorn, beside the raw DynamoDB call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from bench import cpu, data
from bench.load import Cell, HttpWorker, Worker, closed_loop
from bench.report import Options, now_iso, print_table
from bench.stack import Database, Server, app_server, database

CONCURRENCY = (1, 8, 32)
ALICE = "alice@example.com"
BUYER = "bench-buyer@example.com"
PRODUCT = "P-1001"


@dataclass(frozen=True)
class Target:
    """An endpoint and the DynamoDB call that is its floor."""

    name: str
    http: Callable[[int, Database], Worker]
    db_call: str
    db: Callable[[Database], Worker] | None


def _bearer(db: Database, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {db.token(email)}"}


def db_worker(call: Callable[[], Any]) -> Worker:
    """A Worker around one boto3 call: "ok", or the error code."""

    def run() -> str:
        try:
            call()
        except ClientError as exc:
            return f"aws:{exc.response.get('Error', {}).get('Code', '?')}"
        except BotoCoreError as exc:
            return f"error:{type(exc).__name__}"
        return "ok"

    return run


def _get_item(db: Database) -> Worker:
    key = {"id": {"S": PRODUCT}}
    table = db.table("products")
    return db_worker(lambda: db.client.get_item(TableName=table, Key=key, ConsistentRead=True))


def _query(db: Database) -> Worker:
    request = data.query_by_email_request(db.table("orders"), ALICE)
    return db_worker(lambda: db.client.query(**request))


def _transact(db: Database) -> Worker:
    base = data.order_item("CM-0", BUYER, now_iso().replace("Z", ".000000Z"), lines=1)
    orders, products = db.table("orders"), db.table("products")

    def call() -> Any:
        item = {**base, "id": {"S": f"CM-F{data.unique_suffix()}"}}
        return db.client.transact_write_items(**data.create_order_request(orders, products, item))

    return db_worker(call)


def _order_body() -> dict[str, Any]:
    return {
        "items": [{"productId": data.BENCH_PRODUCT, "quantity": 1}],
        "shippingAddress": data.ADDRESS,
    }


TARGETS = (
    Target(
        f"GET /api/products/{PRODUCT}",
        lambda port, db: HttpWorker(port, "GET", f"/api/products/{PRODUCT}"),
        "GetItem",
        _get_item,
    ),
    Target(
        "GET /api/orders/user?email=",
        lambda port, db: HttpWorker(
            port, "GET", f"/api/orders/user?email={ALICE}", headers=_bearer(db, ALICE)
        ),
        "Query byUserEmail",
        _query,
    ),
    Target(
        "POST /api/orders",
        lambda port, db: HttpWorker(
            port, "POST", "/api/orders", _order_body(), _bearer(db, BUYER), expect=201
        ),
        "TransactWriteItems",
        _transact,
    ),
    Target(
        "GET /api/health/live",
        lambda port, db: HttpWorker(port, "GET", "/api/health/live"),
        "(none: HTTP floor)",
        None,
    ),
)


def _measure(
    factory: Callable[[], Worker], concurrency: int, options: Options, pids: dict[str, int]
) -> Cell:
    warmup, duration = (0.3, 1.5) if options.quick else (1.0, 5.0)
    workers = [factory() for _ in range(concurrency)]
    try:
        return closed_loop(workers, warmup, duration, lambda: cpu.snapshot(pids))
    finally:
        for worker in workers:
            getattr(worker, "close", lambda: None)()


def _ratios(api: dict[str, Any], floor: dict[str, Any] | None) -> dict[str, Any]:
    if floor is None or not floor["latency_ms"]["p50"] or not floor["rps"]:
        return {"p50": None, "rps": None}
    p50 = (
        api["latency_ms"]["p50"] / floor["latency_ms"]["p50"] if api["latency_ms"]["p50"] else None
    )
    return {"p50": p50, "rps": api["rps"] / floor["rps"]}


def warm_up(app: Server, db: Database, options: Options) -> None:
    """A JVM runs slowly until its JIT has compiled the hot paths: load every path first."""
    seconds = 0.5 if options.quick else 2.0
    for target in TARGETS:
        http = [target.http(app.port, db) for _ in range(8)]
        closed_loop(http, 0.0, seconds)
        for worker in http:
            getattr(worker, "close", lambda: None)()
        if target.db is not None:
            closed_loop([target.db(db) for _ in range(8)], 0.0, seconds)


def _cell(target: Target, app: Server, db: Database, c: int, options: Options) -> dict[str, Any]:
    pids = {"app": app.pid, "dynamodb": db.pid}
    api = _measure(lambda: target.http(app.port, db), c, options, pids).figures()
    floor = None
    if target.db is not None:
        floor = _measure(lambda: target.db(db), c, options, {"dynamodb": db.pid}).figures()
    row = {"endpoint": target.name, "db_call": target.db_call, "concurrency": c}
    print(f"  {target.name} c={c}: {api['rps']} req/s", flush=True)
    return {**row, "api": api, "db": floor, "ratio": _ratios(api, floor)}


def _row(cell: dict[str, Any]) -> list[Any]:
    api, floor, ratio = cell["api"], cell["db"] or {}, cell["ratio"]
    db_lat = floor.get("latency_ms", {})
    errors = f"{api['errors']}/{floor.get('errors', 0)}"
    return [
        cell["endpoint"], cell["concurrency"], api["rps"], api["latency_ms"]["p50"],
        api["latency_ms"]["p99"], cell["db_call"], floor.get("rps"), db_lat.get("p50"),
        db_lat.get("p99"), ratio["p50"], ratio["rps"], errors,
    ]  # fmt: skip


HEADERS = (
    "endpoint", "conc", "API req/s", "API p50 ms", "API p99 ms", "DB call", "DB calls/s",
    "DB p50 ms", "DB p99 ms", "p50 x DB", "req/s / DB", "errors API/DB",
)  # fmt: skip


CPU_HEADERS = (
    "endpoint", "conc", "API: gunicorn", "API: DynamoDB Local", "API: load gen",
    "DB call: DynamoDB Local", "DB call: boto3 client",
)  # fmt: skip


def _cpu_row(cell: dict[str, Any]) -> list[Any]:
    api = cell["api"]["cpu_ms_per_request"] or {}
    floor = (cell["db"] or {}).get("cpu_ms_per_request") or {}
    return [
        cell["endpoint"], cell["concurrency"], api.get("app"), api.get("dynamodb"),
        api.get("client"), floor.get("dynamodb"), floor.get("client"),
    ]  # fmt: skip


def run(options: Options) -> dict[str, Any]:
    """Every target at every concurrency: the endpoint, then its DynamoDB call."""
    with database() as db:
        db.client.put_item(TableName=db.table("products"), Item=data.bench_product(now_iso()))
        db.client.put_item(TableName=db.table("customers"), Item=data.bench_customer(BUYER))
        with app_server(db) as app:
            warm_up(app, db, options)
            cells = [_cell(t, app, db, c, options) for t in TARGETS for c in CONCURRENCY]
    print_table("API vs the DynamoDB floor (latency in ms)", HEADERS, [_row(c) for c in cells])
    print_table("CPU per request (ms, all cores)", CPU_HEADERS, [_cpu_row(c) for c in cells])
    timing = (
        {"warmup_s": 0.3, "duration_s": 1.5}
        if options.quick
        else {"warmup_s": 1.0, "duration_s": 5.0}
    )
    setup = {
        "server": "gunicorn -c gunicorn.conf.py wsgi:app, 2 gthread workers x 4 threads",
        "database": "DynamoDB Local (in memory), seeded; same instance for API and DB calls",
        "load_generator": "Python threads, one keep-alive http.client connection each",
        "db_client": "one boto3 client shared by the threads, built as the app builds its own",
        **timing,
    }
    return {"setup": setup, "cells": cells}
