"""Every shopper in their own language (issue 21): the offline assistant's main flow through the
chat API in each language, the profile setting, detection, Accept-Language and a switch."""

from __future__ import annotations

from decimal import Decimal

import pytest

from i18n import Translator
from tests.conftest import ALICE

# What a shopper types, in their language, with no accents and with typos where people make them.
FLOWS = {
    "en": {
        "list": "show me my orders please",
        "cancel": "I want to cancel order CM-7890",
        "yes": "yes",
        "refuse": "please cancel my order CM-7712",
        "canceled": "is canceled",
        "card": "Cancel order CM-7890 (",
    },
    "es": {
        "list": "muestrame mis pedidos por favor",
        "cancel": "quiero cancelar el pedido CM-7890",
        "yes": "si",
        "refuse": "por favor cancela mi pedido CM-7712",
        "canceled": "está cancelado",
        "card": "Cancelar el pedido CM-7890 (",
    },
    "fr": {
        "list": "montre moi mes commandes s'il te plait",
        "cancel": "je voudrais annuler la commande CM-7890",
        "yes": "oui",
        "refuse": "annule ma commande CM-7712 s'il vous plait",
        "canceled": "est annulée",
        "card": "Annuler la commande CM-7890 (",
    },
    "de": {
        "list": "zeig mir bitte meine Bestellungen",
        "cancel": "ich möchte die Bestellung CM-7890 stornieren",
        "yes": "ja",
        "refuse": "bitte storniere meine Bestellung CM-7712",
        "canceled": "ist storniert",
        "card": "Bestellung CM-7890 (",
    },
}


@pytest.mark.parametrize("language", list(FLOWS))
def test_the_main_flow_in_the_shoppers_language(client, auth, thread, say, language):
    words, typed = Translator(language), FLOWS[language]
    total = Decimal(str(client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["total"]))
    tid = thread()

    listed = say(tid, typed["list"])
    assert listed["actions"][0]["tool"] == "list_my_orders"
    count = len(listed["actions"][0]["result"]["orders"])
    assert listed["response"].startswith(
        words.n_("You have {n} order:", "You have {n} orders:", count)
    )
    assert "CM-7890" in listed["response"] and words.money(total) in listed["response"]

    asked = say(tid, typed["cancel"])
    card = asked["pendingAction"]
    assert card["tool"] == "cancel_pending_order"
    assert card["summary"].startswith(typed["card"]), card["summary"]
    assert words.money(total) in card["summary"]
    assert (
        words._("Shall I go ahead? Reply yes to confirm or no to keep it as it is.")
        in (asked["response"])
    )

    done = say(tid, typed["yes"])
    assert done["actions"][0]["status"] == "succeeded"
    assert done["response"].startswith(
        words._("Order {id} is canceled{money}.", id="CM-7890", money="")[:-1]
    )
    assert typed["canceled"] in done["response"]
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["status"] == "canceled"

    refused = say(tid, typed["refuse"])
    assert refused["pendingAction"] is None
    refusal = words.error(
        "order {order_id} is {status} and can no longer be canceled",
        {"order_id": "CM-7712", "status": "delivered"},
    )
    assert refusal in refused["response"], refused["response"]
    assert client.get("/api/orders/CM-7712", headers=auth(ALICE)).json["status"] == "delivered"


def test_the_rest_api_stays_english_for_a_spanish_shopper(client, auth):
    assert (
        client.put("/api/me/language", headers=auth(ALICE), json={"language": "es"}).status_code
        == 200
    )
    resp = client.post(
        "/api/orders/CM-7712/cancel", headers=auth(ALICE), json={"reason": "no longer needed"}
    )
    assert resp.status_code == 409
    assert resp.json["message"] == "order CM-7712 is delivered and can no longer be canceled"


def test_the_profile_language_is_shown_set_and_checked(client, auth):
    assert client.get("/api/me", headers=auth(ALICE)).json["language"] is None
    bad = client.put("/api/me/language", headers=auth(ALICE), json={"language": "it"})
    assert bad.status_code == 400 and "unsupported language" in bad.json["message"]
    assert client.get("/api/me", headers=auth(ALICE)).json["language"] is None
    done = client.put("/api/me/language", headers=auth(ALICE), json={"language": "fr"})
    assert done.status_code == 200 and done.json["language"] == "fr"
    assert client.get("/api/me", headers=auth(ALICE)).json["language"] == "fr"


