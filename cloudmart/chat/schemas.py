"""Chat schemas: the seed's bodies, and what the assistant's responses carry."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

MAX_MESSAGE = 4000


class StartSchema(ma.Schema):
    threadId = ma.fields.String()


class BedrockStartSchema(ma.Schema):
    conversationId = ma.fields.String(attribute="threadId")


class MessageSchema(ma.Schema):
    """The seed's body; inside the code the conversation id has one name."""

    conversation_id = ma.fields.String(
        data_key="threadId", required=True, validate=validate.Length(1, 100)
    )
    message = ma.fields.String(required=True, validate=validate.Length(1, MAX_MESSAGE))


class BedrockMessageSchema(MessageSchema):
    conversation_id = ma.fields.String(
        data_key="conversationId", required=True, validate=validate.Length(1, 100)
    )


class PendingActionSchema(ma.Schema):
    id = ma.fields.String()
    tool = ma.fields.String()
    arguments = ma.fields.Dict()
    summary = ma.fields.String()
    details = ma.fields.Dict(allow_none=True)
    expiresAt = ma.fields.String()
    status = ma.fields.String()


class ActionSchema(ma.Schema):
    id = ma.fields.String()
    tool = ma.fields.String()
    arguments = ma.fields.Raw()
    status = ma.fields.String()
    result = ma.fields.Dict()


class UsageSchema(ma.Schema):
    modelRoundTrips = ma.fields.Integer()
    toolCalls = ma.fields.Integer()
    inputTokens = ma.fields.Integer()
    outputTokens = ma.fields.Integer()
    latencyMs = ma.fields.Float()


class TurnSchema(ma.Schema):
    response = ma.fields.String()
    threadId = ma.fields.String()
    conversationId = ma.fields.Function(lambda turn: turn["threadId"])
    pendingAction = ma.fields.Nested(PendingActionSchema, allow_none=True)
    pendingActions = ma.fields.List(
        ma.fields.Nested(PendingActionSchema),
        metadata={"description": "the actions a reply asks about (several were pending)"},
    )
    quickReplies = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "answers the customer may pick instead of typing"},
    )
    actions = ma.fields.List(ma.fields.Nested(ActionSchema))
    usage = ma.fields.Nested(UsageSchema)
    mode = ma.fields.String(
        metadata={"description": "who answers now: assistant, or human after a hand-off"}
    )


class ActionOutcomeSchema(ma.Schema):
    response = ma.fields.String()
    action = ma.fields.Nested(PendingActionSchema)
    result = ma.fields.Dict()


class TranscriptEntrySchema(ma.Schema):
    seq = ma.fields.Integer(metadata={"description": "the entry's number in its conversation"})
    author = ma.fields.String(metadata={"description": "customer, assistant, agent or system"})
    name = ma.fields.String(metadata={"description": "the person's name (agent entries)"})
    role = ma.fields.String()
    text = ma.fields.String()
    at = ma.fields.String()
    actions = ma.fields.List(ma.fields.Dict())
    pendingActionId = ma.fields.String(allow_none=True)


class HolderSchema(ma.Schema):
    """Who holds a conversation a person answers (the customer sees only the name)."""

    name = ma.fields.String()


class ConversationSchema(ma.Schema):
    threadId = ma.fields.String(attribute="id")
    provider = ma.fields.String()
    createdAt = ma.fields.String()
    updatedAt = ma.fields.String()
    messages = ma.fields.List(ma.fields.Nested(TranscriptEntrySchema), attribute="transcript")
    pendingActions = ma.fields.List(ma.fields.Nested(PendingActionSchema))
    mode = ma.fields.String()
    heldBy = ma.fields.Nested(HolderSchema, allow_none=True)
    ticketId = ma.fields.String(allow_none=True)
    language = ma.fields.String(
        allow_none=True, metadata={"description": "what the assistant last answered in"}
    )


class HandOffSchema(ma.Schema):
    summary = ma.fields.String(validate=validate.Length(1, 1000))


class HandOffTicketSchema(ma.Schema):
    id = ma.fields.String()
    status = ma.fields.String()


class HandOffOutcomeSchema(ma.Schema):
    response = ma.fields.String()
    ticket = ma.fields.Nested(HandOffTicketSchema)
    mode = ma.fields.String()
    typicalWaitSeconds = ma.fields.Integer(allow_none=True)


class SeqArgsSchema(ma.Schema):
    after = ma.fields.Integer(validate=validate.Range(0, 10**12))


class AgentActionSchema(ma.Schema):
    """A pending action or an execution; fields a record does not have are left out."""

    id = ma.fields.String()
    kind = ma.fields.String()
    tool = ma.fields.String()
    arguments = ma.fields.Dict()
    status = ma.fields.String()
    summary = ma.fields.String()
    details = ma.fields.Dict()
    result = ma.fields.Dict()
    conversationId = ma.fields.String()
    createdAt = ma.fields.String()
    expiresAt = ma.fields.String()

    @ma.post_dump
    def _without_empty(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {k: v for k, v in data.items() if v is not None}
