"""The learned content finder: its rule on hand-checked parses with a hand-built network (so
no row changes when the bundled finder is retrained), its file format, and the bundled file."""

from __future__ import annotations

import dataclasses
import importlib
import io
from pathlib import Path

import numpy as np
import pytest
from fixture_engine import FIXTURES, extract_fixture

from attribution.argmodel import (
    ARGUMENT_NAMES,
    ArgumentModel,
    feature_names,
    load_argument_model,
    read_argument_model,
    save_argument_model,
)
from attribution.cuemodel import STRUCTURE, CueModel, load_cue_model
from attribution.parse import from_conllu

engine = importlib.import_module("attribution.extract")
DIMENSIONS = 50
NAMES = feature_names(DIMENSIONS)


def hand_built(*features: str, threshold: float = 0.5) -> ArgumentModel:
    """A network whose probability is 0.88 for a pair with any of ``features``, else 0.12."""
    hidden = np.zeros((len(NAMES), 1), np.float32)
    for name in features:
        hidden[NAMES.index(name), 0] = 1.0
    layers = (hidden, np.zeros(1, np.float32), np.full((1, 1), 4.0, np.float32),
              np.array([-2.0], np.float32))
    network = CueModel({"thunder": 0}, np.zeros((1, DIMENSIONS), np.float32), layers, NAMES,
                       threshold, 0.0, {})
    return ArgumentModel(network)


def run(fixture: str, text: str, model: ArgumentModel | None):
    return extract_fixture(fixture, text, argument_model=model)


def summary(result) -> list[tuple]:
    return [(a.rule, tuple(s.text for s in a.content.spans), a.cue.span.text,
             a.speaker.span.text if a.speaker else None, a.confidence)
            for a in result.attributions]


CASES = [
    ("learned_thundered", "Reyes thundered against the new tax on Monday.", "marker-against",
     [("argument-model", ("the new tax",), "thundered", "Reyes", 0.88)]),
    ("learned_fond", "The governor was fond of the plan.", "marker-of",
     [("argument-model", ("the plan",), "fond", "The governor", 0.88)]),
    # an infinitive keeps its "to", as PolNeAR and the control-complement rule write it
    ("learned_hesitated", "Reyes hesitated to sell the farm.", "marker-to",
     [("argument-model", ("to sell the farm",), "hesitated", "Reyes", 0.88)]),
]


@pytest.mark.parametrize(("fixture", "text", "feature", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_finder_proposes_the_argument_it_scores(fixture, text, feature, expected) -> None:
    """The pair the network scores above its threshold is the content (without its
    preposition), the head the cue, the head's subject the speaker; the other argument ("on
    Monday") and the rules alone give nothing."""
    assert summary(run(fixture, text, hand_built(feature))) == expected
    assert run(fixture, text, None).attributions == ()


def test_pairs_below_the_threshold_give_nothing() -> None:
    text = "Reyes thundered against the new tax on Monday."
    assert run("learned_thundered", text, hand_built("marker-against", threshold=0.9)
               ).attributions == ()
    assert run("learned_thundered", text, hand_built("marker-about")).attributions == ()


def test_heads_a_rule_took_stay_the_rules() -> None:
    """A cue verb the lexicon knows keeps its rule's content, whatever the finder scores."""
    text = "Okafor admitted that the budget was too small."
    found = summary(run("admitted_budget", text, hand_built("relation-ccomp", "relation-obj")))
    assert found == summary(run("admitted_budget", text, None))
    assert [row[0] for row in found] == ["verb-complement"]


def test_rules_only_leaves_the_finder_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """``extract(rules_only=True)`` passes no learned model to the engine."""
    seen = {}

    def fake(text, doc, **kwargs):
        seen.update(kwargs)
        return None

    monkeypatch.setattr(engine, "extract_document", fake)
    engine.extract("Reyes spoke.", lambda text: object(), rules_only=True)
    assert seen["argument_model"] is None and seen["cue_model"] is None
    engine.extract("Reyes spoke.", lambda text: object())
    assert seen["argument_model"] is engine.BUNDLED


def test_file_round_trip_keeps_the_network_and_reads_the_detector_vectors() -> None:
    model = hand_built("marker-of", threshold=0.4)
    buffer = io.BytesIO()
    save_argument_model(buffer, model)
    buffer.seek(0)
    words = dataclasses.replace(model.network, vocabulary={"plan": 0},
                                vectors=np.ones((1, DIMENSIONS), np.float32))
    again = read_argument_model(buffer, words)
    rows = np.random.default_rng(0).random((5, len(NAMES)), np.float32)
    assert np.allclose(model.network.probabilities(rows), again.network.probabilities(rows),
                       atol=1e-3)
    assert again.threshold == 0.4 and again.network.vocabulary == {"plan": 0}


def test_a_file_of_other_features_is_refused() -> None:
    buffer = io.BytesIO()
    save_argument_model(buffer, hand_built("marker-of"))
    buffer.seek(0)
    other = dataclasses.replace(hand_built().network, vectors=np.zeros((1, 7), np.float32))
    with pytest.raises(ValueError, match="other features"):
        read_argument_model(buffer, other)


def test_feature_names_follow_the_code() -> None:
    assert NAMES[:len(STRUCTURE)] == tuple(name for name, _ in STRUCTURE)
    assert len(NAMES) == len(STRUCTURE) + len(ARGUMENT_NAMES) + 2 * DIMENSIONS


def test_bundled_finder_is_small_deterministic_and_shares_the_vectors() -> None:
    model, words = load_argument_model(), load_cue_model()
    assert model is not None and words is not None
    assert model.network.vectors is words.vectors
    path = Path(__file__).resolve().parents[2] / "attribution" / "models" / "cues"
    assert (path / "argument-model.npz").stat().st_size + (
        path / "cue-model.npz").stat().st_size <= 5_000_000
    text = "Reyes thundered against the new tax on Monday."
    sentence = from_conllu((FIXTURES / "learned_thundered.conllu").read_text(),
                           text).sentences[0]
    lexicon = engine.load_lexicon()
    first, second = model.score(sentence, lexicon), model.score(sentence, lexicon)
    assert [p for *_, p in first] == [p for *_, p in second]
    assert all(0.0 <= p <= 1.0 for *_, p in first) and len(first) == 2
