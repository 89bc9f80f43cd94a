"""SupportStats: what a support lead watches: first-response and resolution times, the
hand-off rate (the assistant's containment) and each agent's counts."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from cloudmart.models import iso
from cloudmart.principal import Principal
from cloudmart.records import Ticket, TicketStatus
from cloudmart.repositories.tickets import TicketRepository
from cloudmart.support.inbox import require_staff
from cloudmart.support.service import seconds_between

MAX_DAYS = 90
READ = 100  # tickets per page of the activity index


class SupportStats:
    def __init__(self, tickets: TicketRepository, clock: Callable[[], datetime]) -> None:
        self._tickets = tickets
        self._clock = clock

    def since(self, principal: Principal, since: datetime | None) -> dict[str, Any]:
        require_staff(principal)
        now = self._clock()
        start = max(since or now - timedelta(days=7), now - timedelta(days=MAX_DAYS))
        start = min(start, now)  # a time to come counts nothing yet
        tickets = self._tickets_active_since(iso(start))
        made = [t for t in tickets if t.createdAt >= iso(start)]
        days = [iso(start + timedelta(days=n))[:10] for n in range((now - start).days + 1)]
        tallies = self._tickets.tallies(days)
        conversations = sum(int(t.get("conversations", 0)) for t in tallies)
        handoffs = sum(int(t.get("handoffs", 0)) for t in tallies)
        return {
            "since": iso(start),
            "tickets": len(made),
            "conversations": conversations,
            "handoffs": handoffs,
            "handoffRate": round(handoffs / conversations, 4) if conversations else None,
            "firstResponseSeconds": _durations(
                seconds_between(t.createdAt, t.firstResponseAt) for t in made if t.firstResponseAt
            ),
            "resolutionSeconds": _durations(
                seconds_between(t.createdAt, t.resolvedAt) for t in made if t.resolvedAt
            ),
            "agents": _per_agent(tickets),
        }

    def _tickets_active_since(self, since: str) -> list[Ticket]:
        found, cursor = [], None
        while True:
            page = self._tickets.inbox(READ, cursor, since=since)
            found += page.items
            if not page.cursor:
                return found
            cursor = page.cursor


def _durations(values: Any) -> dict[str, Any]:
    seen = sorted(values)
    if not seen:
        return {"median": None, "p90": None, "count": 0}
    p90 = seen[min(len(seen) - 1, int(0.9 * len(seen)))]
    return {"median": statistics.median(seen), "p90": p90, "count": len(seen)}


def _per_agent(tickets: list[Ticket]) -> list[dict[str, Any]]:
    names: dict[str, str] = {}
    claimed, replies, resolved = Counter[str](), Counter[str](), Counter[str]()
    for t in tickets:
        if not t.assignee:
            continue
        who = t.assignee["id"]
        names[who] = t.assignee.get("name", who)
        claimed[who] += 1
        replies[who] += t.replies
        resolved[who] += t.status == TicketStatus.RESOLVED
    return [
        {
            "id": a,
            "name": names[a],
            "claimed": claimed[a],
            "replies": replies[a],
            "resolved": resolved[a],
        }
        for a in sorted(names)
    ]
