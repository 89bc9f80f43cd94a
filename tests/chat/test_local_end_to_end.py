"""The seed's scenarios through the offline local provider, on moto and on DynamoDB Local."""

from tests.conftest import ALICE


def test_cancel_cm_7890_by_chat(client, auth, thread, say):
    tid = thread()
    turn = say(tid, "Cancel order CM-7890")
    action = turn["pendingAction"]
    assert action["tool"] == "cancel_pending_order" and action["arguments"]["order_id"] == "CM-7890"
    assert "CM-7890" in turn["response"] and "yes" in turn["response"].lower()
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["status"] == "pending"

    done = say(tid, "yes")
    assert done["pendingAction"] is None
    assert done["actions"][0]["tool"] == "cancel_pending_order"
    assert "canceled" in done["response"]
    order = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json
    assert order["status"] == "canceled"

    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    texts = [m["text"] for m in history["messages"]]
    assert texts[0] == "Cancel order CM-7890" and texts[2] == "yes"
    log = client.get("/api/me/agent-actions", headers=auth(ALICE)).json
    executed = [r for r in log if r["kind"] == "execution" and r["tool"] == "cancel_pending_order"]
    assert executed and executed[0]["status"] == "succeeded"
    assert executed[0]["arguments"]["order_id"] == "CM-7890"


def test_return_address_status_and_recommendations(client, auth, thread, say):
    tid = thread()
    ret = say(tid, "I want to return CM-7712 because it is too small")
    assert ret["pendingAction"]["tool"] == "return_delivered_order_items"
    assert say(tid, "yes")["actions"][0]["result"]["view"]["status"] == "return_requested"

    move = say(tid, "Ship order CM-7890 to 5 Main St, Springfield, IL 62701, US")
    assert move["pendingAction"]["tool"] == "modify_pending_order_address"
    say(tid, "yes")
    address = client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["shippingAddress"]
    assert address["street"] == "5 Main St" and address["city"] == "Springfield"

    status = say(tid, "where is my order CM-7855?")
    assert "shipped" in status["response"] and status["pendingAction"] is None

    picks = say(tid, "recommend headphones under $100")
    products = picks["actions"][0]["result"]["products"]
    assert products and all(p["price"] <= 100 and p["inStock"] for p in products)
    assert products[0]["name"] in picks["response"]
