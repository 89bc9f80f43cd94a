"""The human side in Chromium, two browser contexts against one real app (issue 19): the
customer asks for a person, the agent's inbox shows it live, the agent claims and replies, the
reply reaches the customer live, the agent cancels the customer's order from the ticket, hands
back, and the assistant answers again. Screenshots of both pages go to test-output/browser/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, SCREENSHOTS
from tests.browser.test_support_page import ask, badge, sign_in, thread

pytestmark = pytest.mark.integration
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def patient_expectations() -> Iterator[None]:
    """Live delivery polls each second, and a busy machine is slower: wait up to 15 s."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def two_pages(browser: Browser, live_app: str) -> Iterator[tuple[Page, Page]]:
    contexts = [browser.new_context(base_url=live_app, viewport=DESKTOP) for _ in range(2)]
    pages = []
    for context in contexts:
        context.set_default_timeout(15_000)
        pages.append(context.new_page())
    try:
        yield pages[0], pages[1]
    finally:
        for context in contexts:
            context.close()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_person_takes_over_the_chat_and_hands_it_back(two_pages: Any) -> None:
    customer, agent = two_pages
    dialogs: list[str] = []
    customer.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    sign_in(customer)
    agent.goto("/staff")
    agent.get_by_role("button", name="Sign in as Dana").click()
    expect(agent.get_by_role("heading", name="Support inbox")).to_be_visible()

    customer.get_by_role("button", name="Talk to a person", exact=True).click()
    expect(customer.get_by_role("status").filter(has_text="Waiting for a person")).to_be_visible()
    row = agent.get_by_role("list", name="Tickets").get_by_role("button", name="Alice Johnson")
    expect(row).to_be_visible()  # no reload: the inbox's live stream
    shot(agent, "staff-inbox-new-ticket")

    row.click()
    agent.get_by_role("button", name="Claim").click()
    expect(agent.get_by_text("held by Dana")).to_be_visible()
    expect(agent.get_by_role("button", name="Take over")).to_have_count(0)  # she holds it
    expect(
        customer.get_by_text("Dana from our support team joined the conversation.")
    ).to_be_visible()
    reply = agent.get_by_role("textbox", name="Reply to the customer")
    reply.fill("Hi Alice, Dana here. How can I help?")
    reply.press("Enter")
    expect(thread(customer)).to_contain_text("Hi Alice, Dana here. How can I help?")
    expect(customer.get_by_text("Dana (support team)").first).to_be_visible()
    shot(customer, "customer-agent-replied")

    ask(customer, "Please cancel CM-7890, I don't need it anymore")
    expect(agent.get_by_role("log", name="Conversation")).to_contain_text("Please cancel CM-7890")

    reply.fill(XSS)
    reply.press("Enter")
    expect(thread(customer)).to_contain_text(XSS)  # shown as text
    assert customer.locator(".thread img").count() == 0 and dialogs == []

    internal_note(agent, "A staff-only remark")
    agent.get_by_role("button", name="Cancel CM-7890…").click()
    card = agent.get_by_role("group", name="Please confirm")
    expect(card).to_contain_text("CM-7890")
    shot(agent, "staff-ticket-preview")
    card.get_by_role("button", name="Confirm").click()
    expect(agent.get_by_role("group", name="Requested action")).to_contain_text("Confirmed.")
    expect(badge(customer, "CM-7890")).to_have_text("Canceled")  # live: the customer's orders

    agent.get_by_role("button", name="Hand back to the assistant").click()
    expect(customer.get_by_text("Dana handed you back to the assistant.")).to_be_visible()
    ask(customer, "show my orders")
    expect(thread(customer)).to_contain_text("You have 4 orders")
    shot(customer, "customer-assistant-back")
    shot(agent, "staff-ticket-handed-back")

    expect(customer.get_by_text("A staff-only remark")).to_have_count(0)  # a note: staff only

    for page, name in ((agent, "staff-ticket-375px"), (customer, "customer-375px")):
        page.set_viewport_size({"width": 375, "height": 812})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, name)


def internal_note(agent: Page, text: str) -> None:
    """A note from the reply box's toggle: the ticket's transcript shows it, set apart."""
    agent.get_by_role("checkbox", name="Internal note").check()
    box = agent.get_by_role("textbox", name="Internal note (only staff see it)")
    box.fill(text)
    box.press("Enter")
    expect(agent.get_by_role("log", name="Conversation")).to_contain_text(text)
    expect(agent.get_by_text("Internal note by Dana").first).to_be_visible()
    agent.get_by_role("checkbox", name="Internal note").uncheck()
