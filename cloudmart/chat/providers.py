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
            if not (s.openai_api_key or s.openai_base_url):
                raise ProviderNotConfiguredError("openai", ["OPENAI_API_KEY"])
        elif name == "bedrock":
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
        raise ProviderNotConfiguredError(name, [f"a build with the {name} provider"])
