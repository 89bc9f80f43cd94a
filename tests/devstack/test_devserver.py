"""The embedded default (`make run`): serves, stops cleanly on Ctrl-C, and keeps its data."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import boto3
import pytest
from dotenv import dotenv_values

from cloudmart.config import Settings
from devstack.dynamodb_local import DynamoDBLocal, free_port
from devstack.local_files import _with_values
from migrations_seed.seed import ensure_tables, seed

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT, STOP_TIMEOUT = 120.0, 30.0
ALICE = "alice@example.com"
ADDRESS = {
    "name": "Alice",
    "street": "1 Main St",
    "city": "Springfield",
    "postalCode": "12345",
    "country": "US",
}
CLEARED = ("GUNICORN_BIND", "DYNAMODB_ENDPOINT_URL", "PYTHON_DOTENV_DISABLED", "AWS_PROFILE")
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class DevServer:
    process: subprocess.Popen[bytes]
    port: int
    db_port: int
    instance_dir: Path
    log_path: Path

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def request(
    server: DevServer, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    """(status, parsed JSON body) of one call to the dev server."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}", data=data, headers=headers, method=method
    )
    try:
        with _OPENER.open(req, timeout=10.0) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def wait_until_healthy(server: DevServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"dev server exited:\n{server.log_tail()}"
        with contextlib.suppress(OSError):
            if request(server, "GET", "/api/health")[0] == 200:
                return
        time.sleep(0.25)
    pytest.fail(f"/api/health not 200 within {START_TIMEOUT:g}s:\n{server.log_tail()}")


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1.0):
        return True
    return False


def processes_using(instance_dir: Path) -> list[int]:
    """Pids whose command line names `instance_dir` (this instance's DynamoDB Local JVM)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if str(instance_dir).encode() in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
    return pids


def stop(server: DevServer, signum: signal.Signals, whole_group: bool) -> int:
    """Send `signum` (to the group, as Ctrl-C in a terminal does) and wait for the exit code."""
    if whole_group:
        os.killpg(server.process.pid, signum)
    else:
        server.process.send_signal(signum)
    try:
        return server.process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"dev server still running {STOP_TIMEOUT:g}s after {signum.name}")


def assert_nothing_left(server: DevServer) -> None:
    assert not listening(server.port), "the HTTP port still answers"
    assert not listening(server.db_port), "DynamoDB Local's port still answers"
    assert processes_using(server.instance_dir) == [], "a DynamoDB Local JVM is left behind"


def _kill_everything(server: DevServer) -> None:
    """Whatever happened in the test: no process it started survives it."""
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGINT)
        try:
            server.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(10)
    for pid in processes_using(server.instance_dir):  # java runs in a session of its own
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def start_devserver(tmp_path: Path) -> Iterator[Callable[[], DevServer]]:
    """start() runs `python -m devstack.devserver` on free ports with data under tmp_path."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        PORT=str(free_port()),
        DYNAMODB_LOCAL_PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        CLOUDMART_ENV_FILE=str(tmp_path / ".env"),
        PYTHONUNBUFFERED="1",
        CLOUDMART_INSTANCE_DIR=str(tmp_path / "instance"),
        CLOUDMART_SKIP_FRONTEND_BUILD="true",
    )
    started: list[DevServer] = []

    def start() -> DevServer:
        log_path = tmp_path / f"devserver-{len(started)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "devstack.devserver"],
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(
            DevServer(
                process,
                int(env["PORT"]),
                int(env["DYNAMODB_LOCAL_PORT"]),
                tmp_path / "instance",
                log_path,
            )
        )
        return started[-1]

    try:
        yield start
    finally:
        for server in started:
            _kill_everything(server)


