"""The embedded default: `python -m devstack.devserver` runs the whole product on one machine."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from dotenv import load_dotenv
from flask import Flask

from cloudmart import create_app
from cloudmart.accounts.signin import issue_token
from cloudmart.config import ConfigError, Settings
from devstack import dynamodb_local
from devstack.local_files import (
    carry_over_shared_db,
    ensure_env_file,
    ensure_local_credentials,
    env_file_path,
    instance_dir,
)
from devstack.page import build_frontend
from migrations_seed.retail_import import (
    REFERENCE_DATA,
    ImportFailed,
    import_directory,
    read_records,
)
from migrations_seed.seed import ensure_tables, migrate, seed_if_empty

REPO_ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = REPO_ROOT / "gunicorn.conf.py"
DEMO_EMAIL = "alice@example.com"
HEALTH_TIMEOUT = 90.0
TRUE_VALUES = ("1", "true", "yes", "on")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Failures the operator can fix: reported in one paragraph, without a traceback.
EXPECTED_ERRORS = (
    ConfigError,
    RuntimeError,
    subprocess.CalledProcessError,
    BotoCoreError,
    ClientError,
)
# No proxy: the readiness probe must reach 127.0.0.1 even when HTTP(S)_PROXY is set.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _has_aws_credentials() -> bool:
    """True if boto3 finds credentials without asking the EC2 metadata service (slow off EC2)."""
    saved = os.environ.get("AWS_EC2_METADATA_DISABLED")
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    try:
        return boto3.session.Session().get_credentials() is not None
    finally:
        os.environ.pop("AWS_EC2_METADATA_DISABLED")
        if saved is not None:
            os.environ["AWS_EC2_METADATA_DISABLED"] = saved


def use_dummy_credentials_for_local(endpoint: str) -> None:
    """A DynamoDB on this machine accepts any signature: give boto3 keys if it finds none."""
    local = urllib.parse.urlsplit(endpoint).hostname in LOOPBACK_HOSTS
    if local and not _has_aws_credentials():
        os.environ.update(AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local")


@contextlib.contextmanager
def dynamodb_endpoint() -> Iterator[str]:
    """The operator's DYNAMODB_ENDPOINT_URL, or a DynamoDB Local run for as long as this lasts."""
    configured = os.environ.get("DYNAMODB_ENDPOINT_URL")
    if configured:
        print(f"using DynamoDB at {configured} (DYNAMODB_ENDPOINT_URL); not starting a local one")
        use_dummy_credentials_for_local(configured)
        yield configured
        return
    dynamodb_local.check_java()
    dynamodb_local.ensure_installed()
    port = int(os.environ.get("DYNAMODB_LOCAL_PORT") or dynamodb_local.free_port())
    key, secret = ensure_local_credentials(env_file_path())
    data_dir = instance_dir() / "dynamodb"
    carry_over_shared_db(data_dir, key, os.environ.get("AWS_REGION") or "us-east-1")
    origin = f"http://localhost:{os.environ.get('PORT') or 5000}"
    db = dynamodb_local.DynamoDBLocal(data_dir, port, shared=False, cors=origin)
    db.start(timeout=60.0)
    try:
        os.environ.update(
            DYNAMODB_ENDPOINT_URL=db.endpoint_url,
            DYNAMODB_ACCESS_KEY_ID=key,
            DYNAMODB_SECRET_ACCESS_KEY=secret,
        )
        use_dummy_credentials_for_local(db.endpoint_url)
        print(f"DynamoDB Local at {db.endpoint_url} (data: {db.data_dir})", flush=True)
        yield db.endpoint_url
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not skip the flush
            signal.signal(signum, signal.SIG_IGN)
        print("stopping DynamoDB Local", flush=True)
        db.stop()


def prepare_tables(app: Flask) -> None:
    """Create the missing tables, and fill them when the catalogue is empty: the demo shop,
    or the retail reference data (DATASET=retail)."""
    svc = app.extensions["cloudmart"]
    ensure_tables(svc.dynamodb, svc.settings.table_prefix)
    if svc.settings.dataset == "retail":
        if not svc.products.products.list(1, None).items:
            import_directory(svc, REFERENCE_DATA)
        return
    migrate(svc.dynamodb, svc.settings.table_prefix)  # data of a previous version, in place
    seed_if_empty(svc.dynamodb, svc.settings.table_prefix)


def demo_email(app: Flask) -> str:
    """Whom the printed token signs in: Alice, or the first customer of the retail data."""
    svc = app.extensions["cloudmart"]
    if svc.settings.dataset != "retail":
        return DEMO_EMAIL
    first = next(iter(read_records(REFERENCE_DATA)["users"].values()))
    return str(first["email"])


def http_port() -> int | None:
    """The TCP port gunicorn binds (GUNICORN_BIND, else PORT); None for a unix socket."""
    bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or 5000}"
    if bind.startswith(("unix:", "fd://")):
        return None
    return int(bind.rsplit(":", 1)[1]) if ":" in bind else 8000  # gunicorn's own default


