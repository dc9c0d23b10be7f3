"""The learned content finder: which argument of a word is what somebody said, thought or did.

A third of PolNeAR's attributions that the rules miss have a content the parser already holds
as one argument of the cue: an object ("made the case for tariffs", "laid out his plan"), a
prepositional phrase ("spoke about trade", "was critical of the deal"), an infinitive ("tried
to block"), a clause hung as an adverbial. The cue lexicon cannot list every verb and
adjective used that way, and many listed verbs take such arguments only in some senses. So a
small network scores every (head, argument) pair of a sentence, reading the head's syntax (the
cue detector's `STRUCTURE` features), the head's and the argument's GloVe vectors, the
argument's relation, tag and preposition, and whether the lexicon lists the head; a pair above
the model's threshold whose head no rule took becomes a candidate (`learned_argument`), with
the head's subject as the source or no source for a passive.

Trained by ``attribution models train-arguments`` on PolNeAR train (Newell, Margolin and
Ruths, LREC 2018) aligned to the bundled parses: a statistical model of its annotations that
holds none of its text (file ``models/cues/argument-model.npz``; plain numpy, deterministic).
The file holds the network only: the word vectors are the cue detector's, read from its file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .cuemodel import (
    STRUCTURE,
    CueModel,
    load_cue_model,
    read_cue_model,
    save_cue_model,
    structure_features,
)
from .lexicon import Lexicon
from .parse import Sentence, Word
from .phrases import pieces_of
from .rules import Candidate, is_purpose_infinitive, make_candidate

MODEL_FILE = "models/cues/argument-model.npz"
LEARNED_RULE = "argument-model"
# Words whose arguments the model scores.
HEAD_UPOS = ("VERB", "ADJ")
# Relations of the arguments it scores, and the tags and prepositions it tells apart.
ARGUMENT_RELATIONS = ("obj", "obl", "xcomp", "ccomp", "advcl", "nsubj:pass", "iobj", "csubj")
ARGUMENT_UPOS = ("NOUN", "PROPN", "PRON", "VERB", "ADJ", "NUM", "AUX")
ARGUMENT_MARKERS = ("about", "on", "for", "of", "against", "to", "with", "as", "over", "that",
                    "if", "whether", "in", "at", "from", "by", "into", "like", "toward",
                    "how", "why", "what")
# Words left out of the content at the argument's start (its preposition or complementizer).
LEADING_RELATIONS = frozenset({"case", "mark"})
LENGTH_BUCKETS = (1, 2, 4, 8, 16)
# An infinitive's marker, which stays in the content ("to comment").
INFINITIVE_MARKS = frozenset({"mark"})
INFINITIVE_WORDS = frozenset({"to"})
VERB_UPOS = frozenset({"VERB", "AUX"})
ARGUMENT_NAMES = (
    *(f"relation-{r}" for r in ARGUMENT_RELATIONS), *(f"upos-{u}" for u in ARGUMENT_UPOS),
    *(f"marker-{m}" for m in ARGUMENT_MARKERS), *(f"words>={n}" for n in LENGTH_BUCKETS),
    "before-head", "head-adjective", "lexicon-clause", "lexicon-object", "lexicon-infinitive",
    "lexicon-preposition",
)


def arguments(sentence: Sentence, head: Word) -> list[Word]:
    """The dependents of ``head`` the model scores."""
    return [w for w in sentence.kids(head, frozenset(ARGUMENT_RELATIONS)) if w.upos != "PUNCT"]


def scored_pairs(sentence: Sentence) -> list[tuple[Word, Word]]:
    """Every (head, argument) pair of ``sentence`` the model scores, in text order."""
    return [(h, a) for h in sentence.words if h.upos in HEAD_UPOS for a in arguments(sentence, h)]


def argument_words(sentence: Sentence, argument: Word) -> list[Word]:
    """The words of ``argument`` that would be the content: its subtree without the
    preposition or complementizer that introduces it."""
    leading = frozenset(w.index for w in sentence.kids(argument, LEADING_RELATIONS)
                        if w.index < argument.index)
    return sentence.subtree(argument, leading)


def content_words(sentence: Sentence, argument: Word) -> list[Word]:
    """The content of ``argument``: `argument_words`, but an infinitive keeps its "to" ("declined
    to comment"), as PolNeAR and the control-complement rule write it."""
    dropped = frozenset(w.index for w in sentence.kids(argument, LEADING_RELATIONS)
                        if w.index < argument.index and not (
                            argument.upos in VERB_UPOS and w.deprel in INFINITIVE_MARKS
                            and w.text.lower() in INFINITIVE_WORDS))
    return sentence.subtree(argument, dropped)


def _lexicon_flags(lexicon: Lexicon, lemma: str) -> list[float]:
    return [float(lexicon.is_verb_cue(lemma)),
            float(lemma in lexicon.object_content or lemma in lexicon.object_predicate),
            float(lemma in lexicon.control), float(lemma in lexicon.prepositional_objects)]


def argument_features(sentence: Sentence, head: Word, argument: Word,
                      lexicon: Lexicon) -> list[float]:
    """The named features of one (head, argument) pair, in `ARGUMENT_NAMES` order."""
    markers = {w.text.lower() for w in sentence.kids(argument, LEADING_RELATIONS)}
    size = len(argument_words(sentence, argument))
    return [*(float(argument.deprel == r) for r in ARGUMENT_RELATIONS),
            *(float(argument.upos == u) for u in ARGUMENT_UPOS),
            *(float(m in markers) for m in ARGUMENT_MARKERS),
            *(float(size >= n) for n in LENGTH_BUCKETS),
            float(argument.index < head.index), float(head.upos == "ADJ"),
            *_lexicon_flags(lexicon, head.lemma.lower())]


@dataclass(frozen=True)
class ArgumentModel:
    """The network (stored in a `CueModel` container) and its proposal threshold."""

    network: CueModel

    @property
    def threshold(self) -> float:
        """Pairs scoring at least this become candidates."""
        return self.network.propose

    def rows(self, sentence: Sentence, pairs: list[tuple[Word, Word]],
             lexicon: Lexicon) -> np.ndarray:
        """Feature rows of ``pairs`` (head, argument)."""
        net = self.network
        syntax = {h.index: structure_features(sentence, h) for h, _ in pairs}
        return np.stack([np.concatenate([
            np.asarray(syntax[head.index]
                       + argument_features(sentence, head, argument, lexicon), np.float32),
            net.vector(head.lemma), net.vector(argument.lemma)]) for head, argument in pairs])

    def score(self, sentence: Sentence, lexicon: Lexicon,
              pairs: list[tuple[Word, Word]] | None = None) -> list[tuple[Word, Word, float]]:
        """Each pair of ``pairs`` (every scored pair of ``sentence`` by default) with its
        probability."""
        pairs = scored_pairs(sentence) if pairs is None else pairs
        if not pairs:
            return []
        probabilities = self.network.probabilities(self.rows(sentence, pairs, lexicon))
        return [(h, a, float(p)) for (h, a), p in zip(pairs, probabilities, strict=True)]


def feature_names(dimensions: int) -> tuple[str, ...]:
    """Names of every column the network reads."""
    return (tuple(name for name, _ in STRUCTURE) + ARGUMENT_NAMES
            + tuple(f"head-vector-{i}" for i in range(dimensions))
            + tuple(f"argument-vector-{i}" for i in range(dimensions)))


def _unlisted_frame(lexicon: Lexicon, head: Word, argument: Word) -> bool:
    """An infinitive of a verb the lexicon lists, but not among the verbs whose infinitive is
    content (`Lexicon.control`): the lexicon's choice stands ("agreed to meet" reports a
    decision, "vowed to fight" an intention)."""
    lemma = head.lemma.lower()
    return argument.deprel == "xcomp" and any(_lexicon_flags(lexicon, lemma)) and (
        lemma not in lexicon.control)


def learned_argument(sentence: Sentence, lexicon: Lexicon, model: ArgumentModel,
                     taken: set[int]) -> Iterator[Candidate]:
    """The best-scoring argument of each head no rule took as a cue, when it reaches the
    model's threshold; the probability is the confidence. An infinitive of purpose ("a group
    to discuss the process") states an aim, and is never a head."""
    open_pairs = [(h, a) for h, a in scored_pairs(sentence)
                  if h.index not in taken and not is_purpose_infinitive(sentence, h)
                  and not _unlisted_frame(lexicon, h, a)]
    best: dict[int, tuple[Word, Word, float]] = {}
    for head, argument, probability in model.score(sentence, lexicon, open_pairs):
        if probability >= model.threshold and (
                head.index not in best or probability > best[head.index][2]):
            best[head.index] = (head, argument, probability)
    for head, argument, probability in best.values():
        content = pieces_of(content_words(sentence, argument))
        found = make_candidate(LEARNED_RULE, sentence, head, content, lexicon, probability)
        if found is not None:
            yield found


def save_argument_model(path: Any, model: ArgumentModel) -> None:
    """Write ``model``'s network (not its word vectors) as one compressed ``.npz`` file."""
    network = model.network
    save_cue_model(path, replace(network, vocabulary={},
                                 vectors=np.zeros((0, network.vectors.shape[1]), np.float32)))


def read_argument_model(source: Any, words: CueModel) -> ArgumentModel:
    """The model in an ``.npz`` file (a path or an open binary file), reading the word
    vectors of ``words`` (the cue detector it was trained beside)."""
    network = read_cue_model(source)
    if network.feature_names != feature_names(words.vectors.shape[1]):
        raise ValueError("the argument model was trained on other features than this code's")
    return ArgumentModel(replace(network, vocabulary=words.vocabulary, vectors=words.vectors))


@lru_cache(maxsize=1)
def load_argument_model() -> ArgumentModel | None:
    """The bundled model, or None when the package ships none (or no cue detector)."""
    resource = resources.files("attribution").joinpath(MODEL_FILE)
    words = load_cue_model()
    if not resource.is_file() or words is None:
        return None
    with resource.open("rb") as handle:
        return read_argument_model(handle, words)
