"""The support page: Flask serves the Vite build (frontend/dist) at `/`; `/api` stays the API's."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.routing import PathConverter

DIST_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist"
ASSET_MAX_AGE = 365 * 24 * 3600  # Vite names the files under assets/ by their content's hash
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CloudMart Support</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto">
<h1>The support page is not built yet</h1>
<p>Run <code>make run</code>: it builds the page (Node.js 20+ needed) and serves it here.
The API is up: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
"""


class PagePathConverter(PathConverter):
    """Any path but `api` and `api/...`, so unknown API paths keep the API's JSON 404 and 405."""

    regex = r"(?!api(?:/|$))[^/].*?"


def register_frontend(app: Flask, dist: Path = DIST_DIR) -> None:
    """`/` and the page's own paths answer index.html; the build's files are served as they are."""
    app.url_map.converters["page"] = PagePathConverter

    @app.get("/")
    def support_page() -> Response:
        return _index(dist)

    @app.get("/<page:path>")
    def support_page_file(path: str) -> Response:
        max_age = ASSET_MAX_AGE if path.startswith("assets/") else 0
        try:
            return send_from_directory(dist, path, max_age=max_age)
        except NotFound:
            if path.startswith("assets/"):  # a missing script is a 404, never the page
                raise
            return _index(dist)


def _index(dist: Path) -> Response:
    """The built page, revalidated on every load; a short how-to while there is no build."""
    if not (dist / "index.html").is_file():
        return Response(NOT_BUILT, status=503, mimetype="text/html")
    response = send_from_directory(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    return response
