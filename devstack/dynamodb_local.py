"""Run AWS DynamoDB Local with Java for tests and development (installed by dynamodb_install)."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

from devstack.dynamodb_install import (  # noqa: F401 - the runner's install, re-exported
    JavaMissingError,
    check_java,
    ensure_installed,
    installed_jar,
)

LIST_TABLES_HEADERS = {
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": (
        "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=x"
    ),
}
# No proxy: the probe must reach 127.0.0.1 even when HTTP(S)_PROXY is set.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_http(port: int) -> bool:
    """True once DynamoDB Local accepts TCP and answers a ListTables POST (any HTTP status)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
    except OSError:
        return False
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", data=b"{}", headers=LIST_TABLES_HEADERS, method="POST"
    )
    try:
        with _OPENER.open(request, timeout=5.0) as response:
            response.read()
    except urllib.error.HTTPError:
        return True
    except (OSError, http.client.HTTPException):
        return False
    return True


class DynamoDBLocal:
    """One DynamoDB Local JVM; data_dir=None keeps tables in memory (-inMemory).

    `shared=False` keeps one database per access key and region (DynamoDB Local's own rule),
    so a client with other credentials sees nothing; `cors` limits browser origins."""

    def __init__(
        self,
        data_dir: Path | None = None,
        port: int | None = None,
        *,
        shared: bool = True,
        cors: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).resolve() if data_dir is not None else None
        self.port = port if port is not None else free_port()
        self.shared = shared
        self.cors = cors
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None
        self._log_file: IO[bytes] | None = None
        self._log_offset = 0
        self._temp_log = False

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def command(self, jar: Path) -> list[str]:
        """The java command line that serves DynamoDB Local from jar."""
        storage = ["-dbPath", str(self.data_dir)] if self.data_dir is not None else ["-inMemory"]
        return [
            "java",
            f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jar),
            *(["-sharedDb"] if self.shared else []),
            *storage,
            "-port",
            str(self.port),
            "-disableTelemetry",
            *(["-cors", self.cors] if self.cors else []),
        ]

    def start(self, timeout: float = 30.0) -> DynamoDBLocal:
        """Spawn the JVM in its own process group and wait until it answers HTTP."""
        if self.process is not None:
            raise RuntimeError(f"DynamoDB Local is already started on {self.endpoint_url}")
        check_java()
        jar = ensure_installed()
        log = self._open_log()
        self.process = subprocess.Popen(
            self.command(jar),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        atexit.register(self.stop)
        try:
            self._wait_until_up(timeout)
        except BaseException:
            self._temp_log = False  # keep the log the error message points to
            self.stop()
            raise
        return self

    def _open_log(self) -> IO[bytes]:
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.log_path, self._temp_log = self.data_dir / "dynamodb-local.log", False
        else:
            handle, name = tempfile.mkstemp(prefix="dynamodb-local-", suffix=".log")
            os.close(handle)
            self.log_path, self._temp_log = Path(name), True
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._log_file = self.log_path.open("ab")
        return self._log_file

    def _wait_until_up(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(
                    f"DynamoDB Local exited with code {code} while starting on port "
                    f"{self.port}; log {self.log_path} ends with:\n{self.log_tail()}"
                )
            if _answers_http(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError(
            f"DynamoDB Local did not answer on {self.endpoint_url} within {timeout:g}s; "
            f"log {self.log_path} ends with:\n{self.log_tail()}"
        )

    def log_tail(self, limit: int = 4000) -> str:
        """The last `limit` bytes this instance wrote to its log."""
        if self.log_path is None or not self.log_path.exists():
            return "(no log)"
        with self.log_path.open("rb") as log:
            log.seek(max(self._log_offset, log.seek(0, os.SEEK_END) - limit))
            return log.read().decode(errors="replace") or "(log is empty)"

    def _signal_group(self, signum: signal.Signals) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the process group, wait up to `timeout` seconds, then SIGKILL it."""
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait()
        self._cleanup()

    def kill(self) -> None:
        """SIGKILL the process group at once (simulates a crash)."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait()
        self._cleanup()

    def wait(self) -> int:
        """Block until the JVM exits; return its exit code."""
        if self.process is None:
            raise RuntimeError("DynamoDB Local is not started")
        return self.process.wait()

    def _cleanup(self) -> None:
        atexit.unregister(self.stop)
        self.process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._temp_log and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> DynamoDBLocal:
        return self if self.process is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run DynamoDB Local in the foreground until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(description="Run the project's pinned DynamoDB Local.")
    parser.add_argument("--data-dir", type=Path, help="keep tables here (default: in memory)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    parser.add_argument("--timeout", type=float, default=60.0, help="start-up timeout, seconds")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        with DynamoDBLocal(args.data_dir, args.port).start(args.timeout) as db:
            where = db.data_dir or "memory"
            print(f"DynamoDB Local at {db.endpoint_url} (data: {where}); Ctrl-C stops", flush=True)
            code = db.wait()
            print(f"DynamoDB Local exited with code {code}:\n{db.log_tail()}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:  # includes JavaMissingError
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
