"""The review page for fact-checkers, and the standalone highlighted HTML of a text.

    GET  /               the page (``static/index.html``), which calls ``POST /v1/attributions``
    GET  /ui/<file>      its script and style sheet, from this package: no CDN, no web fonts
    POST /v1/render      ``{"text", "options"}`` or a ``text/plain`` body → an HTML document

``/v1/render`` loads its body with the same schema and body parser as ``/v1/attributions``,
runs the app's one pipeline through the same runner, and answers `attribution.render`'s
document; its errors come back in the service's one JSON error shape. Every response of this
blueprint carries a Content-Security-Policy that allows no inline or foreign script.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Blueprint, Response, request

from attribution.model import Result
from attribution.render import render_html
from schemas import AttributionRequestSchema
from schemas.request import options_of

from .attributions import limits
from .parsing import BodyParser
from .runner import Options, run
from .state import pipeline_state

blueprint = Blueprint("ui", __name__, static_folder="static", static_url_path="/ui")
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; sandbox"
body_parser = BodyParser()


@blueprint.after_request
def security_headers(response: Response) -> Response:
    """Forbid inline and foreign scripts, sniffing and framing on every answer of the page."""
    policy = DOCUMENT_POLICY if request.endpoint == "ui.render" else PAGE_POLICY
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
    result, meta = run(data["text"], parser, Options.from_dict(options_of(data)), limits())
    return dataclasses.replace(result, meta=meta)


@blueprint.post("/v1/render")
def render() -> Response:
    """The text with every attribution highlighted, as a standalone HTML document."""
    data = body_parser.parse(AttributionRequestSchema(), request, location="json")
    document = render_html(attributed_result(data))
    return Response(document, mimetype="text/html")
