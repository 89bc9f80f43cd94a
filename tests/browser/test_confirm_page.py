"""The /confirm/<actionId> page an AI agent (MCP, URL mode) sends the customer to, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_support_page import ask, badge, pending_card, sign_in

pytestmark = pytest.mark.integration


def test_the_customer_confirms_on_the_confirmation_page(
    page: Page, screenshot: Callable[[str], Path]
) -> None:
    sign_in(page)
    ask(page, "cancel order CM-7890")  # a held action (as an agent's is), then its own page
    expect(pending_card(page)).to_be_visible()
    action_id = page.evaluate(
        """async () => {
          const { token } = JSON.parse(sessionStorage.getItem('cloudmart.session'))
          const headers = { Authorization: `Bearer ${token}` }
          const r = await fetch('/api/me/agent-actions', { headers })
          return (await r.json()).find((a) => a.status === 'pending').id
        }"""
    )
    page.goto(f"/confirm/{action_id}")
    card = page.get_by_role("group", name="Please confirm")
    expect(card).to_contain_text("CM-7890")
    expect(card).to_contain_text("$")  # the money
    screenshot("mcp-confirm-page")
    card.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed")
    screenshot("mcp-confirm-page-confirmed")
    page.goto("/")
    expect(badge(page, "CM-7890")).to_have_text("Canceled")
