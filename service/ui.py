"""The review page for fact-checkers, and the standalone highlighted HTML of a text.

    GET  /               the page (``static/index.html``), which calls ``POST /v1/attributions``
    GET  /ui/<file>      its script, style sheet and icon, from this package: no CDN, no web fonts
    GET  /favicon.ico    the icon, where browsers look for it
    POST /v1/render      ``{"text", "options"}`` or a ``text/plain`` body → an HTML document

``/v1/render`` is an API route (`render_blp`, in the OpenAPI document): it loads its body with
the same schema and body parser as ``/v1/attributions``, runs the app's one pipeline through
the same runner, and answers `attribution.render`'s document; its errors come back in the
service's one JSON error shape. Every response of both blueprints carries a
Content-Security-Policy that allows no inline or foreign script.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from attribution.schemas import AttributionRequestSchema
from attribution.schemas.request import options_of
from flask import Blueprint, Response, request
from flask.views import MethodView

from attribution.model import Result
from attribution.render import render_html

from . import parsing
from .attributions import PLAIN_TEXT_BODY, document_errors, limits
from .guards import parse_slot
from .runner import Options, run
from .state import pipeline_state

blueprint = Blueprint("ui", __name__, static_folder="static", static_url_path="/ui")
render_blp = parsing.Blueprint(
    "render", __name__, url_prefix="/v1",
    description="The text with every attribution highlighted, as a standalone HTML document.",
)
RENDER_ENDPOINT = "render.Render"
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; sandbox"
HTML_DOCUMENT = {"type": "string"}


@blueprint.after_request
@render_blp.after_request
def security_headers(response: Response) -> Response:
    """Forbid inline and foreign scripts, sniffing and framing on every answer of the page."""
    policy = DOCUMENT_POLICY if request.endpoint == RENDER_ENDPOINT else PAGE_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


@blueprint.get("/")
def page() -> Response:
    """The review page."""
    response = blueprint.send_static_file("index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def attributed_result(data: dict[str, Any]) -> Result:
    """The loaded request run through the app's pipeline, as a `Result` of records."""
    parser = pipeline_state().require()
    with parse_slot():
        result, meta = run(data["text"], parser, Options.from_dict(options_of(data)), limits())
    return dataclasses.replace(result, meta=meta)


@blueprint.get("/favicon.ico")
def favicon() -> Response:
    """The page's icon (an SVG), where browsers ask for it."""
    return blueprint.send_static_file("favicon.svg")


@render_blp.route("/render")
class Render(MethodView):
    """Render one text."""

    @render_blp.arguments(AttributionRequestSchema, example={"text": "“It works,” she said."})
    @render_blp.response(200, HTML_DOCUMENT, content_type="text/html",
                         description="A standalone HTML document: inline CSS, no script.")
    @render_blp.doc(**PLAIN_TEXT_BODY)
    @document_errors
    def post(self, data: dict[str, Any]) -> Response:
        """Highlight a text sent as JSON {"text", "options"} or as a text/plain body."""
        document = render_html(attributed_result(data))
        return Response(document, mimetype="text/html")
