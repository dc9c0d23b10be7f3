"""Faster inference for Stanza's tagger and parser, with the same tags, trees and labels.

Stanza's parser, at prediction time, scores every relation for every pair of words
(an n x n x 58 tensor per sentence), turns all of it into log-probabilities and copies it to
numpy, then decodes each sentence with a Chu-Liu-Edmonds search that first lowers every root
arc, so the best heads never form a tree and the search contracts cycle after cycle, finding
each with a recursive Tarjan in Python. On news text that was most of the parser's time.
Here the model and its decisions stay and the waste goes:

* `decode_tree` runs the plain search first; when its best tree has one root it is the tree
  the reweighted search finds too (reweighting shifts every single-root tree by the same
  constant), and only trees with several roots are searched again with the reweighting;
  `find_cycles` replaces the Tarjan walk;
* relation labels are scored only for the arcs of the decoded tree, once per distinct head;
  the full label tensor of a sentence is built, as before, only when its tree breaks a head
  constraint (two subjects or two objects on one head), which Stanza's repair step needs.

The lemmatizer builds its character tensors for every word of a document before it learns
which words its dictionary already knows, then builds them again for the few it does not;
`lemma_process` builds them only for those few, and decodes each (word, tag) pair once: 44% of
the decodes of news text repeat a pair seen before, and a pair's decode depends only on it.

The whole pipeline runs under `torch.inference_mode` (`inference_process`), and
`without_optimizers` keeps Stanza from building training optimizers while it loads models.

The tagger spends a fifth of its time writing feature strings ("Number=Sing|Person=3") for
every word and padding position from the same few hundred id combinations; `memoize_id2unit`
remembers them.

`install` applies what fits a loaded pipeline: the parser's predict method is swapped only when
the model is of the kind this code reproduces (graph parser, no arc embedding, no transformer);
anything else keeps Stanza's own method. `tests/attribution/test_speedups.py` checks the results
against Stanza's.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

PARSER = "depparse: argmax trees and arc labels"
TAGGER = "pos: remembered feature strings"
LEMMATIZER = "lemma: dictionary words skip the character tensors, repeated words one decode"
INFERENCE = "pipeline: torch.inference_mode"
# (word, tag) pairs whose seq2seq lemma decode a pipeline remembers; about 40 bytes of key and
# value each beyond the strings, so the cache stays under 10 MB.
LEMMA_CACHE_SIZE = 100_000


def decode_tree(log_probs: np.ndarray) -> np.ndarray:
    """The single-root maximum spanning tree, as ``chuliu_edmonds_one_root`` computes it.

    ``log_probs[d, h]`` scores head ``h`` for dependent ``d``; row and column 0 are the root.
    Stanza lowers every root arc by one large constant, which changes the score of every
    single-root tree by the same amount, and runs Chu-Liu-Edmonds. Here the plain search runs
    first (no reweighting, so it contracts only the cycles the parser really proposed, and
    none when the best heads already form a tree); when its best tree has one root, that tree
    is the best of all trees, so it is the one Stanza's search ends with. Only trees with
    several roots get the reweighted search.
    """
    heads = chuliu_edmonds(log_probs.astype(np.float64))
    if _roots(heads) == 1:
        return heads
    scores = log_probs.astype(np.float64)
    scores[:, 0] += scores[np.isfinite(scores)].min() * scores.shape[0]
    heads = chuliu_edmonds(scores)
    if _roots(heads) != 1:
        raise AssertionError("the root reweighting should leave exactly one root")
    return heads


def _roots(heads: np.ndarray) -> int:
    return int(np.count_nonzero(heads[1:] == 0))


def chuliu_edmonds(scores: np.ndarray) -> np.ndarray:
    """Stanza's Chu-Liu-Edmonds loop (``scores`` is changed in place), with `find_cycles`.

    Stanza finds cycles with a recursive Tarjan in Python that walks every node again after
    each contraction; on rootless trees it was most of the parser's decoding time. The
    contraction and expansion steps are Stanza's own.
    """
    from stanza.models.common.chuliu_edmonds import (
        expand_contracted_tree,
        prepare_scores,
        process_cycle,
    )

    stack = []
    prepare_scores(scores)
    tree = np.argmax(scores, axis=1)
    cycles = find_cycles(tree)
    while cycles:
        contracted = process_cycle(tree, cycles.pop(), scores)
        stack.append((tree, *contracted[1:]))
        scores = contracted[0]
        prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        cycles = find_cycles(tree)
    while stack:
        outer, *steps = stack.pop()
        tree = expand_contracted_tree(outer, tree, *steps)
    return tree


def find_cycles(heads: np.ndarray) -> list[np.ndarray]:
    """Every cycle of a head array (``heads[0] == 0``), each as a mask over the nodes."""
    parent = heads.tolist()
    state = [0] * len(parent)  # 0 unseen, 1 on the current walk, 2 finished
    state[0] = 2
    cycles = []
    for start in range(1, len(parent)):
        walk, node = [], start
        while state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if state[node] == 1:
            cycle = np.zeros(len(parent), dtype=bool)
            cycle[walk[walk.index(node):]] = True
            cycles.append(cycle)
        for visited in walk:
            state[visited] = 2
    return cycles


def _arc_scores(scorer: Any, dependents: torch.Tensor, heads: torch.Tensor,
                head_of: torch.Tensor) -> torch.Tensor:
    """A DeepBiaffineScorer's scores for arcs, K x outputs.

    ``dependents`` holds K word vectors, ``heads`` the U distinct head vectors and ``head_of``
    the row of ``heads`` for each dependent. The bilinear form is applied to each distinct head
    once (a head with five dependents costs one product, not five): about half the words of a
    sentence head nothing, so this halves the largest product of the parser.
    """
    left = F.relu(scorer.W1(dependents))
    right = F.relu(scorer.W2(heads))
    left = torch.cat([left, left.new_ones(left.size(0), 1)], 1)
    right = torch.cat([right, right.new_ones(right.size(0), 1)], 1)
    bilinear = scorer.scorer.W_bilin
    size_i, size_j, size_o = bilinear.weight.shape
    by_head = bilinear.weight.permute(1, 0, 2).reshape(size_j, size_i * size_o)
    per_head = (right @ by_head).view(-1, size_i, size_o)
    return torch.bmm(left.unsqueeze(1), per_head[head_of]).squeeze(1) + bilinear.bias


def _unlabeled_scores(model: Any, hidden: torch.Tensor) -> torch.Tensor:
    """Arc scores exactly as ``GraphParser.forward_scores`` builds them at inference."""
    scores = model.unlabeled(hidden, hidden).squeeze(3)
    length = hidden.size(1)
    if model.args["linearization"] or model.args["distance"]:
        positions = torch.arange(length)
        offset = positions.view(1, 1, -1) - positions.view(1, -1, 1)
    if model.args["linearization"]:
        lin = model.linearization(hidden, hidden).squeeze(3)
        scores += F.logsigmoid(lin * torch.sign(offset).float())
    if model.args["distance"]:
        dist = 1 + F.softplus(model.distance(hidden, hidden).squeeze(3))
        scores += -torch.log((torch.abs(offset).float() - dist) ** 2 / 2 + 1)
    diagonal = torch.eye(length, dtype=torch.bool).unsqueeze(0)
    return scores.masked_fill_(diagonal, -float("inf"))


def fast_predict(self: Any, word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats,
                 pretrained, lemma, head, deprel, word_orig_idx, sentlens, wordlens, text,
                 resolve_head_constraints: bool = False) -> list:
    """``GraphParser.predict`` with the same output, for an eval-mode model."""
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import (
        find_head_constraint_violations,
        resolve_head_constraint_violations,
    )

    hidden = self.embed(word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats,
                        pretrained, lemma, head, deprel, word_orig_idx, sentlens, wordlens, text)
    log_probs = F.log_softmax(_unlabeled_scores(self, hidden), 2).numpy()
    trees = [decode_tree(log_probs[i, :n, :n]) for i, n in enumerate(sentlens)]

    rows = [(i, j, int(tree[j])) for i, tree in enumerate(trees) for j in range(1, len(tree))]
    index = torch.tensor(rows, dtype=torch.long).view(-1, 3)
    head_rows, head_of = torch.unique(index[:, 0] * hidden.size(1) + index[:, 2],
                                      return_inverse=True)
    head_vectors = hidden.reshape(-1, hidden.size(2))[head_rows]
    labels = _arc_scores(self.deprel, hidden[index[:, 0], index[:, 1]], head_vectors,
                         head_of).argmax(1).tolist()

    vocab = self.vocab["deprel"]
    out, start = [], 0
    for i, tree in enumerate(trees):
        raw = labels[start:start + len(tree) - 1]
        start += len(tree) - 1
        names = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        if resolve_head_constraints and find_head_constraint_violations(tree, names):
            n = sentlens[i]
            full = self.deprel(hidden[i:i + 1, :n], hidden[i:i + 1, :n])
            label_log_probs = F.log_softmax(full, 3)[0].numpy()
            tree, raw = resolve_head_constraint_violations(
                log_probs[i, :n, :n], label_log_probs, tree, vocab)
            names = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        out.append([[int(h), name] for h, name in zip(tree[1:], names, strict=True)])
    return out


def parser_supported(model: Any) -> bool:
    """Whether `fast_predict` reproduces this parser model."""
    from stanza.models.depparse.model import GraphParser

    return (type(model) is GraphParser and not model.args.get("use_arc_embedding")
            and not model.args.get("bert_model"))


def memoize_id2unit(vocab: Any, size: int = 4096) -> bool:
    """Remember a composite vocabulary's id-tuple -> string answers; False if it gives lists."""
    if getattr(vocab, "sep", None) is None or not hasattr(vocab, "_id2unit"):
        return False
    lookup = functools.lru_cache(maxsize=size)(lambda key: type(vocab).id2unit(vocab, key))

    def id2unit(ids: Any) -> str:
        return lookup(tuple(ids) if isinstance(ids, list) else ids)

    vocab.id2unit = id2unit
    return True


