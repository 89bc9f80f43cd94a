"""Fixtures: every API test runs on moto and again on DynamoDB Local (the real engine)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from flask import Flask
from flask.testing import FlaskClient
from moto import mock_aws

from cloudmart import create_app
from migrations_seed.seed import ensure_tables, seed

SECRET = "test-secret-that-is-long-enough-for-hs256"
VENDOR_VARIABLES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "BEDROCK_AGENT_ID",
    "BEDROCK_AGENT_ALIAS_ID",
    "AI_PROVIDER",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "DYNAMODB_ENDPOINT_URL",
    "AUTH_JWKS_URL",
)
ALICE, BOB, CAROL, ADMIN = (
    "alice@example.com",
    "bob@example.com",
    "carol@example.com",
    "admin@cloudmart.example",
)


@pytest.fixture(autouse=True, scope="session")
def no_vendor_credentials() -> Iterator[None]:
    """No test can reach a real vendor: keys are unset and AWS credentials are dummies."""
    saved = {k: os.environ.pop(k) for k in VENDOR_VARIABLES if k in os.environ}
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
    )
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[Any]:
    """One in-memory DynamoDB Local for the session; each test takes its own table prefix."""
    from migrations_seed.dynamodb_local import DynamoDBLocal

    with DynamoDBLocal() as server:
        yield server


@pytest.fixture(params=["moto", pytest.param("dynamodb-local", marks=pytest.mark.integration)])
def backend(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Settings that point the app at a fresh, empty set of tables on either engine."""
    if request.param == "moto":
        with mock_aws():
            yield {"table_prefix": "cloudmart"}
    else:
        server = request.getfixturevalue("dynamodb_local")
        yield {
            "table_prefix": f"t{uuid.uuid4().hex[:12]}",
            "dynamodb_endpoint_url": server.endpoint_url,
        }


@pytest.fixture
def settings(backend: dict[str, Any]) -> dict[str, Any]:
    return {"auth_secret": SECRET, "demo_login": True, **backend}


@pytest.fixture
def app(settings: dict[str, Any]) -> Flask:
    app = create_app(settings)
    client = app.extensions["cloudmart"].dynamodb
    ensure_tables(client, settings["table_prefix"], report=lambda _: None)
    seed(client, settings["table_prefix"], report=lambda _: None)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def auth(app: Flask) -> Callable[..., dict[str, str]]:
    """auth(email, role="customer") -> the Authorization header for that principal."""
    tokens = app.extensions["cloudmart"].tokens

    def headers(email: str, role: str = "customer") -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.issue(email, role)}"}

    return headers


@pytest.fixture
def raw_dynamodb(app: Flask) -> Any:
    """A boto3 client on the same tables, to check what a request did or did not write."""
    s = app.extensions["cloudmart"].settings
    return boto3.client("dynamodb", endpoint_url=s.dynamodb_endpoint_url, region_name="us-east-1")
