"""The app as production serves it (gunicorn -c gunicorn.conf.py wsgi:app) on a free port."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import boto3

from cloudmart.config import Settings
from devstack.dynamodb_local import free_port
from migrations_seed.seed import ensure_tables, seed

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    port: int
    log_path: Path | None = None

    def log(self) -> str:
        """Everything the server wrote so far (its log lines)."""
        assert self.log_path is not None
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            data = json.dumps(body).encode() if body is not None else None
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def _environment(settings: Mapping[str, str], port: int) -> dict[str, str]:
    """Ours, without any app setting of the developer's, plus the test's own."""
    app_settings = {f.metadata["env"] for f in fields(Settings)}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in app_settings and not k.startswith(("GUNICORN_", "WEB_CONCURRENCY"))
    }
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PYTHON_DOTENV_DISABLED="1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_EC2_METADATA_DISABLED="true",
        **settings,
    )
    return env


@contextlib.contextmanager
def gunicorn(settings: Mapping[str, str]) -> Iterator[Served]:
    """Start the server with these settings (environment variables); stop it at the end."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    with tempfile.TemporaryDirectory(prefix="cloudmart-served-") as folder:
        log_path = Path(folder) / "server.log"
        log = log_path.open("ab")  # appending: reading it meanwhile moves nothing
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=_environment(settings, port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            served = Served(port, log_path)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                with contextlib.suppress(OSError):
                    if served.request("GET", "/api/health")[0] == 200:
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"gunicorn did not start: {served.log()[-3000:]}")
            yield served
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def seeded_tables(endpoint_url: str, letter: str) -> str:
    """Fresh tables with the seed data on the DynamoDB at `endpoint_url`; their prefix."""
    prefix = f"{letter}{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", endpoint_url=endpoint_url, region_name="us-east-1")
    ensure_tables(client, prefix, report=lambda _: None)
    seed(client, prefix, report=lambda _: None)
    return prefix
