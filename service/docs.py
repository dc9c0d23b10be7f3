"""Swagger UI served from the installed ``swagger-ui-bundle`` package: no CDN.

flask-smorest renders the docs page and loads ``swagger-ui.css``, ``swagger-ui-bundle.js``
and ``swagger-ui-standalone-preset.js`` from ``OPENAPI_SWAGGER_UI_URL``; this blueprint
serves exactly those files (Swagger UI 4.15, which reads OpenAPI 3.0) from the package, and
redirects the docs page's address with a trailing slash (``/docs/``) to the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response, abort, redirect, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS = frozenset({
    "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
    "favicon-16x16.png", "favicon-32x32.png",
})
ONE_DAY = 24 * 60 * 60


def serve_asset(filename: str) -> Response:
    """One Swagger UI file from the installed package; 404 for anything else."""
    if filename not in ASSETS:
        abort(404)
    return send_from_directory(str(swagger_ui_path), filename, max_age=ONE_DAY)


def docs_page(config: Mapping[str, Any]) -> str | None:
    """The Swagger UI page's address (``OPENAPI_URL_PREFIX`` + ``OPENAPI_SWAGGER_UI_PATH``)."""
    if not config.get("OPENAPI_SWAGGER_UI_PATH"):
        return None
    parts = (config.get("OPENAPI_URL_PREFIX") or "", config["OPENAPI_SWAGGER_UI_PATH"])
    return "/" + "/".join(part.strip("/") for part in parts if part.strip("/"))


def register_docs_assets(app: Flask) -> None:
    """Serve the Swagger UI assets at ``OPENAPI_SWAGGER_UI_URL`` when it is a local path."""
    url = app.config.get("OPENAPI_SWAGGER_UI_URL") or ""
    if not url.startswith("/"):
        return
    blueprint = Blueprint("docs_assets", __name__)
    blueprint.add_url_rule(url.rstrip("/") + "/<path:filename>", "asset", serve_asset)
    page = docs_page(app.config)
    if page:
        blueprint.add_url_rule(page + "/", "page_with_slash", lambda: redirect(page, 308))
    app.register_blueprint(blueprint)
