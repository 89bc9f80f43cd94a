"""The fake OpenAI server speaks the wire protocol the real openai SDK expects (no app here)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from providers.base import ToolParameter, ToolSpec
from providers.tool_schemas import chat_completions_tool, openai_function_tool
from tests.fakes.openai_server import Error, FakeOpenAI, Text, ToolCalls

SPEC = ToolSpec(
    "get_order_details",
    "Get an order",
    (ToolParameter("order_id", "string", "The id"), ToolParameter("note", "string", "", False)),
)
TOOL = openai_function_tool(SPEC)
CALL = ToolCalls(
    [("get_order_details", {"order_id": "CM-1", "note": None})], ids=["call_1"], text="Hi!"
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def sdk(fake: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{fake.url}/v1", api_key="test", max_retries=0)


def conversation(sdk: openai.OpenAI) -> str:
    return sdk.conversations.create(metadata={"cloudmart_conversation": "th_1"}).id


def test_the_stream_follows_the_documented_event_order(fake: FakeOpenAI, sdk: Any) -> None:
    fake.script(CALL)
    events = list(sdk.responses.create(model="m", input="hi", tools=[TOOL], stream=True))
    item = ["response.output_item.added", "response.content_part.added"]
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        *item,
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    final = events[-1].response
    assert final.output_text == "Hi!" and final.output[1].call_id == "call_1"


def test_the_stream_helper_accepts_it(fake: FakeOpenAI, sdk: Any) -> None:
    fake.script(CALL, Text("It is pending."))
    with sdk.responses.stream(model="m", input="hi", tools=[TOOL]) as stream:
        deltas = [e.delta for e in stream if e.type == "response.output_text.delta"]
        first = stream.get_final_response()
    assert deltas == ["Hi!"] and first.output[1].arguments == '{"order_id": "CM-1", "note": null}'
    answer = [{"type": "function_call_output", "call_id": "call_1", "output": "{}"}]
    with sdk.responses.stream(model="m", input=answer, tools=[TOOL]) as stream:
        assert stream.get_final_response().output_text == "It is pending."


def test_a_conversation_keeps_input_and_output_items(fake: FakeOpenAI, sdk: Any) -> None:
    conv = conversation(sdk)
    fake.script(CALL, Text("Done."))
    sdk.responses.create(model="m", conversation=conv, input="hi", tools=[TOOL])
    answer = [{"type": "function_call_output", "call_id": "call_1", "output": "{}"}]
    reply = sdk.responses.create(model="m", conversation=conv, input=answer, tools=[TOOL])
    assert reply.output_text == "Done." and reply.conversation.id == conv
    items = sdk.conversations.items.list(conv, order="asc").data
    kinds = ["message", "message", "function_call", "function_call_output", "message"]
    assert [i.type for i in items] == kinds
    assert fake.round_trips == 2 and len(fake.requests) == 4


def test_errors_come_in_openais_shape_with_retry_after(fake: FakeOpenAI, sdk: Any) -> None:
    fake.script(Error(429, "Slow down.", "requests", "rate_limit_exceeded", retry_after=3))
    with pytest.raises(openai.RateLimitError) as caught:
        sdk.responses.create(model="m", input="hi")
    assert caught.value.body == {
        "message": "Slow down.",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
    assert caught.value.response.headers["retry-after"] == "3"


def _unknown_call(sdk: Any, conv: str) -> Any:
    answer = [{"type": "function_call_output", "call_id": "call_never", "output": "{}"}]
    return sdk.responses.create(model="m", conversation=conv, input=answer)


def _both_states(sdk: Any, conv: str) -> Any:
    return sdk.responses.create(model="m", conversation=conv, previous_response_id="r", input="x")


def _nested_tool(sdk: Any, conv: str) -> Any:
    return sdk.responses.create(model="m", input="x", tools=[chat_completions_tool(SPEC)])


def _not_strict(sdk: Any, conv: str) -> Any:
    loose = {**TOOL, "parameters": {**TOOL["parameters"], "required": ["order_id"]}}
    return sdk.responses.create(model="m", input="x", tools=[loose])


def _flat_chat_tool(sdk: Any, conv: str) -> Any:
    messages = [{"role": "user", "content": "x"}]
    return sdk.chat.completions.create(model="m", messages=messages, tools=[TOOL])


def _orphan_tool_message(sdk: Any, conv: str) -> Any:
    messages = [
        {"role": "user", "content": "x"},
        {"role": "tool", "tool_call_id": "c", "content": ""},
    ]
    return sdk.chat.completions.create(model="m", messages=messages)


@pytest.mark.parametrize(
    ("mistake", "says"),
    [
        (_unknown_call, "No tool call found for function call output with call_id call_never."),
        (_both_states, "Mutually exclusive parameters"),
        (_nested_tool, "expected a flat function tool"),
        (_not_strict, "Missing 'note'"),
        (_flat_chat_tool, "Missing required parameter: 'tools[0].function'"),
        (_orphan_tool_message, "messages with role 'tool' must be a response"),
    ],
)
def test_protocol_mistakes_are_refused(fake: FakeOpenAI, sdk: Any, mistake: Any, says: str) -> None:
    fake.script(Text("never sent"))
    with pytest.raises(openai.BadRequestError) as caught:
        mistake(sdk, conversation(sdk))
    assert says in caught.value.body["message"] and fake.rejected
    assert set(caught.value.body) == {"message", "type", "param", "code"}


def test_an_unanswered_call_blocks_the_conversation(fake: FakeOpenAI, sdk: Any) -> None:
    conv = conversation(sdk)
    fake.script(CALL, Text("ok"))
    sdk.responses.create(model="m", conversation=conv, input="hi", tools=[TOOL])
    with pytest.raises(openai.BadRequestError, match="No tool output found for function call"):
        sdk.responses.create(model="m", conversation=conv, input="and now?")
    with pytest.raises(openai.NotFoundError):
        sdk.responses.create(model="m", conversation="conv_missing", input="hi")


def test_chat_completions_stream_and_json(fake: FakeOpenAI, sdk: Any) -> None:
    fake.script(CALL, Text("Two words"))
    messages = [{"role": "user", "content": "hi"}]
    chunks = list(
        sdk.chat.completions.create(
            model="m", messages=messages, tools=[chat_completions_tool(SPEC)], stream=True
        )
    )
    calls = [tc for c in chunks for tc in c.choices[0].delta.tool_calls or ()]
    assert [tc.id for tc in calls] == ["call_1", None]
    assert "".join(tc.function.arguments for tc in calls) == '{"order_id": "CM-1", "note": null}'
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    reply = sdk.chat.completions.create(model="m", messages=messages)
    assert reply.choices[0].message.content == "Two words"


def test_a_chat_stream_ends_with_done(fake: FakeOpenAI) -> None:
    fake.script(Text("Hello"))
    body = json.dumps(
        {"model": "m", "stream": True, "messages": [{"role": "user", "content": "x"}]}
    )
    request = urllib.request.Request(
        f"{fake.url}/v1/chat/completions",
        data=body.encode(),
        headers={"Authorization": "Bearer test", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as resp:
        text = resp.read().decode()
    assert text.endswith("data: [DONE]\n\n") and '"content": "Hello"' in text
