"""OpenAI failures through the app: each maps to one HTTP error, and the conversation carries on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from providers.openai_responses import OpenAIProvider
from tests.api.support import assert_error_body
from tests.fakes.openai_server import Delay, Drop, Error, Failed, Text, ToolCalls
from tests.providers.openai_harness import MODES, Harness, openai_app, sent, tool_outputs

GET_ORDER = ("get_order_details", {"order_id": "CM-7890"})
BACK = Text("I'm back: how can I help?")

FAILURES = {
    "rate limit": (Error(429, "Slow down.", "requests", "rate_limit_exceeded", retry_after=7), 503),
    "server error": (Error(500), 502),
    "bad gateway": (Error(502, "Bad gateway."), 502),
    "connection dropped": (Drop(), 502),
    "bad key": (Error(401, "Incorrect API key.", "invalid_request_error", "invalid_api_key"), 503),
    "forbidden": (Error(403, "Not allowed.", "invalid_request_error"), 503),
    "unknown model": (
        Error(404, "The model does not exist.", "invalid_request_error", "model_not_found"),
        503,
    ),
    "bad request": (Error(400, "Invalid 'input[0]': too long.", "invalid_request_error"), 502),
    "failed in the stream": (Failed(), 502),
    "rate limited in the stream": (Failed("rate_limit_exceeded", "Slow down.", "error"), 503),
}
NAMED = {
    "bad key": "OPENAI_API_KEY",
    "forbidden": "OPENAI_API_KEY",
    "unknown model": "OPENAI_MODEL",
}


@pytest.fixture(params=MODES)
def ai(request: pytest.FixtureRequest, settings: dict[str, Any]) -> Iterator[Harness]:
    with openai_app(settings, request.param) as harness:
        yield harness


@pytest.mark.parametrize("name", FAILURES)
def test_each_failure_maps_once_and_the_conversation_carries_on(ai: Harness, name: str) -> None:
    failure, status = FAILURES[name]
    tid = ai.start()
    ai.fake.script(failure, BACK)
    body = assert_error_body(ai.post(tid, "Hello?"), status)
    assert NAMED.get(name, "") in body["message"]
    if name == "bad request":
        assert "Invalid 'input[0]': too long." in body["message"]
    assert ai.say(tid, "Hello again")["response"] == BACK.text


def test_a_rate_limit_passes_on_the_retry_hint(ai: Harness) -> None:
    tid = ai.start()
    ai.fake.script(FAILURES["rate limit"][0])
    resp = ai.post(tid, "Hello?")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "7"


def test_a_failure_mid_stream_becomes_an_error_event(ai: Harness) -> None:
    tid = ai.start()
    ai.fake.script(Error(429, "Slow down.", "requests", "rate_limit_exceeded"), BACK)
    events = ai.stream(tid, "Hello?")
    assert [kind for kind, _ in events] == ["error"] and events[0][1]["code"] == 503
    assert [d["text"] for k, d in ai.stream(tid, "Again?") if k == "text"] != []


@pytest.mark.parametrize("mode", MODES)
def test_a_timeout_is_a_504(settings: dict[str, Any], mode: str) -> None:
    with openai_app(settings, mode, openai_timeout=0.2) as ai:
        tid = ai.start()
        ai.fake.script(Delay(30), BACK)  # the fake stops waiting when it shuts down
        body = assert_error_body(ai.post(tid, "Hello?"), 504)
        assert "OPENAI_TIMEOUT" in body["message"]
        assert ai.say(tid, "Hello again")["response"] == BACK.text


@pytest.mark.parametrize("mode", MODES)
def test_an_sdk_retry_never_runs_a_tool_twice(settings: dict[str, Any], mode: str) -> None:
    escalate = ("transfer_to_human_agents", {"summary": "My parcel is lost."})
    server_error = Error(
        500, retry_after=0, headers={"retry-after-ms": "1", "x-should-retry": "true"}
    )
    with openai_app(settings, mode, openai_max_retries=1) as ai:
        ai.fake.script(
            ToolCalls([escalate], ids=["call_escalate"]),
            server_error,  # the answer to the tool result fails; the SDK sends it again
            ToolCalls([escalate], ids=["call_escalate"]),  # and the model replays the same call
            Text("A colleague will pick this up."),
        )
        turn = ai.say(ai.start(), "My parcel is lost, I want a human")
        assert turn["response"] == "A colleague will pick this up."
        assert len(ai.tickets()) == 1
        requests = ai.fake.model_requests
        first, replayed = tool_outputs(requests[1]), tool_outputs(requests[3])
        assert tool_outputs(requests[2]) == first  # the SDK resent the same body
        assert replayed["call_escalate"]["replayed"] is True
        assert replayed["call_escalate"]["ticket"] == first["call_escalate"]["ticket"]
        assert ai.fake.round_trips == 4 and turn["usage"]["modelRoundTrips"] == 3


def test_an_error_between_tool_rounds_leaves_the_conversation_usable(ai: Harness) -> None:
    tid = ai.start()
    ai.fake.script(ToolCalls([GET_ORDER]), Error(500))
    assert_error_body(ai.post(tid, "Where is CM-7890?"), 502)
    ai.fake.script(Text("CM-7890 is pending."))
    turn = ai.say(tid, "Hello? Where is it?")
    assert turn["response"] == "CM-7890 is pending."
    if ai.mode == "conversations":  # OpenAI refuses a turn while a call is unanswered
        [call_id] = ai.fake.issued
        assert ai.fake.rejected == [f"No tool output found for function call {call_id}."]
        ai.fake.rejected.clear()
        items = sent(ai.fake.model_requests[-1])
        assert [i["type"] for i in items] == ["function_call_output", "message"]
        assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 2, "toolCalls": 1}
    else:
        assert turn["usage"] == {**turn["usage"], "modelRoundTrips": 1, "toolCalls": 0}


@pytest.mark.parametrize("mode", MODES)
def test_too_many_tool_rounds_stop_the_turn(settings: dict[str, Any], mode: str) -> None:
    with openai_app(settings, mode, max_tool_rounds=2) as ai:
        tid = ai.start()
        ai.fake.script(*[ToolCalls([GET_ORDER])] * 3)
        body = assert_error_body(ai.post(tid, "Loop forever"), 502)
        assert "2 times" in body["message"] and ai.fake.round_trips == 3
        ai.fake.script(BACK)
        assert ai.say(tid, "Stop")["response"] == BACK.text
        ai.fake.rejected.clear()  # conversations: the last round's call was left unanswered


def test_a_conversation_started_stateless_moves_to_a_conversation(settings: dict[str, Any]) -> None:
    with openai_app(settings, "stateless") as ai:
        tid = ai.start()
        ai.fake.script(Text("Hi Alice."), BACK)
        ai.say(tid, "Hi")
        provider = OpenAIProvider("test", "gpt-4.1-mini", f"{ai.fake.url}/v1", 5.0, 0, False)
        ai.app.extensions["cloudmart"].chat.providers.install("openai", provider)
        assert ai.say(tid, "Still there?")["response"] == BACK.text
        [created] = [r.body for r in ai.fake.requests if r.path == "/v1/conversations"]
        assert [i["content"] for i in created["items"]] == ["Hi", "Hi Alice."]
        state = ai.conversation(tid)["providerState"]
        assert ai.fake.model_requests[-1].body["conversation"] == state["openai_conversation"]


def test_a_turn_past_its_deadline_is_a_504_and_runs_no_more_tools(settings) -> None:
    """TURN_TIMEOUT bounds the whole turn: the model's second round answers after it, so the
    turn ends with the error body, and the tool call that came after the deadline never ran."""
    with openai_app(settings, "conversations", turn_timeout_seconds=2.0) as ai:
        tid = ai.start()
        ai.fake.script(BACK)
        ai.say(tid, "Hello")  # the SDK is built on a worker's first turn: not in the deadline
        ai.fake.script(Delay(1.0, ToolCalls([GET_ORDER])), Delay(1.5, ToolCalls([GET_ORDER])))
        body = assert_error_body(ai.post(tid, "Where is CM-7890?"), 504)
        assert "longer than 2 s" in body["message"]
        outputs = [r for r in ai.fake.model_requests if tool_outputs(r)]
        assert ai.fake.round_trips == 3 and len(outputs) == 1, "a tool ran after the deadline"
        ai.fake.script(BACK)
        assert ai.say(tid, "Hello again")["response"] == BACK.text
        assert len(ai.fake.rejected) == 1  # the call the deadline cut off, answered on this turn
        ai.fake.rejected.clear()


def test_every_model_request_bounds_its_output(ai: Harness) -> None:
    """MAX_OUTPUT_TOKENS (1024 by default) goes with every request: no answer is unbounded."""
    tid = ai.start()
    ai.fake.script(ToolCalls([GET_ORDER]), BACK)
    ai.say(tid, "Where is CM-7890?")
    key = "max_tokens" if ai.mode == "stateless" else "max_output_tokens"
    assert [r.body.get(key) for r in ai.fake.model_requests] == [1024, 1024]
