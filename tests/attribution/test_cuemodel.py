"""The learned cue detector: its rule on hand-checked parses with a hand-built network (so no
row changes when the bundled detector is retrained), its file format, and the bundled file."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest
from fixture_engine import FIXTURES, extract_fixture

from attribution.cuemodel import STRUCTURE, CueModel, load_cue_model, read_cue_model, save_cue_model
from attribution.parse import from_conllu

NAMES = [name for name, _ in STRUCTURE]
DIMENSIONS = 50


def hand_built(propose: float = 0.5, propose_object: float = 0.8) -> CueModel:
    """A network that reads two features: a clausal complement and a topic phrase, each
    raising the probability from 0.12 to 0.88."""
    size = len(STRUCTURE) + DIMENSIONS
    hidden = np.zeros((size, 2), np.float32)
    hidden[NAMES.index("complement"), 0] = 1.0
    hidden[NAMES.index("topic-oblique"), 1] = 1.0
    layers = (hidden, np.zeros(2, np.float32), np.full((2, 1), 4.0, np.float32),
              np.array([-2.0], np.float32))
    names = (*NAMES, *(f"vector-{i}" for i in range(DIMENSIONS)))
    return CueModel({"fume": 0}, np.zeros((1, DIMENSIONS), np.float32), layers, names,
                    propose, 0.0, {}, propose_object)


def run(fixture: str, text: str, model: CueModel | None):
    return extract_fixture(fixture, text, cue_model=model)


def summary(result) -> list[tuple]:
    return [(a.rule, tuple(s.text for s in a.content.spans), a.cue.span.text,
             a.speaker.span.text if a.speaker else None) for a in result.attributions]


CASES = [
    ("learned_fumed", "The senator fumed that the deal was a disgrace.",
     [("cue-model", ("the deal was a disgrace",), "fumed", "The senator")]),
    ("learned_thundered", "Reyes thundered against the new tax on Monday.",
     [("cue-model", ("the new tax",), "thundered", "Reyes")]),
]


@pytest.mark.parametrize(("fixture", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_detector_proposes_verbs_the_lexicon_lacks(fixture, text, expected) -> None:
    """A verb outside every cue list, used as cues are, gives an attribution named after the
    model; the rules alone find nothing there."""
    assert summary(run(fixture, text, hand_built())) == expected
    assert run(fixture, text, None).attributions == ()


def test_object_proposals_need_the_stricter_threshold() -> None:
    """A topic phrase is content only above the second threshold; a clause above the first."""
    assert run("learned_thundered", "Reyes thundered against the new tax on Monday.",
               hand_built(propose_object=0.9)).attributions == ()
    assert summary(run("learned_fumed", "The senator fumed that the deal was a disgrace.",
                       hand_built(propose=0.9))) == []


def test_detector_leaves_lexicon_verbs_to_the_rules() -> None:
    """A verb of the lexicon keeps the rule's name and confidence, detector or not."""
    text = "Okafor admitted that the budget was too small."
    with_model = run("admitted_budget", text, hand_built())
    assert summary(with_model) == summary(run("admitted_budget", text, None))
    assert with_model.attributions[0].rule == "verb-complement"


def test_weak_rule_matches_need_the_detector() -> None:
    """An object-content match whose cue the detector rejects is dropped."""
    text = "The mayor denied the report."
    model = hand_built()
    assert [a.rule for a in run("denied_report", text, model).attributions] == ["object-content"]
    strict = dataclasses.replace(model, reject=0.5)  # "denied" has no clause: p = 0.12
    assert run("denied_report", text, strict).attributions == ()


def test_file_round_trip_scores_the_same() -> None:
    """What save_cue_model writes, read_cue_model reads back to the same probabilities."""
    model = hand_built()
    buffer = io.BytesIO()
    save_cue_model(buffer, model)
    buffer.seek(0)
    again = read_cue_model(buffer)
    rows = np.random.default_rng(0).random((5, len(model.feature_names)), np.float32)
    assert np.allclose(model.probabilities(rows), again.probabilities(rows), atol=1e-3)
    assert (again.propose, again.reject, again.propose_object) == (0.5, 0.0, 0.8)


def test_bundled_detector_is_small_and_deterministic() -> None:
    """The shipped file loads, stays under 5 MB, and scores the same sentence the same way."""
    model = load_cue_model()
    assert model is not None
    path = Path(__file__).resolve().parents[2] / "attribution" / "models" / "cues"
    assert (path / "cue-model.npz").stat().st_size <= 5_000_000
    text = "The senator fumed that the deal was a disgrace."
    sentence = from_conllu((FIXTURES / "learned_fumed.conllu").read_text(), text).sentences[0]
    first, second = model.score(sentence), model.score(sentence)
    assert first == second and 0.0 <= min(first.values()) <= max(first.values()) <= 1.0
