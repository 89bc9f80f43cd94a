"""The inbox under concurrency on DynamoDB Local: of two agents claiming one ticket at once
exactly one wins, and a reply racing a resolve leaves a ticket consistent with its transcript."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from flask import Flask

from tests.conftest import ALICE
from tests.reliability.test_retail_races import all_at_once

pytestmark = pytest.mark.integration
DANA, SAM = "agent@cloudmart.example", "sam@cloudmart.example"


def as_staff(app: Flask, email: str, name: str) -> dict[str, str]:
    token = app.extensions["cloudmart"].tokens.issue(email, "agent", name=name)
    return {"Authorization": f"Bearer {token}"}


def new_ticket(app: Flask) -> tuple[str, str]:
    client = app.test_client()
    alice = {"Authorization": f"Bearer {app.extensions['cloudmart'].tokens.issue(ALICE)}"}
    thread = client.post("/api/ai/start", headers=alice).json["threadId"]
    handed = client.post(f"/api/ai/conversations/{thread}/handoff", headers=alice, json={})
    return thread, handed.json["ticket"]["id"]


def test_two_agents_claiming_at_once_one_wins(local_app: Flask) -> None:
    client = local_app.test_client()
    dana, sam = as_staff(local_app, DANA, "Dana"), as_staff(local_app, SAM, "Sam")
    for _ in range(5):
        _, ticket = new_ticket(local_app)
        url = f"/api/staff/tickets/{ticket}/claim"
        claims: list[Any] = [
            partial(client.post, url, headers=dana, json={}),
            partial(client.post, url, headers=sam, json={}),
        ]
        responses = all_at_once(claims)
        assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
        winner = next(r.json["assignee"]["name"] for r in responses if r.status_code == 200)
        held = client.get(f"/api/staff/tickets/{ticket}", headers=dana).json
        assert (
            held["ticket"]["assignee"]["name"] == winner == held["conversation"]["heldBy"]["name"]
        )


def test_a_reply_racing_a_resolve_leaves_a_consistent_ticket(local_app: Flask) -> None:
    client, dana = local_app.test_client(), as_staff(local_app, DANA, "Dana")
    for _ in range(5):
        _, ticket = new_ticket(local_app)
        base = f"/api/staff/tickets/{ticket}"
        client.post(f"{base}/claim", headers=dana, json={})
        responses = all_at_once(
            [
                partial(client.post, f"{base}/messages", headers=dana, json={"text": "one more"}),
                partial(client.post, f"{base}/resolve", headers=dana, json={"resolution": "done"}),
            ]
        )
        reply, resolve = responses
        assert resolve.status_code in (200, 409) and reply.status_code in (201, 409)
        detail = client.get(base, headers=dana).json
        replied = any(e["text"] == "one more" for e in detail["transcript"])
        assert replied == (reply.status_code == 201)
        if resolve.status_code == 200:
            assert detail["ticket"]["status"] == "resolved"
            assert detail["conversation"]["mode"] == "assistant"
        else:  # the reply came between the read and the write: resolving again works
            again = client.post(f"{base}/resolve", headers=dana, json={"resolution": "done"})
            assert again.status_code == 200
