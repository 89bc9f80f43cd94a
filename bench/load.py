"""A closed-loop load generator: N threads, each calling its own worker for a fixed time."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bench.cpu import per_request_ms
from bench.report import summary_ms

Worker = Callable[[], str]  # one request; returns an outcome label, "ok" when it succeeded
Probe = Callable[[], Any]
MAX_REQUESTS_PER_THREAD = 500_000


@dataclass
class Cell:
    """What one (target, concurrency) measurement saw inside its measured window."""

    concurrency: int
    duration_s: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    outcomes: Counter[str] = field(default_factory=Counter)
    probed: list[Any] = field(default_factory=list)  # the probe's readings: window open, close
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: list[float], outcomes: Counter[str]) -> None:
        with self._lock:
            self.latencies.extend(seconds)
            self.outcomes.update(outcomes)

    def figures(self) -> dict[str, Any]:
        total = sum(self.outcomes.values())
        cpu = per_request_ms(*self.probed, total) if len(self.probed) == 2 else None
        return {
            "concurrency": self.concurrency,
            "duration_s": self.duration_s,
            "requests": total,
            "ok": self.outcomes["ok"],
            "errors": total - self.outcomes["ok"],
            "outcomes": dict(self.outcomes),
            "rps": round(self.outcomes["ok"] / self.duration_s, 1),
            "latency_ms": summary_ms(self.latencies),
            "cpu_ms_per_request": cpu,
        }


def _drive(worker: Worker, cell: Cell, window: tuple[float, float], go: threading.Event) -> None:
    measured_from, until = window
    seconds: list[float] = []
    outcomes: Counter[str] = Counter()
    go.wait()
    for _ in range(MAX_REQUESTS_PER_THREAD):
        started = time.perf_counter()
        if started >= until:
            break
        outcome = worker()
        if started >= measured_from:
            outcomes[outcome] += 1
            if outcome == "ok":
                seconds.append(time.perf_counter() - started)
    cell.add(seconds, outcomes)


def closed_loop(
    workers: list[Worker], warmup_s: float, duration_s: float, probe: Probe | None = None
) -> Cell:
    """Run every worker in its own thread back to back; measure after `warmup_s`.

    `probe` is called when the measured window opens and when it closes (e.g. CPU counters).
    """
    cell = Cell(len(workers), duration_s)
    go = threading.Event()
    start = time.perf_counter() + 0.05
    window = (start + warmup_s, start + warmup_s + duration_s)
    threads = [
        threading.Thread(target=_drive, args=(w, cell, window, go), daemon=True) for w in workers
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start - time.perf_counter()))
    go.set()
    if probe is not None:
        time.sleep(max(0.0, window[0] - time.perf_counter()))
        cell.probed.append(probe())
        time.sleep(max(0.0, window[1] - time.perf_counter()))
        cell.probed.append(probe())
    for thread in threads:
        thread.join(timeout=warmup_s + duration_s + 120)
    return cell


class HttpWorker:
    """One keep-alive connection to 127.0.0.1:port sending the same request again and again."""

    def __init__(
        self,
        port: int,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: int = 200,
    ) -> None:
        self.port, self.method, self.path, self.expect = port, method, path, expect
        self.body = json.dumps(body).encode() if body is not None else None
        self.headers = {**(headers or {})}
        if self.body is not None:
            self.headers["Content-Type"] = "application/json"
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def __call__(self) -> str:
        try:
            self._conn.request(self.method, self.path, body=self.body, headers=self.headers)
            response = self._conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._conn.close()  # reconnects on the next request
            return f"error:{type(exc).__name__}"
        return "ok" if response.status == self.expect else f"http:{response.status}"

    def close(self) -> None:
        self._conn.close()
