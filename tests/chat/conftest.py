"""Chat fixtures: a scripted model plugged in as the conversation's provider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ALICE
from tests.fakes.scripted_provider import ScriptedProvider


@pytest.fixture
def script(app: Flask) -> Callable[..., ScriptedProvider]:
    """script(turn, turn, ...) installs a scripted model as the default (local) provider."""

    def install(*turns: list[Any]) -> ScriptedProvider:
        provider = ScriptedProvider(turns=list(turns))
        app.extensions["cloudmart"].chat.providers.install("local", provider)
        return provider

    return install


@pytest.fixture
def thread(client: FlaskClient, auth: Callable[..., dict[str, str]]) -> Callable[..., str]:
    """thread(email=ALICE) starts a conversation and returns its threadId."""

    def start(email: str = ALICE) -> str:
        resp = client.post("/api/ai/start", headers=auth(email))
        assert resp.status_code == 200, resp.json
        return resp.json["threadId"]

    return start


@pytest.fixture
def say(client: FlaskClient, auth: Callable[..., dict[str, str]]) -> Callable[..., Any]:
    """say(thread_id, text, email=ALICE) -> the message response (JSON endpoint)."""

    def send(thread_id: str, text: str, email: str = ALICE, status: int = 200) -> Any:
        resp = client.post(
            "/api/ai/message", headers=auth(email), json={"threadId": thread_id, "message": text}
        )
        assert resp.status_code == status, resp.json
        return resp.json

    return send
