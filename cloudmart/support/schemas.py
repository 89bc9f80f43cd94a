"""Staff inbox schemas: tickets, their detail, the staff's requests, and the stats."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from cloudmart.chat.schemas import PendingActionSchema, TranscriptEntrySchema
from cloudmart.customers.schemas import CustomerSchema
from cloudmart.orders.schemas import OrderSchema
from cloudmart.records import TicketStatus
from cloudmart.schemas import PageArgsSchema

MAX_TEXT = 4000


class PersonSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()


class LastMessageSchema(ma.Schema):
    author = ma.fields.String()
    text = ma.fields.String()
    at = ma.fields.String()
    name = ma.fields.String()


class TicketSchema(ma.Schema):
    id = ma.fields.String()
    conversationId = ma.fields.String()
    status = ma.fields.String()
    summary = ma.fields.String()
    orderId = ma.fields.String(allow_none=True)
    customer = ma.fields.Function(
        lambda t: {"id": t.customerId, "name": t.customerName, "email": t.customerEmail}
    )
    assignee = ma.fields.Nested(PersonSchema, allow_none=True)
    createdAt = ma.fields.String()
    updatedAt = ma.fields.String()
    waitingSince = ma.fields.String(allow_none=True)
    lastMessage = ma.fields.Nested(LastMessageSchema, allow_none=True)
    firstResponseAt = ma.fields.String(allow_none=True)
    resolvedAt = ma.fields.String(allow_none=True)
    resolution = ma.fields.String(allow_none=True)
    version = ma.fields.Integer()


class EntrySchema(TranscriptEntrySchema):
    """A transcript entry as staff see it: staff notes too, and which tool an agent ran."""

    tool = ma.fields.String()


class StaffActionSchema(ma.Schema):
    id = ma.fields.String()
    kind = ma.fields.String()
    tool = ma.fields.String()
    arguments = ma.fields.Dict()
    status = ma.fields.String()
    summary = ma.fields.String()
    details = ma.fields.Dict(allow_none=True)
    result = ma.fields.Dict(allow_none=True)
    createdAt = ma.fields.String()
    actor = ma.fields.Nested(PersonSchema, allow_none=True)


class ConversationStateSchema(ma.Schema):
    id = ma.fields.String()
    mode = ma.fields.String()
    heldBy = ma.fields.Nested(PersonSchema, allow_none=True)


class TicketDetailSchema(ma.Schema):
    ticket = ma.fields.Nested(TicketSchema)
    conversation = ma.fields.Nested(ConversationStateSchema)
    transcript = ma.fields.List(ma.fields.Nested(EntrySchema))
    actions = ma.fields.List(ma.fields.Nested(StaffActionSchema))
    customer = ma.fields.Nested(CustomerSchema, allow_none=True)
    orders = ma.fields.List(ma.fields.Nested(OrderSchema))


class InboxArgsSchema(PageArgsSchema):
    status = ma.fields.String(validate=validate.OneOf(list(TicketStatus)))
    assignee = ma.fields.String(validate=validate.OneOf(["me", "none"]))


class ClaimSchema(ma.Schema):
    force = ma.fields.Boolean(load_default=False)


class PostSchema(ma.Schema):
    text = ma.fields.String(required=True, validate=validate.Length(1, MAX_TEXT))
    internal = ma.fields.Boolean(load_default=False)


class PostedSchema(ma.Schema):
    entry = ma.fields.Nested(EntrySchema)
    ticket = ma.fields.Nested(TicketSchema)


class ResolveSchema(ma.Schema):
    resolution = ma.fields.String(required=True, validate=validate.Length(1, 1000))


class StaffRunSchema(ma.Schema):
    tool = ma.fields.String(required=True, validate=validate.Length(1, 64))
    arguments = ma.fields.Dict(load_default=dict)


class StaffRunOutcomeSchema(ma.Schema):
    pendingAction = ma.fields.Nested(PendingActionSchema)
    result = ma.fields.Dict()


class EventArgsSchema(ma.Schema):
    after = ma.fields.String(validate=validate.Length(1, 64))


class StatsArgsSchema(ma.Schema):
    since = ma.fields.AwareDateTime(
        metadata={"description": "ISO 8601 with a zone; default: the last 7 days"}
    )


class DurationsSchema(ma.Schema):
    median = ma.fields.Float(allow_none=True)
    p90 = ma.fields.Float(allow_none=True)
    count = ma.fields.Integer()


class AgentCountsSchema(PersonSchema):
    claimed = ma.fields.Integer()
    replies = ma.fields.Integer()
    resolved = ma.fields.Integer()


class StatsSchema(ma.Schema):
    since = ma.fields.String()
    tickets = ma.fields.Integer()
    conversations = ma.fields.Integer()
    handoffs = ma.fields.Integer()
    handoffRate = ma.fields.Float(allow_none=True)
    firstResponseSeconds = ma.fields.Nested(DurationsSchema)
    resolutionSeconds = ma.fields.Nested(DurationsSchema)
    agents = ma.fields.List(ma.fields.Nested(AgentCountsSchema))
