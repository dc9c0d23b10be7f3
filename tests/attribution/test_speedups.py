"""The inference speed-ups give Stanza's own trees, labels, tags and lemmas.

The decoder is compared with Stanza's on random score matrices (unit tests, no model); the
whole pipeline is compared with itself with and without the speed-ups on news-like text.
"""

from __future__ import annotations

import numpy as np
import pytest

from attribution import speedups

NEWS = """The governor said on Tuesday that the state would appeal the ruling, which he called \
"a gift to polluters," and that lawyers were already drafting the papers.

"We are not going to stand by while our rivers are poisoned," said Maria Lopez, a spokeswoman \
for the environmental group, adding that the company had ignored three warnings since 2019.

According to two officials familiar with the talks, who spoke on condition of anonymity \
because they were not authorized to discuss them, negotiators from both sides met in Geneva \
for six hours but failed to agree on a timetable, a schedule for inspections or the lifting \
of sanctions.

Asked whether the president would veto the bill, the press secretary declined to comment. \
Critics, including several members of his own party, accused the administration of \
stonewalling; others said it was too early to tell.

The report, released Friday by the inspector general, found no evidence of fraud. It does \
not, however, explain why the contracts were awarded without bidding, the senator wrote in \
a letter to the agency on Thursday.

Smith, 54, who has led the department since 2015 and previously worked as a prosecutor in \
Ohio, told reporters he expected the investigation to conclude "within weeks, not months."
"""


def random_log_probs(rng: np.random.Generator, size: int, spread: float) -> np.ndarray:
    """Head log-probabilities like the parser's: each row normalised, no self-loops."""
    scores = rng.normal(size=(size, size)) * spread
    np.fill_diagonal(scores, -np.inf)
    scores -= np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return scores.astype(np.float32)


@pytest.mark.parametrize("heads, expected", [
    ([0, 4, 4, 4, 0], []),
    ([0, 2, 0, 4, 2, 2], []),
    ([0, 3, 1, 2], [[False, True, True, True]]),
    ([0, 2, 1, 4, 3], [[False, True, True, False, False], [False, False, False, True, True]]),
    ([0, 0, 3, 4, 2, 4], [[False, False, True, True, True, False]]),
])
def test_find_cycles(heads: list[int], expected: list[list[bool]]) -> None:
    found = speedups.find_cycles(np.array(heads))
    assert [cycle.tolist() for cycle in found] == expected


@pytest.mark.parametrize("spread", [0.3, 1.0, 3.0, 10.0])
def test_decode_tree_is_stanzas_single_root_tree(spread: float) -> None:
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    rng = np.random.default_rng(int(spread * 10))
    for _ in range(150):
        log_probs = random_log_probs(rng, int(rng.integers(2, 45)), spread)
        ours = speedups.decode_tree(log_probs)
        assert np.array_equal(ours, chuliu_edmonds_one_root(log_probs))
        assert np.count_nonzero(ours[1:] == 0) == 1
        assert speedups.find_cycles(ours) == []


def test_decode_tree_keeps_a_tree_the_parser_already_proposed() -> None:
    # "Arthritis makes my hip hurt": every row's best head already forms a one-root tree.
    heads = [0, 2, 0, 4, 5, 2]
    log_probs = np.full((6, 6), np.log(0.02), dtype=np.float32)
    for dependent, head in enumerate(heads[1:], start=1):
        log_probs[dependent, head] = np.log(0.9)
    np.fill_diagonal(log_probs, -np.inf)
    assert speedups.decode_tree(log_probs).tolist() == heads


class FeatureVocab:
    """The part of Stanza's CompositeVocab that `memoize_id2unit` relies on."""

    sep = "|"
    _id2unit = {"Number": ["Sing", "Plur"], "Person": ["1", "3"]}

    def __init__(self) -> None:
        self.calls = 0

    def id2unit(self, ids: tuple[int, ...]) -> str:
        self.calls += 1
        pairs = zip(self._id2unit.items(), ids, strict=True)
        return self.sep.join(f"{key}={values[i]}" for (key, values), i in pairs)


