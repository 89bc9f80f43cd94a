"""`concurrency`: N customers send a message at the same moment; how many chats one server holds.

The model is tests/fakes/openai_server.py answering every request with a plain text after a
fixed latency (1 s), so a turn is one model round trip. Each of N clients (a thread with its own
connection, in a load-generator process of its own: bench/loadgen.py) has its own conversation;
all send at once (a barrier), on the streaming endpoint (the page's path) or the JSON one. Before
that, plain turns one after another with a model answering at once; after, 100 connections that
send their request headers slowly are held open while health checks are timed. All of it twice
in one run: the server of an older commit (BENCH_BASELINE, default 1422ce7, checked out into a
temporary git worktree), then this checkout's, so CPU per turn compares under the same load.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import cpu, loadgen, revisions
from bench.report import Options, print_table, summary_ms
from bench.stack import REPO_ROOT, Database, Server, app_server, database

ALICE = "alice@example.com"
MODEL_S = 1.0
SIZES = (16, 64, 256, 512)
QUICK_SIZES = (16, 64)
PATHS = {"stream": "/api/ai/message/stream", "json": "/api/ai/message"}
SLOW_CLIENTS = 100
HEALTH_CHECKS = 30
PLAIN_TURNS = 60


def _post(port: int, token: str, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
    return loadgen.post(port, token, path, body)


def _generate(
    app: Server, db: Database, job: dict[str, Any], pids: dict[str, int]
) -> tuple[list[tuple[bool, float]], float, dict[str, float | None]]:
    """Run `job` in a load-generator process (bench/loadgen.py); its results, wall time, and the
    CPU per turn of each tree while the turns ran (the conversations are opened before)."""
    command = [sys.executable, "-m", "bench.loadgen"]
    job = {"port": app.port, "token": db.token(ALICE), **job}
    with subprocess.Popen(
        command, cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as gen:
        assert gen.stdin is not None and gen.stdout is not None
        gen.stdin.write(json.dumps(job) + "\n")
        gen.stdin.flush()
        if gen.stdout.readline().strip() != "ready":
            raise RuntimeError("the load generator could not open its conversations")
        before = cpu.snapshot({**pids, "loadgen": gen.pid})
        gen.stdin.write("go\n")
        gen.stdin.flush()
        done = json.loads(gen.stdout.readline())
        after = cpu.snapshot({**pids, "loadgen": gen.pid})
    results = [(bool(ok), float(s)) for ok, s in done["results"]]
    return results, float(done["wall"]), cpu.per_request_ms(before, after, job["n"])


def _at_once(app: Server, db: Database, kind: str, n: int, pids: dict[str, int]) -> dict[str, Any]:
    """N turns sent at the same moment; wall time, latency, errors, chats held, CPU per turn."""
    results, wall, cpu_ms = _generate(app, db, {"path": PATHS[kind], "n": n}, pids)
    return {
        "endpoint": kind,
        "n": n,
        "wall_s": round(wall, 3),
        "latency_ms": summary_ms([s for ok, s in results if ok]),
        "errors": sum(not ok for ok, _ in results),
        "held_at_once": round(n * MODEL_S / wall, 1),
        "cpu_ms_per_turn": cpu_ms,
    }


def _plain(app: Server, db: Database, pids: dict[str, int], turns: int) -> dict[str, Any]:
    """Plain streamed turns one after another with a zero-latency model (after a warm-up)."""
    _generate(app, db, {"path": PATHS["stream"], "n": 10, "at_once": False}, pids)
    job = {"path": PATHS["stream"], "n": turns, "at_once": False}
    results, wall, cpu_ms = _generate(app, db, job, pids)
    return {
        "endpoint": "stream, one by one, model 0 s",
        "n": turns,
        "wall_s": round(wall, 3),
        "latency_ms": summary_ms([s for ok, s in results if ok]),
        "errors": sum(not ok for ok, _ in results),
        "cpu_ms_per_turn": cpu_ms,
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


def _server(db: Database, label: str, root: Path, sizes: tuple[int, ...]) -> dict[str, Any]:
    """One revision's server (its own gunicorn.conf.py): plain turns one by one, then N at once,
    then slow clients."""
    from tests.fakes.openai_server import Delay, FakeOpenAI, Text

    with FakeOpenAI() as fake:
        env = {
            "AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": f"{fake.url}/v1",
            "OPENAI_API_KEY": "bench",
            "OPENAI_MODE": "stateless",  # one request per turn: the fake's conversations aside
            "GUNICORN_WORKER_CLASS": "gevent",
        }
        with app_server(db, env, root) as app:
            pids = {"app": app.pid, "dynamodb": db.pid}
            fake.always = Text("Orders ship within two business days.")
            plain = _plain(app, db, pids, PLAIN_TURNS)
            fake.always = Delay(MODEL_S, Text("Orders ship within two business days."))
            cells = [_at_once(app, db, kind, n, pids) for n in sizes for kind in PATHS]
            slow = _slowloris(app)
            print(f"  {label}: done (fake saw {fake.max_in_flight} at once)", flush=True)
            return {"worker_class": label, "plain": plain, "cells": cells, "slow_headers": slow}


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


PLAIN_HEADERS = (
    "server", "turns", "wall s", "p50 ms", "p99 ms", "errors", "app CPU ms/turn",
    "DB CPU ms/turn", "load generator CPU ms/turn",
)  # fmt: skip


def _plain_row(server: dict[str, Any]) -> list[Any]:
    c = server["plain"]
    cpu_ms = c["cpu_ms_per_turn"]
    return [
        server["worker_class"], c["n"], c["wall_s"], c["latency_ms"]["p50"],
        c["latency_ms"]["p99"], c["errors"], cpu_ms["app"], cpu_ms["dynamodb"], cpu_ms["loadgen"],
    ]  # fmt: skip


def _revisions(sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """The baseline commit and this checkout, measured one after the other on one database."""
    with database() as db, revisions.checkout(revisions.BASELINE) as old:
        return [
            _server(db, f"@{revisions.describe(root)}", root, sizes) for root in (old, REPO_ROOT)
        ]


def run(options: Options) -> dict[str, Any]:
    servers = _revisions(QUICK_SIZES if options.quick else SIZES)
    print_table(
        "Plain streamed turns one after another, model answering at once",
        PLAIN_HEADERS,
        [_plain_row(s) for s in servers],
    )
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
    "server": "gunicorn -c gunicorn.conf.py wsgi:app, 2 gevent workers (1000 connections each), "
    f"from commit {revisions.BASELINE} (a temporary git worktree) and from this checkout, one "
    "after the other in one run, on one DynamoDB Local",
    "database": "DynamoDB Local (in memory), seeded",
    "model": f"tests/fakes/openai_server.py, stateless mode, a plain text after {MODEL_S:g} s",
    "clients": "bench/loadgen.py in its own process: N threads, one connection and one "
    "conversation each, released by one barrier",
    "plain": f"{PLAIN_TURNS} plain streamed turns one after another, model answering at once "
    "(after 10 unmeasured)",
    "held_at_once": "N x model time / wall time",
    "cpu": "CPU ms per turn (from /proc, user + system) of the gunicorn process tree, DynamoDB "
    "Local's JVM and the load generator, between the barrier and the last answer",
    "slow_headers": f"{SLOW_CLIENTS} connections sending one header line a second, never ending "
    f"their headers, while {HEALTH_CHECKS} health checks run one after another",
}
