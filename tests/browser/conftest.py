"""Browser fixtures: the built page and the real app (local provider, DynamoDB Local) in Chromium.

Debian's Chromium is used (scripts/ensure-chromium.sh installs it when missing); Playwright's
own browser downloads are never needed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from devstack.page import FRONTEND_DIR, build_frontend
from tests.conftest import SECRET
from tests.serving.server import gunicorn, seeded_tables

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",  # the app is on 127.0.0.1; an HTTP(S)_PROXY must not get in the way
]
SCREENSHOTS = REPO_ROOT / "test-output" / "browser"
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture(scope="session")
def chromium() -> str:
    subprocess.run([str(REPO_ROOT / "scripts" / "ensure-chromium.sh")], check=True)
    return CHROMIUM


@pytest.fixture(scope="session")
def built_page() -> Path:
    """frontend/dist, built (npm ci + vite build) when missing or older than its sources."""
    build_frontend()
    dist = FRONTEND_DIR / "dist"
    if not (dist / "index.html").is_file():
        pytest.fail(f"{dist / 'index.html'} is missing: the page could not be built")
    return dist


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """Per module: Playwright's sync API runs an event loop in this thread while it is open,
    and the MCP tests after the browser tests need the thread's loop free."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_app(dynamodb_local: Any, built_page: Path) -> Iterator[str]:
    """The real app as production serves it (gunicorn.conf.py) on a free port of 127.0.0.1,
    on freshly seeded tables of its own."""
    prefix = seeded_tables(dynamodb_local.endpoint_url, "b")
    settings = {
        "AUTH_SECRET": SECRET,
        "DEMO_LOGIN": "true",
        "AI_PROVIDER": "local",
        "DYNAMODB_ENDPOINT_URL": dynamodb_local.endpoint_url,
        "TABLE_PREFIX": prefix,
    }
    with gunicorn(settings) as served:
        yield f"http://127.0.0.1:{served.port}"


@pytest.fixture
def page(browser: Browser, live_app: str) -> Iterator[Page]:
    """A page of the app; the test fails if anything on it broke the content security policy."""
    context = browser.new_context(base_url=live_app, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield page
        assert violations == [], violations
    finally:
        context.close()


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """screenshot(name) saves the whole page to test-output/browser/<name>.png."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
