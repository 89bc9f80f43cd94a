"""Live delivery from DynamoDB (no state shared between workers): a customer's conversation and
the staff inbox as server-sent events, each resumable from the last event id it sent.

A conversation stream polls one small GetItem (the conversation's last entry number and mode)
and queries the entries after the last one it sent only when that number moved. The inbox
stream queries the activity index for tickets changed since the last one it sent (re-reading a
short overlap, since the index is eventually consistent; an event carries the ticket's version,
so a repeat is harmless). Each response ends after `stream_seconds`; the client resumes it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from cloudmart.models import iso, parse_iso
from cloudmart.principal import Principal
from cloudmart.records import Ticket, seen_by_customer
from cloudmart.repositories.conversations import ConversationRepository
from cloudmart.repositories.tickets import TicketRepository
from cloudmart.support.inbox import require_staff

OVERLAP = timedelta(seconds=5)  # the inbox index's propagation, re-read on every poll
Dump = Callable[[Any], str]


def sse(event: str, data: Any, dump: Dump, event_id: str | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {dump(data)}\n\n"


class LiveEvents:
    def __init__(
        self,
        conversations: ConversationRepository,
        tickets: TicketRepository,
        clock: Callable[[], datetime],
        *,
        poll_seconds: float,
        stream_seconds: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._conversations = conversations
        self._tickets = tickets
        self._clock = clock
        self.poll_seconds = poll_seconds
        self.stream_seconds = stream_seconds
        self._sleep = sleep

    def conversation(
        self, conversation_id: str, after: int | None, dump: Dump = json.dumps
    ) -> Iterator[str]:
        """The customer's stream (ownership is checked by the caller before it starts):
        `conversation` (mode, who holds it) at the start and on every change, then every entry
        the customer may see after `after` (or after the latest, with no `after`)."""
        live = self._conversations.live(conversation_id) or {}
        sent = live.get("lastSeq", 0) if after is None else after
        shown: dict[str, Any] | None = None
        until = time.monotonic() + self.stream_seconds
        yield "retry: 1000\n\n"
        while True:
            state = _shown(live)
            if state != shown:
                shown = state
                yield sse("conversation", state, dump)
            if live.get("lastSeq", 0) > sent:
                for item in self._conversations.messages_after(conversation_id, sent):
                    sent = max(sent, int(item["seq"]))
                    if seen_by_customer(item):
                        yield sse("message", item, dump, str(item["seq"]))
                    else:  # a staff note: its number passes, unseen
                        yield f": {item['seq']}\n\n"
            if time.monotonic() >= until:
                return
            self._sleep(
                self.poll_seconds
                if state["mode"] == "human" or state["ticketId"]
                else 5 * self.poll_seconds
            )
            live = self._conversations.live(conversation_id) or live

    def inbox(
        self, principal: Principal, after: str | None, view: Callable[[Ticket], Any], dump: Dump
    ) -> Iterator[str]:
        """Staff's stream: a `ticket` event (its summary) for every ticket changed after the
        event id `after` (an activity time), or from now on."""
        require_staff(principal)
        since = after if _is_time(after) else iso(self._clock())
        sent: dict[str, int] = {}
        until = time.monotonic() + self.stream_seconds
        yield "retry: 1000\n\n"
        while True:
            floor = iso(parse_iso(since) - OVERLAP)
            changed = self._tickets.inbox(100, None, since=floor, newest_first=False).items
            for ticket in changed:
                if sent.get(ticket.id, 0) >= ticket.version:
                    continue
                sent[ticket.id] = ticket.version
                since = max(since, ticket.updatedAt)
                yield sse("ticket", view(ticket), dump, ticket.updatedAt)
            if time.monotonic() >= until:
                return
            yield ": keepalive\n\n"
            self._sleep(self.poll_seconds)


def _shown(live: dict[str, Any]) -> dict[str, Any]:
    held = live.get("heldBy")
    return {
        "mode": live.get("mode", "assistant"),
        "heldBy": {"name": held.get("name")} if held else None,
        "ticketId": live.get("ticketId"),
    }


def _is_time(value: str | None) -> bool:
    try:
        parse_iso(str(value))
    except ValueError:
        return False
    return True
