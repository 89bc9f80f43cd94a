"""The local install's files: `.env` (made once from .env.example) and `instance/` (its data)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import dotenv_values

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


SHARED_DB = "shared-local-instance.db"  # DynamoDB Local's file under -sharedDb


def ensure_local_credentials(path: Path) -> tuple[str, str]:
    """This install's own DynamoDB Local key pair, made once and kept in `path` (.env).

    Without -sharedDb DynamoDB Local keeps a database per access key and region, so a client
    that does not hold this install's key sees no table of it."""
    values = dotenv_values(path) if path.exists() else {}
    key, secret = values.get("DYNAMODB_ACCESS_KEY_ID"), values.get("DYNAMODB_SECRET_ACCESS_KEY")
    if key and secret:
        return key, secret
    key, secret = f"local{secrets.token_hex(8)}", secrets.token_urlsafe(32)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(
        _with_values(text, {"DYNAMODB_ACCESS_KEY_ID": key, "DYNAMODB_SECRET_ACCESS_KEY": secret}),
        encoding="utf-8",
    )
    print(f"wrote a new DynamoDB Local key pair for this install to {path}")
    return key, secret


def carry_over_shared_db(data_dir: Path, key: str, region: str) -> None:
    """Data an earlier version kept in the shared database becomes this key's: nothing lost."""
    shared, own = data_dir / SHARED_DB, data_dir / f"{key}_{region}.db"
    if shared.exists() and not own.exists():
        shared.rename(own)
        print(f"moved the local database {shared.name} to {own.name} (this install's key)")
