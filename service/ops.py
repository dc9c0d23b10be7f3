"""Operational endpoints: ``/healthz`` (alive), ``/readyz`` (models loaded), ``/version``."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

import attribution
from schemas import HealthSchema, ReadySchema, VersionSchema

from .parsing import Blueprint
from .runner import model_meta
from .state import pipeline_state

blp = Blueprint("operations", __name__, description="Health, readiness and version.")


@blp.route("/healthz")
class Health(MethodView):
    """Liveness."""

    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, str]:
        """200 while the process answers, loaded or not."""
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    """Readiness."""

    @blp.response(200, ReadySchema)
    @blp.alt_response(503, response="DEFAULT_ERROR", description="Models not loaded yet.")
    def get(self) -> dict[str, str]:
        """200 once the models are loaded; 503 (with the reason) until then."""
        parser = pipeline_state().require()
        return {"status": "ready", "model": model_meta(parser)["model"]}


@blp.route("/version")
class Version(MethodView):
    """Versions."""

    @blp.response(200, VersionSchema)
    def get(self) -> dict[str, Any]:
        """The package version and the manifest of the models in use (null until loaded)."""
        parser = pipeline_state().parser
        model = None
        if parser is not None:
            meta = model_meta(parser)
            model = {"name": meta["model"], "source": meta["model_source"],
                     "manifest": dict(getattr(parser, "manifest", None) or {})}
        return {"version": attribution.__version__, "model": model}
