"""The application factory: config, API, error handlers, blueprints and the one pipeline."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import attributions, ops
from .config import DEFAULTS, ENV_PREFIX
from .docs import register_docs_assets
from .errors import Api, register_error_handlers
from .guards import register_guards
from .state import init_pipeline


def load_config(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Defaults, then ``ATTRIBUTION_*`` environment variables, then ``config``."""
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update(config or {})


def register_review_page(app: Flask, api: Api) -> None:
    """Register the review page and ``/v1/render`` of ``service/ui.py`` when it exists."""
    if importlib.util.find_spec("attribution.service.ui") is None:
        return
    from attribution.service import ui

    app.register_blueprint(ui.blueprint)
    api.register_blueprint(ui.render_blp)


def create_app(config: Mapping[str, Any] | None = None, *, pipeline: Any = None) -> Flask:
    """Build the app; ``pipeline`` (a `Parser`-like callable) is injected or loaded once here."""
    app = Flask(__name__)
    load_config(app, config)
    app.json.sort_keys = False  # keep the documented field order
    api = Api(app)
    register_error_handlers(app)
    register_guards(app)
    api.register_blueprint(attributions.blp)
    attributions.document_batch_limit(api, app.config["MAX_BATCH_DOCUMENTS"])
    api.register_blueprint(ops.blp)
    register_docs_assets(app)
    register_review_page(app, api)
    init_pipeline(app, pipeline)
    return app
