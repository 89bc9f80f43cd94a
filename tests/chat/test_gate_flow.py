"""The confirmation gate end to end through a scripted model."""

from tests.conftest import ALICE, BOB
from tests.fakes.scripted_provider import Calls, Say

CANCEL = Calls([("cancel_order", {"order_id": "CM-7890", "reason": "changed my mind"})])


def order_status(client, auth, order_id="CM-7890", email=ALICE):
    return client.get(f"/api/orders/{order_id}", headers=auth(email)).json["status"]


def test_cancel_waits_for_confirmation_then_runs_once(client, auth, script, thread, say):
    model = script([CANCEL, Say("Shall I cancel CM-7890?")])
    tid = thread()
    turn = say(tid, "cancel order CM-7890")
    action = turn["pendingAction"]
    assert action["tool"] == "cancel_order" and action["arguments"]["order_id"] == "CM-7890"
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
    assert [a["tool"] for a in turn["actions"]] == ["cancel_order"]
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
