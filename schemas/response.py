"""Schema of the answer to ``POST /v1/attributions``: attributions, speakers and meta."""

from __future__ import annotations

from marshmallow import Schema, fields

from .attribution import AttributionSchema
from .speaker import SpeakerSchema


class MetaSchema(Schema):
    """How the answer was made: model, size of the input, time taken."""

    model = fields.String(required=True, metadata={"description": "Name of the model set."})
    model_source = fields.String(
        required=True, metadata={"description": "Where the models came from (bundled ...)."},
    )
    version = fields.String(required=True, metadata={"description": "Package version."})
    characters = fields.Integer(required=True, metadata={"description": "len(text)."})
    elapsed_ms = fields.Float(
        required=True, metadata={"description": "Time to check, parse and attribute the text."},
    )


class AttributionResponseSchema(Schema):
    """Every attribution found, the speakers they link to, and meta."""

    attributions = fields.List(fields.Nested(AttributionSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    meta = fields.Nested(MetaSchema, required=True)
