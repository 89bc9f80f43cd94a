"""`flask db create|seed|reset`: the tables and seed data, as commands of the app (wsgi.py)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from cloudmart.web import services
from migrations_seed.retail_import import ImportFailed, import_directory
from migrations_seed.seed import drop_tables, ensure_tables, migrate, seed, seed_if_empty


def register_db_commands(app: Flask) -> None:
    @app.cli.group("db")
    def db() -> None:
        """Create, seed, reset or drop the DynamoDB tables."""

    @db.command("create")
    def create() -> None:
        """Create the tables that are missing."""
        ensure_tables(services().dynamodb, services().settings.table_prefix)

    @db.command("seed")
    @click.option("--if-empty", is_flag=True, help="Only when the catalogue is empty.")
    def seed_command(if_empty: bool) -> None:
        """Create missing tables and write the seed items that are missing."""
        client, prefix = services().dynamodb, services().settings.table_prefix
        ensure_tables(client, prefix)
        (seed_if_empty if if_empty else seed)(client, prefix)

    @db.command("migrate")
    def migrate_command() -> None:
        """Bring data of the previous version up to this one (idempotent; `make run` does it)."""
        client, prefix = services().dynamodb, services().settings.table_prefix
        ensure_tables(client, prefix)
        migrate(client, prefix)

    @db.command("import-retail")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
    def import_retail(directory: Path) -> None:
        """Create or replace the records of DIRECTORY's users/orders/products.json (the
        retail reference shapes); all are validated before anything is written."""
        ensure_tables(services().dynamodb, services().settings.table_prefix)
        try:
            import_directory(services(), directory)
        except ImportFailed as exc:
            raise click.ClickException(str(exc)) from None

    @db.command("reset")
    @click.confirmation_option(prompt="Drop every table and seed again?")
    def reset() -> None:
        """Drop every table, create them again and seed."""
        client, prefix = services().dynamodb, services().settings.table_prefix
        drop_tables(client, prefix)
        ensure_tables(client, prefix)
        seed(client, prefix)
