"""The sealed `requestState` of the 2026-07-28+ revisions: the SDK's boundary seals it under
the shop's key (shared by every worker), and what we put in it names the pending action."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from mcp.server.context import ServerRequestContext
from mcp.server.request_state import RequestStateBoundary, RequestStateSecurity
from mcp_types.version import is_version_at_least

from cloudmart.config import ConfigError, Settings

log = logging.getLogger(__name__)
INPUT_REQUIRED_VERSION = "2026-07-28"  # the first revision whose calls return "input required"
# Domain separation: the key derived from AUTH_SECRET is useless as a token-signing key.
DERIVED_LABEL = b"cloudmart/mcp/request-state/v1"


def is_modern(ctx: ServerRequestContext[Any, Any]) -> bool:
    """A 2026-07-28+ request: it cannot be asked anything mid-call (no back channel)."""
    version = ctx.protocol_version
    return version is not None and is_version_at_least(version, INPUT_REQUIRED_VERSION)


def state_keys(settings: Settings) -> list[bytes]:
    """MCP_STATE_KEYS (comma-separated, the first seals, all unseal: rotation), else a key
    derived from AUTH_SECRET (every worker has it), else none."""
    keys = [k.strip().encode() for k in settings.mcp_state_keys.split(",") if k.strip()]
    if any(len(k) < 32 for k in keys):
        raise ConfigError("MCP_STATE_KEYS: each key must be at least 32 bytes of randomness")
    if not keys and settings.auth_secret:
        keys = [hmac.new(settings.auth_secret.encode(), DERIVED_LABEL, hashlib.sha256).digest()]
    return keys


def boundary(settings: Settings) -> RequestStateBoundary:
    """The SDK's boundary (AES-256-GCM, expiry, bound to the method, tool, arguments, the
    signed-in principal and this MCP endpoint), living as long as a pending action."""
    ttl, audience = float(settings.pending_action_ttl_seconds), settings.mcp_url
    keys = state_keys(settings)
    if keys:
        security = RequestStateSecurity(keys=keys, ttl=ttl, audience=audience)
    else:  # an OIDC issuer and no MCP_STATE_KEYS: this process's own key (one worker only)
        log.warning("MCP_STATE_KEYS is not set: modern MCP requests need this one worker")
        security = RequestStateSecurity.ephemeral(ttl=ttl, audience=audience)
    return RequestStateBoundary(security, default_audience=audience)


@dataclass(frozen=True)
class RoundState:
    """What a retry needs to finish a held write on any worker (plaintext inside the seal)."""

    action_id: str
    customer_id: str
    mode: str  # "url" (the shop's page) or "form"
    until: float = 0.0  # page mode: when waiting for the person's press ends; 0 = not yet asked

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> RoundState | None:
        try:
            raw = json.loads(text or "")
            state = cls(**raw) if isinstance(raw, dict) else None
        except (ValueError, TypeError):
            return None
        if state is None or state.mode not in ("url", "form"):
            return None
        return state
