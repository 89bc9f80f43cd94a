"""`concurrency`: N customers send a message at the same moment; how many chats one server holds.

The model is tests/fakes/openai_server.py answering every request with a plain text after a
fixed latency (1 s), so a turn is one model round trip. Each of N clients (a thread with its own
connection) has its own conversation; all send at once (a barrier), on the streaming endpoint
(the page's path) or the JSON one. Then 100 connections that send their request headers slowly
are held open while health checks are timed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench import cpu
from bench.report import Options, print_table, summary_ms
from bench.stack import Database, Server, app_server, database

ALICE = "alice@example.com"
MODEL_S = 1.0
SIZES = (16, 64, 256, 512)
QUICK_SIZES = (16, 64)
PATHS = {"stream": "/api/ai/message/stream", "json": "/api/ai/message"}
SLOW_CLIENTS = 100
HEALTH_CHECKS = 30
WORKER_CLASSES = ("gevent", "gthread")


def _post(port: int, token: str, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _turn_ok(kind: str, status: int, raw: bytes) -> bool:
    if status != 200:
        return False
    if kind == "stream":
        return b"event: done\n" in raw and b"event: error\n" not in raw
    return bool(json.loads(raw).get("response"))


def _threads(port: int, token: str, n: int) -> list[str]:
    """N new conversations (set up before the clock starts)."""
    with ThreadPoolExecutor(16) as pool:
        started = pool.map(lambda _: _post(port, token, "/api/ai/start", {}), range(n))
        return [json.loads(raw)["threadId"] for _, raw in started]


def _at_once(app: Server, db: Database, kind: str, n: int, pids: dict[str, int]) -> dict[str, Any]:
    """N turns sent at the same moment; wall time, latency, errors, chats held, CPU per turn."""
    token = db.token(ALICE)
    threads = _threads(app.port, token, n)
    barrier = threading.Barrier(n + 1)
    results: list[tuple[bool, float]] = []

    def one(thread_id: str) -> None:
        barrier.wait()
        began = time.perf_counter()
        try:
            body = {"threadId": thread_id, "message": "How fast do you ship?"}
            status, raw = _post(app.port, token, PATHS[kind], body)
            ok = _turn_ok(kind, status, raw)
        except OSError:
            ok = False
        results.append((ok, time.perf_counter() - began))

    before = cpu.snapshot(pids)
    with ThreadPoolExecutor(n) as pool:
        for thread_id in threads:
            pool.submit(one, thread_id)
        barrier.wait()
        started = time.perf_counter()
    wall = time.perf_counter() - started
    after = cpu.snapshot(pids)
    latencies = [s for ok, s in results if ok]
    return {
        "endpoint": kind,
        "n": n,
        "wall_s": round(wall, 3),
        "latency_ms": summary_ms(latencies),
        "errors": sum(not ok for ok, _ in results),
        "held_at_once": round(n * MODEL_S / wall, 1),
        "cpu_ms_per_turn": cpu.per_request_ms(before, after, n),
    }


@contextlib.contextmanager
def _slow_headers(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections that send a request line and then one header line a second."""
    socks: list[socket.socket] = []
    stop = threading.Event()
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(sock)

    def trickle() -> None:
        while not stop.wait(1.0):
            for number, sock in enumerate(socks):
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{number}: {time.time()}\r\n".encode())

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield socks
    finally:
        stop.set()
        thread.join(5)
        for sock in socks:
            sock.close()


def _health_times(port: int, path: str) -> list[float]:
    """HEALTH_CHECKS checks one after another (each given 5 s; after 3 failures the rest are
    counted as failed without waiting: a starved server would take minutes)."""
    times: list[float] = []
    for _ in range(HEALTH_CHECKS):
        if sum(t == float("inf") for t in times) >= 3:
            times.append(float("inf"))
            continue
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        began = time.perf_counter()
        try:
            conn.request("GET", path)
            ok = conn.getresponse().status == 200
        except OSError:
            ok = False
        finally:
            conn.close()
        times.append(time.perf_counter() - began if ok else float("inf"))
        time.sleep(0.05)
    return times


