"""The system under test: DynamoDB Local, the app's tables and seed, and the app under gunicorn."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from cloudmart.auth import TokenService
from cloudmart.aws import dynamodb_client
from cloudmart.config import Settings
from devstack.dynamodb_local import DynamoDBLocal, free_port
from migrations_seed.seed import ensure_tables, seed

REPO_ROOT = Path(__file__).resolve().parents[1]
DUMMY_AWS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}
# Inherited variables that would change what is measured (the operator's own settings).
DROPPED = {
    "GUNICORN_BIND",
    "WEB_CONCURRENCY",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def quiet(_: str) -> None:
    """A `report` callback that prints nothing."""


@dataclass
class Database:
    """A DynamoDB Local (in memory) with the app's tables under `prefix`."""

    endpoint: str
    prefix: str
    settings: Settings
    client: Any  # a boto3 client built exactly as the app builds its own
    pid: int  # DynamoDB Local's JVM

    def table(self, suffix: str) -> str:
        return self.settings.table_name(suffix)

    def token(self, email: str, role: str = "customer") -> str:
        return TokenService(self.settings).issue(email, role)


@contextlib.contextmanager
def database(seeded: bool = True) -> Iterator[Database]:
    """Start DynamoDB Local in memory, create the tables (and seed them), stop it at the end."""
    os.environ.update(DUMMY_AWS)
    db = DynamoDBLocal(None).start(timeout=90.0)
    try:
        prefix = f"bench{os.getpid()}"
        settings = Settings.from_env(
            {},
            {
                "dynamodb_endpoint_url": db.endpoint_url,
                "table_prefix": prefix,
                "auth_secret": secrets.token_urlsafe(32),
            },
        )
        client = dynamodb_client(settings).get()
        assert db.process is not None
        database = Database(db.endpoint_url, prefix, settings, client, db.process.pid)
        ensure_tables(database.client, prefix, report=quiet)
        if seeded:
            seed(database.client, prefix, report=quiet)
        yield database
    finally:
        db.stop()


def app_environment(db: Database, port: int, extra: Mapping[str, str]) -> dict[str, str]:
    """The app's environment: ours without the operator's app settings, plus the bench's."""
    settings_env = {f.metadata["env"] for f in fields(Settings)}
    env = {k: v for k, v in os.environ.items() if k not in settings_env | DROPPED}
    env.update(DUMMY_AWS)
    env.update(
        DYNAMODB_ENDPOINT_URL=db.endpoint,
        AUTH_SECRET=db.settings.auth_secret or "",
        TABLE_PREFIX=db.prefix,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PYTHON_DOTENV_DISABLED="1",
        RATE_LIMITS="false",  # the load is one customer; limits are measured by tests
    )
    env.update(extra)  # a benchmark's own settings win (a cell with limits on, a proxy)
    return env


def _healthy(port: int) -> bool:
    try:
        with _OPENER.open(f"http://127.0.0.1:{port}/api/health", timeout=5.0) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def _wait_healthy(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 90.0
    while time.monotonic() < deadline and process.poll() is None:
        if _healthy(port):
            return
        time.sleep(0.2)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise RuntimeError(f"gunicorn did not become healthy on port {port}; its log ends:\n{tail}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # the gunicorn master (its workers are its children)


@contextlib.contextmanager
def app_server(
    db: Database, extra: Mapping[str, str] | None = None, root: Path = REPO_ROOT
) -> Iterator[Server]:
    """gunicorn -c gunicorn.conf.py wsgi:app (2 workers) on a free port, from the code in `root`
    (this checkout, or an older commit's worktree: see bench/revisions.py)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    with tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=app_environment(db, port, extra or {}),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(process, port, Path(log.name))
            yield Server(port, process.pid)
        finally:
            _stop(process)
