"""BedrockAgentProvider: InvokeAgent with return of control; tools run here, from the registry."""

from __future__ import annotations

import codecs
import os
import secrets
import threading
import time
from collections.abc import Generator, Iterator
from typing import Any

import boto3
from botocore.config import Config
from botocore.eventstream import ParserError
from botocore.exceptions import BotoCoreError, ClientError
from urllib3.exceptions import HTTPError

from providers.base import (
    Event,
    FinalText,
    MaxToolRoundsExceededError,
    ModelCost,
    Provider,
    ProviderError,
    TextDelta,
    ToolCallMade,
    ToolRunner,
    TurnRequest,
)
from providers.bedrock_convert import (
    LANGUAGE_ATTRIBUTE,
    SESSION_ATTRIBUTE,
    TURN_ATTRIBUTE,
    input_text,
    invocations,
    results_state,
    session_id,
)
from providers.bedrock_errors import provider_error

CONNECT_TIMEOUT = 5.0
CLIENT_FAILURES = (BotoCoreError, ClientError, HTTPError, ParserError)


class BedrockAgentProvider(Provider):
    """One turn = InvokeAgent, then one more per returnControl answered, until the final text."""

    name = "bedrock"

    def __init__(
        self,
        agent_id: str,
        alias_id: str,
        region: str,
        endpoint_url: str | None = None,
        read_timeout: float = 60.0,
        max_attempts: int = 3,
        action_group: str = "cloudmart-tools",
        *,
        stream_final_response: bool = False,
    ) -> None:
        self.agent_id = agent_id
        self.alias_id = alias_id
        self.action_group = action_group  # the sync CLI's name; replies echo the agent's own
        self._config = Config(
            region_name=region,
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=read_timeout,
            retries={"mode": "standard", "total_max_attempts": max_attempts},
        )
        self._endpoint_url = endpoint_url
        self._stream_final = stream_final_response
        self._lock = threading.Lock()
        self._client: Any = None
        self._pid: int | None = None

    @property
    def client(self) -> Any:
        """The bedrock-agent-runtime client, built on first use in each process."""
        pid = os.getpid()
        with self._lock:
            if self._client is None or self._pid != pid:
                session = boto3.session.Session()
                self._client = session.client(
                    "bedrock-agent-runtime", endpoint_url=self._endpoint_url, config=self._config
                )
                self._pid = pid
            return self._client

    def start_conversation(self, conversation_id: str) -> dict[str, Any]:
        return {"sessionId": session_id(conversation_id)}

    def needs_history(self, state: dict[str, Any]) -> bool:
        return False  # the agent's session keeps the conversation

    def run_turn(self, request: TurnRequest, run_tools: ToolRunner) -> Iterator[Event]:
        session = request.state.get("sessionId") or session_id(request.conversation_id)
        base = {
            "sessionAttributes": {SESSION_ATTRIBUTE: request.conversation_id},
            "promptSessionAttributes": {
                TURN_ATTRIBUTE: secrets.token_hex(8),
                LANGUAGE_ATTRIBUTE: request.language,
            },
        }
        state: dict[str, Any] = base
        text = input_text(request.text, request.notes)
        parts: list[str] = []
        cost, tool_calls = ModelCost(), 0  # InvokeAgent reports no tokens (traces are off)
        while True:
            started = time.perf_counter()
            control = yield from self._invoke(session, text, state, parts)
            cost.request_seconds.append(time.perf_counter() - started)
            if control is None:
                break
            if len(cost.request_seconds) > request.max_tool_rounds:
                raise MaxToolRoundsExceededError(request.max_tool_rounds)
            found = invocations(control)
            results = run_tools([i.call for i in found])
            tool_calls += len(found)
            for invocation, result in zip(found, results, strict=True):
                yield ToolCallMade(invocation.call, result)
            state = results_state(control, found, results, base)
        if not parts:
            raise ProviderError("the Bedrock agent ended its answer without any text", status=502)
        yield FinalText("".join(parts))
        yield cost.usage(tool_calls)

    def _invoke(
        self, session: str, text: str, state: dict[str, Any], parts: list[str]
    ) -> Generator[Event, None, dict[str, Any] | None]:
        """One InvokeAgent: yields the text as it streams, returns the returnControl if any."""
        control: dict[str, Any] | None = None
        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may span chunks
        stream = None
        try:
            stream = self.client.invoke_agent(**self._arguments(session, text, state))["completion"]
            for event in stream:
                if "chunk" in event:
                    piece = decoder.decode(event["chunk"].get("bytes", b""))
                    if piece:
                        parts.append(piece)
                        yield TextDelta(piece)
                elif "returnControl" in event:
                    control = event["returnControl"]
            stream = None  # read to its end: the connection goes back to the pool
        except CLIENT_FAILURES as exc:
            raise provider_error(exc) from exc
        finally:
            if stream is not None:  # failed or abandoned midway: drop the half-read connection
                stream.close()
        return control

    def _arguments(self, session: str, text: str, state: dict[str, Any]) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "agentId": self.agent_id,
            "agentAliasId": self.alias_id,
            "sessionId": session,
            "inputText": text,  # ignored by the agent on a call that answers tools
            "sessionState": state,
            "enableTrace": False,
        }
        if self._stream_final:
            arguments["streamingConfigurations"] = {"streamFinalResponse": True}
        return arguments
