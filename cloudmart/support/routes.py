"""Staff endpoints: the inbox, a ticket, claim, reply or note, hand back, resolve, act for the
customer, the live inbox and the support lead's stats (staff only: agents and admins)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from cloudmart.chat.routes import STREAM_DOC, event_stream
from cloudmart.chat.schemas import ActionOutcomeSchema
from cloudmart.schemas import paged
from cloudmart.support.schemas import (
    ClaimSchema,
    EventArgsSchema,
    InboxArgsSchema,
    PostedSchema,
    PostSchema,
    ResolveSchema,
    StaffRunOutcomeSchema,
    StaffRunSchema,
    StatsArgsSchema,
    StatsSchema,
    TicketDetailSchema,
    TicketSchema,
)
from cloudmart.web import auth_required, current_principal, services

STAFF = ("agent", "admin")
blp = Blueprint(
    "staff", __name__, url_prefix="/api/staff", description="The support inbox (staff only)"
)
BLUEPRINTS = (blp,)


@blp.route("/tickets")
class Tickets(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(InboxArgsSchema, location="query")
    @blp.response(200, TicketSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The inbox, newest activity first (filters: status, assignee me | none)"""
        page = services().inbox.inbox(
            current_principal(),
            args["limit"],
            args.get("cursor"),
            args.get("status"),
            args.get("assignee"),
        )
        return paged(page)


@blp.route("/tickets/<ticket_id>")
class TicketDetail(MethodView):
    @auth_required(*STAFF)
    @blp.response(200, TicketDetailSchema)
    def get(self, ticket_id: str) -> Any:
        """A ticket, its whole conversation, the assistant's actions, the customer and orders"""
        return services().inbox.detail(current_principal(), ticket_id)


@blp.route("/tickets/<ticket_id>/claim")
class Claim(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(ClaimSchema)
    @blp.response(200, TicketSchema)
    def post(self, data: dict[str, Any], ticket_id: str) -> Any:
        """Assign the ticket to me (another agent's: 409 unless force)"""
        return services().inbox.claim(current_principal(), ticket_id, data["force"])


@blp.route("/tickets/<ticket_id>/messages")
class Messages(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(PostSchema)
    @blp.response(201, PostedSchema)
    def post(self, data: dict[str, Any], ticket_id: str) -> Any:
        """Reply into the customer's chat, or (internal) a note only staff see"""
        return services().inbox.post(current_principal(), ticket_id, data["text"], data["internal"])


@blp.route("/tickets/<ticket_id>/handback")
class HandBack(MethodView):
    @auth_required(*STAFF)
    @blp.response(200, TicketSchema)
    def post(self, ticket_id: str) -> Any:
        """The assistant answers the customer's next message again"""
        return services().inbox.hand_back(current_principal(), ticket_id)


@blp.route("/tickets/<ticket_id>/resolve")
class Resolve(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(ResolveSchema)
    @blp.response(200, TicketSchema)
    def post(self, data: dict[str, Any], ticket_id: str) -> Any:
        """Resolve the ticket; the conversation goes back to the assistant"""
        return services().inbox.resolve(current_principal(), ticket_id, data["resolution"])


@blp.route("/tickets/<ticket_id>/actions")
class Act(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(StaffRunSchema)
    @blp.response(200, StaffRunOutcomeSchema)
    def post(self, data: dict[str, Any], ticket_id: str) -> Any:
        """Run a tool for the ticket's customer: a look-up answers, a write is a preview"""
        return services().staff_actions.run(
            current_principal(), ticket_id, data["tool"], data["arguments"]
        )


@blp.route("/tickets/<ticket_id>/actions/<action_id>/confirm")
class ConfirmForCustomer(MethodView):
    @auth_required(*STAFF)
    @blp.response(200, ActionOutcomeSchema)
    def post(self, ticket_id: str, action_id: str) -> Any:
        """Run my own preview for the customer (once, before it expires)"""
        action, outcome = services().staff_actions.confirm(
            current_principal(), ticket_id, action_id
        )
        return {"response": outcome.get("message", "Done."), "action": action, "result": outcome}


@blp.route("/tickets/<ticket_id>/actions/<action_id>/decline")
class DeclineForCustomer(MethodView):
    @auth_required(*STAFF)
    @blp.response(200, ActionOutcomeSchema)
    def post(self, ticket_id: str, action_id: str) -> Any:
        """Drop my own preview; nothing is changed"""
        action = services().staff_actions.decline(current_principal(), ticket_id, action_id)
        return {"response": "Nothing was changed.", "action": action, "result": {}}


@blp.route("/events")
class InboxEvents(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(EventArgsSchema, location="query")
    @blp.doc(**STREAM_DOC)
    def get(self, args: dict[str, Any]) -> Response:
        """The inbox live: a `ticket` event per change (resume with Last-Event-ID)"""
        after = request.headers.get("Last-Event-ID") or args.get("after")
        dump = current_app.json.dumps
        events = services().live.inbox(
            current_principal(), after, lambda t: TicketSchema().dump(t), dump
        )
        return event_stream(events)


@blp.route("/stats")
class Stats(MethodView):
    @auth_required(*STAFF)
    @blp.arguments(StatsArgsSchema, location="query")
    @blp.response(200, StatsSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """First-response and resolution times, the hand-off rate, per-agent counts"""
        return services().stats.since(current_principal(), args.get("since"))