def lemma_process(self: Any, document: Any) -> Any:
    """``LemmaProcessor.process`` for a dictionary-plus-seq2seq lemmatizer, same lemmas.

    Only the words outside the dictionary get character tensors, and each (word, tag) pair is
    decoded once: a pair seen before (in this document or an earlier one) takes the decode
    remembered in `_seq2seq_cache` (see `lemma_decodes`).
    """
    from stanza.models.common import doc

    word_tags = [tuple(pair) for pair in document.get([doc.TEXT, doc.UPOS])]
    skip = self.trainer.skip_seq2seq(word_tags)
    decodes = lemma_decodes(self, document, word_tags, skip)
    unknown = [pair for pair, known in zip(word_tags, skip, strict=True) if not known]
    words = [word for word, _ in unknown]
    predicted = iter(self.trainer.postprocess(words, [decodes[pair][0] for pair in unknown],
                                              edits=[decodes[pair][1] for pair in unknown]))
    guesses = ["" if known else next(predicted) for known in skip]
    lemmas = self.trainer.ensemble(word_tags, guesses)
    document.set([doc.LEMMA], [lemma or "_" for lemma in lemmas])
    return document


def lemma_decodes(self: Any, document: Any, word_tags: list[tuple[str, str]],
                  skip: list[bool]) -> dict[tuple[str, str], tuple[str, Any]]:
    """The seq2seq ``(prediction, edit)`` of each (word, tag) pair outside the dictionary.

    A pair is decoded once per document, and remembered for later documents when all its
    characters are in the model's character vocabulary (a character outside it gets an id
    that depends on the document, which the copy mechanism sees, so such words are decoded
    again in each document).
    """
    from stanza.models.lemma.data import DataLoader

    cache = self.__dict__.setdefault("_seq2seq_cache", {})
    known_chars = self.vocab["char"]._unit2id
    queued: set[tuple[str, str]] = set()
    todo = []  # True: no decode needed for this word (Stanza's skip list)
    for pair, known in zip(word_tags, skip, strict=True):
        done = known or pair in queued or pair in cache
        todo.append(done)
        if not done:
            queued.add(pair)
    predicted, edits = [], []
    if not all(todo):
        batches = DataLoader(document, self.config["batch_size"], self.config, vocab=self.vocab,
                             evaluation=True, skip=todo, expand_unk_vocab=True)
        with torch.no_grad():
            for batch in batches:
                lemmas, batch_edits = self.trainer.predict(batch, self.config["beam_size"],
                                                           batches.vocab)
                predicted += lemmas
                edits += batch_edits or [None] * len(lemmas)
    fresh = [pair for pair, done in zip(word_tags, todo, strict=True) if not done]
    decodes = dict(zip(fresh, zip(predicted, edits, strict=True), strict=True))
    for pair, decode in decodes.items():
        if len(cache) < LEMMA_CACHE_SIZE and all(char in known_chars for char in pair[0]):
            cache[pair] = decode
    return {pair: decodes.get(pair) or cache[pair]
            for pair, known in zip(word_tags, skip, strict=True) if not known}


