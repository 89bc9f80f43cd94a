"""Flask CLI commands of the app itself: local tokens and the Bedrock action group."""

from __future__ import annotations

import json

import click
from flask import Flask

from cloudmart.accounts.demo import STAFF_NAMES
from cloudmart.bedrock import register_bedrock_commands
from cloudmart.infra import cloudformation_template
from cloudmart.principal import ROLES
from cloudmart.web import services


def register_commands(app: Flask) -> None:
    register_bedrock_commands(app)

    @app.cli.command("infra-template")
    def infra_template() -> None:
        """Print the CloudFormation template: the tables and the app's IAM policy (JSON)."""
        with_bedrock = bool(services().settings.bedrock_agent_id)
        click.echo(json.dumps(cloudformation_template(with_bedrock=with_bedrock), indent=2))

    @app.cli.command("token")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
    @click.option("--ttl", type=int, default=None, help="Lifetime in seconds.")
    def token(email: str, role: str, ttl: int | None) -> None:
        """Print a bearer token for EMAIL with ROLE, and nothing else."""
        # No database needed: the token's email is verified, and a customer's first sign-in
        # links to them by it (GET /api/me answers with their customer id).
        name = STAFF_NAMES.get(email.lower()) if role != "customer" else None
        click.echo(services().tokens.issue(email, role, ttl, name=name))
