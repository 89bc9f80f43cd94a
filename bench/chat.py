"""`chat`: turn latency per provider and model latency; round trips, server overhead, first text."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any

from bench import data
from bench.chat_client import ApiClient
from bench.chat_models import MODELS, Model
from bench.chat_scenarios import SCENARIOS, Turns
from bench.report import Options, now_iso, print_table, summary_ms
from bench.stack import Database, Server, app_server, database

ALICE = "alice@example.com"
LATENCIES = {"local": (0.0,), "openai": (0.0, 0.3), "bedrock": (0.0, 0.3)}
WORKER_CLASSES = ("gevent", "gthread")  # gthread: the serving model before gevent
JVM_WARMUP = 30  # cancel flows before the first cell: DynamoDB Local is slow until its JIT ran


def _repeat(
    call: Callable[[], dict[str, Any]], quick: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Warm-up runs (kept apart: the first ones load the vendor SDK), then measured ones."""
    warmup, runs, budget = (2, 6, 30.0) if quick else (10, 40, 120.0)
    cold = [call() for _ in range(warmup)]
    samples: list[dict[str, Any]] = []
    deadline = time.monotonic() + budget
    while len(samples) < runs and (len(samples) < 5 or time.monotonic() < deadline):
        samples.append(call())
    return samples, cold


def _summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Percentiles of every timed field; overhead = end to end - the model's own time."""
    out: dict[str, Any] = {"n": len(samples)}
    for key in ("e2e", "message", "confirm", "first_text"):
        if key in samples[0]:
            out[f"{key}_ms"] = summary_ms([s[key] for s in samples])
    if "model" in samples[0]:
        out["overhead_ms"] = summary_ms([s["e2e"] - s["model"] for s in samples])
        out["model_ms_per_turn"] = samples[0]["model"] * 1000
        out["round_trips"] = sorted({s["trips"] for s in samples})
        out["fake_model_requests"] = sorted({s["fake_trips"] for s in samples})
    return out


def _cell(
    model: Model, app: Server, db: Database, latency: float, quick: bool, warm_jvm: int = 0
) -> dict[str, Any]:
    """Every scenario at one model latency (after `warm_jvm` unmeasured cancel flows)."""
    client = ApiClient(app.port, db.token(ALICE))
    turns = Turns(client, model, latency)
    cell: dict[str, Any] = {"provider": model.provider, "model_latency_ms": latency * 1000}
    try:
        for _ in range(warm_jvm):
            SCENARIOS["cancel"](turns)
        for name, scenario in SCENARIOS.items():
            samples, cold = _repeat(lambda s=scenario: s(turns), quick)
            cell[name] = _summarise(samples)
            cell[name]["cold_e2e_ms"] = [round(c["e2e"] * 1000, 1) for c in cold]
    finally:
        client.close()
    print(f"  {model.provider} at {latency * 1000:.0f} ms: done", flush=True)
    return cell


def _provider(
    name: str, db: Database, quick: bool, warm_jvm: int, workers: str
) -> tuple[list[dict[str, Any]], str | None]:
    """Every latency cell of one provider; a provider that cannot run is reported, not fatal."""
    try:
        model = MODELS[name]()
    except Exception as exc:  # e.g. the fake or the provider module is not there yet
        return [], f"{name}: cannot build its model ({type(exc).__name__}: {exc})"
    try:
        env = {**model.env, "GUNICORN_WORKER_CLASS": workers}
        with model, app_server(db, env) as app:
            first, *others = LATENCIES[name]
            cells = [_cell(model, app, db, first, quick, warm_jvm)]
            cells += [_cell(model, app, db, lat, quick) for lat in others]
            return [{**c, "workers": workers} for c in cells], None
    except Exception as exc:
        traceback.print_exc()
        return [], f"{name}: failed ({type(exc).__name__}: {exc})"


def _joined(values: list[int]) -> str:
    return "/".join(str(v) for v in values)


def _rows(cell: dict[str, Any]) -> list[list[Any]]:
    rows = []
    provider = f"{cell['provider']} ({cell.get('workers', 'gthread')})"
    for name, label in (("plain", "plain answer"), ("cancel", "cancel + confirm")):
        s = cell[name]
        e2e, over = s["e2e_ms"], s["overhead_ms"]
        first = cell["stream"]["first_text_ms"]["p50"] if name == "plain" else None
        trips = f"{_joined(s['round_trips'])} ({_joined(s['fake_model_requests'])})"
        rows.append([
            provider, cell["model_latency_ms"], label, trips, e2e["p50"], e2e["p95"],
            e2e["p99"], over["p50"], over["p95"], over["p99"], first, s["n"],
        ])  # fmt: skip
    return rows


HEADERS = (
    "provider", "model ms", "scenario", "trips (fake)", "e2e p50", "e2e p95", "e2e p99",
    "ovh p50", "ovh p95", "ovh p99", "1st text p50", "n",
)  # fmt: skip


DETAIL_HEADERS = (
    "provider", "model ms", "stream e2e p50", "1st text p50", "cancel: message p50",
    "confirm p50", "slowest warm-up turn",
)  # fmt: skip


def _detail(cell: dict[str, Any]) -> list[Any]:
    stream, cancel = cell["stream"], cell["cancel"]
    return [
        f"{cell['provider']} ({cell.get('workers', 'gthread')})", cell["model_latency_ms"],
        stream["e2e_ms"]["p50"],
        stream["first_text_ms"]["p50"], cancel["message_ms"]["p50"], cancel["confirm_ms"]["p50"],
        max(cell["plain"]["cold_e2e_ms"]),
    ]  # fmt: skip


def run(options: Options) -> dict[str, Any]:
    """Each provider behind its own gunicorn (2 workers), on one seeded DynamoDB Local."""
    cells, missing = [], []
    with database() as db:
        db.client.put_item(TableName=db.table("products"), Item=data.bench_product(now_iso()))
        for name in LATENCIES:
            for workers in WORKER_CLASSES:  # side by side: the serving model's own cost
                warm_jvm = 0 if cells else 5 if options.quick else JVM_WARMUP
                got, problem = _provider(name, db, options.quick, warm_jvm, workers)
                cells += got
                if problem:
                    missing.append(problem)
    rows = [row for cell in cells for row in _rows(cell)]
    title = "Chat turns (ms; overhead = end to end - model latency x round trips)"
    print_table(title, HEADERS, rows)
    title = "Streaming, the two calls of a cancel, the slowest warm-up (a worker's first) turn (ms)"
    print_table(title, DETAIL_HEADERS, [_detail(cell) for cell in cells])
    for problem in missing:
        print(f"missing: {problem}")
    return {"cells": cells, "missing": missing, "setup": SETUP}


SETUP = {
    "server": "gunicorn -c gunicorn.conf.py wsgi:app, 2 workers: gevent (the default) and, "
    "side by side, gthread x 4 threads (the model before it)",
    "database": "DynamoDB Local (in memory), seeded",
    "client": "one customer, one keep-alive connection, one turn at a time; new thread per turn",
    "openai": "tests/fakes/openai_server.py, Responses API with a server-side Conversation",
    "bedrock": "tests/fakes/bedrock_server.py, InvokeAgent with return of control",
    "latency": "the fake waits this long before answering each model request",
    "cancel": "message turn (tool call + text) + POST /api/ai/actions/<id>/confirm",
}
