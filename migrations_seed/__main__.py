"""`python -m migrations_seed create|seed|reset|drop`: manage the tables from the command line."""

from __future__ import annotations

import argparse
import os
import sys

import boto3
from dotenv import load_dotenv

from migrations_seed.seed import drop_tables, ensure_tables, seed, seed_if_empty


def main(argv: list[str] | None = None) -> int:
    load_dotenv()
    parser = argparse.ArgumentParser(prog="python -m migrations_seed", description=__doc__)
    parser.add_argument("command", choices=("create", "seed", "seed-if-empty", "reset", "drop"))
    parser.add_argument("--endpoint-url", default=os.environ.get("DYNAMODB_ENDPOINT_URL") or None)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--prefix", default=os.environ.get("TABLE_PREFIX", "cloudmart"))
    args = parser.parse_args(argv)
    client = boto3.client("dynamodb", endpoint_url=args.endpoint_url, region_name=args.region)
    if args.command in ("reset", "drop"):
        drop_tables(client, args.prefix)
    if args.command != "drop":
        ensure_tables(client, args.prefix)
    if args.command in ("seed", "reset"):
        seed(client, args.prefix)
    elif args.command == "seed-if-empty":
        seed_if_empty(client, args.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