def _slowloris(app: Server) -> dict[str, Any]:
    """Health checks alone, then with SLOW_CLIENTS slow-header connections held open."""
    out: dict[str, Any] = {"slow_clients": SLOW_CLIENTS}
    for label, held in (("alone", 0), ("with_slow_clients", SLOW_CLIENTS)):
        with _slow_headers(app.port, held):
            time.sleep(1.5 if held else 0)  # the slow clients have all connected and trickle
            for path in ("/api/health/live", "/api/health"):
                times = _health_times(app.port, path)
                failed = sum(t == float("inf") for t in times)
                finite = [t for t in times if t != float("inf")]
                out[f"{label} {path}"] = {**summary_ms(finite), "failed": failed}
    return out


def _server(
    db: Database, worker_class: str, sizes: tuple[int, ...], run: Callable[..., Any]
) -> dict[str, Any]:
    from tests.fakes.openai_server import Delay, FakeOpenAI, Text

    with FakeOpenAI() as fake:
        fake.always = Delay(MODEL_S, Text("Orders ship within two business days."))
        env = {
            "AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": f"{fake.url}/v1",
            "OPENAI_API_KEY": "bench",
            "OPENAI_MODE": "stateless",  # one request per turn: the fake's conversations aside
            "GUNICORN_WORKER_CLASS": worker_class,
        }
        with app_server(db, env) as app:
            pids = {"app": app.pid, "dynamodb": db.pid}
            _post(app.port, db.token(ALICE), "/api/ai/start", {})  # workers import the SDK
            cells = [run(app, db, kind, n, pids) for n in sizes for kind in PATHS]
            slow = _slowloris(app)
            print(f"  {worker_class}: done (fake saw {fake.max_in_flight} at once)", flush=True)
            return {"worker_class": worker_class, "cells": cells, "slow_headers": slow}


HEADERS = (
    "workers", "endpoint", "N", "wall s", "p50 ms", "p99 ms", "errors", "held at once",
    "app CPU ms/turn", "DB CPU ms/turn",
)  # fmt: skip


def _row(server: dict[str, Any], c: dict[str, Any]) -> list[Any]:
    cpu_ms = c["cpu_ms_per_turn"]
    return [
        server["worker_class"], c["endpoint"], c["n"], c["wall_s"], c["latency_ms"]["p50"],
        c["latency_ms"]["p99"], c["errors"], c["held_at_once"], cpu_ms["app"], cpu_ms["dynamodb"],
    ]  # fmt: skip


def run(options: Options) -> dict[str, Any]:
    sizes = QUICK_SIZES if options.quick else SIZES
    servers = []
    with database() as db:
        for worker_class in WORKER_CLASSES:
            # gthread is the old model, measured beside it up to 256 (512 takes minutes)
            mine = sizes if worker_class == "gevent" else tuple(n for n in sizes if n <= 256)
            servers.append(_server(db, worker_class, mine, _at_once))
    rows = [_row(s, c) for s in servers for c in s["cells"]]
    print_table(f"N chats sent at once, model {MODEL_S:g} s per answer", HEADERS, rows)
    slow = [
        [s["worker_class"], key, v["p50"], v["p99"], v["max"], v["failed"]]
        for s in servers
        for key, v in s["slow_headers"].items()
        if isinstance(v, dict)
    ]
    print_table(
        f"Health checks (ms) alone and with {SLOW_CLIENTS} slow-header connections open",
        ("workers", "when / path", "p50", "p99", "max", "failed"),
        slow,
    )
    return {"servers": servers, "setup": SETUP}


SETUP = {
    "server": "gunicorn -c gunicorn.conf.py wsgi:app, 2 workers; gevent (1000 connections each) "
    "and, for comparison, gthread (4 threads each)",
    "database": "DynamoDB Local (in memory), seeded",
    "model": f"tests/fakes/openai_server.py, stateless mode, a plain text after {MODEL_S:g} s",
    "clients": "N threads, one connection and one conversation each, released by one barrier",
    "held_at_once": "N x model time / wall time",
    "cpu": "CPU ms per turn of the gunicorn process tree and of DynamoDB Local's JVM",
    "slow_headers": f"{SLOW_CLIENTS} connections sending one header line a second, never ending "
    f"their headers, while {HEALTH_CHECKS} health checks run one after another",
}