def lemma_supported(processor: Any) -> bool:
    """Whether `lemma_process` reproduces this lemma processor."""
    return (not processor.use_identity and not processor.config.get("dict_only")
            and bool(processor.config.get("ensemble_dict"))
            and not getattr(processor, "store_results", False)
            and not processor.trainer.has_contextual_lemmatizers())


def inference_process(self: Any, doc: Any, processors: Any = None) -> Any:
    """``Pipeline.process`` under `torch.inference_mode` (no autograd bookkeeping at all)."""
    with torch.inference_mode():
        return type(self).process(self, doc, processors)


@contextmanager
def without_optimizers() -> Iterator[None]:
    """Build Stanza processors without their training optimizers (inference never steps one).

    Stanza's tokenizer, mwt and lemma trainers build an optimizer even when they only load a
    model for prediction, and the first optimizer imports ``torch._dynamo``: about 1.4 s and
    70 MiB of a pipeline's load. While this is active, Stanza's optimizer factories answer
    None (and ``{}`` for the split one); the models and their outputs are the same.
    """
    from stanza.models.common import utils

    saved = utils.get_optimizer, utils.get_split_optimizer
    utils.get_optimizer, utils.get_split_optimizer = _no_optimizer, _no_split_optimizer
    try:
        yield
    finally:
        utils.get_optimizer, utils.get_split_optimizer = saved


