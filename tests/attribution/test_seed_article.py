"""Acceptance on the article the project started from, through the real bundled pipeline.

The article lives in ``../shared/examples/seed-article.txt`` beside the repository (it is not
ours to commit); the test is skipped where that file is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution import Result, extract

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "seed-article.txt"

pytestmark = [
    pytest.mark.pipeline,
    pytest.mark.skipif(not SEED.is_file(), reason="seed article not present beside the repo"),
]


@pytest.fixture(scope="module")
def seed(parser) -> Result:
    """The engine's result on the seed article."""
    return extract(SEED.read_text(encoding="utf-8"), parser)


def find(result: Result, content_part: str):
    """The outermost attribution whose content contains ``content_part``."""
    found = [a for a in result.attributions if content_part in a.content.text]
    assert found, f"no attribution contains {content_part!r}"
    return min(found, key=lambda a: len(a.content.text))


def entity_name(result: Result, entity_id: str | None) -> str | None:
    """The resolved name of a speaker entity."""
    return next((s.name for s in result.speakers if s.id == entity_id), None)


# (content fragment, cue text, speaker mention, resolved name or None to skip that check)
EXPECTED = [
    ("the two sides had made progress", "said", "He", "Mike Pompeo"),
    ("Had a good visit to Pyongyang", None, "the head of the State Department", None),
    ("a lack of progress in the bilateral dialogue", "according to", "him", "Donald Trump"),
    ("North Korea and the United States are continuing", "said", "Mike Pompeo", "Mike Pompeo"),
    ("“gone better than the previous one”", "According to",
     "an official of the US delegation", None),
    ("It is far from the account", "admitted", "he", None),
    ("Mike Pompeo informed South Korean President Moon Jae-in", "said",
     "the spokesman of the South Korean presidency", None),
    ("he had discussed with Kim Jong-a", "informed", "Mike Pompeo", "Mike Pompeo"),
]


@pytest.mark.parametrize(("content", "cue", "speaker", "name"), EXPECTED)
def test_expected_attributions(seed: Result, content, cue, speaker, name) -> None:
    """Each acceptance attribution has its content, cue and speaker mention (and name)."""
    attribution = find(seed, content)
    assert attribution.speaker is not None and attribution.speaker.span.text == speaker
    if cue is not None:
        assert attribution.cue is not None and attribution.cue.span.text == cue
    if name is not None:
        assert entity_name(seed, attribution.speaker.entity) == name


def test_official_is_anonymous_and_admits(seed: Result) -> None:
    """The official is one anonymous speaker for the mixed quote and for "he admitted"."""
    according = find(seed, "gone better than the previous one")
    admitted = find(seed, "It is far from the account")
    assert according.type.value == "mixed"
    assert admitted.type.value == "direct"
    assert according.speaker.entity == admitted.speaker.entity
    official = next(s for s in seed.speakers if s.id == according.speaker.entity)
    assert official.anonymous


def test_inner_attribution_is_nested_with_addressee(seed: Result) -> None:
    """Pompeo's report to Moon sits inside the spokesman's attribution."""
    outer = find(seed, "Mike Pompeo informed South Korean President Moon Jae-in")
    inner = find(seed, "he had discussed with Kim Jong-a")
    assert inner.nested_in == outer.id
    assert inner.addressee is not None and "Moon Jae-in" in inner.addressee.span.text


@pytest.mark.parametrize("sentence_part", [
    "had lunch at the prestigious Paekhwawon",
    "agreed to establish a working group",
    "was Friday in Tokyo",
])
def test_no_attribution_without_speech(seed: Result, sentence_part: str) -> None:
    """Sentences that report no speech or belief give no attribution: no content and no cue
    falls inside them."""
    at = seed.text.index(sentence_part)
    start = max(seed.text.rfind(".", 0, at), seed.text.rfind("\n", 0, at)) + 1
    end = seed.text.index(".", at + len(sentence_part))
    spans = [(s.start, s.end) for a in seed.attributions for s in a.content.spans] + [
        (a.cue.span.start, a.cue.span.end) for a in seed.attributions if a.cue]
    assert not [seed.text[s:e] for s, e in spans if s < end and start < e]
