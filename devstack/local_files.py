"""The local install's files: `.env` (made once from .env.example) and `instance/` (its data)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def env_file_path() -> Path:
    """CLOUDMART_ENV_FILE, default <repo>/.env."""
    return Path(os.environ.get("CLOUDMART_ENV_FILE") or REPO_ROOT / ".env")


def instance_dir() -> Path:
    """CLOUDMART_INSTANCE_DIR, default <repo>/instance (git-ignored local data)."""
    return Path(os.environ.get("CLOUDMART_INSTANCE_DIR") or REPO_ROOT / "instance")


def ensure_env_file(path: Path) -> bool:
    """Create `path` from .env.example with a new AUTH_SECRET and DEMO_LOGIN=true; True if made."""
    if path.exists():
        return False
    example = REPO_ROOT / ".env.example"
    template = example.read_text(encoding="utf-8") if example.is_file() else ""
    text = _with_values(template, {"AUTH_SECRET": secrets.token_urlsafe(48), "DEMO_LOGIN": "true"})
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # it holds a secret
    with os.fdopen(descriptor, "w", encoding="utf-8") as env_file:
        env_file.write(text)
    print(f"created {path} from .env.example with a new AUTH_SECRET and DEMO_LOGIN=true")
    return True


def _with_values(template: str, values: dict[str, str]) -> str:
    """The template with each `KEY=` line of `values` set (missing keys appended)."""
    pending, lines = dict(values), []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if "=" in line and not line.lstrip().startswith("#") and key in pending:
            line = f"{key}={pending.pop(key)}"
        lines.append(line)
    lines.extend(f"{key}={value}" for key, value in pending.items())
    return "\n".join(lines) + "\n"