def _healthy(port: int) -> bool:
    try:
        url = f"http://127.0.0.1:{port}/api/health"
        with _OPENER.open(url, timeout=5.0) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def wait_until_healthy(process: subprocess.Popen[bytes], port: int) -> bool:
    """Poll /api/health until it answers 200; False if gunicorn exits or HEALTH_TIMEOUT passes."""
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        if _healthy(port):
            return True
        time.sleep(0.2)
    return False


def print_banner(port: int | None, token: str, email: str = DEMO_EMAIL) -> None:
    """Where to go, and a token to try the API with."""
    url = f"http://localhost:{port}" if port else os.environ.get("GUNICORN_BIND", "")
    print(
        f"\nCloudMart is running at {url}   (Ctrl-C stops it; data in {instance_dir()})\n"
        f"  API docs:  {url}/api/docs\n"
        f"  MCP server (for AI agents): http://localhost:{os.environ.get('MCP_PORT') or 5001}/mcp\n"
        f"  Demo bearer token for {email} (customer):\n  {token}\n"
        f"  Other tokens: make -s token EMAIL=<email> ROLE=customer|admin\n",
        flush=True,
    )


class SignalForwarder:
    """Passes SIGINT and SIGTERM on to the child process and remembers that one arrived."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.received: int | None = None
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self)

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if self.process.poll() is None:
            self.process.send_signal(signum)


def mcp_command() -> list[str]:
    """The MCP server's own ASGI process (uvicorn), on the host gunicorn binds, MCP_PORT."""
    bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:"
    host = bind.rsplit(":", 1)[0] if ":" in bind and not bind.startswith("unix:") else "127.0.0.1"
    port = os.environ.get("MCP_PORT") or "5001"
    app = "cloudmart.mcp_server.asgi:app"
    # One worker, whatever WEB_CONCURRENCY (gunicorn's) says: uvicorn would read it too, and an
    # MCP session lives in the process that opened it.
    command = [sys.executable, "-m", "uvicorn", app, "--workers", "1"]
    return [*command, "--host", host or "127.0.0.1", "--port", port]


def serve(token: str, email: str = DEMO_EMAIL) -> int:
    """Run gunicorn (and the MCP server beside it) until it exits; 0 when asked to stop."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "wsgi:app"]
    # The environment is final here; wsgi.py must not load the repo's .env on top of it.
    env = {**os.environ, "PYTHON_DOTENV_DISABLED": "1"}
    env["LOG_FORMAT"] = env.get("LOG_FORMAT") or "text"  # readable lines on a developer's screen
    mcp = subprocess.Popen(mcp_command(), cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL)
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL)
    forwarder = SignalForwarder(process)
    try:
        port = http_port()
        if port is None or wait_until_healthy(process, port):
            print_banner(port, token, email)
        elif process.poll() is None:
            print(f"warning: /api/health did not answer 200 within {HEALTH_TIMEOUT:g}s")
        code = process.wait()
    finally:
        for child in (process, mcp):
            if child is mcp and child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            if child.poll() is None:
                child.kill()
                child.wait()
    return 0 if forwarder.received is not None else code


def run() -> int:
    """Build the page, start or reach DynamoDB, create and seed the tables, then serve."""
    Settings.from_env()  # a bad setting fails here, before anything is started
    build_frontend()
    with dynamodb_endpoint():
        app = create_app()
        prepare_tables(app)
        email = demo_email(app)
        return serve(issue_token(app.extensions["cloudmart"], email), email)


def import_retail(directory: Path) -> int:
    """`make import-retail DIR=...`: the same database `make run` uses (started for the
    import when DYNAMODB_ENDPOINT_URL does not name a running one), its tables, the records."""
    Settings.from_env()
    with dynamodb_endpoint():
        app = create_app()
        svc = app.extensions["cloudmart"]
        ensure_tables(svc.dynamodb, svc.settings.table_prefix)
        import_directory(svc, directory)
    return 0


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def explain(exc: BaseException) -> str:
    """The one-paragraph error message for a failure the operator can fix."""
    if isinstance(exc, dynamodb_local.JavaMissingError):
        return f"{exc}\n(or set DYNAMODB_ENDPOINT_URL to use a DynamoDB that runs elsewhere)"
    if isinstance(exc, (BotoCoreError, ClientError)):
        return f"DynamoDB at {os.environ.get('DYNAMODB_ENDPOINT_URL') or 'AWS'}: {exc}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; `--ensure-env-file` only creates the .env file if it is missing."""
    parser = argparse.ArgumentParser(prog="python -m devstack.devserver", description=__doc__)
    parser.add_argument("--ensure-env-file", action="store_true", help="create .env and exit")
    parser.add_argument(
        "--import-retail",
        metavar="DIR",
        type=Path,
        help="load DIR's users/orders/products.json into the store `make run` uses, and exit",
    )
    args = parser.parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):  # our lines and gunicorn's stay in order
        sys.stdout.reconfigure(line_buffering=True)
    ensure_env_file(env_file_path())
    if args.ensure_env_file:
        return 0
    load_dotenv(env_file_path())
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        return import_retail(args.import_retail) if args.import_retail else run()
    except ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except EXPECTED_ERRORS as exc:
        print(f"error: {explain(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
