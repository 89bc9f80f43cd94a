"""BedrockAgentProvider alone against the fake: error mapping, limits, retries, the client."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import boto3
import pytest
from botocore.exceptions import EventStreamError

from providers.base import (
    FinalText,
    MaxToolRoundsExceededError,
    ProviderError,
    TextDelta,
    ToolCall,
    ToolCallMade,
    ToolResult,
    TurnRequest,
    Usage,
)
from providers.bedrock_agent import BedrockAgentProvider
from providers.bedrock_convert import invocations, session_id
from tests.fakes.bedrock_server import (
    BedrockAgentServer,
    Chunk,
    Delay,
    HttpError,
    InStreamError,
    ReturnControl,
)

GET = ("get_order_details", {"order_id": "CM-7890"})


class Runner:
    """Answers every call ok, except the tools named in `refuse`."""

    def __init__(self, refuse: Sequence[str] = ()) -> None:
        self.refuse = set(refuse)
        self.batches: list[list[ToolCall]] = []

    def __call__(self, calls: Sequence[ToolCall]) -> list[ToolResult]:
        self.batches.append(list(calls))
        return [self._answer(c) for c in calls]

    def _answer(self, call: ToolCall) -> ToolResult:
        ok = call.name not in self.refuse
        data = {"ok": ok} if ok else {"ok": False, "error": "order CM-1 not found"}
        return ToolResult(call.id, call.name, json.dumps(data), ok, data)


@pytest.fixture
def agent() -> Iterator[BedrockAgentServer]:
    with BedrockAgentServer() as server:
        yield server


@pytest.fixture
def provider(agent: BedrockAgentServer) -> Callable[..., BedrockAgentProvider]:
    def build(**settings: Any) -> BedrockAgentProvider:
        options = {"read_timeout": 5.0, "max_attempts": 1, **settings}
        return BedrockAgentProvider("AGENT1", "ALIAS1", "us-east-1", agent.url, **options)

    return build


def turn(provider: BedrockAgentProvider, runner: Runner | None = None, **more: Any) -> list[Any]:
    request = TurnRequest("th_0123456789abcdef", "hello", "", (), **more)
    return list(provider.run_turn(request, runner or Runner()))


ERRORS = [
    (InStreamError("throttlingException"), 503, "busy (throttlingException)"),
    (HttpError(429, "ThrottlingException"), 503, "busy (throttlingException)"),
    (InStreamError("serviceQuotaExceededException"), 503, "try again"),
    (InStreamError("dependencyFailedException", "the Lambda failed"), 502, "the Lambda failed"),
    (InStreamError("internalServerException", "oops"), 502, "failed (internalServerException)"),
    (InStreamError("badGatewayException", "upstream"), 502, "failed (badGatewayException)"),
    (InStreamError("validationException", "bad input x"), 502, "rejected the request: bad input x"),
    (
        HttpError(400, "ValidationException", "bad input y"),
        502,
        "rejected the request: bad input y",
    ),
    (InStreamError("accessDeniedException", "no"), 503, "bedrock:InvokeAgent"),
    (HttpError(403, "AccessDeniedException", "no"), 503, "bedrock:InvokeAgent"),
    (InStreamError("resourceNotFoundException", "x"), 503, "BEDROCK_AGENT_ID"),
    (HttpError(404, "ResourceNotFoundException", "x"), 503, "BEDROCK_AGENT_ALIAS_ID"),
    (HttpError(500, "InternalServerException", "boom"), 502, "failed (internalServerException)"),
    (InStreamError("conflictException", "busy session"), 409, "send yours again"),
]


@pytest.mark.parametrize(("step", "status", "words"), ERRORS, ids=lambda v: str(v)[:40])
def test_errors_map_once_to_a_status(agent, provider, step, status, words) -> None:
    agent.script(step)
    with pytest.raises(ProviderError) as caught:
        turn(provider())
    assert caught.value.status == status and words in caught.value.message
    assert (caught.value.retry_after is not None) == ("busy" in caught.value.message)
    agent.script(Chunk("fine"))
    assert turn(provider())[-2] == FinalText("fine")


@pytest.mark.parametrize(
    "steps", [[Delay(2.0), Chunk("late")], [Chunk("early "), Delay(2.0), Chunk("late")]]
)
def test_a_read_timeout_is_a_504(agent, provider, steps) -> None:
    agent.script(steps)
    with pytest.raises(ProviderError) as caught:
        turn(provider(read_timeout=0.3))
    assert caught.value.status == 504 and "BEDROCK_READ_TIMEOUT" in caught.value.message


def test_an_unreachable_endpoint_is_a_502() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    closed = BedrockAgentProvider("A", "B", "us-east-1", f"http://127.0.0.1:{port}", 1.0, 1)
    with pytest.raises(ProviderError) as caught:
        turn(closed)
    assert caught.value.status == 502 and "could not reach" in caught.value.message


def test_no_credentials_is_a_503_naming_them(monkeypatch, tmp_path, provider) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "BOTO_CONFIG"):
        monkeypatch.setenv(name, str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_WEB_IDENTITY_TOKEN_FILE", raising=False)
    with pytest.raises(ProviderError) as caught:
        turn(provider())
    assert caught.value.status == 503 and "AWS credentials" in caught.value.message


def test_the_tool_round_limit_stops_a_looping_agent(agent, provider) -> None:
    agent.script(*[ReturnControl([GET])] * 4)
    runner = Runner()
    with pytest.raises(MaxToolRoundsExceededError):
        turn(provider(), runner, max_tool_rounds=3)
    assert len(runner.batches) == 3 and len(agent.requests) == 4
    agent.script(Chunk("Back."))  # the unanswered returnControl does not block the next turn
    assert turn(provider())[-2] == FinalText("Back.")


def test_retries_are_a_setting(agent, provider) -> None:
    agent.script(HttpError(500, "InternalServerException", "blip"), Chunk("ok"))
    events = turn(provider(max_attempts=2))
    assert events[-2:] == [FinalText("ok"), Usage(model_round_trips=1, tool_calls=0)]
    assert len(agent.requests) == 2


def test_refusals_go_back_for_the_model_to_explain(agent, provider) -> None:
    agent.script(
        [
            ReturnControl(
                [GET, ("cancel_pending_order", {"order_id": "CM-1", "reason": "no longer needed"})]
            )
        ],
        Chunk("Hm."),
    )
    runner = Runner(refuse=["cancel_pending_order"])
    events = turn(provider(), runner)

    [calls] = runner.batches
    invocation_id = agent.bodies[1]["sessionState"]["invocationId"]
    assert [c.id for c in calls] == [f"{invocation_id}:0", f"{invocation_id}:1"]
    ok, refused = agent.results_sent()
    assert "responseState" not in ok and refused["responseState"] == "REPROMPT"
    assert [type(e) for e in events] == [ToolCallMade, ToolCallMade, TextDelta, FinalText, Usage]
    assert events[-1] == Usage(model_round_trips=2, tool_calls=2)


def test_a_character_split_across_chunks_arrives_whole(agent, provider) -> None:
    agent.script([Chunk(b"caf\xc3"), Chunk(b"\xa9 ok")])
    events = turn(provider())
    assert events[-2] == FinalText("caf\u00e9 ok")
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "caf\u00e9 ok"


def test_an_answer_without_text_is_a_502(agent, provider) -> None:
    agent.script([])
    with pytest.raises(ProviderError, match="without any text"):
        turn(provider())


def test_the_fake_rejects_an_invocation_id_it_never_issued(agent) -> None:
    client = boto3.client("bedrock-agent-runtime", endpoint_url=agent.url, region_name="us-east-1")
    agent.script(Chunk("never sent"))
    result = {"actionGroup": "cloudmart-tools", "function": "get_order_details"}
    result["responseBody"] = {"TEXT": {"body": "{}"}}
    state = {
        "invocationId": "made-up",
        "returnControlInvocationResults": [{"functionResult": result}],
    }
    response = client.invoke_agent(
        agentId="AGENT1", agentAliasId="ALIAS1", sessionId="s1", sessionState=state
    )
    with pytest.raises(EventStreamError) as caught:
        list(response["completion"])
    assert caught.value.response["Error"]["Code"] == "validationException"


def test_the_client_is_built_lazily_per_process_with_the_settings(monkeypatch, provider) -> None:
    agent_provider = provider(read_timeout=7.5, max_attempts=4)
    assert agent_provider._client is None
    client = agent_provider.client
    assert client.meta.config.read_timeout == 7.5
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 4}
    assert agent_provider.client is client
    monkeypatch.setattr("os.getpid", lambda: -1)  # as in a forked worker
    assert agent_provider.client is not client


def test_session_ids_fit_the_agent() -> None:
    assert session_id("th_0123456789abcdef") == "th_0123456789abcdef"
    odd = [session_id("a b"), session_id("a/b"), session_id("x"), session_id("é" * 300)]
    assert all(2 <= len(s) <= 100 and s.replace("-", "").replace(".", "").isalnum() for s in odd)
    assert len(set(odd)) == 4


def test_api_schema_action_groups_are_refused() -> None:
    control = {"invocationId": "i", "invocationInputs": [{"apiInvocationInput": {}}]}
    with pytest.raises(ProviderError, match="function-details"):
        invocations(control)
