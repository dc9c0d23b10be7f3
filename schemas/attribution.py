"""Schemas that dump one attribution record and its parts (spans, cue, mentions)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from attribution.model import AttributionType

OFFSET_DOC = "Python string index into the exact input text (code points, end exclusive)."


class OffsetPair(fields.Field):
    """A span dumped as ``[start, end]``."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
            "description": "[start, end] of one piece of the content.",
        }
        super().__init__(dump_only=True, metadata=metadata, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> list[int]:
        return [value.start, value.end]


class SpanSchema(Schema):
    """A piece of the input: ``{"text", "start", "end"}``."""

    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": OFFSET_DOC})
    end = fields.Integer(required=True, metadata={"description": OFFSET_DOC})


class ContentSchema(Schema):
    """What was attributed: the covering text and its pieces."""

    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": OFFSET_DOC})
    end = fields.Integer(required=True, metadata={"description": OFFSET_DOC})
    spans = fields.List(OffsetPair(), required=True)


class CueSchema(Schema):
    """The words that signal the attribution, with their lemma."""

    text = fields.String(attribute="span.text", required=True)
    start = fields.Integer(attribute="span.start", required=True)
    end = fields.Integer(attribute="span.end", required=True)
    lemma = fields.String(required=True)


class MentionSchema(Schema):
    """A speaker or addressee as written, and the document-level speaker it belongs to."""

    text = fields.String(attribute="span.text", required=True)
    start = fields.Integer(attribute="span.start", required=True)
    end = fields.Integer(attribute="span.end", required=True)
    entity = fields.String(allow_none=True, required=True)


class AttributionSchema(Schema):
    """One attribution record, in the shape of issue 3."""

    id = fields.String(required=True)
    type = fields.Enum(AttributionType, by_value=True, required=True)
    content = fields.Nested(ContentSchema, required=True)
    cue = fields.Nested(CueSchema, allow_none=True, required=True)
    speaker = fields.Nested(MentionSchema, allow_none=True, required=True)
    addressee = fields.Nested(MentionSchema, allow_none=True, required=True)
    confidence = fields.Float(required=True, metadata={"minimum": 0, "maximum": 1})
    rule = fields.String(required=True, metadata={"description": "Name of the rule that fired."})
    sentence = fields.Integer(
        required=True, metadata={"description": "Index of the sentence in the text."},
    )
    nested_in = fields.String(allow_none=True, required=True)
