"""Lambda handler for Bedrock action groups run in Lambda: the same registry, gate and audit.

The customer is never taken from the event's parameters or text: only from the session
attribute our app sets on InvokeAgent (`cloudmartConversationId`), whose conversation must be a
Bedrock conversation on this very agent session. Deploy with the app's code and requirements;
settings come from the environment like the app's (TABLE_PREFIX, AWS_REGION, CONFIRM_ACTIONS,
...). AUTH_SECRET/AUTH_JWKS_URL are not needed: the handler verifies no tokens.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from typing import Any

from cloudmart.config import Settings
from cloudmart.ops import logs
from cloudmart.principal import Principal
from cloudmart.services import Services, build_services
from i18n import DEFAULT, supported
from providers.base import ToolCall
from providers.bedrock_convert import (
    LANGUAGE_ATTRIBUTE,
    SESSION_ATTRIBUTE,
    TURN_ATTRIBUTE,
    function_response,
    session_id,
)

MESSAGE_VERSION = "1.0"
NOT_LINKED = (
    "this agent session is not linked to a signed-in CloudMart customer's conversation; "
    "nothing was done"
)


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """The Lambda entry point (function-details events, messageVersion 1.0)."""
    return handle(event, container())


@functools.lru_cache(maxsize=1)
def container() -> Services:
    """Services built once per Lambda container from the environment (JSON logs)."""
    logs.configure("json", os.environ.get("LOG_LEVEL") or "INFO")
    return build_services(Settings.from_env(os.environ, _auth_override(os.environ)))


def _auth_override(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings insist on a token setting; the handler verifies none, so any secret will do."""
    if environ.get("AUTH_SECRET") or environ.get("AUTH_JWKS_URL"):
        return {}
    return {"auth_secret": secrets.token_hex(32)}


def handle(event: dict[str, Any], services: Services) -> dict[str, Any]:
    """Run the event's function for the conversation's customer; refuse if there is none."""
    found = identify(event, services)
    if found is None:
        return reply(event, json.dumps({"ok": False, "error": NOT_LINKED}), ok=False)
    principal, conversation_id = found
    said_in = (event.get("promptSessionAttributes") or {}).get(LANGUAGE_ATTRIBUTE)
    language = supported(said_in if isinstance(said_in, str) else None) or DEFAULT
    executor = services.toolkit.executor(principal, conversation_id, language=language)
    call = ToolCall(call_id(event), str(event.get("function") or ""), arguments(event))
    result = executor.run(call)
    return reply(event, result.output, ok=result.ok)


def identify(event: dict[str, Any], services: Services) -> tuple[Principal, str] | None:
    """The conversation our app named in the session attributes, and its owner as a customer."""
    conversation_id = (event.get("sessionAttributes") or {}).get(SESSION_ATTRIBUTE)
    if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 200:
        return None
    conv = services.chat.conversations.get(conversation_id)
    if conv is None or conv.provider != "bedrock":
        return None
    expected = conv.providerState.get("sessionId") or session_id(conversation_id)
    if event.get("sessionId") != expected:  # the attribute travels only with its own session
        return None
    email = conv.ownerEmail
    return Principal(conv.ownerId or email, email, frozenset({"customer"})), conversation_id


def arguments(event: dict[str, Any]) -> dict[str, Any]:
    """{name: value} from the event's parameters; the registry coerces by its declared types."""
    params = event.get("parameters") or []
    return {
        p["name"]: p.get("value")
        for p in params
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    }


def call_id(event: dict[str, Any]) -> str:
    """Stable for a retried invocation, so a retry finds the recorded result instead of acting."""
    if event.get("invocationId"):
        return str(event["invocationId"])
    turn = (event.get("promptSessionAttributes") or {}).get(TURN_ATTRIBUTE, "")
    params = sorted((str(k), str(v)) for k, v in arguments(event).items())
    key = json.dumps(
        [event.get("sessionId"), turn, event.get("inputText"), event.get("function"), params]
    )
    return f"lambda_{hashlib.sha256(key.encode()).hexdigest()[:24]}"


def reply(event: dict[str, Any], body: str, *, ok: bool) -> dict[str, Any]:
    """The function-details response envelope; a refusal goes back for the model to explain."""
    return {
        "messageVersion": MESSAGE_VERSION,
        "response": {
            "actionGroup": event.get("actionGroup", ""),
            "function": event.get("function", ""),
            "functionResponse": function_response(body, ok),
        },
    }
