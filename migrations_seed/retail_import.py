"""Load the retail reference files (users.json, orders.json, products.json) into the store:
`make import-retail DIR=<dir>`, and `make run DATASET=retail` on its first start."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import marshmallow as ma

from cloudmart.principal import Principal
from cloudmart.retail.schemas import RetailImportSchema
from cloudmart.services import Services

REFERENCE_DATA = Path(__file__).resolve().parents[1] / "datasets" / "retail"
COLLECTIONS = ("users", "orders", "products")
# The command line acts as the shop itself (an admin), never as a signed-in person.
OPERATOR = Principal("operator", "operator@cloudmart.local", frozenset({"admin"}), True)


class ImportFailed(Exception):
    """The files cannot be imported; nothing was written."""


def read_records(directory: Path) -> dict[str, Any]:
    """The collections found in `directory`, validated whole (RetailImportSchema)."""
    found = {}
    for name in COLLECTIONS:
        path = directory / f"{name}.json"
        if path.is_file():
            found[name] = json.loads(path.read_text(encoding="utf-8"))
    if not found:
        raise ImportFailed(f"{directory}: none of {', '.join(f'{n}.json' for n in COLLECTIONS)}")
    try:
        return RetailImportSchema().load(found)  # type: ignore[no-any-return]
    except ma.ValidationError as exc:
        raise ImportFailed(f"{directory}: invalid records: {_first(exc.messages)}") from None


def import_directory(services: Services, directory: Path, report: Any = print) -> float:
    """Validate, then write every record; returns the seconds the writes took."""
    records = read_records(directory)
    report(f"importing {', '.join(f'{len(v)} {k}' for k, v in records.items())} ...")
    started = time.perf_counter()
    done = services.retail.import_records(OPERATOR, records)
    seconds = time.perf_counter() - started
    report(
        f"imported {done.users} users, {done.orders} orders, {done.products} products "
        f"in {seconds:.1f} s"
    )
    return seconds


def _first(messages: Any, path: str = "") -> str:
    """The first validation message, with where it is (the whole tree can be huge)."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        return _first(value, f"{path}.{key}" if path else str(key))
    if isinstance(messages, list) and messages:
        return _first(messages[0], path)
    return f"{path}: {messages}"
