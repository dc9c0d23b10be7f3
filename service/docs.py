"""Swagger UI served from the installed ``swagger-ui-bundle`` package: no CDN.

flask-smorest renders the docs page and loads ``swagger-ui.css``, ``swagger-ui-bundle.js``
and ``swagger-ui-standalone-preset.js`` from ``OPENAPI_SWAGGER_UI_URL``; this blueprint
serves exactly those files (Swagger UI 4.15, which reads OpenAPI 3.0) from the package.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, send_from_directory
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


def register_docs_assets(app: Flask) -> None:
    """Serve the Swagger UI assets at ``OPENAPI_SWAGGER_UI_URL`` when it is a local path."""
    url = app.config.get("OPENAPI_SWAGGER_UI_URL") or ""
    if not url.startswith("/"):
        return
    blueprint = Blueprint("docs_assets", __name__)
    blueprint.add_url_rule(url.rstrip("/") + "/<path:filename>", "asset", serve_asset)
    app.register_blueprint(blueprint)
