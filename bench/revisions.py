"""An older commit of this repository checked out beside the current one, to measure both in
one run (same machine, same moment, same load): `git worktree add --detach` into a temporary
directory, removed afterwards. Both run on this checkout's virtualenv."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.stack import REPO_ROOT

BASELINE = os.environ.get("BENCH_BASELINE") or "1422ce7"  # before issue 23's CPU work


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO_ROOT, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def describe(root: Path) -> str:
    """The commit a tree is at (short), with "+changes" when its files differ from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head + ("+changes" if dirty else "")


@contextlib.contextmanager
def checkout(commit: str) -> Iterator[Path]:
    """`commit` in a temporary worktree (detached), removed when done."""
    parent = Path(tempfile.mkdtemp(prefix="bench-rev-"))
    tree = parent / "tree"
    _git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    try:
        yield tree
    finally:
        _git("worktree", "remove", "--force", str(tree))
        with contextlib.suppress(OSError):
            parent.rmdir()
