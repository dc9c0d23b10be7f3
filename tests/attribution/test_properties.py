"""Property test of the core on arbitrary Unicode: whatever the text, the result is sound.

Texts mix news words and quote marks with any code point (controls, lone surrogates, RTL
marks, emoji), so the parser, the quote scanner and the rules meet what a hostile client
sends. For each: no exception, every offset indexes the exact input string, nesting points
at a holding attribution, speakers and attributions refer to each other.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution import extract
from attribution.model import Result, Span

WORDS = ["He", "said", "that", "the", "minister", "told", "reporters", "“", "”", '"', "‘",
         "’", "'", ",", ".", ":", "—", "according to", "Ana Ruiz", "\n\n", "she", "wrote"]
TEXTS = st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)),
                 min_size=1, max_size=40).map(" ".join).filter(str.strip)


def assert_span(text: str, span: Span) -> None:
    """A span's text is exactly the input between its offsets."""
    assert 0 <= span.start <= span.end <= len(text)
    assert text[span.start:span.end] == span.text


def assert_sound(result: Result) -> None:
    """Offsets, nesting and speaker links of a result."""
    text = result.text
    ids = {a.id for a in result.attributions}
    for attribution in result.attributions:
        for span in attribution.content.spans:
            assert_span(text, span)
        for part in (attribution.cue, attribution.speaker, attribution.addressee):
            if part is not None:
                assert_span(text, part.span)
        if attribution.nested_in is not None:
            assert attribution.nested_in in ids and attribution.nested_in != attribution.id
    speaker_ids = {s.id for s in result.speakers}
    for speaker in result.speakers:
        assert set(speaker.attributions) <= ids
        for span in speaker.mentions:
            assert_span(text, span)
    for attribution in result.attributions:
        entity = attribution.speaker.entity if attribution.speaker else None
        assert entity is None or entity in speaker_ids


@pytest.mark.pipeline
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_gives_a_sound_result(parser, text: str) -> None:
    """The real pipeline on generated text: a sound result, never an exception."""
    result = extract(text, parser)
    assert result.text == text
    assert_sound(result)
