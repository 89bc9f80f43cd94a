"""The HTTP side of operating the app: request ids, one log line and metrics per request, and
`/metrics` for Prometheus (only with METRICS_TOKEN, only to requests bearing it)."""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time

from flask import Flask, Response, g, request

from cloudmart.config import Settings
from cloudmart.errors import NotFoundError
from cloudmart.ops import logs
from cloudmart.ops.metrics import HTTP_REQUESTS, HTTP_SECONDS, exposition

log = logging.getLogger("cloudmart.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
HEADER = "X-Request-Id"


def register_operations(app: Flask, settings: Settings) -> None:
    @app.before_request
    def begin() -> None:
        g.started = time.perf_counter()
        sent = request.headers.get(HEADER, "")
        trusted = settings.trust_request_id and REQUEST_ID.match(sent)
        g.request_id = sent if trusted else secrets.token_hex(8)
        logs.request_id.set(g.request_id)
        logs.customer.set(None)
        logs.conversation.set(None)

    @app.after_request
    def finish(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule else "(no route)"
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        HTTP_REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        HTTP_SECONDS.labels(route, request.method).observe(seconds)
        log.info(
            "request",
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        response.headers[HEADER] = g.get("request_id", "")
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        """Prometheus' scrape endpoint: a 404 unless METRICS_TOKEN is set and presented."""
        token = settings.metrics_token
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            raise NotFoundError("not found")  # the one error body; no hint that it exists
        body, content_type = exposition()
        return Response(body, mimetype=content_type.split(";")[0], content_type=content_type)
