"""The OpenAPI document and Swagger UI, served from installed packages with no CDN."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def test_openapi_lists_every_endpoint(client: FlaskClient) -> None:
    """/openapi.json documents both attribution endpoints and the operational ones."""
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.0")
    assert {"/v1/attributions", "/v1/attributions/batch", "/healthz", "/readyz",
            "/version"} <= set(spec["paths"])
    body = spec["paths"]["/v1/attributions"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain"} <= set(body)


def test_docs_page_loads_only_local_assets(client: FlaskClient) -> None:
    """The docs page names no host, and each script and style it names is served here."""
    page = client.get("/docs").get_data(as_text=True)
    assets = ASSET.findall(page)
    assert len(assets) == 3
    assert "://" not in page.replace("http-equiv", "")
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.get_data()) > 100_000


def test_swagger_ui_asks_no_online_validator(client: FlaskClient) -> None:
    """Swagger UI's default online spec validator is switched off (it calls the internet)."""
    assert '"validatorUrl": null' in client.get("/docs").get_data(as_text=True)


@pytest.mark.parametrize("name", ["index.html", "../__init__.py", "swagger-ui.js.map", "nope.js"])
def test_only_known_assets_are_served(client: FlaskClient, name: str) -> None:
    """Files of the bundle other than the page's assets are not served."""
    assert client.get(f"/docs/assets/{name}").status_code == 404
