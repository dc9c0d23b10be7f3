"""Marshmallow request and response schemas: one source for validation, JSON and OpenAPI.

Request schemas load and validate what a client sends; response schemas dump the core's
frozen records (`attribution.model`) into the JSON shape documented in docs/service.md.
"""

from .attribution import AttributionSchema, ContentSchema, CueSchema, MentionSchema, SpanSchema
from .batch import BatchDocumentSchema, BatchItemSchema, BatchRequestSchema, BatchResponseSchema
from .request import AttributionRequestSchema, OptionsSchema
from .response import AttributionResponseSchema, MetaSchema
from .speaker import SpeakerSchema
from .status import ErrorBodySchema, HealthSchema, ReadySchema, VersionSchema

__all__ = [
    "AttributionRequestSchema", "AttributionResponseSchema", "AttributionSchema",
    "BatchDocumentSchema", "BatchItemSchema", "BatchRequestSchema", "BatchResponseSchema",
    "ContentSchema", "CueSchema", "ErrorBodySchema", "HealthSchema", "MentionSchema",
    "MetaSchema", "OptionsSchema", "ReadySchema", "SpanSchema", "SpeakerSchema", "VersionSchema",
]