def _no_optimizer(*args: Any, **kwargs: Any) -> None:
    return None


def _no_split_optimizer(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def install(pipeline: Any) -> list[str]:
    """Apply the speed-ups that fit ``pipeline``; return the names of those applied."""
    remove(pipeline)
    pipeline.process = types.MethodType(inference_process, pipeline)
    applied = [INFERENCE]
    parser = _model(pipeline, "depparse")
    if parser is not None and parser_supported(parser):
        parser.predict = types.MethodType(fast_predict, parser)
        applied.append(PARSER)
    feats = _feats(pipeline)
    if feats is not None and memoize_id2unit(feats):
        applied.append(TAGGER)
    lemmatizer = pipeline.processors.get("lemma")
    if lemmatizer is not None and lemma_supported(lemmatizer):
        lemmatizer.process = types.MethodType(lemma_process, lemmatizer)
        applied.append(LEMMATIZER)
    return applied


def installed(pipeline: Any) -> list[str]:
    """The names of the speed-ups in place on ``pipeline``."""
    return [name for name, owner, attribute in _patch_points(pipeline)
            if owner is not None and attribute in vars(owner)]


def remove(pipeline: Any) -> None:
    """Undo `install`: Stanza's own methods answer again (for comparisons and benchmarks)."""
    for _, owner, attribute in _patch_points(pipeline):
        if owner is not None and attribute in vars(owner):
            delattr(owner, attribute)


def _patch_points(pipeline: Any) -> tuple[tuple[str, Any, str], ...]:
    """Each speed-up's name, the object it patches and the attribute it sets there."""
    return ((INFERENCE, pipeline, "process"),
            (PARSER, _model(pipeline, "depparse"), "predict"),
            (TAGGER, _feats(pipeline), "id2unit"),
            (LEMMATIZER, pipeline.processors.get("lemma"), "process"))


def _feats(pipeline: Any) -> Any:
    tagger = _model(pipeline, "pos")
    return tagger.vocab["feats"] if tagger is not None and "feats" in tagger.vocab else None


def _model(pipeline: Any, processor: str) -> Any:
    return getattr(getattr(pipeline.processors.get(processor), "trainer", None), "model", None)
