"""Flask CLI commands of the app itself: local tokens and the Bedrock action group."""

from __future__ import annotations

import click
from flask import Flask

from cloudmart.bedrock import register_bedrock_commands
from cloudmart.principal import ROLES
from cloudmart.web import services


def register_commands(app: Flask) -> None:
    register_bedrock_commands(app)

    @app.cli.command("token")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
    @click.option("--ttl", type=int, default=None, help="Lifetime in seconds.")
    def token(email: str, role: str, ttl: int | None) -> None:
        """Print a bearer token for EMAIL with ROLE, and nothing else."""
        click.echo(services().tokens.issue(email, role, ttl))
