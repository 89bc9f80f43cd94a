"""The person confirms, never the agent: the shop's page (URL-mode elicitation), a form
(form mode), or the preview and the page's link as the result. No path here confirms on an
agent's word: only the person's answer in their client, or their press on the page."""

from __future__ import annotations

import time
from typing import Any

import anyio
import anyio.to_thread
import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import NoBackChannelError

from cloudmart.errors import CloudMartError
from cloudmart.mcp_server.calls import tool_result
from cloudmart.principal import Principal
from cloudmart.records import ActionStatus, PendingAction
from cloudmart.services import Services

POLL_SECONDS = 0.5
FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "confirm": {
            "type": "boolean",
            "title": "Yes, do this",
            "description": "Leave it ticked and accept to make this change",
            "default": True,
        }
    },
}


def elicitation_mode(ctx: ServerRequestContext[Any, Any]) -> str | None:
    """The mode this client declared: "url" preferred (the person sees the shop's own page),
    then "form" (an empty `elicitation` capability means form, as the spec says); None."""
    caps = ctx.session.client_capabilities
    declared = caps.elicitation if caps is not None else None
    if declared is None:
        return None
    if declared.url is not None:
        return "url"
    return "form"


def view(action: PendingAction, link: str) -> dict[str, Any]:
    return {
        "actionId": action.id,
        "status": str(action.status),
        "summary": action.summary,
        "details": action.details,
        "expiresAt": action.expiresAt,
        "confirmUrl": link,
    }


class Confirmations:
    def __init__(self, services: Services) -> None:
        self._svc = services
        self._page = services.settings.page_url
        self.wait = services.settings.mcp_confirm_wait_seconds

    def link(self, action_id: str) -> str:
        return f"{self._page}/confirm/{action_id}"

    async def ask(
        self, ctx: ServerRequestContext[Any, Any], who: Principal, action: PendingAction
    ) -> types.CallToolResult:
        mode = elicitation_mode(ctx)
        try:
            if mode == "url":
                return await self._by_page(ctx, who, action)
            if mode == "form":
                return await self._by_form(ctx, who, action)
        except NoBackChannelError:  # a request the server cannot ask anything on
            pass
        return self.awaiting(action)

    def awaiting(self, action: PendingAction) -> types.CallToolResult:
        message = (
            "Nothing has been done yet. The customer must confirm this change themselves on "
            f"the shop's page: {self.link(action.id)} (it expires at {action.expiresAt}). "
            f"Then call get_action_outcome with actionId {action.id} to see what happened."
        )
        return tool_result({**view(action, self.link(action.id)), "message": message})

    async def _by_page(
        self, ctx: ServerRequestContext[Any, Any], who: Principal, action: PendingAction
    ) -> types.CallToolResult:
        answer = await ctx.session.elicit_url(
            f"Confirm on CloudMart: {action.summary}",
            self.link(action.id),
            action.id,
            related_request_id=ctx.request_id,
        )
        if answer.action == "decline":  # the person said no to this change
            return await self.decline(who, action)
        if answer.action == "cancel":  # dismissed: it stays open on the page until it expires
            return self.awaiting(action)
        settled = await self.settled(who, action.id, self.wait)
        if settled.status == ActionStatus.PENDING:
            return self.awaiting(settled)
        await ctx.session.send_elicit_complete(action.id)
        return self.outcome(settled)

    async def _by_form(
        self, ctx: ServerRequestContext[Any, Any], who: Principal, action: PendingAction
    ) -> types.CallToolResult:
        answer = await ctx.session.elicit_form(
            form_message(action), FORM_SCHEMA, related_request_id=ctx.request_id
        )
        return await self.answer(who, action, answer)

    async def answer(
        self, who: Principal, action: PendingAction, answer: types.ElicitResult
    ) -> types.CallToolResult:
        """A form's answer: accept runs the action once; decline or cancel changes nothing."""
        content = answer.content or {}
        if answer.action != "accept" or content.get("confirm", True) is not True:
            return await self.decline(who, action)
        try:
            done, _ = await anyio.to_thread.run_sync(self._svc.chat.confirm, who, action.id)
        except CloudMartError as exc:  # expired, already settled, the order changed
            return tool_result({"actionId": action.id, "error": exc.message}, ok=False)
        return self.outcome(done)

    async def decline(self, who: Principal, action: PendingAction) -> types.CallToolResult:
        try:
            done = await anyio.to_thread.run_sync(self._svc.chat.decline, who, action.id)
        except CloudMartError as exc:
            return tool_result({"actionId": action.id, "error": exc.message}, ok=False)
        return self.outcome(done)

    def outcome(self, action: PendingAction) -> types.CallToolResult:
        """What became of an action, as an agent reads it (ok: it ran or is still to run)."""
        body = {**view(action, self.link(action.id)), "result": action.result}
        if action.status == ActionStatus.DECLINED:
            body["message"] = "The customer declined. Nothing was changed."
        ok = action.status in (ActionStatus.PENDING, ActionStatus.EXECUTED)
        return tool_result({"action": body}, ok=ok)

    def read(self, who: Principal, action_id: str) -> PendingAction:
        return self._svc.toolkit.gate.owned(who, action_id)

    async def settled(self, who: Principal, action_id: str, wait: float) -> PendingAction:
        """The action once the person settled it on the page (or as it is when we stop waiting)."""
        deadline = time.monotonic() + wait
        while True:
            action = await anyio.to_thread.run_sync(self.read, who, action_id)
            if action.status != ActionStatus.PENDING or time.monotonic() >= deadline:
                return action
            await anyio.sleep(POLL_SECONDS)


def form_message(action: PendingAction) -> str:
    """The preview's own words: every rule checked and the money (refunds, charges) in it."""
    return f"CloudMart asks you to confirm: {action.summary} Accept to do it, or decline."
