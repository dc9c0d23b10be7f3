"""``POST /v1/attributions`` (one text) and ``POST /v1/attributions/batch`` (many)."""

from __future__ import annotations

from typing import Any

from attribution.schemas import (
    AttributionRequestSchema,
    AttributionResponseSchema,
    BatchRequestSchema,
    BatchResponseSchema,
)
from attribution.schemas.request import options_of
from flask import current_app
from flask.views import MethodView
from flask_smorest import abort

from .guards import ensure_client_waiting, parse_slot
from .parsing import Blueprint
from .runner import Limits, Options, attribute, document_item
from .state import pipeline_state

blp = Blueprint(
    "attributions", __name__, url_prefix="/v1",
    description="Every direct quote and reported claim in a news text, with its speaker.",
)
PLAIN_TEXT_BODY = {
    "requestBody": {"required": True, "content": {"text/plain": {"schema": {
        "type": "string", "pattern": r"\S",
        "description": "The article itself (not blank), in UTF-8 or the declared charset."}}}},
}
ERRORS = {
    400: "Malformed JSON or undecodable bytes.",
    408: "The client sent the body too slowly.",
    413: "Body or text over the configured limits.",
    415: "Unsupported Content-Type.",
    503: "Models not loaded yet, the parse queue is full (Retry-After) or the text could not "
         "be processed within the time budget.",
}


def document_batch_limit(api: Any, most: int) -> None:
    """State the configured ``MAX_BATCH_DOCUMENTS`` in the OpenAPI document (``maxItems`` of
    the batch's documents), so that a client or a generated test reading the spec knows a
    batch over it is answered 413, not attributed."""
    request = api.spec.components.schemas["BatchRequest"]
    request["properties"]["documents"]["maxItems"] = most


def limits() -> Limits:
    """The input limits of the current app."""
    config = current_app.config
    return Limits(config["MAX_TEXT_CHARS"], bool(config["CHECK_LANGUAGE"]),
                  bool(config["RULES_ONLY"]), config["TIME_BUDGET"] or None)


def document_errors(view: Any) -> Any:
    """Document the error statuses a view can answer, besides flask-smorest's 422."""
    for status, description in ERRORS.items():
        view = blp.alt_response(status, response="DEFAULT_ERROR", description=description)(view)
    return view


@blp.route("/attributions")
class Attributions(MethodView):
    """Attribute one text."""

    @blp.arguments(AttributionRequestSchema, example={"text": "“It works,” she said."})
    @blp.response(200, AttributionResponseSchema)
    @blp.doc(**PLAIN_TEXT_BODY)
    @document_errors
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Attribute a text sent as JSON {"text", "options"} or as a text/plain body."""
        parser = pipeline_state().require()
        with parse_slot():
            return attribute(data["text"], parser, Options.from_dict(options_of(data)), limits())


@blp.route("/attributions/batch")
class AttributionBatch(MethodView):
    """Attribute several texts in one request."""

    @blp.arguments(BatchRequestSchema)
    @blp.response(200, BatchResponseSchema)
    @document_errors
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """One result or one error per document, in order; one bad document fails no other."""
        documents = data["documents"]
        most = current_app.config["MAX_BATCH_DOCUMENTS"]
        if len(documents) > most:
            abort(413, message=f"{len(documents)} documents sent; at most {most} per batch "
                               "(MAX_BATCH_DOCUMENTS). Split the batch.")
        parser = pipeline_state().require()
        options, checks = Options.from_dict(options_of(data)), limits()
        results = []
        with parse_slot("batch"):  # one time budget for the whole batch
            for document in documents:
                ensure_client_waiting()
                results.append(document_item(document["id"], document["text"], parser,
                                             options, checks))
        return {"results": results}
