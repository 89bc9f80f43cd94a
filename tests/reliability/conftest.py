"""Reliability fixtures: apps on one engine only (conftest's `app` runs on both)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from moto import mock_aws

from tests.reliability.support import build_app


@pytest.fixture
def local_app(dynamodb_local: Any) -> Flask:
    """A seeded app on DynamoDB Local (the real engine's conditional writes and transactions)."""
    return build_app(dynamodb_local.endpoint_url)


@pytest.fixture
def moto_app() -> Iterator[Flask]:
    with mock_aws():
        yield build_app()
