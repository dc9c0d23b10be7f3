"""The learned cue detector: how likely a verb is to report what somebody said, thought or found.

Cue lexicons never cover the long tail ("fumed", "mused", "signalled", "floated"), so a small
network scores every verb from the syntax around it (does it take a clause, a "that", an
infinitive, a person as subject; is it passive; how does it hang in the tree) and from the GloVe
vector of its lemma, so that verbs never seen as cues in training but used like cues score high.
The rules still decide content and source; the detector proposes cues the lexicon lacks and
confirms or rejects the weak rule matches (`rules.learned_cue`, `extract.find_all`).

It was trained by ``attribution models train-cues`` on PolNeAR train (Newell, Margolin and
Ruths, LREC 2018) aligned to the bundled parses: the weights are a statistical model learned
from its annotations and hold none of its text. The file (``models/cues/cue-model.npz``) holds
the network, the vectors of the 30,000 most frequent lower-case GloVe words (float16), the
feature names and the decision thresholds; inference is plain numpy and deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .lexicon import (
    CONTENT_DEPS,
    CONTENT_EDGE_MARKERS,
    CONTROL_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
)
from .parse import Sentence, Word

MODEL_FILE = "models/cues/cue-model.npz"
# Tags of the words the detector scores.
SCORED_UPOS = frozenset({"VERB"})
PERSON_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "who"})
TOPIC_CASES = frozenset({"about", "on", "of", "over", "for", "against", "with"})
MODALS = frozenset({"will", "would", "could", "should", "may", "might", "must", "can"})
CLAUSE_DEPS = CONTENT_DEPS | frozenset({"advcl", "acl", "dep"})
# The relations a scored word may hang by (the rest are "other").
HEAD_RELATIONS = ("root", "ccomp", "conj", "advcl", "parataxis", "xcomp", "acl", "acl:relcl")


def _marks(sentence: Sentence, word: Word) -> set[str]:
    return {w.text.lower() for w in sentence.kids(word, frozenset({"mark"}))}


def _subject(sentence: Sentence, word: Word) -> Word | None:
    found = sentence.kids(word, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    return found[0] if found else None


def _that_clause(sentence: Sentence, word: Word) -> bool:
    return any(_marks(sentence, c) & CONTENT_EDGE_MARKERS for c in sentence.kids(word, CLAUSE_DEPS))


def _subject_person(sentence: Sentence, word: Word) -> bool:
    subject = _subject(sentence, word)
    return subject is not None and (
        subject.upos == "PROPN" or subject.text.lower() in PERSON_PRONOUNS)


def _topic_oblique(sentence: Sentence, word: Word) -> bool:
    return any({c.text.lower() for c in sentence.kids(o, frozenset({"case"}))} & TOPIC_CASES
               for o in sentence.kids(word, frozenset({"obl"})))


# Named yes/no features of the syntax around a scored word, in the order the network reads.
STRUCTURE: tuple[tuple[str, Callable[[Sentence, Word], bool]], ...] = (
    ("complement", lambda s, w: bool(s.kids(w, CONTENT_DEPS))),
    ("that-clause", _that_clause),
    ("infinitive", lambda s, w: any(c.upos == "VERB" for c in s.kids(w, CONTROL_DEPS))),
    ("object", lambda s, w: bool(s.kids(w, frozenset({"obj"})))),
    ("indirect-object", lambda s, w: bool(s.kids(w, frozenset({"iobj"})))),
    ("subject", lambda s, w: _subject(s, w) is not None),
    ("subject-person", _subject_person),
    ("subject-noun", lambda s, w: (x := _subject(s, w)) is not None and x.upos == "NOUN"),
    ("subject-after", lambda s, w: (x := _subject(s, w)) is not None and x.index > w.index),
    ("passive", lambda s, w: w.feature("Voice") == "Pass" or bool(
        s.kids(w, frozenset({"aux:pass", "nsubj:pass"})))),
    ("topic-oblique", _topic_oblique),
    ("agent", lambda s, w: any("by" in {c.text.lower() for c in s.kids(o)}
                               for o in s.kids(w, frozenset({"obl"})))),
    ("modal", lambda s, w: any(a.text.lower() in MODALS for a in s.kids(w, frozenset({"aux"})))),
    ("negated", lambda s, w: any(c.text.lower() in ("not", "n't", "never")
                                 for c in s.kids(w, frozenset({"advmod"})))),
    ("as-clause", lambda s, w: "as" in _marks(s, w)),
    ("to-infinitive", lambda s, w: "to" in _marks(s, w)),
    ("participle", lambda s, w: w.feature("VerbForm") in ("Part", "Ger")),
    ("past", lambda s, w: w.feature("Tense") == "Past"),
    ("after-comma", lambda s, w: (p := s.word_at(s.subtree(w)[0].index - 1)) is not None
     and p.text in (",", "—", "–")),
    ("quote-in-sentence", lambda s, w: any(x.text in ("\"", "“", "”", "''", "``")
                                           for x in s.words)),
    *((f"relation-{name}", lambda s, w, name=name: w.deprel == name) for name in HEAD_RELATIONS),
    ("relation-other", lambda s, w: w.deprel not in HEAD_RELATIONS),
)


def structure_features(sentence: Sentence, word: Word) -> list[float]:
    """The yes/no syntax features of ``word`` as 0/1, in `STRUCTURE` order."""
    return [float(test(sentence, word)) for _, test in STRUCTURE]


@dataclass(frozen=True)
class CueModel:
    """The detector: word vectors, a one-hidden-layer network and its thresholds."""

    vocabulary: dict[str, int]
    vectors: np.ndarray
    layers: tuple[np.ndarray, ...]
    feature_names: tuple[str, ...]
    propose: float
    reject: float
    meta: dict[str, Any]
    # proposals whose content is an object or topic phrase need more certainty
    propose_object: float = 1.0

    def vector(self, lemma: str) -> np.ndarray:
        """The lemma's word vector (zeros for a word outside the vocabulary)."""
        row = self.vocabulary.get(lemma.lower())
        return self.vectors[row] if row is not None else np.zeros(self.vectors.shape[1],
                                                                  np.float32)

    def features(self, sentence: Sentence, word: Word) -> np.ndarray:
        """Everything the network reads about ``word``."""
        return np.concatenate([np.asarray(structure_features(sentence, word), np.float32),
                               self.vector(word.lemma)])

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The network's cue probability for each feature row."""
        hidden_w, hidden_b, out_w, out_b = self.layers
        hidden = np.maximum(rows @ hidden_w + hidden_b, 0.0)
        return 1.0 / (1.0 + np.exp(-(hidden @ out_w + out_b).ravel()))

    def score(self, sentence: Sentence) -> dict[int, float]:
        """Cue probability of every scored word of ``sentence``, by word index."""
        words = [w for w in sentence.words if w.upos in SCORED_UPOS]
        if not words:
            return {}
        rows = np.stack([self.features(sentence, w) for w in words])
        return {w.index: float(p) for w, p in zip(words, self.probabilities(rows), strict=True)}


