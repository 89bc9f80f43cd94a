"""boto3 client construction (endpoint, region, timeouts, retries), lazily per process."""

from __future__ import annotations

import os
import platform
import threading
from typing import Any

import boto3
import botocore
from botocore.config import Config

from cloudmart.config import Settings

USER_AGENT = f"cloudmart botocore/{botocore.__version__} python/{platform.python_version()}"


class LazyClient:
    """A boto3 client built on first use in each process (clients are not fork-safe)."""

    def __init__(self, service: str, settings: Settings, endpoint_url: str | None = None) -> None:
        self._service = service
        self._settings = settings
        self._endpoint_url = endpoint_url
        self._lock = threading.Lock()
        self._client: Any = None
        self._pid: int | None = None

    def _build(self) -> Any:
        s = self._settings
        config = Config(
            region_name=s.aws_region,
            connect_timeout=s.dynamodb_connect_timeout,
            read_timeout=s.dynamodb_read_timeout,
            retries={"mode": "standard", "total_max_attempts": s.dynamodb_max_attempts},
            max_pool_connections=s.dynamodb_max_pool_connections,
            # The service validates every request itself; botocore's client-side pass walked
            # each request's whole shape again (a tenth of its CPU per call).
            parameter_validation=False,
            # A fixed User-Agent: botocore otherwise builds its own twice per call from a dozen
            # components (a tenth of the client's CPU per call, profiled).
            user_agent=USER_AGENT,
        )
        keys = {}
        if self._service == "dynamodb" and s.dynamodb_access_key_id:
            keys = {
                "aws_access_key_id": s.dynamodb_access_key_id,
                "aws_secret_access_key": s.dynamodb_secret_access_key,
            }
        return boto3.session.Session().client(
            self._service, endpoint_url=self._endpoint_url, config=config, **keys
        )

    def get(self) -> Any:
        pid = os.getpid()
        if self._client is None or self._pid != pid:
            with self._lock:
                if self._client is None or self._pid != pid:
                    self._client, self._pid = self._build(), pid
        return self._client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def dynamodb_client(settings: Settings) -> LazyClient:
    return LazyClient("dynamodb", settings, settings.dynamodb_endpoint_url)
