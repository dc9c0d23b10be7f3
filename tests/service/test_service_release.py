"""What a released service shows its users: every API route documented, no paths, docs, icon."""

from __future__ import annotations

from typing import Any

import pytest
from attribution.service import create_app
from flask import Flask
from flask.testing import FlaskClient

# Blueprints that serve pages and files, not API operations.
NOT_API = {"ui", "docs_assets", "api-docs", "static"}


def api_routes(app: Flask) -> set[tuple[str, str]]:
    """(path, method) of every API route the app answers."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in NOT_API:
            continue
        routes |= {(rule.rule, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_is_in_the_openapi_document(app: Flask, client: FlaskClient) -> None:
    """Each route and method the app answers is documented, /v1/render included."""
    paths = client.get("/openapi.json").get_json()["paths"]
    documented = {(path, method) for path, item in paths.items() for method in item}
    routes = api_routes(app)
    assert ("/v1/render", "post") in routes
    assert routes <= documented


def test_render_is_documented_with_its_schema(client: FlaskClient) -> None:
    """/v1/render takes the attribution request (JSON or text) and answers text/html."""
    render = client.get("/openapi.json").get_json()["paths"]["/v1/render"]["post"]
    body = render["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"].endswith("/AttributionRequest")
    assert "text/plain" in body
    assert "text/html" in render["responses"]["200"]["content"]
    assert {"413", "422", "503"} <= set(render["responses"])


class PathsInManifest:
    """A parser whose manifest holds filesystem paths among ordinary values."""

    model_name = "paths-model"
    manifest: dict[str, Any] = {
        "name": "paths-model", "path": "relative/or/not",
        "scores": {"model": {"path": "/srv/models/en", "size_mb": 56.8},
                   "files": ["/home/me/pos.pt", "pos.pt"], "note": "CC BY-SA 4.0"},
        "data": {"where": "C:\\models\\en", "treebank": "UD_English-EWT"},
    }

    def __call__(self, text: str) -> None:
        """Never called here."""


def test_version_shows_no_filesystem_path() -> None:
    """/version keeps the manifest's facts and drops every path in it."""
    client = create_app({"TESTING": True}, pipeline=PathsInManifest()).test_client()
    manifest = client.get("/version").get_json()["model"]["manifest"]
    assert manifest == {"name": "paths-model",
                        "scores": {"model": {"size_mb": 56.8}, "files": ["pos.pt"],
                                   "note": "CC BY-SA 4.0"},
                        "data": {"treebank": "UD_English-EWT"}}


@pytest.mark.parametrize("path", ["/docs", "/docs/"])
def test_docs_page_with_or_without_slash(client: FlaskClient, path: str) -> None:
    """/docs/ leads to the Swagger UI page as /docs does."""
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200 and "swagger-ui" in response.get_data(as_text=True)


def test_favicon(client: FlaskClient) -> None:
    """/favicon.ico is the page's icon, which the page also links."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.get_data()
    assert 'rel="icon" href="ui/favicon.svg"' in client.get("/").get_data(as_text=True)
