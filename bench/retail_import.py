"""`retail_import`: the whole retail reference data (500 customers, 1000 orders, 50 products)
imported into DynamoDB Local through the same code as `make import-retail`, then exported."""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.report import Options, print_table
from bench.stack import database
from cloudmart import create_app
from migrations_seed.retail_import import OPERATOR, REFERENCE_DATA, read_records

RUNS = 5


def run(options: Options) -> dict[str, Any]:
    runs = 2 if options.quick else RUNS
    records = read_records(REFERENCE_DATA)  # validated once; the runs time the writes
    count = sum(len(v) for v in records.values())
    imports, exports = [], []
    with database(seeded=False) as db:
        app = create_app(
            {
                "dynamodb_endpoint_url": db.endpoint,
                "table_prefix": db.prefix,
                "auth_secret": db.settings.auth_secret,
            }
        )
        retail = app.extensions["cloudmart"].retail
        for _ in range(runs):  # the first run creates every record, the others replace them
            started = time.perf_counter()
            retail.import_records(OPERATOR, records)
            imports.append(time.perf_counter() - started)
            started = time.perf_counter()
            exported = retail.export(OPERATOR)
            exports.append(time.perf_counter() - started)
        assert {k: len(v) for k, v in exported.items()} == {k: len(v) for k, v in records.items()}
    figures = {
        "records": count,
        "import_s": {"first": imports[0], "median": statistics.median(imports)},
        "export_s": {"median": statistics.median(exports)},
        "records_per_s": count / statistics.median(imports),
    }
    print_table(
        "retail reference data, DynamoDB Local (in memory)",
        ["what", "records", "first s", "median s", "records/s"],
        [
            [
                "import",
                count,
                f"{imports[0]:.2f}",
                f"{statistics.median(imports):.2f}",
                f"{figures['records_per_s']:.0f}",
            ],
            ["export (whole store)", count, "", f"{statistics.median(exports):.2f}", ""],
        ],
    )
    return figures
