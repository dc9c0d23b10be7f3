"""Schema that dumps one document-level speaker with its mentions and attributions."""

from __future__ import annotations

from marshmallow import Schema, fields

from attribution.model import SpeakerKind

from .attribution import SpanSchema


class SpeakerSchema(Schema):
    """A source across the document: fullest name, kind, mentions, attribution ids."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.Enum(SpeakerKind, by_value=True, required=True)
    anonymous = fields.Boolean(required=True)
    mentions = fields.List(fields.Nested(SpanSchema), required=True)
    attributions = fields.List(fields.String(), required=True)