def test_the_profile_setting_comes_before_the_messages_language(client, auth, thread, say):
    client.put("/api/me/language", headers=auth(ALICE), json={"language": "de"})
    answer = say(thread(), "show me my orders")["response"]
    assert answer.startswith("Sie haben"), answer


def test_accept_language_speaks_until_a_message_tells(client, auth, thread):
    tid = thread()

    def send(text: str) -> str:
        headers = {**auth(ALICE), "Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
        resp = client.post(
            "/api/ai/message", headers=headers, json={"threadId": tid, "message": text}
        )
        assert resp.status_code == 200, resp.json
        return resp.json["response"]

    assert send("CM-7855").startswith("La commande CM-7855")  # an id alone tells no language
    assert send("where is my order CM-7855?").startswith("Order CM-7855")


def test_a_switch_mid_conversation_is_followed_and_a_short_message_keeps_it(thread, say):
    tid = thread()
    assert say(tid, "where is my order CM-7855?")["response"].startswith("Order CM-7855")
    assert say(tid, "donde esta mi pedido CM-7855?")["response"].startswith("El pedido CM-7855")
    assert say(tid, "CM-7855")["response"].startswith("El pedido CM-7855")  # too short: kept
    assert say(tid, "wo ist meine Bestellung CM-7855?")["response"].startswith("Bestellung")


def test_a_declined_card_is_answered_in_its_language(client, auth, thread, say):
    tid = thread()
    card = say(tid, "cancela el pedido CM-7890")["pendingAction"]
    declined = client.post(f"/api/ai/actions/{card['id']}/decline", headers=auth(ALICE))
    assert declined.status_code == 200
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert history["messages"][-1]["text"] == "De acuerdo, no lo haré. No se ha cambiado nada."
    assert history["language"] == "es"


def test_the_human_side_speaks_to_a_german_shopper_in_german(client, auth, thread, say):
    tid = thread()
    assert say(tid, "wo ist meine Bestellung CM-7855?")["response"].startswith("Bestellung")
    handed = client.post(f"/api/ai/conversations/{tid}/handoff", headers=auth(ALICE), json={})
    assert handed.json["response"].startswith("Eine Person aus unserem Support-Team")
    staff = auth("agent@cloudmart.example", "agent", "Dana")
    base = f"/api/staff/tickets/{handed.json['ticket']['id']}"
    assert client.post(f"{base}/claim", headers=staff, json={}).status_code == 200
    waiting = say(tid, "hallo?")
    assert waiting["response"] == (
        "Dana aus unserem Support-Team hat Ihre Nachricht und antwortet hier."
    )
    preview = client.post(
        f"{base}/actions",
        headers=staff,
        json={
            "tool": "cancel_pending_order",
            "arguments": {"order_id": "CM-7890", "reason": "no longer needed"},
        },
    ).json["pendingAction"]
    assert preview["summary"].startswith("Cancel order CM-7890")  # the agent's preview: English
    assert client.post(f"{base}/actions/{preview['id']}/confirm", headers=staff).status_code == 200
    assert client.post(f"{base}/handback", headers=staff).status_code == 200
    texts = [
        m["text"]
        for m in client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json["messages"]
    ]
    assert "Sie möchten mit einer Person sprechen." in texts
    assert "Dana aus unserem Support-Team ist der Unterhaltung beigetreten." in texts
    assert any(t.startswith("Bestellung CM-7890 ist storniert") for t in texts)
    assert "Dana hat Sie an den Assistenten zurückgegeben." in texts


def test_only_a_signed_in_customer_has_a_language_to_set(client, auth):
    assert client.put("/api/me/language", json={"language": "es"}).status_code == 401
    staff = auth("admin@cloudmart.example", "admin")
    assert client.put("/api/me/language", headers=staff, json={"language": "es"}).status_code == 404
    missing = client.put("/api/me/language", headers=auth(ALICE), json={})
    assert (
        missing.status_code == 422
        and client.get("/api/me", headers=auth(ALICE)).json["language"] is None
    )


def test_quick_replies_are_offered_in_the_language_and_read_back(client, auth, thread, say):
    client.put("/api/me/language", headers=auth(ALICE), json={"language": "es"})
    tid = thread()
    asked = say(tid, "pay CM-7890 with another card")
    assert asked["response"].startswith("¿Qué método de pago quieres usar?")
    replies = asked["quickReplies"]
    assert "pagar CM-7890 con mi PayPal" in replies, replies
    card = say(tid, "pagar CM-7890 con mi PayPal")["pendingAction"]
    assert card["tool"] == "modify_pending_order_payment"
    assert card["summary"].startswith("Pagar el pedido CM-7890 con PayPal")
