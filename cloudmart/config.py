"""Settings from the environment (and `.env` through python-dotenv)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from cloudmart.models import RETURN_WINDOW_DAYS
from cloudmart.repositories.tables import table_name

PROVIDERS = ("local", "openai", "bedrock")
OPENAI_MODES = ("conversations", "stateless")
DATASETS = ("demo", "retail")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it."""


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {value!r}")


@dataclass(frozen=True)
class Settings:
    """Every setting of the app; `env` names the variable each one is read from."""

    port: int = field(default=5000, metadata={"env": "PORT"})
    aws_region: str = field(default="us-east-1", metadata={"env": "AWS_REGION"})
    dynamodb_endpoint_url: str | None = field(
        default=None, metadata={"env": "DYNAMODB_ENDPOINT_URL"}
    )
    dynamodb_connect_timeout: float = field(
        default=2.0, metadata={"env": "DYNAMODB_CONNECT_TIMEOUT"}
    )
    dynamodb_read_timeout: float = field(default=5.0, metadata={"env": "DYNAMODB_READ_TIMEOUT"})
    dynamodb_max_attempts: int = field(default=3, metadata={"env": "DYNAMODB_MAX_ATTEMPTS"})
    # Keys for DynamoDB alone (make run's DynamoDB Local); empty = boto3's credential chain.
    dynamodb_access_key_id: str | None = field(
        default=None, metadata={"env": "DYNAMODB_ACCESS_KEY_ID"}
    )
    dynamodb_secret_access_key: str | None = field(
        default=None, metadata={"env": "DYNAMODB_SECRET_ACCESS_KEY"}
    )
    # Kept-alive connections per worker: a gevent worker runs up to GUNICORN_WORKER_CONNECTIONS
    # (1000) turns at once, and past the pool's size a connection is made and dropped per call,
    # which costs CPU on both ends.
    dynamodb_max_pool_connections: int = field(
        default=1000, metadata={"env": "DYNAMODB_MAX_POOL_CONNECTIONS"}
    )
    table_prefix: str = field(default="cloudmart", metadata={"env": "TABLE_PREFIX"})
    # What `make run` serves: the demo shop, or the retail reference data (in its own tables,
    # `<TABLE_PREFIX>-retail-*`).
    dataset: str = field(default="demo", metadata={"env": "DATASET"})
    auth_secret: str | None = field(default=None, metadata={"env": "AUTH_SECRET"})
    auth_issuer: str = field(default="cloudmart-local", metadata={"env": "AUTH_ISSUER"})
    auth_audience: str = field(default="cloudmart", metadata={"env": "AUTH_AUDIENCE"})
    auth_jwks_url: str | None = field(default=None, metadata={"env": "AUTH_JWKS_URL"})
    auth_roles_claim: str = field(default="roles", metadata={"env": "AUTH_ROLES_CLAIM"})
    auth_token_ttl_seconds: int = field(default=8 * 3600, metadata={"env": "AUTH_TOKEN_TTL"})
    demo_login: bool = field(default=False, metadata={"env": "DEMO_LOGIN"})
    log_format: str = field(default="json", metadata={"env": "LOG_FORMAT"})
    log_level: str = field(default="INFO", metadata={"env": "LOG_LEVEL"})
    trust_request_id: bool = field(default=False, metadata={"env": "TRUST_REQUEST_ID"})
    metrics_token: str | None = field(default=None, metadata={"env": "METRICS_TOKEN"})
    hsts: bool = field(default=False, metadata={"env": "HSTS"})
    max_content_length: int = field(default=64 * 1024, metadata={"env": "MAX_CONTENT_LENGTH"})
    confirm_actions: bool = field(default=True, metadata={"env": "CONFIRM_ACTIONS"})
    pending_action_ttl_seconds: int = field(default=600, metadata={"env": "PENDING_ACTION_TTL"})
    max_tool_rounds: int = field(default=5, metadata={"env": "MAX_TOOL_ROUNDS"})
    turn_timeout_seconds: float = field(default=90.0, metadata={"env": "TURN_TIMEOUT"})
    # Live event streams (a conversation's, the staff inbox's): how often each polls DynamoDB
    # and how long one response lasts before the client resumes it (Last-Event-ID).
    event_poll_seconds: float = field(default=1.0, metadata={"env": "EVENT_POLL_SECONDS"})
    event_stream_seconds: float = field(default=30.0, metadata={"env": "EVENT_STREAM_SECONDS"})
    max_output_tokens: int = field(default=1024, metadata={"env": "MAX_OUTPUT_TOKENS"})
    rate_limits: bool = field(default=True, metadata={"env": "RATE_LIMITS"})
    limit_messages_per_minute: int = field(
        default=30, metadata={"env": "LIMIT_MESSAGES_PER_MINUTE"}
    )
    limit_conversations_per_hour: int = field(
        default=30, metadata={"env": "LIMIT_CONVERSATIONS_PER_HOUR"}
    )
    limit_orders_per_hour: int = field(default=20, metadata={"env": "LIMIT_ORDERS_PER_HOUR"})
    limit_tickets_per_hour: int = field(default=10, metadata={"env": "LIMIT_TICKETS_PER_HOUR"})
    token_budget_per_customer: int = field(
        default=200_000, metadata={"env": "TOKEN_BUDGET_PER_CUSTOMER"}
    )
    token_budget_for_shop: int = field(default=5_000_000, metadata={"env": "TOKEN_BUDGET_FOR_SHOP"})
    return_window_days: int = field(
        default=RETURN_WINDOW_DAYS, metadata={"env": "RETURN_WINDOW_DAYS"}
    )
    ai_provider: str | None = field(default=None, metadata={"env": "AI_PROVIDER"})
    openai_api_key: str | None = field(default=None, metadata={"env": "OPENAI_API_KEY"})
    openai_assistant_id: str | None = field(default=None, metadata={"env": "OPENAI_ASSISTANT_ID"})
    openai_model: str = field(default="gpt-4.1-mini", metadata={"env": "OPENAI_MODEL"})
    openai_base_url: str | None = field(default=None, metadata={"env": "OPENAI_BASE_URL"})
    openai_mode: str = field(default="conversations", metadata={"env": "OPENAI_MODE"})
    openai_timeout: float = field(default=30.0, metadata={"env": "OPENAI_TIMEOUT"})
    openai_max_retries: int = field(default=2, metadata={"env": "OPENAI_MAX_RETRIES"})
    bedrock_agent_id: str | None = field(default=None, metadata={"env": "BEDROCK_AGENT_ID"})
    bedrock_agent_alias_id: str | None = field(
        default=None, metadata={"env": "BEDROCK_AGENT_ALIAS_ID"}
    )
    bedrock_read_timeout: float = field(default=60.0, metadata={"env": "BEDROCK_READ_TIMEOUT"})
    bedrock_max_attempts: int = field(default=3, metadata={"env": "BEDROCK_MAX_ATTEMPTS"})
    bedrock_endpoint_url: str | None = field(
        default=None, metadata={"env": "BEDROCK_AGENT_RUNTIME_ENDPOINT_URL"}
    )
    bedrock_action_group: str = field(
        default="cloudmart-tools", metadata={"env": "BEDROCK_ACTION_GROUP"}
    )
    # The MCP server (cloudmart/mcp_server): its own ASGI process beside gunicorn. Where the
    # shop's page is (the confirmation links), where the MCP endpoint is, and whose browsers
    # may call it (Origin; the page's own origin and localhost when empty).
    mcp_port: int = field(default=5001, metadata={"env": "MCP_PORT"})
    public_url: str | None = field(default=None, metadata={"env": "PUBLIC_URL"})
    mcp_public_url: str | None = field(default=None, metadata={"env": "MCP_PUBLIC_URL"})
    mcp_allowed_origins: str = field(default="", metadata={"env": "MCP_ALLOWED_ORIGINS"})
    mcp_confirm_wait_seconds: float = field(
        default=300.0, metadata={"env": "MCP_CONFIRM_WAIT_SECONDS"}
    )
    # Keys sealing the 2026-07-28+ revisions' requestState (comma-separated, >= 32 bytes each;
    # the first seals, all unseal). Empty: derived from AUTH_SECRET.
    mcp_state_keys: str = field(default="", metadata={"env": "MCP_STATE_KEYS"})

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """Read every setting from `environ` (default: os.environ), then apply `overrides`."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, f.metadata["env"], f.type, raw)
        unknown = set(overrides or {}) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update(overrides or {})
        if values.get("dataset") == "retail":  # its own tables: the demo shop's stay as they are
            values["table_prefix"] = f"{values.get('table_prefix', 'cloudmart')}-retail"
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.ai_provider is not None and self.ai_provider not in PROVIDERS:
            raise ConfigError(f"AI_PROVIDER must be one of {', '.join(PROVIDERS)}")
        if self.dataset not in DATASETS:
            raise ConfigError(f"DATASET must be one of {', '.join(DATASETS)}")
        if self.log_format not in ("json", "text"):
            raise ConfigError("LOG_FORMAT must be json or text")
        if self.openai_mode not in OPENAI_MODES:
            raise ConfigError(f"OPENAI_MODE must be one of {', '.join(OPENAI_MODES)}")
        if not self.auth_secret and not self.auth_jwks_url:
            raise ConfigError("set AUTH_SECRET (local tokens) or AUTH_JWKS_URL (an OIDC issuer)")

    @property
    def page_url(self) -> str:
        """The shop's page, as a customer's browser reaches it (no trailing slash)."""
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def mcp_url(self) -> str:
        """The MCP endpoint, as an agent reaches it: the resource its tokens are for."""
        return (self.mcp_public_url or f"http://localhost:{self.mcp_port}/mcp").rstrip("/")

    def table_name(self, suffix: str) -> str:
        return table_name(self.table_prefix, suffix)


def _convert(name: str, env: str, type_name: Any, raw: str) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind.startswith("bool"):
            return _bool(raw)
    except ValueError as exc:
        raise ConfigError(f"{env}: {exc}") from None
    return raw
