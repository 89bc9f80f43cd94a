"""The shared shop: one seeded app per test module, put back to the seed state between tests.

Creating five tables for every test costs ~0.3-0.5 s; a reset costs two scans and a few batch
writes, and nothing at all after a test that only read. A module opts in with
`pytestmark = pytest.mark.shared_shop`; conftest's `app` fixture then hands it this shop's app.
Writes are seen on the app's own client: a test that writes through `raw_dynamodb` must set
`shop.dirty = True`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import Flask

from cloudmart import create_app
from migrations_seed.seed import ensure_tables, seed
from tests.api.support import DATA_TABLES, raw_client, table_snapshot
from tests.identities import SECRET

RESET_TABLES = DATA_TABLES
WRITE_OPERATIONS = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)


def build_app(engine: dict[str, Any], seeded: bool = True, **overrides: Any) -> Flask:
    """An app on fresh tables (a new prefix) of the module's engine, seeded unless told."""
    prefix = f"m{uuid.uuid4().hex[:12]}"
    app = create_app(
        {
            "auth_secret": SECRET,
            "demo_login": True,
            "table_prefix": prefix,
            "rate_limits": False,
            **engine["settings"],
            **overrides,
        }
    )
    if seeded:
        client = app.extensions["cloudmart"].dynamodb
        ensure_tables(client, prefix, report=lambda _: None)
        seed(client, prefix, report=lambda _: None)
    return app


@dataclass
class Shop:
    """The module's seeded app, a raw client on its tables, and their seed state.

    `seed_state` is the full scan of the orders and products tables taken right after
    seeding; the `app` fixture puts the tables back to it, so it is also what they hold when
    each test starts (compare a scan after a request with it to prove nothing was written).
    """

    app: Flask
    raw: Any
    seed_state: dict[str, list[dict[str, Any]]]
    dirty: bool = False

    def saw_call(self, model: Any, **_: Any) -> None:
        if model.name in WRITE_OPERATIONS:
            self.dirty = True

    def table(self, name: str) -> str:
        return self.app.extensions["cloudmart"].settings.table_name(name)

    def reset(self) -> None:
        """Put the orders and products tables back to the seed state, item by item."""
        if not self.dirty:
            return
        for name in RESET_TABLES:
            wanted = self.seed_state[name]
            current = table_snapshot(self.raw, self.table(name))
            wanted_ids = {item["id"]["S"] for item in wanted}
            writes = [
                {"DeleteRequest": {"Key": {"id": item["id"]}}}
                for item in current
                if item["id"]["S"] not in wanted_ids
            ]
            writes += [{"PutRequest": {"Item": item}} for item in wanted if item not in current]
            for start in range(0, len(writes), 25):
                request = {self.table(name): writes[start : start + 25]}
                while request:
                    request = (
                        self.raw.batch_write_item(RequestItems=request).get("UnprocessedItems")
                        or {}
                    )
        self.dirty = False


def open_shop(engine: dict[str, Any]) -> Shop:
    app = build_app(engine)
    raw = raw_client(app)
    settings = app.extensions["cloudmart"].settings
    seed_state = {name: table_snapshot(raw, settings.table_name(name)) for name in RESET_TABLES}
    shop = Shop(app, raw, seed_state)
    app.extensions["cloudmart"].dynamodb.get().meta.events.register(
        "before-call.dynamodb", shop.saw_call
    )
    return shop
