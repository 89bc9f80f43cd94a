"""The 115 reference tasks through the real path: the chat API on the OpenAI provider.

On DynamoDB Local (the service-level replay, tests/retail/test_conformance.py, runs on both
engines). The fake OpenAI server (tests/fakes) answers each customer message with one gold call as a
function call, then a short text; a call held for confirmation is confirmed through
`POST /api/ai/actions/<id>/confirm`, as the page's button does. Then the store is compared with
the expected end state, and each call's success with the expected one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from cloudmart import create_app
from migrations_seed.seed import ensure_tables
from tests.conftest import SECRET
from tests.fakes.openai_server import FakeOpenAI, Text, ToolCalls
from tests.retail.replay import normalized
from tests.retail.test_conformance import ADMIN, EXPECTED, INITIAL, TASKS, within_reach

pytestmark = pytest.mark.integration  # DynamoDB Local only: moto takes 5 minutes for the same


@pytest.fixture(scope="module")
def chat_store(dynamodb_local: Any) -> Iterator[tuple[Flask, FakeOpenAI]]:
    """The reference data behind the chat API, whose model is the fake OpenAI server."""
    with FakeOpenAI() as fake:
        app = create_app(
            {
                "auth_secret": SECRET,
                "table_prefix": f"c{uuid.uuid4().hex[:12]}",
                "rate_limits": False,
                "ai_provider": "openai",
                "openai_base_url": f"{fake.url}/v1",
                "openai_api_key": "test",
                "openai_max_retries": 0,
                "dynamodb_endpoint_url": dynamodb_local.endpoint_url,
            }
        )
        svc = app.extensions["cloudmart"]
        ensure_tables(svc.dynamodb, svc.settings.table_prefix, report=lambda _: None)
        svc.retail.import_records(ADMIN, INITIAL)
        yield app, fake
        assert fake.rejected == [], f"the fake OpenAI rejected: {fake.rejected}"


def call_through_chat(
    app: Flask, fake: FakeOpenAI, headers: dict[str, str], thread: str, action: dict[str, Any]
) -> bool:
    """One gold call made by the model; confirmed when held. Whether it succeeded."""
    fake.script(ToolCalls([(action["name"], action["kwargs"])]), Text("Done."))
    client = app.test_client()
    body = {"threadId": thread, "message": "Please go ahead."}
    turn = client.post("/api/ai/message", headers=headers, json=body)
    assert turn.status_code == 200, turn.json
    pending = turn.json["pendingAction"]
    if pending is not None:
        done = client.post(f"/api/ai/actions/{pending['id']}/confirm", headers=headers)
        assert done.status_code in (200, 409), done.json
        return done.status_code == 200 and done.json["result"].get("ok", True) is True
    (taken,) = turn.json["actions"]
    return taken["status"] == "succeeded" and taken["result"]["ok"] is True


@pytest.mark.parametrize("task", TASKS, ids=lambda t: f"test/{t['index']}")
def test_a_reference_task_through_the_chat_api(
    chat_store: tuple[Flask, FakeOpenAI], task: dict[str, Any]
) -> None:
    app, fake = chat_store
    svc = app.extensions["cloudmart"]
    expected = EXPECTED[task["index"]]
    reach = within_reach(task, expected)
    headers = {"Authorization": f"Bearer {svc.tokens.issue(task['email'])}"}
    try:
        thread = app.test_client().post("/api/ai/start", headers=headers).json["threadId"]
        trips, steps = fake.round_trips, []
        for action in task["actions"]:
            ok = call_through_chat(app, fake, headers, thread, action)
            steps.append({"name": action["name"], "ok": ok})
            if action["name"] == "transfer_to_human_agents":
                break
        fake.assert_all_used()
        assert steps == expected["steps"]
        # two model round trips a call (the call, then the reply); a confirmation costs none
        assert fake.round_trips - trips == 2 * len(steps)
        after = svc.retail.export(ADMIN, users=reach["users"], orders=reach["orders"])
        for name in ("users", "orders"):
            changed = expected["changed"].get(name, {})
            differ = [
                k
                for k in reach[name]
                if normalized(after[name][k]) != normalized(changed.get(k, INITIAL[name][k]))
            ]
            assert not differ, (name, differ)
    finally:  # the next task starts from the reference data again
        svc.retail.import_records(
            ADMIN, {name: {k: INITIAL[name][k] for k in reach[name]} for name in reach}
        )
