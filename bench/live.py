"""Live delivery (issue 19): N customers hold their conversation's event stream open on gunicorn
while an agent replies every second; how long a reply takes to reach its stream, what the idle
streams cost in DynamoDB reads and in CPU."""

from __future__ import annotations

import http.client
import json
import threading
import time
from typing import Any

from bench.cpu import snapshot
from bench.report import Options, print_table, summary_ms
from bench.stack import Database, app_server, database
from cloudmart.services import build_services

CUSTOMERS, QUICK_CUSTOMERS = 200, 20
REPLIES, QUICK_REPLIES = 30, 5
IDLE_S, QUICK_IDLE_S = 20.0, 5.0
ALICE, AGENT = "alice@example.com", "agent@cloudmart.example"


def _call(port: int, method: str, path: str, token: str, body: Any = None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return json.loads(raw) if raw else None


class Reader(threading.Thread):
    """One customer's open stream: the arrival time of each agent reply, by its text."""

    def __init__(self, port: int, thread_id: str, token: str) -> None:
        super().__init__(daemon=True)
        self.port, self.thread_id, self.token = port, thread_id, token
        self.arrived: dict[str, float] = {}
        self.open = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        path = f"/api/ai/conversations/{self.thread_id}/events"
        conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
        resp = conn.getresponse()
        self.open.set()
        for raw in resp:
            line = raw.decode(errors="replace")
            if line.startswith("data: ") and '"author": "agent"' in line.replace('":"', '": "'):
                self.arrived[json.loads(line[6:])["text"]] = time.monotonic()


def _reads_per_idle_stream_minute(db: Database, thread_id: str, seconds: float) -> float:
    """DynamoDB requests one idle human-mode stream makes, counted in this process."""
    services = build_services(db.settings)
    made: list[str] = []
    services.dynamodb.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: made.append(model.name)
    )
    services.live.stream_seconds = seconds
    for _ in services.live.conversation(thread_id, None):
        pass
    return round(len(made) * 60 / seconds, 1)


def run(options: Options) -> dict[str, Any]:
    customers = QUICK_CUSTOMERS if options.quick else CUSTOMERS
    replies = QUICK_REPLIES if options.quick else REPLIES
    idle_s = QUICK_IDLE_S if options.quick else IDLE_S
    with database() as db:
        alice, dana = db.token(ALICE), db.token(AGENT, "agent")
        env = {"EVENT_STREAM_SECONDS": "600", "EVENT_POLL_SECONDS": "1.0"}
        with app_server(db, env) as app:
            threads, tickets = [], []
            for _ in range(customers):
                tid = _call(app.port, "POST", "/api/ai/start", alice, {})["threadId"]
                handed = _call(app.port, "POST", f"/api/ai/conversations/{tid}/handoff", alice, {})
                threads.append(tid)
                tickets.append(handed["ticket"]["id"])
            readers = [Reader(app.port, tid, alice) for tid in threads]
            for r in readers:
                r.start()
            for r in readers:
                r.open.wait(30)
            pids = {"app": app.pid, "dynamodb": db.pid}
            before = snapshot(pids)
            time.sleep(idle_s)
            idle = snapshot(pids)
            sent: dict[str, tuple[float, Reader]] = {}
            for n in range(replies):
                who = n % customers
                text = f"reply {n}"
                path = f"/api/staff/tickets/{tickets[who]}/messages"
                sent[text] = (time.monotonic(), readers[who])
                _call(app.port, "POST", path, dana, {"text": text})
                time.sleep(1.0)
            time.sleep(3.0)
            delays = [
                reader.arrived[text] - at for text, (at, reader) in sent.items()
                if text in reader.arrived
            ]  # fmt: skip
        reads = _reads_per_idle_stream_minute(db, threads[0], min(idle_s, 10.0))
    idle_cpu = {k: round((idle[k] - before[k]) / idle_s * 100, 1) for k in ("app", "dynamodb")}
    figures = {
        "customers": customers,
        "replies": replies,
        "delivered": len(delays),
        "delivery_ms": summary_ms(delays),
        "reads_per_idle_stream_minute": reads,
        "idle_cpu_percent": idle_cpu,
        "idle_app_cpu_ms_per_stream_minute": round(
            (idle["app"] - before["app"]) * 1000 / customers / (idle_s / 60), 1
        ),
        "setup": {
            "server": "gunicorn -c gunicorn.conf.py wsgi:app, 2 gevent workers, DynamoDB Local",
            "streams": f"{customers} human-mode conversations, each stream polled every 1 s",
            "replies": f"{replies} agent replies, one a second, to rotating conversations",
        },
    }
    d = figures["delivery_ms"]
    print_table(
        "Live delivery: an agent's reply to a customer's open stream",
        ("streams", "replies", "delivered", "p50 ms", "p99 ms", "reads/idle stream/min",
         "idle CPU % app", "idle CPU % DynamoDB"),
        [[customers, replies, len(delays), d["p50"], d["p99"], reads, idle_cpu["app"],
          idle_cpu["dynamodb"]]],
    )  # fmt: skip
    return figures
