"""The support page in Spanish in Chromium against the real app (issue 21): from sign-in to a
confirmed cancel, every word Spanish, money and dates as Spanish writes them; the switcher."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import DESKTOP, SCREENSHOTS

pytestmark = pytest.mark.integration
TIMES = "\u00d7"


@pytest.fixture
def spanish_page(browser: Browser, live_app: str) -> Iterator[Page]:
    """A page whose browser speaks Spanish (navigator.language and Accept-Language)."""
    context = browser.new_context(base_url=live_app, viewport=DESKTOP, locale="es-ES")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def ask(page: Page, text: str) -> None:
    log = page.get_by_role("log", name="Conversación")
    expect(log).to_have_attribute("aria-busy", "false")
    box = page.get_by_role("textbox", name="Mensaje")
    box.fill(text)
    box.press("Enter")


def alices_chat(page: Page) -> Locator:
    """The page signed in as Alice; its conversation."""
    page.goto("/")
    page.get_by_role("button", name="Iniciar sesión como Alice Johnson").click()
    return page.get_by_role("log", name="Conversación")


def test_a_spanish_shopper_cancels_an_order_in_spanish(spanish_page: Page) -> None:
    page = spanish_page
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inicia sesión para recibir ayuda con tus pedidos"
    )
    page.get_by_role("button", name="Iniciar sesión como Alice Johnson").click()
    order = page.get_by_role("article", name="Pedido CM-7890")
    expect(order.locator("[data-status]")).to_have_text("Pendiente")
    expect(order).to_contain_text("79,99\u00a0US$")
    # the payment named as the profile names it, not by its id ("credit card 1001")
    expect(order.get_by_role("list", name="Pagos de CM-7890")).to_have_text(
        "Pagado 79,99\u00a0US$ · visa terminada en 4242"
    )

    log = page.get_by_role("log", name="Conversación")
    ask(page, "muestrame mis pedidos")
    expect(log).to_contain_text("Tienes 4 pedidos:")
    ask(page, "cancela el pedido CM-7890 por favor")
    card = log.get_by_role("group", name="Confirma, por favor")
    expect(card).to_contain_text("Cancelar el pedido CM-7890 (1 x Aurora")
    expect(card).to_contain_text(f"1 {TIMES} Aurora Wireless Noise-Cancelling Headphones")
    expect(card).to_contain_text("Reembolso de 79,99\u00a0US$ a visa terminada en 4242")
    expect(log).to_contain_text("¿Lo hago? Responde sí para confirmar")

    card.get_by_role("button", name="Confirmar").click()
    expect(log.get_by_role("list", name="Acciones realizadas")).to_have_text("✓ CM-7890 cancelado")
    expect(order.locator("[data-status]")).to_have_text("Cancelado")
    expect(log.get_by_role("group", name="Acción solicitada")).to_contain_text("Confirmado.")
    expect(log).to_contain_text("El pedido CM-7890 está cancelado")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "spanish-cancel-confirmed.png"), full_page=True)


def test_the_switcher_saves_the_language_the_assistant_answers_in(spanish_page: Page) -> None:
    page = spanish_page
    page.goto("/")
    page.get_by_role("button", name="Iniciar sesión como Alice Johnson").click()
    expect(page.get_by_role("article", name="Pedido CM-7890")).to_be_visible()
    page.get_by_role("combobox", name="Idioma").select_option("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Chatten Sie mit unserem Assistenten")).to_be_visible()
    log = page.get_by_role("log", name="Unterhaltung")
    box = page.get_by_role("textbox", name="Nachricht")
    box.fill("CM-7855")  # an id alone tells no language: the saved choice answers
    box.press("Enter")
    expect(log).to_contain_text("Bestellung CM-7855 wurde versandt")
    page.reload()  # the choice stays (saved in the profile, remembered by the page)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.screenshot(path=str(SCREENSHOTS / "switched-to-german.png"), full_page=True)


def test_a_spanish_how_to_question_offers_the_change_in_spanish(spanish_page: Page) -> None:
    """Asked how a return is done, the assistant says it does it here and offers it as a Spanish
    quick reply; the click goes on in Spanish (which item?) and nothing changes before that; the
    bottle (two units) is offered as one of them: its click proposes one, no second
    question."""
    page = spanish_page
    log = alices_chat(page)
    ask(page, "¿cómo puedo devolver un producto?")
    expect(log).to_contain_text("Puedo ayudarte con eso aquí mismo")
    replies = log.get_by_role("group", name="Respuestas rápidas")
    replies.get_by_role("button", name="Devolver un artículo").click()
    # one item, unnamed, of the only delivered order (three units): which one, never all three
    expect(log).to_contain_text("¿Qué artículo del pedido CM-7712 quieres devolver")
    expect(log.get_by_role("group", name="Confirma, por favor")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "spanish-how-to-quick-reply.png"), full_page=True)
    which = log.get_by_role("group", name="Respuestas rápidas").last
    which.get_by_role("button", name="Devolver solo una unidad de Glacier", exact=False).click()
    card = log.get_by_role("group", name="Confirma, por favor")
    expect(card).to_contain_text(f"1 {TIMES} Glacier Insulated Water Bottle")
    expect(card).not_to_contain_text(f"2 {TIMES}")
    expect(log).not_to_contain_text("tiene 2 unidades de")
    page.screenshot(path=str(SCREENSHOTS / "spanish-which-item-one-bottle.png"), full_page=True)


def test_a_spanish_shopper_returns_one_of_two_bottles(spanish_page: Page) -> None:
    """The bottle of an order with two: the assistant asks one or both, in Spanish, with both
    answers as quick replies; the click proposes one bottle, nothing before it."""
    page = spanish_page
    log = alices_chat(page)
    ask(page, "quiero devolver la botella del pedido CM-7712")
    expect(log).to_contain_text("El pedido CM-7712 tiene 2 unidades de")
    expect(log.get_by_role("group", name="Confirma, por favor")).to_have_count(0)
    replies = log.get_by_role("group", name="Respuestas rápidas")
    expect(replies.get_by_role("button")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "spanish-how-many-bottles.png"), full_page=True)
    replies.get_by_role("button", name="Devolver solo una unidad", exact=False).click()
    card = log.get_by_role("group", name="Confirma, por favor")
    expect(card).to_contain_text(f"1 {TIMES} Glacier Insulated Water Bottle")
    expect(card).not_to_contain_text(f"2 {TIMES}")
    page.screenshot(path=str(SCREENSHOTS / "spanish-one-bottle-proposed.png"), full_page=True)
