"""Reliability fixtures: an app of its own on the session's DynamoDB Local."""

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


@pytest.fixture(params=["moto", pytest.param("dynamodb-local", marks=pytest.mark.integration)])
def engine_app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """A seeded app on moto, and again on DynamoDB Local."""
    if request.param == "moto":
        with mock_aws():
            yield build_app()
    else:
        yield build_app(request.getfixturevalue("dynamodb_local").endpoint_url)


@pytest.fixture
def moto_app() -> Iterator[Flask]:
    with mock_aws():
        yield build_app()
