"""Markdown tables of the latest results, for bench/README.md and the main README."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.report import fmt


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _pair(a: Any, b: Any, digits: int = 1) -> str:
    return f"{fmt(a, digits)} / {fmt(b, digits)}"


def provenance(doc: dict[str, Any]) -> str:
    """When, on what, and how busy the machine was."""
    m, load = doc["machine"], doc["load_average"]
    return (
        f"`{doc['command']}`, {doc['date']}, {doc['duration_s']:.0f} s; {m['cpu_model']}, "
        f"{m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, boto3 "
        f"{m['packages']['boto3']}; load average {load['before'][0]} before, "
        f"{load['after'][0]} after, {load['during']['min']}-{load['during']['max']} during"
    )


def api(doc: dict[str, Any]) -> str:
    headers = (
        "endpoint", "conc", "API req/s", "API p50 / p99 ms", "DB call", "DB calls/s",
        "DB p50 / p99 ms", "API p50 ÷ DB p50", "API req/s ÷ DB", "app CPU ms/req",
    )  # fmt: skip
    rows = []
    for c in doc["cells"]:
        a, d = c["api"], c["db"] or {"latency_ms": {}}
        rows.append([
            f"`{c['endpoint']}`", c["concurrency"], a["rps"],
            _pair(a["latency_ms"]["p50"], a["latency_ms"]["p99"]), c["db_call"], d.get("rps"),
            _pair(d["latency_ms"].get("p50"), d["latency_ms"].get("p99")),
            c["ratio"]["p50"], c["ratio"]["rps"], (a["cpu_ms_per_request"] or {}).get("app"),
        ])  # fmt: skip
    return _table(headers, rows)


def scaling(doc: dict[str, Any]) -> str:
    headers = (
        "orders in table", "Query p50 / p95 ms", "Scan+filter p50 / p95 ms",
        "Scan ÷ Query (p50)", "scan pages", "read units Query / Scan",
    )  # fmt: skip
    rows = [
        [s["label"], _pair(s["query_ms"]["p50"], s["query_ms"]["p95"]),
         _pair(s["scan_ms"]["p50"], s["scan_ms"]["p95"]), f"{s['scan_over_query_p50']:,.0f}x",
         s["capacity"]["scan_pages"], _pair(s["capacity"]["query_rcu"], s["capacity"]["scan_rcu"])]
        for s in doc["sizes"]
    ]  # fmt: skip
    return _table(headers, rows)


def chat(doc: dict[str, Any]) -> str:
    headers = (
        "provider", "model latency", "scenario", "round trips (fake saw)",
        "end to end p50 / p95 / p99 ms", "server overhead p50 / p95 / p99 ms", "first text p50 ms",
    )  # fmt: skip
    rows = []
    for c in doc["cells"]:
        for key, label in (("plain", "plain answer"), ("cancel", "cancel + confirm")):
            s = c[key]
            e, o = s["e2e_ms"], s["overhead_ms"]
            first = c["stream"]["first_text_ms"]["p50"] if key == "plain" else None
            rows.append([
                f"{c['provider']} ({c.get('workers', 'gthread')})",
                f"{c['model_latency_ms']:.0f} ms", label,
                f"{s['round_trips'][0]} ({s['fake_model_requests'][0]})",
                f"{fmt(e['p50'])} / {fmt(e['p95'])} / {fmt(e['p99'])}",
                f"{fmt(o['p50'])} / {fmt(o['p95'])} / {fmt(o['p99'])}", first,
            ])  # fmt: skip
    return _table(headers, rows)


def concurrency(doc: dict[str, Any]) -> str:
    headers = (
        "workers", "endpoint", "N at once", "wall s", "p50 / p99 ms", "errors", "held at once",
        "CPU ms/turn app / DB",
    )  # fmt: skip
    rows = [
        [s["worker_class"], c["endpoint"], c["n"], c["wall_s"],
         _pair(c["latency_ms"]["p50"], c["latency_ms"]["p99"], 0), c["errors"], c["held_at_once"],
         _pair(c["cpu_ms_per_turn"]["app"], c["cpu_ms_per_turn"]["dynamodb"])]
        for s in doc["servers"]
        for c in s["cells"]
    ]  # fmt: skip
    slow = [
        [s["worker_class"], key, _pair(v["p50"], v["p99"]), v["max"], v["failed"]]
        for s in doc["servers"]
        for key, v in s["slow_headers"].items()
        if isinstance(v, dict)
    ]
    slow_headers = ("workers", "when / path", "p50 / p99 ms", "max ms", "failed")
    return _table(headers, rows) + "\n\n" + _table(slow_headers, slow)


RENDER: dict[str, Callable[[dict[str, Any]], str]] = {
    "api": api,
    "scaling": scaling,
    "chat": chat,
    "concurrency": concurrency,
}


def render(names: Sequence[str], out_dir: Path) -> str:
    """Each benchmark's table with its provenance line, from `out_dir`/<name>.json."""
    parts = []
    for name in names:
        path = out_dir / f"{name}.json"
        if not path.exists():
            parts.append(f"### {name}\n\nNo results yet ({path} is missing).")
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        parts.append(f"### {name}\n\n{provenance(doc)}\n\n{RENDER[name](doc)}")
    return "\n\n".join(parts) + "\n"
