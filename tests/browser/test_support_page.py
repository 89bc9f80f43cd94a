"""The support page in Chromium against the real app: sign in, chat, confirm, decline, retry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.conftest import ALICE

pytestmark = pytest.mark.integration
Screenshot = Callable[[str], Path]
TIMES = "\u00d7"  # the multiplication sign, as in "2 x Mug" on the page
BOOTS = "Summit Trail Waterproof Hiking Boots"
BOTTLE = "Glacier Insulated Water Bottle 32 oz"
UNAVAILABLE = {"code": 503, "status": "Service Unavailable", "message": "try again later"}


def sign_in(page: Page, name: str = "Alice Johnson") -> None:
    page.goto("/")
    page.get_by_role("button", name=f"Sign in as {name}").click()
    expect(badge(page, "CM-7890")).to_be_visible()


def ask(page: Page, text: str) -> None:
    """Send `text` once the reply before it is complete (the page sends one message at a time)."""
    expect(thread(page)).to_have_attribute("aria-busy", "false")
    box = page.get_by_role("textbox", name="Message")
    box.fill(text)
    box.press("Enter")


def thread(page: Page) -> Locator:
    return page.get_by_role("log", name="Conversation")


def badge(page: Page, order_id: str) -> Locator:
    return page.get_by_role("article", name=f"Order {order_id}").locator("[data-status]")


def pending_card(page: Page) -> Locator:
    return thread(page).get_by_role("group", name="Please confirm")


def test_cancel_an_order_with_the_confirm_button(page: Page, screenshot: Screenshot) -> None:
    sign_in(page)
    ask(page, "show my orders")
    expect(thread(page)).to_contain_text("You have 4 orders")

    ask(page, "cancel order CM-7890")
    card = pending_card(page)
    expect(card).to_contain_text("CM-7890")
    expect(card).to_contain_text(f"1 {TIMES} Aurora Wireless Noise-Cancelling Headphones")
    expect(card).to_contain_text("$79.99")
    expect(badge(page, "CM-7890")).to_have_text("Pending")  # nothing is done before the click

    card.get_by_role("button", name="Confirm").click()
    expect(thread(page).get_by_role("list", name="Actions taken")).to_have_text(
        "✓ canceled CM-7890"
    )
    expect(badge(page, "CM-7890")).to_have_text("Canceled")
    expect(badge(page, "CM-7890")).to_have_attribute("data-status", "canceled")
    expect(thread(page).get_by_role("group", name="Requested action")).to_contain_text("Confirmed.")
    screenshot("cancel-confirmed-desktop")

    page.set_viewport_size({"width": 375, "height": 812})
    thread(page).evaluate("log => log.scrollTo(0, log.scrollHeight)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("cancel-confirmed-375px")


def test_declining_a_return_changes_nothing(page: Page, screenshot: Screenshot) -> None:
    sign_in(page)
    ask(page, "return order CM-7712 because it is too small")
    card = pending_card(page)
    expect(card).to_contain_text("CM-7712")
    expect(card).to_contain_text(f"2 {TIMES} Glacier Insulated Water Bottle 32 oz")
    expect(card).to_contain_text("$199.97")
    screenshot("return-pending")

    card.get_by_role("button", name="Decline").focus()
    page.keyboard.press("Enter")
    expect(thread(page)).to_contain_text("Nothing was changed.")
    expect(thread(page).get_by_role("group", name="Requested action")).to_contain_text("Declined")
    expect(badge(page, "CM-7712")).to_have_text("Delivered")
    screenshot("return-declined")

    page.reload()  # the orders and the conversation, read again from the server
    expect(badge(page, "CM-7712")).to_have_text("Delivered")
    expect(thread(page)).to_contain_text("return order CM-7712 because it is too small")
    expect(page.get_by_role("button", name="Confirm")).to_have_count(0)


def test_a_pending_action_survives_a_reload_and_a_typed_yes_settles_it(page: Page) -> None:
    sign_in(page)
    ask(page, "cancel order CM-7890")
    expect(pending_card(page)).to_contain_text("CM-7890")

    page.reload()  # the conversation comes back with its pending action still answerable
    expect(pending_card(page).get_by_role("button", name="Confirm")).to_be_visible()
    ask(page, "yes")
    expect(thread(page).get_by_role("group", name="Requested action")).to_contain_text("Confirmed.")
    expect(thread(page).get_by_role("list", name="Actions taken")).to_have_text(
        "✓ canceled CM-7890"
    )
    expect(badge(page, "CM-7890")).to_have_text("Canceled")


def test_a_bare_yes_with_two_actions_pending_shows_both_cards(page: Page) -> None:
    sign_in(page)
    ask(page, "cancel order CM-7890")
    expect(pending_card(page)).to_have_count(1)
    ask(page, "return order CM-7712 because it is too small")
    expect(pending_card(page)).to_have_count(2)

    ask(page, "yes")  # which one is meant is not guessed: the reply asks, with both cards
    reply = thread(page).get_by_role("article").last
    expect(reply).to_contain_text("You have 2 actions waiting for your confirmation")
    cards = reply.get_by_role("group", name="Please confirm")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("CM-7890")
    expect(cards.nth(1)).to_contain_text("CM-7712")
    expect(badge(page, "CM-7890")).to_have_text("Pending")  # the "yes" ran nothing

    cards.nth(1).get_by_role("button", name="Confirm").click()
    expect(badge(page, "CM-7712")).to_have_text("Return requested")
    expect(badge(page, "CM-7890")).to_have_text("Pending")
    # the return's cards are settled everywhere; the cancel's stay open
    expect(pending_card(page)).to_have_count(2)
    expect(pending_card(page).first).to_contain_text("CM-7890")


def test_an_exchange_whose_difference_the_gift_card_pays(
    page: Page, screenshot: Screenshot
) -> None:
    sign_in(page)
    profile = page.get_by_role("region", name="My profile")
    expect(profile).to_contain_text("Gift card: $150.00 left")
    ask(page, "exchange the water bottle in CM-7712 for the 40 oz one, paid with my gift card")
    card = pending_card(page)
    expect(card).to_contain_text("Glacier Insulated Water Bottle 32 oz (glacier blue, 32 oz)")
    expect(card).to_contain_text("(glacier blue, 40 oz) $34.99")
    expect(card).to_contain_text("Price difference $5.00, which you pay with gift card")
    facts = card.locator(".pending-facts")
    expect(facts.get_by_role("list", name="Change")).to_have_text(
        f"{BOTTLE} (32 oz, glacier blue) · $29.99 → {BOTTLE} (40 oz, glacier blue) · $34.99"
    )
    expect(facts).to_contain_text("$5.00, you pay (gift card)")
    expect(card).not_to_contain_text(BOOTS)  # the rest of the order is not shown
    expect(card).not_to_contain_text("$199.97")
    screenshot("exchange-pending")
    card.get_by_role("button", name="Confirm").click()
    expect(badge(page, "CM-7712")).to_have_text("Exchange requested")
    expect(profile).to_contain_text("Gift card: $150.00 left")  # settled when it is processed


def test_a_partial_return_of_one_item(page: Page, screenshot: Screenshot) -> None:
    sign_in(page)
    order = page.get_by_role("article", name="Order CM-7712")
    expect(order).to_contain_text("Tracking:")
    expect(order.get_by_role("list", name="Payments of CM-7712")).to_contain_text("Paid $199.97")
    ask(page, "return just the boots from CM-7712")
    card = pending_card(page)
    expect(card).to_contain_text("Return from order CM-7712: Summit Trail Waterproof Hiking Boots")
    expect(card).to_contain_text("$139.99 is refunded to visa ending 4242")
    expect(card).not_to_contain_text("Water Bottle")  # only the units it returns
    expect(card.locator(".pending-facts")).to_contain_text(
        "Refund$139.99 to visa ending 4242, once the items arrive"
    )
    screenshot("partial-return-pending")
    card.get_by_role("button", name="Confirm").click()
    expect(badge(page, "CM-7712")).to_have_text("Return requested")
    screenshot("partial-return-confirmed")


def test_what_the_shopper_keeps_back_stays_out_of_the_return(
    page: Page, screenshot: Screenshot
) -> None:
    sign_in(page)
    ask(page, "return everything from CM-7712 except the boots")
    card = pending_card(page)
    expect(card).to_contain_text(f"Return from order CM-7712: {BOTTLE}")
    expect(card).not_to_contain_text(BOOTS)  # kept back
    screenshot("kept-back-pending")
    card.get_by_role("button", name="Decline").click()
    expect(thread(page)).to_contain_text("Nothing was changed.")
    ask(page, "cancel the boots")  # in a delivered order; the cancellable one has headphones
    expect(thread(page)).to_contain_text("not the item you named")
    expect(pending_card(page)).to_have_count(0)
    screenshot("cancel-names-a-thing-the-order-lacks")


def test_an_exchange_of_one_of_two_bottles_at_the_same_price(
    page: Page, screenshot: Screenshot
) -> None:
    sign_in(page)
    ask(page, "swap the water bottle in CM-7712 for a red one")
    card = pending_card(page)
    facts = card.locator(".pending-facts")
    expect(facts.get_by_role("list", name="Change")).to_have_text(
        f"{BOTTLE} (32 oz, glacier blue) · $29.99 → {BOTTLE} (32 oz, red) · $29.99"
    )
    expect(facts).to_contain_text("Price differenceNo price difference")
    expect(card).to_contain_text("No price difference.")
    for absent in (BOOTS, "$199.97", "$0.00", "you get back", "Amount"):
        expect(card).not_to_contain_text(absent)
    screenshot("exchange-same-price-pending")
    page.set_viewport_size({"width": 375, "height": 812})
    card.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("exchange-same-price-375px")


def test_paying_with_the_gift_card_shows_the_money_and_the_balance(page: Page) -> None:
    sign_in(page)
    ask(page, "pay CM-7890 with my gift card")
    money = pending_card(page).get_by_role("list", name="Money")
    expect(money).to_contain_text("Charged $79.99 to gift card (balance after: $70.01)")
    expect(money).to_contain_text("Refunded $79.99 to visa ending 4242")
    pending_card(page).get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("region", name="My profile")).to_contain_text("Gift card: $70.01 left")


def test_a_quick_reply_answers_the_question(page: Page) -> None:
    sign_in(page)
    ask(page, "pay CM-7890 with another card")
    replies = thread(page).get_by_role("group", name="Quick replies")
    replies.get_by_role("button", name="pay CM-7890 with my gift card").click()
    expect(pending_card(page)).to_contain_text("gift card (balance after: $70.01)")
    expect(replies).to_have_count(0)  # only the latest reply offers answers


def test_a_server_error_is_explained_and_retried(page: Page, screenshot: Screenshot) -> None:
    sign_in(page)
    page.route(
        "**/api/ai/message/stream",
        lambda route: route.fulfill(status=503, json=UNAVAILABLE),
        times=1,
    )
    ask(page, "show my orders")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Something went wrong on our side. Please try again")
    screenshot("error-shown")

    alert.get_by_role("button", name="Retry").click()
    expect(thread(page)).to_contain_text("You have 4 orders")
    expect(alert).to_have_count(0)
    expect(thread(page).get_by_text("show my orders", exact=True)).to_have_count(1)
    screenshot("error-retried")


def test_recommended_products_are_cards(page: Page, screenshot: Screenshot) -> None:
    sign_in(page)
    ask(page, "recommend headphones under $100")
    card = thread(page).get_by_role("article", name="Aurora Wireless Noise-Cancelling Headphones")
    expect(card).to_contain_text("$79.99")
    expect(card).to_contain_text("In stock")
    assert card.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    screenshot("products")


def test_token_sign_in_when_demo_sign_in_is_off(page: Page) -> None:
    token = page.request.post("/api/auth/demo-login", data={"email": ALICE}).json()["token"]

    def demo_off(route: Route) -> None:
        route.fulfill(status=404, json={"code": 404, "status": "Not Found", "message": "off"})

    page.route("**/api/auth/demo-customers", demo_off)
    page.goto("/")
    page.get_by_label("Your access token").fill(token)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(badge(page, "CM-7890")).to_have_text("Pending")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Your access token")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0
