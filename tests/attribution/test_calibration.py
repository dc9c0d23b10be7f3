"""Calibrated confidence: the calibrator's arithmetic, its file, and its place in the engine."""

from __future__ import annotations

import math

from attribution.calibration import Calibrator, features, load_calibrator
from attribution.extract import calibrated
from attribution.model import Attribution, AttributionType, Content, Cue, Mention, Result, Span

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
