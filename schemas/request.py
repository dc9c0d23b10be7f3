"""Schemas that load the body of ``POST /v1/attributions``: the text and its options."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from attribution.model import AttributionType

from .fields import StrictBoolean, StrictFloat

TYPE_NAMES = [kind.value for kind in AttributionType]


def not_blank(text: str) -> None:
    """Reject a text that is empty or white space only."""
    if not text.strip():
        raise ValidationError("The text is empty: send the article text to attribute.")


class OptionsSchema(Schema):
    """What to return; every option may be left out. Unknown options are rejected."""

    types = fields.List(
        fields.String(validate=validate.OneOf(TYPE_NAMES)),
        validate=validate.Length(min=1, error="List at least one type, or leave types out."),
        metadata={"description": "Attribution types to return (default: all).",
                  "example": ["direct", "mixed"]},
    )
    min_confidence = StrictFloat(
        validate=validate.Range(min=0, max=1),
        metadata={"description": "Drop attributions below this confidence (default 0)."},
    )
    resolve_speakers = StrictBoolean(
        metadata={"description": "Link mentions into document-level speakers (default true)."},
    )


class AttributionRequestSchema(Schema):
    """``{"text": "...", "options": {...}}``; a ``text/plain`` body loads as ``{"text": body}``."""

    text = fields.String(
        required=True, validate=not_blank,
        metadata={"description": "The article, exactly as published; offsets index it. It must "
                                 "hold a character other than white space.",
                  "pattern": r"\S"},
    )
    options = fields.Nested(OptionsSchema)


def options_of(data: dict[str, Any]) -> dict[str, Any]:
    """The loaded options of a request, or an empty dict when none were sent."""
    return dict(data.get("options") or {})
