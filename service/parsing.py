"""Request bodies: JSON for every endpoint, and ``text/plain`` where a schema allows it.

webargs reads a non-JSON body as "no data", which would answer 422 "text is required" to a
client that sent XML. `BodyParser` answers 415 instead, and reads a ``text/plain`` body (in
its declared charset, UTF-8 by default, strictly) as ``{"text": body}`` for the schemas listed
in `PLAIN_TEXT_SCHEMAS`. Undecodable bytes are a 400, like malformed JSON.
"""

from __future__ import annotations

import codecs
from typing import Any

import flask
import flask_smorest
from attribution.schemas import AttributionRequestSchema
from flask_smorest import abort
from marshmallow import Schema
from webargs.flaskparser import FlaskParser, is_json_request

PLAIN_TEXT_SCHEMAS: dict[type[Schema], str] = {AttributionRequestSchema: "text"}


def plain_text_field(schema: Schema) -> str | None:
    """The field a ``text/plain`` body fills for ``schema``, or None when it takes JSON only."""
    return PLAIN_TEXT_SCHEMAS.get(type(schema))


def decode_plain_text(request: flask.Request) -> str:
    """The body of a ``text/plain`` request as a string; 400 when it cannot be decoded."""
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        codecs.lookup(charset)
        return request.get_data(cache=True).decode(charset)
    except (LookupError, UnicodeError, ValueError) as error:
        abort(400, message=f"The body is not valid {charset} text: {error}. "
                           "Send UTF-8 or declare the charset in Content-Type.")
    raise AssertionError("unreachable")  # abort raises


class BodyParser(FlaskParser):
    """webargs' Flask parser with 415 for unsupported bodies and ``text/plain`` support."""

    def load_json(self, req: flask.Request, schema: Schema) -> Any:
        """JSON as usual; ``{field: body}`` for plain text where allowed; else 415."""
        field = plain_text_field(schema)
        if field and req.mimetype == "text/plain":
            return {field: decode_plain_text(req)}
        if not is_json_request(req):
            accepted = "application/json" + (" or text/plain" if field else "")
            abort(415, message=f"Unsupported Content-Type {req.mimetype or '(none)'!r}: "
                               f"send {accepted}.")
        try:
            return super().load_json(req, schema)
        except RecursionError:
            abort(400, message="The JSON is nested too deeply to read.")
        except ValueError as error:  # e.g. an integer of more digits than Python converts
            abort(400, message=f"The JSON could not be read: {error}")


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose ``@arguments`` read bodies with `BodyParser`."""

    ARGUMENTS_PARSER = BodyParser()
