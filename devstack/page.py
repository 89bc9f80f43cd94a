"""The page build: frontend/dist is built when missing or older than its sources."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FRONTEND_DIR = REPO_ROOT / "frontend"
TRUE_VALUES = ("1", "true", "yes", "on")


def _newest_mtime(paths: Sequence[Path]) -> float:
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return max((p.stat().st_mtime for p in files if p.is_file()), default=0.0)


def _frontend_inputs() -> list[Path]:
    names = ("src", "public", "index.html", "package.json", "package-lock.json")
    return [FRONTEND_DIR / n for n in names] + sorted(FRONTEND_DIR.glob("vite.config.*"))


def build_frontend() -> None:
    """Build frontend/dist when it is missing or older than its sources (npm ci when needed)."""
    if not (FRONTEND_DIR / "package.json").is_file():
        print("no frontend yet (frontend/package.json is missing): serving the API only")
        return
    if os.environ.get("CLOUDMART_SKIP_FRONTEND_BUILD", "").lower() in TRUE_VALUES:
        print("CLOUDMART_SKIP_FRONTEND_BUILD is set: not building the page")
        return
    built = FRONTEND_DIR / "dist" / "index.html"
    if built.is_file() and built.stat().st_mtime >= _newest_mtime(_frontend_inputs()):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("`npm` was not found on PATH; install Node.js 20.19+ to build the page")
    if _node_modules_stale():
        _npm(npm, "ci", "--no-audit", "--no-fund")
    _npm(npm, "run", "build")


def _node_modules_stale() -> bool:
    """True when frontend/node_modules is missing or older than package-lock.json."""
    installed = FRONTEND_DIR / "node_modules" / ".package-lock.json"  # written by npm ci
    lock = FRONTEND_DIR / "package-lock.json"
    if not installed.is_file():
        return True
    return lock.is_file() and lock.stat().st_mtime > installed.stat().st_mtime


def _npm(npm: str, *args: str) -> None:
    print(f"frontend: npm {' '.join(args)}", flush=True)
    subprocess.run([npm, *args], cwd=FRONTEND_DIR, stdin=subprocess.DEVNULL, check=True)
