"""Flask serves the built page at `/` and its paths; API paths keep their JSON errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cloudmart import create_app
from cloudmart.frontend import ASSET_MAX_AGE, register_frontend
from tests.conftest import SECRET

INDEX = "<!doctype html><title>CloudMart Support</title><div id=root></div>"


def page_client(dist: Path) -> FlaskClient:
    app = Flask(__name__)
    register_frontend(app, dist)
    return app.test_client()


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-abc123.js").write_text("console.log('hi')")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("not for the browser")
    return dist


def test_the_page_is_served_at_the_root_and_its_own_paths(dist: Path) -> None:
    client = page_client(dist)
    for path in ("/", "/orders/CM-7890", "/help"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get_data(as_text=True) == INDEX
        assert "no-cache" in response.headers["Cache-Control"]


def test_the_build_files_are_served_as_they_are(dist: Path) -> None:
    client = page_client(dist)
    script = client.get("/assets/index-abc123.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert f"max-age={ASSET_MAX_AGE}" in script.headers["Cache-Control"]
    assert client.get("/favicon.svg").mimetype == "image/svg+xml"
    assert client.get("/assets/missing.js").status_code == 404
    for path in ("/../secret.txt", "/..%2Fsecret.txt", "/assets/..%2F..%2Fsecret.txt"):
        assert "not for the browser" not in client.get(path).get_data(as_text=True), path


def test_without_a_build_the_root_says_how_to_build(tmp_path: Path) -> None:
    response = page_client(tmp_path / "dist").get("/")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "make run" in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_paths_keep_the_json_404(method: str) -> None:
    client = create_app({"auth_secret": SECRET}).test_client()
    for path in ("/api/nothing-here", "/api", "/api/orders/CM-1/nothing"):
        response = getattr(client, method)(path)
        assert response.status_code == 404, path
        assert response.json is not None and response.json["code"] == 404


def test_the_app_serves_the_page_at_the_root() -> None:
    client = create_app({"auth_secret": SECRET}).test_client()
    assert client.get("/").status_code in (200, 503)  # built or not: never a 500
    assert client.get("/api/docs").status_code == 200
