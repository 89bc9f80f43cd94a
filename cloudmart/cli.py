"""Flask CLI commands: tables and seed data, and local tokens."""

from __future__ import annotations

import click
from flask import Flask

from cloudmart.auth import ROLES
from cloudmart.bedrock import register_bedrock_commands
from cloudmart.services import services
from migrations_seed.seed import drop_tables, ensure_tables, seed, seed_if_empty


def register_commands(app: Flask) -> None:
    register_bedrock_commands(app)

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

    @db.command("reset")
    @click.confirmation_option(prompt="Drop every table and seed again?")
    def reset() -> None:
        """Drop every table, create them again and seed."""
        client, prefix = services().dynamodb, services().settings.table_prefix
        drop_tables(client, prefix)
        ensure_tables(client, prefix)
        seed(client, prefix)

    @app.cli.command("token")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
    @click.option("--ttl", type=int, default=None, help="Lifetime in seconds.")
    def token(email: str, role: str, ttl: int | None) -> None:
        """Print a bearer token for EMAIL with ROLE, and nothing else."""
        click.echo(services().tokens.issue(email, role, ttl))
