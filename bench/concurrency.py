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

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench import cpu, loadgen, revisions, slow_clients
from bench.dynamodb_proxy import CountingProxy
from bench.report import Options, print_table, summary_ms
from bench.stack import REPO_ROOT, Database, Server, app_server, database

ALICE = "alice@example.com"
MODEL_S = 1.0
SIZES = (16, 64, 256, 512)
QUICK_SIZES = (16, 64)
PATHS = {"stream": "/api/ai/message/stream", "json": "/api/ai/message"}
PLAIN_TURNS = 60
COUNTED_TURNS = 10
# Limits on, as in production, high enough for one customer's benchmark (an older commit
# without limits ignores these).
LIMITS_ON = {
    "RATE_LIMITS": "true",
    "LIMIT_MESSAGES_PER_MINUTE": "1000000",
    "LIMIT_CONVERSATIONS_PER_HOUR": "1000000",
}


def _post(port: int, token: str, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
    return loadgen.post(port, token, path, body)


def _generate(
    app: Server,
    db: Database,
    job: dict[str, Any],
    pids: dict[str, int],
    proxy: CountingProxy | None = None,
) -> tuple[list[tuple[bool, float]], float, dict[str, float | None], dict[str, float]]:
    """Run `job` in a load-generator process (bench/loadgen.py); its results, wall time, the
    CPU per turn of each tree while the turns ran (the conversations are opened before), and
    the DynamoDB calls per turn by operation (when the app talks through a counting `proxy`)."""
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
        before, counted = cpu.snapshot({**pids, "loadgen": gen.pid}), _counts(proxy)
        gen.stdin.write("go\n")
        gen.stdin.flush()
        done = json.loads(gen.stdout.readline())
        after, calls = cpu.snapshot({**pids, "loadgen": gen.pid}), _counts(proxy) - counted
    results = [(bool(ok), float(s)) for ok, s in done["results"]]
    per_turn = {op: round(n / job["n"], 2) for op, n in sorted(calls.items())}
    return results, float(done["wall"]), cpu.per_request_ms(before, after, job["n"]), per_turn


def _counts(proxy: CountingProxy | None) -> Counter[str]:
    return proxy.snapshot() if proxy is not None else Counter()


def _at_once(app: Server, db: Database, kind: str, n: int, pids: dict[str, int]) -> dict[str, Any]:
    """N turns sent at the same moment; wall time, latency, errors, chats held, CPU per turn."""
    results, wall, cpu_ms, _ = _generate(app, db, {"path": PATHS[kind], "n": n}, pids)
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
    results, wall, cpu_ms, _ = _generate(app, db, job, pids)
    return {
        "endpoint": "stream, one by one, model 0 s",
        "n": turns,
        "wall_s": round(wall, 3),
        "latency_ms": summary_ms([s for ok, s in results if ok]),
        "errors": sum(not ok for ok, _ in results),
        "cpu_ms_per_turn": cpu_ms,
    }


def _server(db: Database, label: str, root: Path, sizes: tuple[int, ...]) -> dict[str, Any]:
    """One revision's server (its own gunicorn.conf.py): plain turns one by one, then N at once,
    then slow clients; then, on a server with limits on, its DynamoDB calls counted."""
    from tests.fakes.openai_server import Delay, FakeOpenAI, Text

    with FakeOpenAI() as fake:
        env = {
            "AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": f"{fake.url}/v1",
            "OPENAI_API_KEY": "bench",
            "OPENAI_MODE": "stateless",  # one request per turn: the fake's conversations aside
            "GUNICORN_WORKER_CLASS": "gevent",
        }
        answer = Text("Orders ship within two business days.")
        with app_server(db, env, root) as app:
            pids = {"app": app.pid, "dynamodb": db.pid}
            fake.always = answer
            plain = _plain(app, db, pids, PLAIN_TURNS)
            fake.always = Delay(MODEL_S, answer)
            cells = [_at_once(app, db, kind, n, pids) for n in sizes for kind in PATHS]
            slow = slow_clients.slowloris(app)
        fake.always = answer
        calls = _calls(db, root, env)
        print(f"  {label}: done (fake saw {fake.max_in_flight} at once)", flush=True)
        return {
            "worker_class": label,
            "plain": plain,
            "cells": cells,
            "slow_headers": slow,
            "dynamodb_calls": calls,
        }


def _calls(db: Database, root: Path, env: dict[str, str]) -> dict[str, Any]:
    """DynamoDB calls per plain turn with limits on (as production runs), counted by a proxy
    in front of DynamoDB Local: a conversation's first turn, and its third."""
    proxy = CountingProxy(db.endpoint)
    try:
        with app_server(db, {**env, **LIMITS_ON, "DYNAMODB_ENDPOINT_URL": proxy.url}, root) as app:
            out = {}
            for warm, label in ((0, "first turn"), (2, "third turn")):
                job = {"path": PATHS["stream"], "n": COUNTED_TURNS, "at_once": False, "warm": warm}
                results, _, _, per_turn = _generate(app, db, job, {"app": app.pid}, proxy)
                out[label] = {
                    "calls": round(sum(per_turn.values()), 2),
                    "by_operation": per_turn,
                    "errors": sum(not ok for ok, _ in results),
                }
            return out
    finally:
        proxy.close()


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


def _operations(per_turn: dict[str, float]) -> str:
    return ", ".join(f"{op} {n:g}" for op, n in per_turn.items())


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
    print_table(
        "DynamoDB calls per plain streamed turn, limits on (counted by a proxy)",
        ("server", "turn", "calls", "by operation", "errors"),
        [
            [s["worker_class"], turn, c["calls"], _operations(c["by_operation"]), c["errors"]]
            for s in servers
            for turn, c in s["dynamodb_calls"].items()
        ],
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
        f"Health checks (ms) alone and with {slow_clients.SLOW_CLIENTS} slow-header connections",
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
    "dynamodb_calls": f"DynamoDB calls per plain streamed turn (model at once) with limits on, "
    f"{COUNTED_TURNS} turns one by one, counted by operation by bench/dynamodb_proxy.py (a proxy "
    "in front of DynamoDB Local) on a server of its own: each conversation's first turn, then "
    "its third (two turns said in it before)",
    "cpu": "CPU ms per turn (from /proc, user + system) of the gunicorn process tree, DynamoDB "
    "Local's JVM and the load generator, between the barrier and the last answer",
    "slow_headers": f"{slow_clients.SLOW_CLIENTS} connections sending one header line a second, "
    f"never ending their headers, while {slow_clients.HEALTH_CHECKS} health checks run one after "
    "another",
}
