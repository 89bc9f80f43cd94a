"""Chat endpoints: the seed's start/message pairs, streaming, history, confirm and decline."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app, request, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.chat.schemas import (
    ActionOutcomeSchema,
    AgentActionSchema,
    BedrockMessageSchema,
    BedrockStartSchema,
    ConversationSchema,
    HandOffOutcomeSchema,
    HandOffSchema,
    MessageSchema,
    SeqArgsSchema,
    StartSchema,
    TurnSchema,
)
from cloudmart.chat.service import DECLINED
from cloudmart.errors import as_domain_error
from cloudmart.http_errors import error_body
from cloudmart.schemas import PageArgsSchema, paged
from cloudmart.web import auth_required, current_principal, services

log = logging.getLogger(__name__)
blp = Blueprint(
    "ai",
    __name__,
    url_prefix="/api/ai",
    description="The support assistant: conversations, turns, confirmations",
)
me = Blueprint("me", __name__, url_prefix="/api/me", description="The signed-in customer")
BLUEPRINTS = (blp, me)
# Built once: a schema's construction (a deep copy of its fields) costs more than its use, and
# webargs would build one per request from a class.
DONE_SCHEMA = TurnSchema()
MESSAGE_SCHEMA = MessageSchema()
BEDROCK_MESSAGE_SCHEMA = BedrockMessageSchema()
STREAM_DOC = {
    "responses": {
        "200": {
            "description": "Server-sent events: text, tool, "
            "pending_action, done (the message "
            "response) or error",
            "content": {"text/event-stream": {}},
        }
    }
}


LIVE_DOC = {
    "responses": {
        "200": {
            "description": "Server-sent events: conversation (mode, who holds it) and message "
            "(each new entry, its number the event id)",
            "content": {"text/event-stream": {}},
        }
    }
}


def last_event_id(header: str | None, after: int | None) -> int | None:
    """Where a resumed stream starts: the Last-Event-ID a client sends back, or ?after=."""
    if header and header.strip().isdigit():
        return int(header.strip())
    return after


def _said(data: dict[str, str], provider: str | None = None) -> tuple[Any, ...]:
    """A message's turn arguments: the conversation, the text, the provider and the browser's
    languages (used when neither the profile nor the message tells one)."""
    accept = request.headers.get("Accept-Language")
    return data["conversation_id"], data["message"], provider, accept


def collect(events: Iterator[dict[str, Any]]) -> dict[str, Any]:
    """The JSON endpoint: the turn's events, kept to the final message response."""
    return next(e for e in events if e["type"] == "done")


@blp.route("/start")
class Start(MethodView):
    @auth_required()
    @blp.response(200, StartSchema)
    def post(self) -> Any:
        """Start a conversation on the default provider"""
        return {"threadId": services().chat.start(current_principal()).id}


@blp.route("/message")
class Message(MethodView):
    @auth_required()
    @blp.arguments(MESSAGE_SCHEMA)
    @blp.response(200, TurnSchema)
    def post(self, data: dict[str, str]) -> Any:
        """Send a message; the assistant answers and may act or ask to confirm"""
        return collect(services().chat.turn(current_principal(), *_said(data)))


@blp.route("/message/stream")
class MessageStream(MethodView):
    @auth_required()
    @blp.arguments(MESSAGE_SCHEMA)
    @blp.doc(**STREAM_DOC)
    def post(self, data: dict[str, str]) -> Response:
        """Send a message; the answer streams as server-sent events"""
        events = services().chat.turn(current_principal(), *_said(data))
        return event_stream(sse(events))


@blp.route("/bedrock/start")
class BedrockStart(MethodView):
    @auth_required()
    @blp.response(200, BedrockStartSchema)
    def post(self) -> Any:
        """Start a conversation on the Bedrock Agent provider"""
        return {"threadId": services().chat.start(current_principal(), "bedrock").id}


@blp.route("/bedrock/message")
class BedrockMessage(MethodView):
    @auth_required()
    @blp.arguments(BEDROCK_MESSAGE_SCHEMA)
    @blp.response(200, TurnSchema)
    def post(self, data: dict[str, str]) -> Any:
        """Send a message on a Bedrock Agent conversation"""
        return collect(services().chat.turn(current_principal(), *_said(data, provider="bedrock")))


