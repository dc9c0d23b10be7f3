"""Calibrated confidence: the calibrator's arithmetic, its file, and its place in the engine."""

from __future__ import annotations

import math

import numpy as np

from attribution import model
from attribution.calibration import (
    RARE_CUE,
    Calibrator,
    Context,
    contexts,
    features,
    load_calibrator,
)
from attribution.extract import above, calibrated
from attribution.model import Attribution, AttributionType, Content, Cue, Mention, Result, Span
from attribution.training.calibrate import best_floor

TEXT = "He said the port would close."


def record(rule: str = "verb-complement", confidence: float = 0.85,
           speaker: bool = True) -> Attribution:
    return Attribution("a1", AttributionType.INDIRECT, Content.of(TEXT, [(8, 28)]),
                       Cue(Span.of(TEXT, 3, 7), "say"),
                       Mention(Span.of(TEXT, 0, 2), "e1") if speaker else None, None,
                       confidence, rule, 0)


def test_probability_is_the_logistic_of_the_weighted_features() -> None:
    """bias + Σ weight × feature through the logistic function; unknown features weigh 0."""
    calibrator = Calibrator({"base": 2.0, "rule=verb-complement": 0.5}, -1.0, {})
    z = -1.0 + 2.0 * 0.85 + 0.5
    assert math.isclose(calibrator.probability(record(), 0.85), 1 / (1 + math.exp(-z)))
    other = calibrator.probability(record(rule="never-seen"), 0.85)
    assert math.isclose(other, 1 / (1 + math.exp(-(-1.0 + 1.7))))


def test_features_name_rule_type_and_speaker_kind() -> None:
    names = dict(features(record(), 0.85))
    assert names["rule=verb-complement"] == 1.0 and names["type=indirect"] == 1.0
    assert names["speaker=pronoun"] == 1.0 and names["base"] == 0.85
    assert dict(features(record(speaker=False), 0.5))["speaker=none"] == 1.0


def test_json_round_trip() -> None:
    calibrator = Calibrator({"base": 1.5}, 0.25, {"data": "hand-made"})
    assert Calibrator.from_json(calibrator.to_json()) == calibrator


def test_calibrated_replaces_only_the_confidence() -> None:
    result = Result(TEXT, (record(),), ())
    calibrator = Calibrator({"base": 0.0}, 0.0, {})
    again = calibrated(result, calibrator)
    assert again.attributions[0].confidence == 0.5
    assert again.attributions[0].content == result.attributions[0].content


def test_bundled_calibrator_rises_with_the_rules_confidence() -> None:
    """The shipped calibrator exists and trusts a stronger base confidence more."""
    calibrator = load_calibrator()
    assert calibrator is not None
    assert calibrator.probability(record(), 0.9) > calibrator.probability(record(), 0.4)


def test_rare_cue_lemmas_weigh_as_the_shared_rare_feature() -> None:
    """A cue lemma with no weight of its own takes the weight learned for rare cues."""
    calibrator = Calibrator({"cue=say": 1.0, RARE_CUE: -2.0}, 0.0, {})
    said = calibrator.probability(record(), 0.5)
    rare = record()
    rare = Attribution(rare.id, rare.type, rare.content, Cue(rare.cue.span, "mutter"),
                       rare.speaker, None, 0.5, rare.rule, 0)
    assert math.isclose(said, 1 / (1 + math.exp(-1.0)))
    assert math.isclose(calibrator.probability(rare, 0.5), 1 / (1 + math.exp(2.0)))


def test_context_counts_neighbours_and_overlaps() -> None:
    text = "He said the port would close and she said it would not."
    first = Attribution("a1", AttributionType.INDIRECT, Content.of(text, [(8, 28)]),
                        Cue(Span.of(text, 3, 7), "say"), None, None, 0.8, "verb-complement", 0)
    second = Attribution("a2", AttributionType.INDIRECT, Content.of(text, [(20, 54)]),
                         Cue(Span.of(text, 37, 41), "say"), None, None, 0.8,
                         "verb-complement", 0)
    around = contexts(Result(text, (first, second), ()))
    assert around["a1"] == Context(same_sentence=1, overlapped=True)
    names = dict(features(first, 0.8, around["a1"]))
    assert names["same_sentence"] == math.log1p(1) and names["overlapped"] == 1.0


def test_floor_round_trips_and_defaults_to_keeping_everything() -> None:
    assert Calibrator.from_json(Calibrator({}, 0.0, {}, 0.3).to_json()).floor == 0.3
    assert Calibrator.from_json('{"weights": {}, "bias": 0}').floor == 0.0


def test_above_drops_low_records_and_lifts_their_nested_reports() -> None:
    """Records under the floor go; a report nested in one moves up; an emptied speaker goes."""
    low = record(confidence=0.2)
    inner = Attribution("a2", AttributionType.INDIRECT, Content.of(TEXT, [(12, 28)]), None,
                        None, None, 0.9, "verb-complement", 0, nested_in="a1")
    speaker = model.Speaker("S1", "He", model.SpeakerKind.PERSON, False,
                            (Span.of(TEXT, 0, 2),), ("a1",))
    result = above(Result(TEXT, (low, inner), (speaker,)), 0.3)
    assert [r.id for r in result.attributions] == ["a2"]
    assert result.attributions[0].nested_in is None
    assert result.speakers == ()
    assert above(Result(TEXT, (low, inner), (speaker,)), 0.1).attributions == (low, inner)


def test_best_floor_keeps_everything_unless_dropping_helps() -> None:
    probabilities = np.array([0.9, 0.8, 0.1, 0.15])
    assert best_floor(probabilities, np.array([1.0, 1.0, 0.0, 0.0]), 4) == 0.2
    assert best_floor(probabilities, np.array([1.0, 1.0, 1.0, 1.0]), 4) == 0.0
