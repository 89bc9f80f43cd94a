"""The one fixture system: every API test runs on moto and again on DynamoDB Local.

engine (per module) -> settings (a fresh table prefix) -> app (seeded) -> client, auth,
raw_dynamodb. A module marked `shared_shop` gets one seeded shop per module instead, put back
to the seed state before each test (tests/shop.py).
"""

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
from tests.identities import ADMIN, ALICE, BOB, CAROL, SECRET
from tests.shop import Shop, open_shop

__all__ = ["ADMIN", "ALICE", "BOB", "CAROL", "SECRET"]  # the tests import them from here

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
    from devstack.dynamodb_local import DynamoDBLocal

    with DynamoDBLocal() as server:
        yield server


@pytest.fixture(
    scope="module",
    params=["moto", pytest.param("dynamodb-local", marks=pytest.mark.integration)],
)
def engine(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Either engine, once per module: moto (mocked for the whole module) or the session's
    DynamoDB Local. Every app on it takes its own table prefix, so tests never share tables
    unless they ask for the shared shop."""
    if request.param == "moto":
        with mock_aws():
            yield {"name": "moto", "settings": {}}
    else:
        server = request.getfixturevalue("dynamodb_local")
        yield {"name": "dynamodb-local", "settings": {"dynamodb_endpoint_url": server.endpoint_url}}


@pytest.fixture
def settings(engine: dict[str, Any]) -> dict[str, Any]:
    """Settings of a fresh app: its own, empty tables on the module's engine (a module may
    override this fixture to add its own)."""
    prefix = f"t{uuid.uuid4().hex[:12]}"
    return {
        "auth_secret": SECRET,
        "demo_login": True,
        "table_prefix": prefix,
        "rate_limits": False,  # tests/api/test_limits.py turns them on
        **engine["settings"],
    }


@pytest.fixture(scope="module")
def shop(engine: dict[str, Any]) -> Shop:
    """The module's shared, seeded shop (tests/shop.py)."""
    return open_shop(engine)


@pytest.fixture
def app(request: pytest.FixtureRequest, settings: dict[str, Any]) -> Flask:
    """The app under test, seeded: a fresh one, or in a `shared_shop` module the module's
    shop put back to the seed state."""
    if request.node.get_closest_marker("shared_shop"):
        shared: Shop = request.getfixturevalue("shop")
        shared.reset()
        return shared.app
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
    """auth(email, role="customer", name=None) -> the Authorization header for that principal."""
    tokens = app.extensions["cloudmart"].tokens

    def headers(email: str, role: str = "customer", name: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.issue(email, role, name=name)}"}

    return headers


@pytest.fixture
def raw_dynamodb(request: pytest.FixtureRequest, app: Flask) -> Any:
    """A boto3 client on the same tables, to check what a request did or did not write."""
    if request.node.get_closest_marker("shared_shop"):
        return request.getfixturevalue("shop").raw
    s = app.extensions["cloudmart"].settings
    return boto3.client("dynamodb", endpoint_url=s.dynamodb_endpoint_url, region_name="us-east-1")
