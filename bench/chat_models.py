"""The model behind each provider: nothing (local), or a fake vendor server with a fixed latency."""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

PLAIN_ANSWER = "Orders ship within two business days; you'll get a tracking link by email."
ASK_TO_CONFIRM = "I can cancel that order and refund it in full. Shall I go ahead?"


class Model(Protocol):
    """A provider's model as the benchmark drives it (one turn at a time)."""

    provider: str
    env: dict[str, str]

    def plain(self, latency_s: float) -> None: ...  # the next turn: a plain answer

    def cancel(
        self, order_id: str, latency_s: float
    ) -> None: ...  # a cancel_pending_order call, then text

    def requests(self) -> tuple[int, int]: ...  # (all requests, model requests) so far


class LocalModel(contextlib.AbstractContextManager["LocalModel"]):
    """The offline local provider: no model, no round trips."""

    provider = "local"
    env = {"AI_PROVIDER": "local"}

    def plain(self, latency_s: float) -> None:
        pass

    def cancel(self, order_id: str, latency_s: float) -> None:
        pass

    def requests(self) -> tuple[int, int]:
        return 0, 0

    def __exit__(self, *_: object) -> None:
        pass


class OpenAIModel(contextlib.AbstractContextManager["OpenAIModel"]):
    """tests/fakes/openai_server.py (Responses + Conversations), scripted one turn at a time."""

    provider = "openai"

    def __init__(self) -> None:
        from tests.fakes import openai_server

        self._wire = openai_server
        self.fake = openai_server.FakeOpenAI().__enter__()
        self.env = {
            "AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": f"{self.fake.url}/v1",
            "OPENAI_API_KEY": "bench",
        }

    def _step(self, latency_s: float, step: Any) -> Any:
        return self._wire.Delay(latency_s, step) if latency_s else step

    def plain(self, latency_s: float) -> None:
        self.fake.script(self._step(latency_s, self._wire.Text(PLAIN_ANSWER)))

    def cancel(self, order_id: str, latency_s: float) -> None:
        call = self._wire.ToolCalls(
            [("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})]
        )
        text = self._wire.Text(ASK_TO_CONFIRM)
        self.fake.script(self._step(latency_s, call), self._step(latency_s, text))

    def requests(self) -> tuple[int, int]:
        return len(self.fake.requests), self.fake.round_trips

    def __exit__(self, *exc: object) -> None:
        self.fake.__exit__(*exc)


class BedrockModel(contextlib.AbstractContextManager["BedrockModel"]):
    """tests/fakes/bedrock_server.py (InvokeAgent with return of control), scripted per turn."""

    provider = "bedrock"

    def __init__(self) -> None:
        from tests.fakes import bedrock_server

        self._wire = bedrock_server
        self.fake = bedrock_server.BedrockAgentServer().__enter__()
        self.env = {
            "AI_PROVIDER": "bedrock",
            "BEDROCK_AGENT_ID": self.fake.agent_id,
            "BEDROCK_AGENT_ALIAS_ID": self.fake.alias_id,
            "BEDROCK_AGENT_RUNTIME_ENDPOINT_URL": self.fake.url,
        }

    def _steps(self, latency_s: float, step: Any) -> list[Any]:
        return [self._wire.Delay(latency_s), step] if latency_s else [step]

    def plain(self, latency_s: float) -> None:
        self.fake.script(self._steps(latency_s, self._wire.Chunk(PLAIN_ANSWER)))

    def cancel(self, order_id: str, latency_s: float) -> None:
        control = self._wire.ReturnControl(
            [("cancel_pending_order", {"order_id": order_id, "reason": "no longer needed"})]
        )
        text = self._wire.Chunk(ASK_TO_CONFIRM)
        self.fake.script(self._steps(latency_s, control), self._steps(latency_s, text))

    def requests(self) -> tuple[int, int]:
        return len(self.fake.requests), len(self.fake.requests)

    def __exit__(self, *exc: object) -> None:
        self.fake.__exit__(*exc)


MODELS: dict[str, type[Any]] = {"local": LocalModel, "openai": OpenAIModel, "bedrock": BedrockModel}
