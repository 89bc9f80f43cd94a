"""Slow clients: health checks alone, then with connections that never finish their headers."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from bench.report import summary_ms
from bench.stack import Server

SLOW_CLIENTS = 100
HEALTH_CHECKS = 30


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


def slowloris(app: Server) -> dict[str, Any]:
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
