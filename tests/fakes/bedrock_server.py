"""A fake Bedrock Agent runtime: real HTTP on 127.0.0.1 speaking InvokeAgent's event stream."""

from __future__ import annotations

import base64
import json
import re
import struct
import threading
import uuid
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.quiet_server import QuietThreadingHTTPServer

PATH = re.compile(r"^/agents/([^/]+)/agentAliases/([^/]+)/sessions/([^/]+)/text$")
SESSION_ID = re.compile(r"^[0-9a-zA-Z._:-]{2,100}$")
FUNCTION = ("actionGroup", "function")


@dataclass(frozen=True)
class Chunk:  # part of the final answer (bytes: to split a character)
    text: str | bytes


@dataclass(frozen=True)
class ReturnControl:  # 1-5 calls handed back; every value goes out as a string
    calls: Sequence[tuple[str, Mapping[str, Any]]]
    action_group: str = "cloudmart-tools"


@dataclass(frozen=True)
class InStreamError:  # an exception frame in a 200 stream (camelCase code, as sent)
    code: str
    message: str = "Your request rate is too high."


@dataclass(frozen=True)
class HttpError:  # an HTTP error instead of a stream (PascalCase code); comes first
    status: int
    code: str
    message: str = "Rate exceeded."


@dataclass(frozen=True)
class Delay:  # wait before the next step (before the headers when it comes first)
    seconds: float


Step = Chunk | ReturnControl | InStreamError | HttpError | Delay


