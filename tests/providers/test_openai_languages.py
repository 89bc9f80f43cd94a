"""The OpenAI provider told the customer's language (issue 21): both modes, with the fake."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.openai_server import Text, ToolCalls
from tests.providers.openai_harness import MODES, Harness, openai_app, sent, tool_outputs

CANCEL = ("cancel_pending_order", {"order_id": "CM-7890", "reason": "no longer needed"})


@pytest.fixture(params=MODES)
def ai(request: pytest.FixtureRequest, settings: dict[str, Any]) -> Iterator[Harness]:
    with openai_app(settings, request.param) as harness:
        yield harness


def instructions_of(ai: Harness, n: int) -> str:
    request = ai.fake.model_requests[n]
    if ai.mode == "conversations":
        return str(request.body["instructions"])
    return str(sent(request)[0]["content"])  # stateless: the system message


def test_a_spanish_shopper_is_answered_in_spanish_and_the_card_is_spanish(ai: Harness) -> None:
    ai.fake.script(ToolCalls([CANCEL]), Text("¿Confirmas la cancelación del pedido CM-7890?"))
    turn = ai.say(ai.start(), "por favor cancela mi pedido CM-7890")
    for n in (0, 1):
        told = instructions_of(ai, n)
        assert "The customer's language is Spanish (es)" in told and "CloudMart" in told
    summary = turn["pendingAction"]["summary"]
    assert summary.startswith("Cancelar el pedido CM-7890 (") and "US$" in summary
    [output] = tool_outputs(ai.fake.model_requests[1]).values()
    assert output["summary"] == summary  # the model reads the card the shopper sees
    assert output["status"] == "awaiting_confirmation"  # tool results stay data

    done = ai.say(turn["threadId"], "sí")
    assert done["response"].startswith("El pedido CM-7890 está cancelado")
    ai.fake.assert_all_used()


def test_an_english_shopper_is_told_english(ai: Harness) -> None:
    ai.fake.script(Text("Orders ship within two business days."))
    ai.say(ai.start(), "How fast do you ship?")
    assert "The customer's language is English (en)" in instructions_of(ai, 0)
    assert json.dumps(sent(ai.fake.model_requests[0])).count("Spanish") == 0