def test_memoize_id2unit_answers_the_same_and_computes_once() -> None:
    vocab = FeatureVocab()
    assert speedups.memoize_id2unit(vocab)
    assert vocab.id2unit([0, 1]) == vocab.id2unit((0, 1)) == "Number=Sing|Person=3"
    assert vocab.id2unit([1, 0]) == "Number=Plur|Person=1"
    assert vocab.calls == 2


def test_memoize_id2unit_leaves_list_valued_vocabularies_alone() -> None:
    vocab = FeatureVocab()
    vocab.sep = None
    assert not speedups.memoize_id2unit(vocab)
    assert "id2unit" not in vars(vocab)


def test_bundled_pipeline_gets_every_speedup(parser) -> None:
    assert speedups.install(parser.pipeline) == [
        speedups.INFERENCE, speedups.PARSER, speedups.TAGGER, speedups.LEMMATIZER]


def stanza_own(parser, texts: list[str]) -> list[str]:
    """The CoNLL-U of each text with Stanza's own inference code (speed-ups removed)."""
    try:
        speedups.remove(parser.pipeline)
        return [f"{parser(text):C}" for text in texts]
    finally:
        speedups.install(parser.pipeline)


def lemma_cache(parser) -> dict:
    """The lemmatizer's remembered seq2seq decodes."""
    return parser.pipeline.processors["lemma"].__dict__.setdefault("_seq2seq_cache", {})


# Words outside the lemmatizer's dictionary, repeated, one with a character its model never saw.
UNKNOWN_WORDS = ("The Zorvathians said the zorvathians' grimbles were grimbling. Ŋorvath "
                 "grimbled too, the Zorvathians added, and the grimbles grimbled back.")


def test_speedups_change_no_tag_lemma_head_or_relation(parser) -> None:
    lemma_cache(parser).clear()
    texts = [NEWS, UNKNOWN_WORDS]
    cold = [f"{parser(text):C}" for text in texts]
    warm = [f"{parser(text):C}" for text in texts]  # every seq2seq lemma from the cache
    assert cold[0].count("# text = ") >= 6
    assert cold == warm == stanza_own(parser, texts)


def test_lemma_cache_keeps_only_words_of_known_characters(parser) -> None:
    cache = lemma_cache(parser)
    cache.clear()
    parser(UNKNOWN_WORDS)
    assert any(word.lower().startswith("grimbl") for word, _ in cache)
    assert not any("Ŋ" in word for word, _ in cache)


def test_pipeline_runs_in_inference_mode(parser) -> None:
    import torch

    seen = []
    tokenizer = parser.pipeline.processors["tokenize"]
    original = tokenizer.process
    tokenizer.process = lambda doc: (seen.append(torch.is_inference_mode_enabled()),
                                     original(doc))[1]
    try:
        parser("The mayor said the bridge would reopen.")
    finally:
        del tokenizer.process
    assert seen == [True]
    assert not torch.is_inference_mode_enabled()


def test_models_load_without_optimizers_and_parse_the_same(parser, monkeypatch) -> None:
    """Built with Stanza's optimizers (as before), the pipeline parses exactly the same."""
    import contextlib

    from stanza.models.common import utils

    from attribution import nlp

    factory = utils.get_optimizer
    assert parser.pipeline.processors["tokenize"].trainer.optimizer is None
    monkeypatch.setattr(speedups, "without_optimizers", contextlib.nullcontext)
    with_optimizers = nlp.build_pipeline(parser.source)
    assert with_optimizers.processors["tokenize"].trainer.optimizer is not None
    assert f"{with_optimizers(NEWS):C}" == f"{parser(NEWS):C}"
    assert utils.get_optimizer is factory


@pytest.mark.pipeline
def test_loading_leaves_one_torch_thread_and_no_dynamo() -> None:
    """In a fresh process: one torch thread by default, and torch._dynamo never imported."""
    import os
    import subprocess
    import sys

    code = ("import sys, torch; from attribution.nlp import load_parser; load_parser(); "
            "print(torch.get_num_threads(), 'torch._dynamo' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300, check=True)
    assert done.stdout.split() == ["1", "False"]


def test_installed_reports_what_remove_takes_away(parser) -> None:
    try:
        speedups.remove(parser.pipeline)
        assert speedups.installed(parser.pipeline) == []
    finally:
        applied = speedups.install(parser.pipeline)
    assert speedups.installed(parser.pipeline) == applied
