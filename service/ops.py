"""Operational endpoints: ``/healthz`` (alive), ``/readyz`` (models loaded), ``/version``."""

from __future__ import annotations

import ntpath
import posixpath
from typing import Any

from attribution.schemas import HealthSchema, ReadySchema, VersionSchema
from flask.views import MethodView

import attribution

from .parsing import Blueprint
from .runner import model_meta
from .state import pipeline_state

blp = Blueprint("operations", __name__, description="Health, readiness and version.")


def is_path(value: Any) -> bool:
    """Whether ``value`` is an absolute filesystem path (POSIX or Windows)."""
    return isinstance(value, str) and (posixpath.isabs(value) or ntpath.isabs(value))


def public_manifest(manifest: Any) -> Any:
    """The manifest without filesystem paths: where the models lie is not the client's business."""
    if isinstance(manifest, dict):
        return {key: public_manifest(value) for key, value in manifest.items()
                if key != "path" and not is_path(value)}
    if isinstance(manifest, list):
        return [public_manifest(value) for value in manifest if not is_path(value)]
    return manifest


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
        """The package version and the models' manifest, without paths (null until loaded)."""
        parser = pipeline_state().parser
        model = None
        if parser is not None:
            meta = model_meta(parser)
            model = {"name": meta["model"], "source": meta["model_source"],
                     "manifest": public_manifest(dict(getattr(parser, "manifest", None) or {}))}
        return {"version": attribution.__version__, "model": model}