@blp.route("/conversations/<conversation_id>")
class Conversation(MethodView):
    @auth_required()
    @blp.response(200, ConversationSchema)
    def get(self, conversation_id: str) -> Any:
        """A conversation's messages and its pending actions (owner only)"""
        return services().chat.history(current_principal(), conversation_id)


@blp.route("/conversations/<conversation_id>/handoff")
class HandOff(MethodView):
    @auth_required()
    @blp.arguments(HandOffSchema)
    @blp.response(200, HandOffOutcomeSchema)
    def post(self, data: dict[str, Any], conversation_id: str) -> Any:
        """Talk to a person: a ticket for the conversation; a person answers from now on"""
        return services().chat.hand_off(current_principal(), conversation_id, data.get("summary"))


@blp.route("/conversations/<conversation_id>/events")
class ConversationEvents(MethodView):
    @auth_required()
    @blp.arguments(SeqArgsSchema, location="query")
    @blp.doc(**LIVE_DOC)
    def get(self, args: dict[str, Any], conversation_id: str) -> Response:
        """The conversation live: who answers, and each new entry (resume with Last-Event-ID)"""
        conv = services().chat.conversation(current_principal(), conversation_id)
        after = last_event_id(request.headers.get("Last-Event-ID"), args.get("after"))
        return event_stream(services().live.conversation(conv.id, after, current_app.json.dumps))


@blp.route("/actions/<action_id>")
class Action(MethodView):
    @auth_required()
    @blp.response(200, AgentActionSchema)
    def get(self, action_id: str) -> Any:
        """One of your pending actions, with its preview (the confirmation page reads it)"""
        return services().chat.action(current_principal(), action_id)


@blp.route("/actions/<action_id>/confirm")
class Confirm(MethodView):
    @auth_required()
    @blp.response(200, ActionOutcomeSchema)
    def post(self, action_id: str) -> Any:
        """Run a pending action (its customer only, once, before it expires)"""
        action, outcome = services().chat.confirm(current_principal(), action_id)
        return {"response": outcome.get("message", "Done."), "action": action, "result": outcome}


@blp.route("/actions/<action_id>/decline")
class Decline(MethodView):
    @auth_required()
    @blp.response(200, ActionOutcomeSchema)
    def post(self, action_id: str) -> Any:
        """Drop a pending action; nothing is changed"""
        action = services().chat.decline(current_principal(), action_id)
        return {"response": DECLINED, "action": action, "result": {}}


@me.route("/agent-actions")
class MyAgentActions(MethodView):
    @auth_required()
    @me.arguments(PageArgsSchema, location="query")
    @me.response(200, AgentActionSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """What the assistant did or proposed for you, newest first"""
        return paged(
            services().chat.my_actions(current_principal(), args["limit"], args.get("cursor"))
        )


def event_stream(events: Iterator[str]) -> Response:
    """A text/event-stream response that no proxy buffers or caches."""
    return Response(
        stream_with_context(events),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def sse(events: Iterator[dict[str, Any]]) -> Iterator[str]:
    """Each event as one server-sent event; a failure mid-turn becomes an `error` event.

    A client that hangs up mid-turn (the server closes this generator) does not stop the turn:
    it is finished unread, so what the assistant did and said is in the history."""
    dumps = current_app.json.dumps
    try:
        for event in events:
            data = DONE_SCHEMA.dump(event) if event["type"] == "done" else event
            yield f"event: {event['type']}\ndata: {dumps(data)}\n\n"
    except GeneratorExit:
        finish_unread(events)
        raise
    except Exception as exc:  # the response has started: the error can only be an event now
        yield f"event: error\ndata: {json.dumps(error_body(as_domain_error(exc))[0])}\n\n"


def finish_unread(events: Iterator[dict[str, Any]]) -> None:
    """Run a turn whose reader is gone to its end (its transcript write included)."""
    try:
        for _ in events:
            pass
    except Exception:  # nobody is listening: the failure is the turn's, logged, not raised
        log.warning("a turn whose client hung up failed", exc_info=True)
