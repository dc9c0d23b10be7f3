"""Request schemas accept what the API documents and reject the rest with a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from attribution.schemas import AttributionRequestSchema, BatchRequestSchema
from marshmallow import ValidationError

VALID: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"text": "He said so."}, {"text": "He said so."}),
    ({"text": " x\r\n"}, {"text": " x\r\n"}),
    ({"text": "x", "options": {}}, {"text": "x", "options": {}}),
    ({"text": "x", "options": {"types": ["mixed"], "min_confidence": 0, "resolve_speakers": False}},
     {"text": "x", "options": {"types": ["mixed"], "min_confidence": 0.0,
                               "resolve_speakers": False}}),
]
INVALID: list[tuple[Any, str]] = [
    ({}, "text"),
    ({"text": ""}, "text"),
    ({"text": "\u3000\n"}, "text"),
    ({"text": None}, "text"),
    ({"text": ["a"]}, "text"),
    ({"text": "x", "extra": 1}, "extra"),
    ({"text": "x", "options": {"types": "direct"}}, "options"),
    ({"text": "x", "options": {"types": ["reported"]}}, "options"),
    ({"text": "x", "options": {"min_confidence": -0.1}}, "options"),
    ({"text": "x", "options": {"min_confidence": "nan"}}, "options"),
    ({"text": "x", "options": {"resolve_speakers": "maybe"}}, "options"),
    ({"text": "x", "options": {"speaker": True}}, "options"),
    ({"text": "x", "options": []}, "options"),
]


@pytest.mark.parametrize(("data", "loaded"), VALID)
def test_valid_requests_load(data: dict[str, Any], loaded: dict[str, Any]) -> None:
    """Valid bodies load unchanged (the text is never stripped or normalised)."""
    assert AttributionRequestSchema().load(data) == loaded


@pytest.mark.parametrize(("data", "field"), INVALID)
def test_invalid_requests_name_the_field(data: Any, field: str) -> None:
    """Each invalid body raises a validation error on the field at fault."""
    with pytest.raises(ValidationError) as caught:
        AttributionRequestSchema().load(data)
    assert field in caught.value.messages


@pytest.mark.parametrize(("data", "ok"), [
    ({"documents": [{"id": "1", "text": "a"}, {"id": "2", "text": ""}]}, True),
    ({"documents": [{"id": "1", "text": "a"}], "options": {"types": ["direct"]}}, True),
    ({"documents": []}, False),
    ({"documents": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}, False),
    ({"documents": [{"id": "", "text": "a"}]}, False),
    ({"documents": [{"id": 1, "text": "a"}]}, False),
    ({"documents": [{"id": "1", "text": "a", "lang": "en"}]}, False),
    ({"documents": "a"}, False),
])
def test_batch_requests(data: dict[str, Any], ok: bool) -> None:
    """Batch bodies need unique string ids; an empty text is left for the item's own error."""
    if ok:
        assert BatchRequestSchema().load(data)["documents"] == data["documents"]
    else:
        with pytest.raises(ValidationError):
            BatchRequestSchema().load(data)