def frame(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One event-stream message: prelude + prelude CRC, string headers, payload, message CRC."""
    encoded = b""
    for name, value in headers.items():
        raw_name, raw_value = name.encode(), value.encode()
        encoded += struct.pack("!B", len(raw_name)) + raw_name
        encoded += b"\x07" + struct.pack("!H", len(raw_value)) + raw_value
    prelude = struct.pack("!II", 12 + len(encoded) + len(payload) + 4, len(encoded))
    message = prelude + struct.pack("!I", zlib.crc32(prelude)) + encoded + payload
    return message + struct.pack("!I", zlib.crc32(message))


def event_frame(event_type: str, body: Mapping[str, Any]) -> bytes:
    headers = {":message-type": "event", ":event-type": event_type}
    return frame({**headers, ":content-type": "application/json"}, json.dumps(body).encode())


def exception_frame(code: str, message: str) -> bytes:
    headers = {":message-type": "exception", ":exception-type": code}
    payload = json.dumps({"message": message}).encode()
    return frame({**headers, ":content-type": "application/json"}, payload)


def as_string(value: Any) -> str:
    """How the agent sends a parameter value: always a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps(list(value))
    return str(value)


def default_types() -> dict[str, dict[str, str]]:
    """Declared parameter types per function, as the sync CLI configures a real agent."""
    from cloudmart.bedrock import function_schema
    from cloudmart.tools import TOOLS

    return {
        f["name"]: {p: spec["type"] for p, spec in f["parameters"].items()}
        for f in function_schema(TOOLS)["functions"]
    }


@dataclass
class BedrockAgentServer:
    """Scripted InvokeAgent endpoint; use as a context manager, point boto3 at `url`."""

    agent_id: str = "AGENT1"
    alias_id: str = "ALIAS1"
    types: dict[str, dict[str, str]] = field(default_factory=default_types)
    requests: list[dict[str, Any]] = field(default_factory=list)
    issued: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)  # id: session, calls
    _responses: list[list[Step]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closing: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> BedrockAgentServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = QuietThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def script(self, *responses: Step | Sequence[Step]) -> None:
        """Queue one response per request: a step or a list of steps."""
        with self._lock:
            for r in responses:
                self._responses.append([r] if isinstance(r, Step) else list(r))

    def assert_all_used(self) -> None:
        assert not self._responses, f"{len(self._responses)} scripted responses were never asked"

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests]

    def results_sent(self, index: int = -1) -> list[dict[str, Any]]:
        """The functionResults of one request (default: the last)."""
        state = self.bodies[index].get("sessionState", {})
        return [r["functionResult"] for r in state.get("returnControlInvocationResults", [])]

    def next_response(self) -> list[Step] | None:
        with self._lock:
            return self._responses.pop(0) if self._responses else None

    def record(self, path: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append({"path": path, "body": body})

    def check_results(self, session_id: str, body: dict[str, Any]) -> str | None:
        """Why a request's tool results are invalid, or None (they answer what was issued)."""
        state = body.get("sessionState") or {}
        invocation_id = state.get("invocationId")
        results = state.get("returnControlInvocationResults")
        if invocation_id is None and results is None:
            with self._lock:  # a new user message drops an unanswered returnControl
                for key in [k for k, v in self.issued.items() if v[0] == session_id]:
                    del self.issued[key]
            return None
        with self._lock:
            session, calls = self.issued.pop(invocation_id or "", ("", []))
        if session != session_id:
            return f"invocationId {invocation_id!r} was not issued to this session"
        answered = [[r.get("functionResult", {}).get(k) for k in FUNCTION] for r in results or []]
        if sorted(answered) != sorted(calls):
            return f"results {answered} do not answer the calls {calls}"
        return None

    def return_control(self, session_id: str, step: ReturnControl) -> dict[str, Any]:
        invocation_id = str(uuid.uuid4())
        calls = [[step.action_group, name] for name, _ in step.calls]
        with self._lock:
            self.issued[invocation_id] = (session_id, calls)
        inputs = [self._invocation_input(step.action_group, n, a) for n, a in step.calls]
        return {"invocationId": invocation_id, "invocationInputs": inputs}

    def _invocation_input(self, group: str, name: str, args: Mapping[str, Any]) -> dict[str, Any]:
        types = self.types.get(name, {})
        params = [
            {"name": k, "type": types.get(k, "string"), "value": as_string(v)}
            for k, v in args.items()
        ]
        function = {"actionGroup": group, "function": name, "parameters": params}
        return {"functionInvocationInput": {**function, "actionInvocationType": "RESULT"}}


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True  # replies are small writes: no 40 ms delayed-ACK stall
    protocol_version = "HTTP/1.1"
    fake: BedrockAgentServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        self.fake.record(self.path, body)
        match = PATH.match(self.path)
        if not match or match.groups()[:2] != (self.fake.agent_id, self.fake.alias_id):
            return self._error(404, "ResourceNotFoundException", "Failed to retrieve resource")
        session_id = match.group(3)
        if not SESSION_ID.match(session_id):
            return self._error(400, "ValidationException", f"invalid sessionId {session_id}")
        steps = self.fake.next_response()
        if steps is None:
            return self._error(500, "InternalServerException", "no scripted response left")
        try:
            self._respond(session_id, body, steps)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a read timeout)
            self.close_connection = True

    def _respond(self, session_id: str, body: dict[str, Any], steps: list[Step]) -> None:
        while steps and isinstance(steps[0], Delay):
            self.fake._closing.wait(steps.pop(0).seconds)
        if steps and isinstance(steps[0], HttpError):
            return self._error(steps[0].status, steps[0].code, steps[0].message)
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-amzn-bedrock-agent-session-id", session_id)
        self.end_headers()
        problem = self.fake.check_results(session_id, body)
        if problem:
            steps = [InStreamError("validationException", problem)]
        for data in self._frames(session_id, steps):
            self._chunk(data)
        self._chunk(b"")  # the end of the chunked body

    def _frames(self, session_id: str, steps: list[Step]) -> Iterator[bytes]:
        for step in steps:
            if isinstance(step, Delay):
                self.fake._closing.wait(step.seconds)
            elif isinstance(step, Chunk):
                raw = step.text if isinstance(step.text, bytes) else step.text.encode()
                yield event_frame("chunk", {"bytes": base64.b64encode(raw).decode()})
            elif isinstance(step, ReturnControl):
                yield event_frame("returnControl", self.fake.return_control(session_id, step))
                return  # the stream ends after a returnControl
            elif isinstance(step, InStreamError):
                yield exception_frame(step.code, step.message)
                return

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _error(self, status: int, code: str, message: str) -> None:
        payload = json.dumps({"message": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-ErrorType", code)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