def save_cue_model(path: Path, model: CueModel) -> None:
    """Write ``model`` as one compressed ``.npz`` file."""
    words = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    np.savez_compressed(
        path, vocabulary=np.array("\n".join(words)), vectors=model.vectors.astype(np.float16),
        hidden_w=model.layers[0], hidden_b=model.layers[1], out_w=model.layers[2],
        out_b=model.layers[3], feature_names=np.array("\n".join(model.feature_names)),
        thresholds=np.array([model.propose, model.reject, model.propose_object], np.float64),
        meta=np.array(repr(model.meta)))


def read_cue_model(source: Any) -> CueModel:
    """The model in an ``.npz`` file (a path or an open binary file)."""
    with np.load(source, allow_pickle=False) as data:
        words = str(data["vocabulary"]).split("\n")
        names = tuple(str(data["feature_names"]).split("\n"))
        if names[:len(STRUCTURE)] != tuple(name for name, _ in STRUCTURE):
            raise ValueError("the cue model was trained on other features than this code's")
        propose, reject, propose_object = (float(x) for x in data["thresholds"])
        layers = tuple(data[k].astype(np.float32)
                       for k in ("hidden_w", "hidden_b", "out_w", "out_b"))
        return CueModel({w: i for i, w in enumerate(words)},
                        data["vectors"].astype(np.float32), layers, names, propose, reject,
                        {"description": str(data["meta"])}, propose_object)


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel | None:
    """The bundled detector, or None when the package ships none (rules only)."""
    resource = resources.files("attribution").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    with resource.open("rb") as handle:
        return read_cue_model(handle)
