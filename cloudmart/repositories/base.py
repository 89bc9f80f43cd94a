"""What every repository shares: typed (de)serialization, cursors and condition failures."""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, TypeVar

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from cloudmart.errors import BadRequestError

T = TypeVar("T")
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()
MAX_PAGE_SIZE = 100


def to_item(data: dict[str, Any]) -> dict[str, Any]:
    """A plain dict as a DynamoDB item; None values are left out."""
    return {k: to_value(v) for k, v in data.items() if v is not None}


def to_value(value: Any) -> dict[str, Any]:
    return _serializer.serialize(_numbers_as_decimal(value))


def _numbers_as_decimal(value: Any) -> Any:
    """Floats (display values in tool results) stored as the Decimal of their shortest repr."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _numbers_as_decimal(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_numbers_as_decimal(v) for v in value]
    return value


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


def record_from(cls: type[T], data: dict[str, Any]) -> T:
    """A record dataclass from a stored item's attributes (attributes it does not know are
    left out, so an item written by a newer version still reads)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Claim:
    """Conditional writes that must commit together with a change, or the change does not
    happen: how a confirmation is used once, in the very transaction that acts on it."""

    items: Sequence[dict[str, Any]]
    refused: str  # what the caller is told when one of them fails its condition


def scan_items(client: Any, table: str) -> list[dict[str, Any]]:
    """Every item of `table`, page by page (exports and the catalogue's search)."""
    found: list[dict[str, Any]] = []
    args: dict[str, Any] = {"TableName": table}
    while True:
        resp = client.scan(**args)
        found.extend(resp.get("Items", []))
        if "LastEvaluatedKey" not in resp:
            return found
        args["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def batch_get(client: Any, table: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The items that exist among `ids` (key `id`), 100 to a request, read consistently."""
    found: list[dict[str, Any]] = []
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 100):
        keys = [{"id": {"S": i}} for i in unique[start : start + 100]]
        request = {table: {"Keys": keys, "ConsistentRead": True}}
        found.extend(item for _, item in batch_get_all(client, request))
    return found


def batch_get_all(client: Any, request: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (table, item) a BatchGetItem `request` finds, asking again for the keys DynamoDB
    left unprocessed (throttled or over its size), after a short, growing pause."""
    for attempt in itertools.count():
        resp = client.batch_get_item(RequestItems=request)
        for table, items in resp["Responses"].items():
            yield from ((table, item) for item in items)
        request = resp.get("UnprocessedKeys") or {}
        if not request:
            return
        time.sleep(min(1.0, 0.02 * 2**attempt))


@dataclass(frozen=True)
class KeyRead:
    """One item to read by its key (`id`) in a round trip shared with others (`read_together`)."""

    table: str
    key: str
    projection: tuple[str, ...] = ()  # the attributes wanted; () for the whole item


def read_together(client: Any, reads: Sequence[KeyRead]) -> list[dict[str, Any] | None]:
    """Each read's item (None where there is none), consistently read, in one BatchGetItem:
    one round trip where each read alone would take one."""
    request = _batch_request(reads)
    found = {(table, item["id"]["S"]): item for table, item in batch_get_all(client, request)}
    return [found.get((read.table, read.key)) for read in reads]


def _batch_request(reads: Sequence[KeyRead]) -> dict[str, Any]:
    """BatchGetItem's RequestItems: each key once; reads of one table share their projection
    (the union of what each wants, and the key to match items to reads)."""
    wanted: dict[str, set[str] | None] = {}
    for read in reads:
        seen = wanted.get(read.table, set())
        whole = seen is None or not read.projection
        wanted[read.table] = None if whole else (seen or set()) | set(read.projection)
    request: dict[str, Any] = {}
    for table, attributes in wanted.items():
        keys = dict.fromkeys(r.key for r in reads if r.table == table)
        request[table] = {"Keys": [{"id": {"S": key}} for key in keys], "ConsistentRead": True}
        if attributes is not None:
            names = {f"#p{n}": name for n, name in enumerate(sorted(attributes | {"id"}))}
            request[table] |= {
                "ProjectionExpression": ", ".join(names),
                "ExpressionAttributeNames": names,
            }
    return request


def batch_put(client: Any, table: str, items: Sequence[dict[str, Any]]) -> None:
    """Write whole items, 25 to a request, until DynamoDB has taken every one."""
    for start in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str | None, key_names: frozenset[str], partition: tuple[str, str] | None = None
) -> dict[str, Any] | None:
    """The ExclusiveStartKey a cursor stands for; a cursor we did not make for this very
    listing (same key names, same `partition` value, e.g. the caller's email) is a 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    valid = (
        isinstance(key, dict)
        and set(key) == key_names
        and all(
            isinstance(v, dict) and set(v) == {"S"} and isinstance(v["S"], str) and v["S"]
            for v in key.values()
        )
        and (partition is None or key[partition[0]]["S"] == partition[1])
    )
    if not valid:
        raise BadRequestError("invalid cursor", errors={"cursor": ["not a cursor we issued"]})
    return key


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_condition_failure(exc: ClientError) -> bool:
    return error_code(exc) == "ConditionalCheckFailedException"


def cancellation_reasons(exc: ClientError) -> list[str]:
    """Per-operation codes of a canceled transaction ('None' where that one was fine)."""
    reasons = exc.response.get("CancellationReasons") or []
    return [str(r.get("Code", "None")) for r in reasons]


@dataclass
class NumberMoves:
    """The parts of one conditional update that moves numbers held in a map of records (a
    variant's stock, a gift card's balance): each path must exist, and a move down never takes
    it below zero."""

    sets: list[str]
    conditions: list[str]
    names: dict[str, str]
    values: dict[str, Any]


def number_moves(
    map_name: str, field: str, deltas: Sequence[tuple[str, Decimal | int]]
) -> NumberMoves:
    """`map_name.<key>.field += delta` for each (key, delta), conditioned as NumberMoves says."""
    moves = NumberMoves([], [], {}, {})
    for n, (key, delta) in enumerate(deltas):
        moves.names[f"#k{n}"] = key
        path = f"{map_name}.#k{n}.{field}"
        moves.sets.append(f"{path} = {path} + :d{n}")
        moves.values[f":d{n}"] = {"N": str(delta)}
        moves.conditions.append(f"attribute_exists({path})")
        if delta < 0:
            moves.values[f":n{n}"] = {"N": str(-delta)}
            moves.conditions.append(f"{path} >= :n{n}")
    return moves
