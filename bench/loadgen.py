"""The load generator of `concurrency`, run as its own process (`python -m bench.loadgen`).

A load generator in the benchmark's interpreter shares its GIL with the fake model and the CPU
counters; its own process competes for the cores only, like a client elsewhere would. It reads one
JSON job on stdin, opens the conversations (and says `warm` turns in each first, when asked),
prints `ready`, waits for a `go` line, sends every turn at once (a barrier) or one by one, and
prints one JSON line: [[ok, seconds], ...] and the wall time.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

MESSAGE = "How fast do you ship?"


def post(port: int, token: str, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def turn_ok(stream: bool, status: int, raw: bytes) -> bool:
    if status != 200:
        return False
    if stream:
        return b"event: done\n" in raw and b"event: error\n" not in raw
    return bool(json.loads(raw).get("response"))


def at_once(job: dict[str, Any], threads: list[str]) -> tuple[list[tuple[bool, float]], float]:
    """Every turn released by one barrier; (ok, seconds) of each and the wall time."""
    port, token, path = job["port"], job["token"], job["path"]
    barrier = threading.Barrier(len(threads) + 1)
    results: list[tuple[bool, float]] = []

    def one(thread_id: str) -> None:
        barrier.wait()
        began = time.perf_counter()
        try:
            status, raw = post(port, token, path, {"threadId": thread_id, "message": MESSAGE})
            ok = turn_ok(path.endswith("/stream"), status, raw)
        except OSError:
            ok = False
        results.append((ok, time.perf_counter() - began))

    with ThreadPoolExecutor(len(threads)) as pool:
        for thread_id in threads:
            pool.submit(one, thread_id)
        barrier.wait()
        started = time.perf_counter()
    return results, time.perf_counter() - started


def one_by_one(job: dict[str, Any], threads: list[str]) -> tuple[list[tuple[bool, float]], float]:
    """The turns one after another (a plain turn's latency with nothing else running)."""
    results: list[tuple[bool, float]] = []
    started = time.perf_counter()
    for thread_id in threads:
        began = time.perf_counter()
        body = {"threadId": thread_id, "message": MESSAGE}
        status, raw = post(job["port"], job["token"], job["path"], body)
        results.append(
            (turn_ok(job["path"].endswith("/stream"), status, raw), time.perf_counter() - began)
        )
    return results, time.perf_counter() - started


def _say(job: dict[str, Any], thread_id: str) -> None:
    body = {"threadId": thread_id, "message": MESSAGE}
    status, raw = post(job["port"], job["token"], job["path"], body)
    if not turn_ok(job["path"].endswith("/stream"), status, raw):
        raise RuntimeError(f"an earlier turn failed: {status} {raw[:200]!r}")


def main() -> None:
    job = json.loads(sys.stdin.readline())
    with ThreadPoolExecutor(16) as pool:
        opened = pool.map(
            lambda _: post(job["port"], job["token"], "/api/ai/start", {}), range(job["n"])
        )
        threads = [json.loads(raw)["threadId"] for _, raw in opened]
        for _ in range(job.get("warm", 0)):  # earlier turns: the measured one is a later turn
            list(pool.map(lambda thread_id: _say(job, thread_id), threads))
    print("ready", flush=True)
    sys.stdin.readline()  # go
    run = at_once if job.get("at_once", True) else one_by_one
    results, wall = run(job, threads)
    print(json.dumps({"results": results, "wall": wall}), flush=True)


if __name__ == "__main__":
    main()
