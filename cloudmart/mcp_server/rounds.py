"""The person confirms on 2026-07-28+: a held write answers "input required" (the page or a form)
with a sealed requestState; the client's retry, on any worker, finishes it as the handshake era."""

from __future__ import annotations

import time
from dataclasses import replace

import anyio.to_thread
import mcp_types as types

from cloudmart.errors import CloudMartError
from cloudmart.mcp_server.calls import tool_result
from cloudmart.mcp_server.confirm import FORM_SCHEMA, Confirmations, form_message
from cloudmart.mcp_server.state import RoundState
from cloudmart.principal import Principal
from cloudmart.records import ActionStatus, PendingAction

INPUT_KEY = "confirm"  # the one question a held write asks
# Rounds spent waiting for the press on the page: under the SDK client's default of 10 in all.
WAIT_ROUNDS = 8
INVALID = "This confirmation does not belong to this sign-in or action. Nothing was changed."
Answer = types.CallToolResult | types.InputRequiredResult


def page_request(action: PendingAction, link: str) -> types.ElicitRequest:
    params = types.ElicitRequestURLParams(
        mode="url", message=f"Confirm on CloudMart: {action.summary}", url=link,
        elicitation_id=action.id,
    )  # fmt: skip
    return types.ElicitRequest(params=params)


def form_request(action: PendingAction) -> types.ElicitRequest:
    params = types.ElicitRequestFormParams(
        message=form_message(action), requested_schema=FORM_SCHEMA
    )
    return types.ElicitRequest(params=params)


class InputRounds:
    """Asks (round one) and finishes (the retries) a held write on a modern request."""

    def __init__(self, confirmations: Confirmations) -> None:
        self._c = confirmations
        self._hold = confirmations.wait / WAIT_ROUNDS  # one waiting round's longest poll

    def ask(self, mode: str, who: Principal, action: PendingAction) -> types.InputRequiredResult:
        """The question for this client's mode; the state names the action and the customer."""
        request = page_request(action, self._c.link(action.id)) if mode == "url" else None
        state = RoundState(action.id, who.customer_id, mode)
        return types.InputRequiredResult(
            input_requests={INPUT_KEY: request or form_request(action)},
            request_state=state.encode(),
        )

    async def resume(self, who: Principal, params: types.CallToolRequestParams) -> Answer:
        """A retry: the boundary has checked the seal, expiry, tool, arguments and principal;
        here the state must name this customer and an action of theirs."""
        state = RoundState.decode(params.request_state)
        if state is None or state.customer_id != who.customer_id:
            return tool_result({"error": INVALID}, ok=False)
        try:
            action = await anyio.to_thread.run_sync(self._c.read, who, state.action_id)
        except CloudMartError as exc:  # gone, or not theirs
            return tool_result({"error": exc.message}, ok=False)
        answer = (params.input_responses or {}).get(INPUT_KEY)
        if answer is not None and not isinstance(answer, types.ElicitResult):
            return tool_result({"actionId": action.id, "error": "not an answer"}, ok=False)
        if state.mode == "form":
            return await self._form(who, action, answer)
        return await self._page(who, action, state, answer)

    async def _form(
        self, who: Principal, action: PendingAction, answer: types.ElicitResult | None
    ) -> Answer:
        if answer is not None:  # accept runs it once; decline or cancel changes nothing
            return await self._c.answer(who, action, answer)
        if action.status == ActionStatus.PENDING:  # retried without the answer: ask again
            return self.ask("form", who, action)
        return self._c.outcome(action)

    async def _page(
        self,
        who: Principal,
        action: PendingAction,
        state: RoundState,
        answer: types.ElicitResult | None,
    ) -> Answer:
        """The answer to "open the shop's page?" never confirms: only the press there does."""
        if not state.until:
            if answer is None:
                return self.ask("url", who, action)
            if answer.action == "decline":  # the person said no to this change
                return await self._c.decline(who, action)
            if answer.action == "cancel":  # dismissed: it stays open on the page until it expires
                return self._c.awaiting(action)
            state = replace(state, until=time.time() + self._c.wait)
        remaining = state.until - time.time()
        settled = await self._c.settled(who, action.id, max(0.0, min(self._hold, remaining)))
        if settled.status != ActionStatus.PENDING:
            return self._c.outcome(settled)
        if time.time() >= state.until:  # stop waiting: the preview and the link
            return self._c.awaiting(settled)
        return types.InputRequiredResult(request_state=state.encode())  # retry: still waiting
