"""The human side through the API: hand-off, human mode, the inbox, claim, reply, notes,
acting for the customer, hand back and resolve (issue 19)."""

from __future__ import annotations

import json
from typing import Any

from tests.chat.support import parse_sse
from tests.conftest import ALICE, BOB
from tests.fakes.scripted_provider import Say

AGENT = "agent@cloudmart.example"
NOTE = "internal: customer is a known reseller, be careful"


def staff(auth: Any, email: str = AGENT) -> dict[str, str]:
    return auth(email, "agent", "Dana")


def hand_off(client: Any, auth: Any, thread_id: str, email: str = ALICE) -> dict[str, Any]:
    resp = client.post(f"/api/ai/conversations/{thread_id}/handoff", headers=auth(email), json={})
    assert resp.status_code == 200, resp.json
    return resp.json


def test_a_hand_off_goes_to_a_person_and_the_model_is_never_called(
    client, auth, script, thread, say
):
    model = script()  # a model that must never be asked
    tid = thread()
    first = hand_off(client, auth, tid)
    again = hand_off(client, auth, tid)
    assert first["mode"] == "human" and again["ticket"]["id"] == first["ticket"]["id"]
    turn = say(tid, "hello? my parcel is lost")
    assert turn["mode"] == "human" and turn["usage"]["modelRoundTrips"] == 0
    assert "person" in turn["response"]
    assert model.requests == []
    inbox = client.get("/api/staff/tickets?status=open", headers=staff(auth)).json
    [ticket] = [t for t in inbox if t["id"] == first["ticket"]["id"]]
    assert ticket["customer"] == {
        "id": "alice_johnson_1001",
        "name": "Alice Johnson",
        "email": ALICE,
    }
    assert ticket["lastMessage"]["text"] == "hello? my parcel is lost"
    assert ticket["waitingSince"] and ticket["assignee"] is None


def test_the_inbox_is_for_staff_only(client, auth, thread):
    tid = thread()
    ticket = hand_off(client, auth, tid)["ticket"]["id"]
    for path in ("/api/staff/tickets", f"/api/staff/tickets/{ticket}", "/api/staff/stats"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=auth(ALICE)).status_code == 403
        assert client.get(path, headers=staff(auth)).status_code == 200
    refused = client.post(f"/api/staff/tickets/{ticket}/claim", headers=auth(ALICE), json={})
    assert refused.status_code == 403
    assert client.get(f"/api/ai/conversations/{tid}/events", headers=auth(BOB)).status_code == 404


def test_claim_reply_note_act_hand_back_and_resolve(client, auth, thread, say, script):
    model = script([Say("Back with you. How can I help?")])
    tid = thread()
    ticket = hand_off(client, auth, tid)["ticket"]["id"]
    base = f"/api/staff/tickets/{ticket}"
    claimed = client.post(f"{base}/claim", headers=staff(auth), json={}).json
    assert claimed["assignee"]["name"] == "Dana"
    other = client.post(f"{base}/claim", headers=auth("admin@cloudmart.example", "admin"), json={})
    assert other.status_code == 409
    reply = client.post(f"{base}/messages", headers=staff(auth), json={"text": "Hi, Dana here."})
    assert reply.status_code == 201 and reply.json["ticket"]["status"] == "pending"
    note = client.post(
        f"{base}/messages", headers=staff(auth), json={"text": NOTE, "internal": True}
    )
    assert note.status_code == 201
    answered = say(tid, "thanks Dana, please cancel CM-7890")
    assert answered["mode"] == "human" and model.requests == []
    detail = client.get(base, headers=staff(auth)).json
    assert detail["ticket"]["status"] == "open"  # the customer answered: waits for staff again
    assert [e["author"] for e in detail["transcript"]][-4:] == [
        "system",
        "agent",
        "note",
        "customer",
    ]

    preview = client.post(
        f"{base}/actions",
        headers=staff(auth),
        json={
            "tool": "cancel_pending_order",
            "arguments": {"order_id": "CM-7890", "reason": "no longer needed"},
        },
    )
    assert preview.status_code == 200, preview.json
    action = preview.json["pendingAction"]
    assert "CM-7890" in action["summary"]
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["status"] == "pending"
    stolen = client.post(f"/api/ai/actions/{action['id']}/confirm", headers=auth(BOB))
    assert stolen.status_code == 404
    done = client.post(f"{base}/actions/{action['id']}/confirm", headers=staff(auth))
    assert done.status_code == 200, done.json
    assert client.get("/api/orders/CM-7890", headers=auth(ALICE)).json["status"] == "canceled"
    [record] = [
        a for a in client.get(base, headers=staff(auth)).json["actions"] if a["id"] == action["id"]
    ]
    assert record["actor"]["name"] == "Dana" and record["status"] == "executed"

    history = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    texts = json.dumps(history)
    assert NOTE not in texts  # a staff note is never the customer's
    assert any(m["author"] == "agent" and m["name"] == "Dana" for m in history["messages"])
    assert any("CM-7890" in m["text"] and m["author"] == "agent" for m in history["messages"])

    back = client.post(f"{base}/handback", headers=staff(auth))
    assert back.status_code == 200
    turn = say(tid, "ok, anything else?")
    assert turn["mode"] == "assistant" and turn["response"] == "Back with you. How can I help?"
    sent = json.dumps(model.requests, default=str)
    assert "Hi, Dana here." in sent and NOTE not in sent  # told what the person said, never a note
    resolved = client.post(f"{base}/resolve", headers=staff(auth), json={"resolution": "canceled"})
    assert resolved.json["status"] == "resolved"
    stats = client.get("/api/staff/stats", headers=staff(auth)).json
    assert stats["handoffs"] >= 1 and stats["firstResponseSeconds"]["count"] >= 1
    assert any(a["name"] == "Dana" and a["replies"] == 1 for a in stats["agents"])


def test_the_customers_stream_delivers_a_reply_and_never_a_note(client, auth, thread, app):
    app.extensions["cloudmart"].live.stream_seconds = 0.5
    tid = thread()
    ticket = hand_off(client, auth, tid)["ticket"]["id"]
    start = client.get(f"/api/ai/conversations/{tid}", headers=auth(ALICE)).json
    after = max(m.get("seq", 0) for m in start["messages"])
    base = f"/api/staff/tickets/{ticket}"
    client.post(f"{base}/messages", headers=staff(auth), json={"text": NOTE, "internal": True})
    client.post(
        f"{base}/messages", headers=staff(auth), json={"text": "<img src=x onerror=alert(1)>"}
    )
    body = client.get(
        f"/api/ai/conversations/{tid}/events", headers={**auth(ALICE), "Last-Event-ID": str(after)}
    ).get_data(as_text=True)
    events = parse_sse(body)
    assert (
        "conversation",
        {"mode": "human", "heldBy": {"name": "Dana"}, "ticketId": ticket},
    ) in events
    said = [data for kind, data in events if kind == "message"]
    assert [m["text"] for m in said] == ["<img src=x onerror=alert(1)>"]
    assert NOTE not in body


def test_the_inbox_stream_shows_a_new_ticket(client, auth, thread, app):
    app.extensions["cloudmart"].live.stream_seconds = 0.3
    tid = thread()
    ticket = hand_off(client, auth, tid)["ticket"]["id"]
    body = client.get(
        "/api/staff/events?after=2000-01-01T00:00:00.000000Z", headers=staff(auth)
    ).get_data(as_text=True)
    tickets = [data["id"] for kind, data in parse_sse(body) if kind == "ticket"]
    assert ticket in tickets
    assert client.get("/api/staff/events", headers=auth(ALICE)).status_code == 403
