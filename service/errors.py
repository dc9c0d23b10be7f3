"""One JSON error shape for every error: ``{"code", "status", "message", "errors"}``.

The core's exceptions map to statuses here (`STATUSES`); HTTP errors raised by Flask,
Werkzeug or webargs (400, 404, 405, 413, 415, 422) go through flask-smorest's handler, which
`Api` extends so that ``message`` is always present; anything else is logged and answered
as a 500 in the same shape, without internals.
"""

from __future__ import annotations

import logging
from typing import Any

import flask_smorest
from flask import Flask
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError
from werkzeug.http import HTTP_STATUS_CODES

from attribution.errors import (
    AttributionError,
    EvaluationError,
    InputError,
    ModelNotFoundError,
    TextTooLongError,
    TimeBudgetError,
)

log = logging.getLogger(__name__)

STATUSES: tuple[tuple[type[AttributionError], int], ...] = (
    (TextTooLongError, 413),
    (InputError, 422),
    (EvaluationError, 422),
    (ModelNotFoundError, 503),
    (TimeBudgetError, 503),
)
REASONS = {499: "Client Closed Request"}  # statuses Werkzeug has no name for
MESSAGES = {
    400: "The body could not be read: malformed JSON or undecodable bytes.",
    413: "The request body is over the configured limit (MAX_CONTENT_LENGTH bytes).",
    422: "The request failed validation: see errors.",
    500: "Internal error: the request could not be processed. It has been logged.",
}


def status_for(error: Exception) -> int:
    """The HTTP status for one of the core's errors (500 for anything else)."""
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    return 500


def error_body(status: int, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """An error payload in the service's one shape."""
    body: dict[str, Any] = {
        "code": status,
        "status": HTTP_STATUS_CODES.get(status) or REASONS.get(status, "Unknown"),
        "message": message,
    }
    if errors:
        body["errors"] = errors
    return body


class Api(flask_smorest.Api):
    """flask-smorest's `Api`, whose error payloads always carry a ``message``."""

    def handle_http_exception(self, error: HTTPException) -> tuple[dict[str, Any], int, dict]:
        """flask-smorest's payload, with a message when the error was raised without one."""
        payload, code, headers = super().handle_http_exception(error)
        if isinstance(error, MethodNotAllowed):  # RFC 9110: a 405 lists the allowed methods
            headers = {**dict(error.get_headers()), **headers}
            headers.pop("Content-Type", None)
        message = payload.get("message") or (
            error.description if isinstance(error, SecurityError) else None
        ) or MESSAGES.get(code) or error.description or error.name
        return error_body(code, message, payload.get("errors")), code, headers


def handle_attribution_error(error: AttributionError) -> tuple[dict[str, Any], int]:
    """A core error raised in a view: its status and its message, which say how to fix it."""
    status = status_for(error)
    if status == 500:
        return handle_unexpected(error)
    return error_body(status, str(error)), status


def handle_unexpected(error: Exception) -> tuple[dict[str, Any], int]:
    """Any other exception: log it with its trace and answer a 500 in the JSON shape."""
    log.exception("unhandled error", exc_info=error)
    return error_body(500, MESSAGES[500]), 500


def register_error_handlers(app: Flask) -> None:
    """Route the core's errors and every unexpected exception to JSON answers."""
    app.register_error_handler(AttributionError, handle_attribution_error)
    app.register_error_handler(Exception, handle_unexpected)
