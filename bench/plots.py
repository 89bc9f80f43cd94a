"""The PNG plots (matplotlib, optional: without it the JSON and tables are still written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _caption(doc: dict[str, Any]) -> str:
    m, load = doc["machine"], doc["load_average"]
    quick = " (quick)" if doc.get("quick") else ""
    return (
        f"{doc['date']}{quick} · {m['cpu_model']}, {m['cores']} cores · "
        f"load {load['before'][0]} -> {load['after'][0]} (max {load['during']['max']})"
    )


def _api_column(top: Any, bottom: Any, mine: list[dict[str, Any]], floor: list[Any]) -> None:
    """One endpoint: throughput on top, latency below, the API beside its DynamoDB call."""
    conc = [c["concurrency"] for c in mine]
    top.plot(conc, [c["api"]["rps"] for c in mine], "o-", label="API req/s")
    top.plot(conc, [c["db"]["rps"] for c in mine], "s--", label=f"{mine[0]['db_call']} calls/s")
    top.plot([c["concurrency"] for c in floor], [c["api"]["rps"] for c in floor], ":",
             color="gray", label="HTTP floor (/api/health/live)")  # fmt: skip
    top.set_title(mine[0]["endpoint"], fontsize=10)
    top.set_ylabel("per second")
    for side, style in (("api", "-"), ("db", "--")):
        for pct, marker in (("p50", "o"), ("p99", "^")):
            values = [c[side]["latency_ms"][pct] for c in mine]
            bottom.plot(conc, values, marker + style, label=f"{side.upper()} {pct}")
    bottom.set_ylabel("latency (ms)")
    for ax in (top, bottom):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(conc, [str(c) for c in conc])
        ax.set_xlabel("concurrency")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)


def _api(plt: Any, doc: dict[str, Any]) -> Any:
    cells = doc["cells"]
    floor = [c for c in cells if c["db"] is None]
    names = list(dict.fromkeys(c["endpoint"] for c in cells if c["db"] is not None))
    fig, axes = plt.subplots(2, len(names), figsize=(5 * len(names), 8), squeeze=False)
    for col, name in enumerate(names):
        mine = [c for c in cells if c["endpoint"] == name]
        _api_column(axes[0][col], axes[1][col], mine, floor)
    fig.suptitle("API under gunicorn (2 workers) vs the raw DynamoDB call\n" + _caption(doc))
    return fig


def _scaling_times(ax: Any, sizes: list[dict[str, Any]]) -> None:
    x = [s["orders"] for s in sizes]
    for key, label, marker in (
        ("query_ms", "index Query (the app)", "o"),
        ("scan_ms", "Scan + filter", "s"),
    ):
        p50 = [s[key]["p50"] for s in sizes]
        ax.plot(x, p50, marker + "-", label=f"{label}, p50")
        ax.fill_between(x, p50, [s[key]["p95"] for s in sizes], alpha=0.2, label="p50-p95")
    for s in sizes:
        ax.annotate(f"{s['scan_over_query_p50']:,.0f}x", (s["orders"], s["scan_ms"]["p50"]),
                    textcoords="offset points", xytext=(5, 5), fontsize=8)  # fmt: skip
    ax.set_ylabel("time to list the customer's orders (ms)")
    ax.set_title("time on DynamoDB Local", fontsize=10)


def _scaling_reads(ax: Any, sizes: list[dict[str, Any]]) -> None:
    x = [s["orders"] for s in sizes]
    ax.plot(x, [s["capacity"]["query_rcu"] for s in sizes], "o-", label="index Query (the app)")
    ax.plot(x, [s["capacity"]["scan_rcu"] for s in sizes], "s-", label="Scan + filter")
    ax.set_ylabel("read capacity units per listing")
    ax.set_title("what each listing reads (as DynamoDB bills it)", fontsize=10)


def _scaling(plt: Any, doc: dict[str, Any]) -> Any:
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5))
    _scaling_times(axes[0], doc["sizes"])
    _scaling_reads(axes[1], doc["sizes"])
    for ax in axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("orders in the table (the customer has 20)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Listing one customer's orders: index Query vs Scan\n" + _caption(doc), fontsize=9)
    return fig


def _chat(plt: Any, doc: dict[str, Any]) -> Any:
    cells = doc["cells"]
    labels = [
        f"{c['provider']} {c.get('workers', '')}\n{c['model_latency_ms']:.0f} ms" for c in cells
    ]
    fig, axes = plt.subplots(1, 2, figsize=(16, 5.5))
    scenarios = (("plain", "plain answer"), ("cancel", "cancel + confirm"))
    for ax, (key, title) in zip(axes, scenarios, strict=True):
        model = [c[key]["model_ms_per_turn"] for c in cells]
        over = [c[key]["overhead_ms"]["p50"] for c in cells]
        p95 = [c[key]["e2e_ms"]["p95"] for c in cells]
        x = range(len(cells))
        ax.bar(x, model, label="model (latency x round trips)", color="#9ecae1")
        ax.bar(x, over, bottom=model, label="server overhead p50", color="#3182bd")
        ax.scatter(x, p95, marker="_", s=300, color="black", label="end to end p95", zorder=3)
        if key == "plain":
            first = [c["stream"]["first_text_ms"]["p50"] for c in cells]
            ax.scatter(x, first, marker="o", color="orange", label="first streamed text p50")
        ax.set_xticks(list(x), labels, fontsize=8)
        ax.set_ylabel("ms")
        ax.set_title(title)
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("Chat turn latency under gunicorn (2 workers)\n" + _caption(doc), fontsize=9)
    return fig


def _concurrency(plt: Any, doc: dict[str, Any]) -> Any:
    fig, (wall, held) = plt.subplots(1, 2, figsize=(12, 5))
    for server in doc["servers"]:
        for endpoint, style in (("stream", "o-"), ("json", "s--")):
            cells = [c for c in server["cells"] if c["endpoint"] == endpoint]
            label = f"{server['worker_class']}, {endpoint}"
            n = [c["n"] for c in cells]
            wall.plot(n, [c["wall_s"] for c in cells], style, label=label)
            held.plot(n, [c["held_at_once"] for c in cells], style, label=label)
    for ax, title in (
        (wall, "wall time for N turns sent at once (s)"),
        (held, "chats held at once"),
    ):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("N customers sending at once (model answers in 1 s)")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("One server (2 gunicorn workers), many chats\n" + _caption(doc), fontsize=9)
    return fig


DRAW: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "api": _api,
    "scaling": _scaling,
    "chat": _chat,
    "concurrency": _concurrency,
}


def draw(name: str, document: dict[str, Any], path: Path) -> None:
    """Draw `name`'s plot to `path` if matplotlib is installed (else say so)."""
    plt = _pyplot()
    if plt is None:
        print(f"{name}: matplotlib is not installed; no plot (pip install -r requirements-dev.txt)")
        return
    if name not in DRAW or not any(document.get(key) for key in ("cells", "sizes", "servers")):
        print(f"{name}: nothing to plot")
        return
    fig = DRAW[name](plt, document)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"{name}: wrote {path}")
