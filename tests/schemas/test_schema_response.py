"""Response schemas dump the core's frozen records into issue 3's JSON shape."""

from __future__ import annotations

from attribution.schemas import AttributionSchema, BatchItemSchema, SpeakerSchema

from attribution.model import (
    Attribution,
    AttributionType,
    Content,
    Cue,
    Mention,
    Span,
    Speaker,
    SpeakerKind,
)

TEXT = "“We will win,” he said, “and soon.” An aide told reporters it was close."


def split_quote() -> Attribution:
    """A direct quote split by "he said": one attribution with two spans."""
    return Attribution(
        id="a1", type=AttributionType.DIRECT,
        content=Content.of(TEXT, [(24, 35), (0, 14)]),
        cue=Cue(Span.of(TEXT, 18, 22), "say"), speaker=Mention(Span.of(TEXT, 15, 17), "e1"),
        addressee=None, confidence=0.9, rule="quote-split", sentence=0,
    )


def test_attribution_dumps_to_issue_shape() -> None:
    """Every field, in order; spans sorted as [start, end] pairs; absent parts are null."""
    assert AttributionSchema().dump(split_quote()) == {
        "id": "a1", "type": "direct",
        "content": {"text": TEXT[0:35], "start": 0, "end": 35, "spans": [[0, 14], [24, 35]]},
        "cue": {"text": "said", "start": 18, "end": 22, "lemma": "say"},
        "speaker": {"text": "he", "start": 15, "end": 17, "entity": "e1"},
        "addressee": None, "confidence": 0.9, "rule": "quote-split", "sentence": 0,
        "nested_in": None,
    }


def test_attribution_with_addressee_and_no_speaker() -> None:
    """A record with an addressee and no named speaker keeps both facts."""
    record = Attribution(
        "a2", AttributionType.INDIRECT, Content.of(TEXT, [(59, 71)]), None, None,
        Mention(Span.of(TEXT, 49, 58)), 0.5, "told", 1, nested_in="a1",
    )
    dumped = AttributionSchema().dump(record)
    assert dumped["speaker"] is None and dumped["cue"] is None
    assert dumped["addressee"] == {"text": "reporters", "start": 49, "end": 58, "entity": None}
    assert dumped["nested_in"] == "a1" and dumped["type"] == "indirect"


def test_speaker_dumps_mentions_and_ids() -> None:
    """A speaker: id, name, kind value, anonymity, mentions as spans, attribution ids."""
    speaker = Speaker("e2", "an aide", SpeakerKind.MEDIA, True, (Span.of(TEXT, 36, 43),),
                      ("a2",))
    assert SpeakerSchema().dump(speaker) == {
        "id": "e2", "name": "an aide", "kind": "media/document", "anonymous": True,
        "mentions": [{"text": "An aide", "start": 36, "end": 43}], "attributions": ["a2"],
    }


def test_batch_item_dumps_result_or_error() -> None:
    """A batch item is either a result with its id or an error with its id, nothing else."""
    error = {"id": "x", "error": {"code": 422, "status": "Unprocessable Entity",
                                  "message": "empty"}}
    assert BatchItemSchema().dump(error) == error
    result = BatchItemSchema().dump({"id": "y", "attributions": [split_quote()], "speakers": [],
                                     "meta": {"model": "m", "model_source": "s", "version": "1",
                                              "characters": 3, "elapsed_ms": 1.5}})
    assert set(result) == {"id", "attributions", "speakers", "meta"}
