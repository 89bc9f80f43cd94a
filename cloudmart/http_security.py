"""Security headers on every response: a content security policy the page runs under, no
sniffing, no framing, no referrer; HSTS when the deployment is behind TLS (HSTS=true)."""

from __future__ import annotations

from flask import Flask, Response, request

from cloudmart.config import Settings

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (flask-smorest's page at /api/docs) starts itself with an inline script.
DOCS_CSP = CSP.replace(
    "default-src 'self'", "default-src 'self'; script-src 'self' 'unsafe-inline'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_security_headers(app: Flask, settings: Settings) -> None:
    @app.after_request
    def secure(response: Response) -> Response:
        docs = request.path.rstrip("/") == "/api/docs"
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.hsts:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
