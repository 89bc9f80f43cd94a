"""DynamoDB Local runner: data on one data dir survives a clean stop and a SIGKILL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from devstack.dynamodb_local import DynamoDBLocal

pytestmark = pytest.mark.integration

Launch = Callable[[Path], DynamoDBLocal]
TABLE, KEY, TOTAL = "runner-check", {"id": {"S": "order-1"}}, {"N": "42.5"}
DUMMY_AWS = {"region_name": "us-east-1", "aws_access_key_id": "x", "aws_secret_access_key": "x"}


@pytest.fixture
def launch() -> Iterator[Launch]:
    """Start instances on demand; stop whichever are still running after the test."""
    started: list[DynamoDBLocal] = []

    def _launch(data_dir: Path) -> DynamoDBLocal:
        started.append(DynamoDBLocal(data_dir))
        return started[-1].start(timeout=60.0)

    yield _launch
    for db in started:
        db.stop()


def _client(db: DynamoDBLocal) -> Any:
    return boto3.client("dynamodb", endpoint_url=db.endpoint_url, **DUMMY_AWS)


def _write_item(db: DynamoDBLocal) -> None:
    _client(db).create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    _client(db).put_item(TableName=TABLE, Item={**KEY, "total": TOTAL})


def _read_total(db: DynamoDBLocal) -> Any:
    return _client(db).get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["total"]


@pytest.mark.parametrize("halt", ["stop", "kill"])
def test_data_survives_restart(tmp_path: Path, launch: Launch, halt: str) -> None:
    """An item written before a clean stop or a SIGKILL is read back by a new instance."""
    first = launch(tmp_path)
    _write_item(first)
    assert first.process is not None
    pid = first.process.pid
    getattr(first, halt)()
    with pytest.raises(ProcessLookupError):  # the JVM is gone, not just detached
        os.kill(pid, 0)
    assert (tmp_path / "shared-local-instance.db").is_file()
    assert _read_total(launch(tmp_path)) == TOTAL
