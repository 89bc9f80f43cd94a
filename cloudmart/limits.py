"""Limits: per-customer rates and model-token budgets, shared by every worker and machine
(counters in DynamoDB). Past one: a 429 with Retry-After, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudmart.errors import RateLimitedError
from cloudmart.ops.metrics import RATE_LIMITED
from cloudmart.principal import Principal
from cloudmart.repositories.base import KeyRead
from cloudmart.repositories.limits import LimitRepository

DAY = 86_400


@dataclass(frozen=True)
class Rate:
    what: str  # how the refusal names it
    count: int  # at most this many
    seconds: int  # per window of this length


class Limits:
    def __init__(
        self,
        counters: LimitRepository,
        rates: dict[str, Rate],
        *,
        tokens_per_customer: int,
        tokens_for_shop: int,
        enabled: bool,
        clock: Callable[[], datetime],
    ) -> None:
        self._counters = counters
        self._rates = rates
        self._tokens = (tokens_per_customer, tokens_for_shop)
        self.enabled = enabled
        self._clock = clock

    def take(self, principal: Principal, kind: str) -> None:
        """Count one `kind` (messages, conversations, orders, tickets) for the principal."""
        if not self.enabled:
            return
        rate = self._rates[kind]
        now = int(self._clock().timestamp())
        start = now - now % rate.seconds
        key = f"{kind}#{principal.email}#{start}"
        if not self._counters.take(key, rate.count, start + rate.seconds + 60):
            self._refuse(kind, f"at most {rate.count} {rate.what}", start + rate.seconds - now)

    def budget_reads(self, principal: Principal) -> list[KeyRead]:
        """Today's token counters (the customer's, the shop's), for a turn to read with the
        rest of what it reads first (none when limits are off)."""
        if not self.enabled:
            return []
        return [self._counters.read(key) for key in self._budget_keys(principal)]

    def check_budget(self, counted: Sequence[dict[str, Any] | None]) -> None:
        """Refuse a model turn once today's tokens (the customer's or the shop's) are spent;
        `counted`: what `budget_reads` found."""
        if not self.enabled:
            return
        mine, shop = (self._counters.count_in(item) for item in counted)
        left = DAY - int(self._clock().timestamp()) % DAY
        if mine >= self._tokens[0]:
            self._refuse("tokens", "today's assistant budget for your account is used up", left)
        if shop >= self._tokens[1]:
            self._refuse("shop_tokens", "the assistant's budget for today is used up", left)

    def spend(self, principal: Principal, tokens: int) -> None:
        if not self.enabled or tokens <= 0:
            return
        expires = int(self._clock().timestamp()) // DAY * DAY + DAY + 60
        for key in self._budget_keys(principal):
            self._counters.add(key, tokens, expires)

    def _budget_keys(self, principal: Principal) -> tuple[str, str]:
        day = int(self._clock().timestamp()) // DAY
        return f"tokens#{principal.email}#{day}", f"tokens#shop#{day}"

    def _refuse(self, kind: str, what: str, retry_after: int) -> None:
        RATE_LIMITED.labels(kind).inc()
        seconds = max(1, retry_after)
        raise RateLimitedError(
            f"too many requests: {what}; try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
