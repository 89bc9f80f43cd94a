"""The confirmation gate end to end through a scripted model."""

from tests.chat.support import dynamodb_calls
from tests.conftest import ALICE, BOB
from tests.fakes.scripted_provider import Calls, Say

CANCEL = Calls([("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})])


def order_status(client, auth, order_id="CM-7890", email=ALICE):
    return client.get(f"/api/orders/{order_id}", headers=auth(email)).json["status"]


def test_cancel_waits_for_confirmation_then_runs_once(client, auth, script, thread, say):
    model = script([CANCEL, Say("Shall I cancel CM-7890?")])
    tid = thread()
    turn = say(tid, "cancel order CM-7890")
    action = turn["pendingAction"]
    assert action["tool"] == "cancel_pending_order" and action["arguments"]["order_id"] == "CM-7890"
    assert "CM-7890" in action["summary"]
    assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 2, "toolCalls": 1}
    assert order_status(client, auth) == "pending"
    assert '"awaiting_confirmation"' in model.results[0][0].output

    done = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert done.status_code == 200, done.json
    assert done.json["action"]["status"] == "executed"
    assert order_status(client, auth) == "canceled"
    again = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert again.status_code == 409
    model.assert_all_used()


def test_typed_yes_confirms_the_single_pending_action(client, auth, script, thread, say):
    script([CANCEL, Say("Confirm?")])
    tid = thread()
    say(tid, "cancel CM-7890")
    turn = say(tid, "Yes!")
    assert turn["usage"]["modelRoundTrips"] == 0
    assert [a["tool"] for a in turn["actions"]] == ["cancel_pending_order"]
    assert order_status(client, auth) == "canceled"
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"] * 2
    log = client.get("/api/me/agent-actions", headers=auth(ALICE)).json
    assert any(r["kind"] == "execution" and r["status"] == "succeeded" for r in log)


def test_another_customer_cannot_confirm(client, auth, script, thread, say):
    script([CANCEL, Say("Confirm?")])
    action = say(thread(), "cancel CM-7890")["pendingAction"]
    resp = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(BOB))
    assert resp.status_code == 404
    assert order_status(client, auth) == "pending"


def test_changed_order_is_a_conflict(client, auth, script, thread, say):
    script([CANCEL, Say("Confirm?")])
    action = say(thread(), "cancel CM-7890")["pendingAction"]
    client.put(
        "/api/orders/CM-7890",
        headers=auth("admin@cloudmart.example", "admin"),
        json={"status": "processing"},
    )
    resp = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert resp.status_code == 409
    assert order_status(client, auth) == "processing"


def test_decline_changes_nothing(client, auth, script, thread, say):
    script([CANCEL, Say("Confirm?")])
    tid = thread()
    action = say(tid, "cancel CM-7890")["pendingAction"]
    resp = client.post(f"/api/ai/actions/{action['id']}/decline", headers=auth(ALICE))
    assert resp.status_code == 200 and resp.json["action"]["status"] == "declined"
    assert order_status(client, auth) == "pending"
    assert (
        client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE)).status_code
        == 409
    )


def test_a_typed_yes_costs_at_most_seven_dynamodb_calls(client, auth, script, thread, say, app):
    """The conversation, its pending action, the order and its customer (whose gift cards a
    cancel refunds) are read once each; the order's version is checked once, in the
    transaction that also uses the action up and moves the money and the stock."""
    script([CANCEL, Say("Confirm?")])
    tid = thread()
    say(tid, "cancel CM-7890")
    with dynamodb_calls(app) as made:
        turn = say(tid, "yes")
    assert [a["status"] for a in turn["actions"]] == ["succeeded"]
    assert order_status(client, auth) == "canceled"
    assert len(made) <= 7, made
    # the conversation (with the customer's language and token counts), then order, customer
    assert made[0] == "BatchGetItem" and made.count("BatchGetItem") == 1, made
    assert made.count("GetItem") == 2 and made.count("Query") == 1, made


def test_a_confirm_button_reads_the_action_the_order_and_its_customer_once(
    client, auth, script, thread, say, app
):
    script([CANCEL, Say("Confirm?")])
    action = say(thread(), "cancel CM-7890")["pendingAction"]
    with dynamodb_calls(app) as made:
        done = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert done.status_code == 200, done.json
    # the action, the order, its customer (whose gift cards a cancel refunds), and the
    # conversation's last entry number (the outcome is numbered after it)
    assert made.count("GetItem") == 4 and len(made) <= 7, made


def test_nah_declines_the_single_pending_action(client, auth, script, thread, say):
    """One vocabulary of plain answers: what the server hears as a no, every provider does."""
    script([CANCEL, Say("Confirm?")])
    tid = thread()
    action = say(tid, "cancel CM-7890")["pendingAction"]
    turn = say(tid, "nah")
    assert turn["usage"]["modelRoundTrips"] == 0 and "won't do that" in turn["response"]
    assert order_status(client, auth) == "pending"
    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    assert history["pendingActions"] == []
    again = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(ALICE))
    assert again.status_code == 409
