"""Which provider serves a conversation, built lazily (the app starts with no key)."""

from __future__ import annotations

import threading

from cloudmart.config import Settings
from providers.base import Provider, ProviderNotConfiguredError


class ProviderFactory:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._built: dict[str, Provider] = {}
        self._lock = threading.Lock()

    @property
    def default(self) -> str:
        return self._settings.ai_provider or "local"

    def install(self, name: str, provider: Provider) -> None:
        """Serve `name` with this provider (tests use it to plug in a scripted model)."""
        with self._lock:
            self._built[name] = provider

    def get(self, name: str) -> Provider:
        with self._lock:
            if name not in self._built:
                self._built[name] = self._build(name)
            return self._built[name]

    def _build(self, name: str) -> Provider:
        s = self._settings
        if name == "local":
            from providers.local import LocalProvider  # vendor modules load only when used

            return LocalProvider()
        if name == "openai":
            return _openai(s)
        if name == "bedrock":
            return _bedrock(s)
        raise ValueError(f"unknown provider {name!r}")


def _openai(s: Settings) -> Provider:
    if not (s.openai_api_key or s.openai_base_url):
        raise ProviderNotConfiguredError("openai", ["OPENAI_API_KEY"])
    from providers.openai_responses import OpenAIProvider

    return OpenAIProvider(
        api_key=s.openai_api_key or "not-needed",
        model=s.openai_model,
        base_url=s.openai_base_url,
        timeout=s.openai_timeout,
        max_retries=s.openai_max_retries,
        stateless=s.openai_mode == "stateless",
    )


def _bedrock(s: Settings) -> Provider:
    missing = [
        env
        for env, value in (
            ("BEDROCK_AGENT_ID", s.bedrock_agent_id),
            ("BEDROCK_AGENT_ALIAS_ID", s.bedrock_agent_alias_id),
        )
        if not value
    ]
    if missing:
        raise ProviderNotConfiguredError("bedrock", missing)
    from providers.bedrock_agent import BedrockAgentProvider

    return BedrockAgentProvider(
        agent_id=s.bedrock_agent_id or "",
        alias_id=s.bedrock_agent_alias_id or "",
        region=s.aws_region,
        endpoint_url=s.bedrock_endpoint_url,
        read_timeout=s.bedrock_read_timeout,
        max_attempts=s.bedrock_max_attempts,
        action_group=s.bedrock_action_group,
    )