@pytest.mark.integration
@pytest.mark.timeout(400)
def test_devserver_serves_stops_cleanly_and_keeps_orders(
    start_devserver: Callable[[], DevServer],
) -> None:
    first = start_devserver()
    wait_until_healthy(first)
    status, products = request(first, "GET", "/api/products?limit=100")
    assert status == 200 and len(products) >= 24
    status, login = request(first, "POST", "/api/auth/demo-login", {"email": ALICE})
    assert status == 200, login
    order = {"items": [{"productId": products[0]["id"], "quantity": 1}], "shippingAddress": ADDRESS}
    status, created = request(first, "POST", "/api/orders", order, login["token"])
    assert status == 201, created

    assert stop(first, signal.SIGINT, whole_group=True) == 0, first.log_tail()  # Ctrl-C
    assert_nothing_left(first)

    second = start_devserver()
    wait_until_healthy(second)
    status, again = request(second, "GET", f"/api/orders/{created['id']}", token=login["token"])
    assert status == 200 and again["id"] == created["id"], again
    assert again["total"] == created["total"] and again["status"] == "pending"

    assert stop(second, signal.SIGTERM, whole_group=False) == 0, second.log_tail()  # `kill`
    assert_nothing_left(second)


def test_env_example_lists_every_setting() -> None:
    """.env.example documents each variable Settings reads (so operators see all of them)."""
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))
    missing = {f.metadata["env"] for f in fields(Settings)} - listed
    assert not missing, f"add to .env.example: {', '.join(sorted(missing))}"


def test_new_env_file_takes_values_from_the_template() -> None:
    template = "# secret\nAUTH_SECRET=\nDEMO_LOGIN=false\n# DEMO_LOGIN=x\nPORT=5000\n"
    text = _with_values(template, {"AUTH_SECRET": "s3cret", "DEMO_LOGIN": "true", "NEW": "1"})
    assert (
        text == "# secret\nAUTH_SECRET=s3cret\nDEMO_LOGIN=true\n# DEMO_LOGIN=x\nPORT=5000\nNEW=1\n"
    )


@pytest.mark.integration
@pytest.mark.timeout(400)
def test_devserver_keeps_its_database_to_itself_and_carries_over_shared_data(
    start_devserver: Callable[[], DevServer], tmp_path: Path
) -> None:
    """DynamoDB Local runs without -sharedDb under this install's own random key: a client with
    any other key sees no table. An earlier version's shared database is carried over."""
    earlier = DynamoDBLocal(tmp_path / "instance" / "dynamodb", free_port()).start(timeout=60)
    try:
        client = boto3.client(
            "dynamodb", endpoint_url=earlier.endpoint_url, region_name="us-east-1"
        )
        ensure_tables(client, "cloudmart", report=lambda _: None)
        seed(client, "cloudmart", report=lambda _: None)
        marker = {
            "id": {"S": "P-KEPT"},
            "name": {"S": "Kept Mug"},
            "description": {"S": ""},
            "price": {"N": "5"},
            "image": {"S": ""},
            "category": {"S": "home"},
            "stock": {"N": "3"},
            "createdAt": {"S": "2026-11-01T00:00:00.000000Z"},
        }
        client.put_item(TableName="cloudmart-products", Item=marker)
    finally:
        earlier.stop()

    server = start_devserver()
    wait_until_healthy(server)
    status, kept = request(server, "GET", "/api/products/P-KEPT")
    assert status == 200 and kept["name"] == "Kept Mug", kept

    keys = dotenv_values(tmp_path / ".env")
    endpoint = f"http://127.0.0.1:{server.db_port}"
    own = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=keys["DYNAMODB_ACCESS_KEY_ID"],
        aws_secret_access_key=keys["DYNAMODB_SECRET_ACCESS_KEY"],
    )
    assert "cloudmart-orders" in own.list_tables()["TableNames"]
    stranger = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIASOMEONEELSE",
        aws_secret_access_key="anything",
    )
    assert stranger.list_tables()["TableNames"] == []
    assert stop(server, signal.SIGTERM, whole_group=False) == 0, server.log_tail()
    assert_nothing_left(server)
