"""`python -m bench [NAME ...] [--quick]`: run benchmarks, print tables, write results."""

from __future__ import annotations

import argparse
import importlib
import json
import shlex
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from bench.report import RESULTS_DIR, LoadSampler, Options, Run

BENCHMARKS = {
    "api": "requests/s and p50/p99 of three endpoints beside the raw DynamoDB call",
    "scaling": "listing one customer's orders: index Query vs Scan+filter, 1k-100k orders",
    "chat": "chat turn latency, model round trips and server overhead per provider",
    "concurrency": "N chats sent at once (model 1 s): wall time, chats held, CPU; slow clients",
    "retail_import": "the whole retail reference data into DynamoDB Local: seconds, records/s",
    "live": "N open conversation streams, an agent replying: delivery p50/p99, reads, CPU",
    "mcp": "a look-up and a confirmed cancel over MCP, REST and the chat: p50, p99, CPU a call",
    "languages": "language detection on 200+ short shop messages per language: accuracy",
    "nlu": "the local provider's intent model: held-out accuracy, confusion, ms per message",
}


def parse(argv: Sequence[str]) -> argparse.Namespace:
    epilog = "\n".join(f"  {name:8} {what}" for name, what in BENCHMARKS.items())
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        epilog=f"benchmarks:\n{epilog}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("names", nargs="*", metavar="name", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (small sizes)")
    parser.add_argument("--out", type=Path, help="results directory (default: bench/results)")
    parser.add_argument(
        "--plot-only", action="store_true", help="redraw the PNGs from the JSON already written"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the results as Markdown tables (no run)"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(
            f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    return args


def run_one(name: str, options: Options) -> None:
    """Run one benchmark, write its JSON and, when matplotlib is there, its plot."""
    module = importlib.import_module(f"bench.{name}")
    print(f"\n=== {name}: {BENCHMARKS[name]}{' (quick)' if options.quick else ''}", flush=True)
    run = Run(name, options)
    with LoadSampler() as load:
        figures = module.run(options)
    document = run.finish(figures, load.figures())
    from bench import plots

    plots.draw(name, document, options.out_dir / f"{name}.png")


def replot(name: str, out_dir: Path) -> None:
    """Draw a benchmark's PNG again from its JSON (e.g. after changing the plot)."""
    from bench import plots

    path = out_dir / f"{name}.json"
    if not path.exists():
        print(f"{name}: no {path} to plot")
        return
    plots.draw(name, json.loads(path.read_text(encoding="utf-8")), out_dir / f"{name}.png")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    default_out = RESULTS_DIR / "quick" if args.quick else RESULTS_DIR
    options = Options(
        args.quick, shlex.join(["python", "-m", "bench", *argv]), args.out or default_out
    )
    names = args.names or list(BENCHMARKS)
    if args.markdown:
        from bench import markdown

        print(markdown.render(names, options.out_dir), end="")
        return 0
    failed = []
    for name in names:
        if args.plot_only:
            replot(name, options.out_dir)
            continue
        try:
            run_one(name, options)
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
    if failed:
        print(f"\nbenchmarks that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
