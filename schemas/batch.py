"""Schemas of ``POST /v1/attributions/batch``: many documents in, one item each out."""

from __future__ import annotations

from collections import Counter
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .attribution import AttributionSchema
from .request import OptionsSchema
from .response import MetaSchema
from .speaker import SpeakerSchema
from .status import ErrorBodySchema


class BatchDocumentSchema(Schema):
    """One document: a client id and its text (an empty text is an error for that item only)."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    text = fields.String(required=True)


class BatchRequestSchema(Schema):
    """``{"documents": [{"id", "text"}, ...], "options": {...}}``; ids must be unique."""

    documents = fields.List(
        fields.Nested(BatchDocumentSchema), required=True,
        metadata={"description": "The documents; each id must be unique in the batch."},
        validate=validate.Length(min=1, error="Send at least one document."),
    )
    options = fields.Nested(OptionsSchema)

    @validates_schema
    def unique_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Reject two documents with the same id: the id pairs each answer with its document."""
        counts = Counter(document["id"] for document in data.get("documents", []))
        repeated = sorted(i for i, n in counts.items() if n > 1)
        if repeated:
            raise ValidationError(f"Document ids must be unique; repeated: {repeated}",
                                  field_name="documents")


class BatchItemSchema(Schema):
    """One answer: ``{"id", "attributions", "speakers", "meta"}`` or ``{"id", "error"}``."""

    id = fields.String(required=True)
    attributions = fields.List(fields.Nested(AttributionSchema))
    speakers = fields.List(fields.Nested(SpeakerSchema))
    meta = fields.Nested(MetaSchema)
    error = fields.Nested(ErrorBodySchema)


class BatchResponseSchema(Schema):
    """The answers, in the order of the documents."""

    results = fields.List(fields.Nested(BatchItemSchema), required=True)
