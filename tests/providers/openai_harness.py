"""The app on the OpenAI provider, pointed at the fake OpenAI server, and what tests ask of it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import boto3
from flask import Flask
from flask.testing import FlaskClient

from cloudmart import create_app
from migrations_seed.seed import ensure_tables, seed
from tests.chat.support import parse_sse, scan, snapshot
from tests.conftest import ALICE
from tests.fakes.openai_server import FakeOpenAI, Recorded

MODES = ("conversations", "stateless")


@dataclass
class Harness:
    fake: FakeOpenAI
    app: Flask
    mode: str

    @property
    def client(self) -> FlaskClient:
        return self.app.test_client()

    def headers(self, email: str = ALICE, role: str = "customer") -> dict[str, str]:
        tokens = self.app.extensions["cloudmart"].tokens
        return {"Authorization": f"Bearer {tokens.issue(email, role)}"}

    def start(self, email: str = ALICE) -> str:
        resp = self.client.post("/api/ai/start", headers=self.headers(email))
        assert resp.status_code == 200, resp.json
        return resp.json["threadId"]

    def post(self, thread_id: str, text: str, email: str = ALICE) -> Any:
        body = {"threadId": thread_id, "message": text}
        return self.client.post("/api/ai/message", headers=self.headers(email), json=body)

    def say(self, thread_id: str, text: str, email: str = ALICE) -> dict[str, Any]:
        resp = self.post(thread_id, text, email)
        assert resp.status_code == 200, resp.json
        return resp.json

    def stream(self, thread_id: str, text: str, email: str = ALICE) -> list[tuple[str, Any]]:
        body = {"threadId": thread_id, "message": text}
        resp = self.client.post("/api/ai/message/stream", headers=self.headers(email), json=body)
        assert resp.status_code == 200
        return parse_sse(resp.get_data(as_text=True))

    def confirm(self, action_id: str, email: str = ALICE) -> Any:
        return self.client.post(f"/api/ai/actions/{action_id}/confirm", headers=self.headers(email))

    def order_status(self, order_id: str, email: str = ALICE) -> str:
        resp = self.client.get(f"/api/orders/{order_id}", headers=self.headers(email))
        return resp.json["status"]

    def conversation(self, thread_id: str) -> dict[str, Any]:
        return asdict(self.app.extensions["cloudmart"].chat.conversations.get(thread_id))

    @property
    def raw(self) -> Any:
        s = self.app.extensions["cloudmart"].settings
        return boto3.client(
            "dynamodb", endpoint_url=s.dynamodb_endpoint_url, region_name="us-east-1"
        )

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        return snapshot(self.raw, self.app)

    def tickets(self) -> list[dict[str, Any]]:
        return scan(self.raw, self.app, "tickets")


def sent(request: Recorded) -> list[dict[str, Any]]:
    """What the provider sent the model: the Responses `input`, or the chat `messages`."""
    return request.body.get("input") or request.body.get("messages") or []


def tool_outputs(request: Recorded) -> dict[str, dict[str, Any]]:
    """The tool results a request carried, by call id, decoded."""
    outputs = {}
    for item in sent(request):
        if item.get("type") == "function_call_output":
            outputs[item["call_id"]] = json.loads(item["output"])
        elif item.get("role") == "tool":
            outputs[item["tool_call_id"]] = json.loads(item["content"])
    return outputs


def last_user_text(request: Recorded) -> str:
    users = [m for m in sent(request) if m.get("role") == "user"]
    return users[-1]["content"] if users else ""


def tool_names(request: Recorded) -> set[str]:
    tools = request.body.get("tools") or []
    return {t.get("name") or t["function"]["name"] for t in tools}


@contextmanager
def openai_app(settings: dict[str, Any], mode: str, **overrides: Any) -> Iterator[Harness]:
    """A seeded app whose default provider is OpenAI on the fake; the fake must end unoffended."""
    with FakeOpenAI() as fake:
        app = _app(settings, fake, mode, overrides)
        harness = Harness(fake, app, mode)
        yield harness
        assert fake.rejected == [], f"the fake OpenAI rejected: {fake.rejected}"


def _app(settings: dict[str, Any], fake: FakeOpenAI, mode: str, overrides: Any) -> Flask:
    app = create_app(
        {
            **settings,
            "ai_provider": "openai",
            "openai_base_url": f"{fake.url}/v1",
            "openai_api_key": "test",
            "openai_max_retries": 0,
            "openai_mode": mode,
            **overrides,
        }
    )
    client = app.extensions["cloudmart"].dynamodb
    ensure_tables(client, settings["table_prefix"], report=lambda _: None)
    seed(client, settings["table_prefix"], report=lambda _: None)
    return app
