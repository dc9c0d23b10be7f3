"""Train the learned content finder (`attribution.argmodel`) on PolNeAR train.

    attribution models train-arguments --gold ../shared/polnear/train.jsonl \\
        --parses TRAIN.pkl --out attribution/models/cues

Every (head, argument) pair the model scores is one example, labelled positive when an
annotated attribution has its cue on the head and a content whose words the argument's words
match (Jaccard >= 0.5, the scorer's overlap criterion). Hidden units are chosen by 5-fold
cross-validation over documents; the threshold is then chosen on held-out documents by the
engine's end-to-end F1 (the network fitted without them, the bundled cue detector on), and the
final network is fitted on every document. Deterministic: fixed seeds, one thread.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..argmodel import (
    ArgumentModel,
    argument_words,
    feature_names,
    save_argument_model,
    scored_pairs,
)
from ..cuemodel import CueModel
from ..lexicon import load_lexicon
from ..parse import Parse, Sentence
from .cues import (
    FOLDS,
    add_learning_command,
    cross_validate,
    fit,
    glove_vocabulary,
    gold_parses,
    held_out_f1,
)

HIDDEN_CHOICES = (16, 32)
EPOCHS = 20
THRESHOLD_CHOICES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)
SAME_CONTENT = 0.5

# (cue word starts, content word starts) of each annotated attribution
Gold = list[tuple[frozenset[int], frozenset[int]]]


def _word_starts(sentence: Sentence, spans: list[tuple[int, int]]) -> set[int]:
    return {w.start for w in sentence.words if w.upos != "PUNCT"
            and any(s <= w.start < e for s, e in spans)}


def _gold(parse: Parse, quotes: list[dict[str, Any]]) -> dict[int, Gold]:
    """Annotated attributions by sentence number of their cue (pieces of a group joined)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for number, quote in enumerate(quotes):
        groups.setdefault(quote.get("group") or str(number), []).append(quote)
    found: dict[int, Gold] = {}
    for pieces in groups.values():
        cues = [tuple(span) for q in pieces for span in q.get("cue_spans") or ()]
        sentence = parse.sentence_at(cues[0][0]) if cues else None
        if sentence is None:
            continue
        spans = [(q["start"], q["end"]) for q in pieces]
        content = {start for s in parse.overlapping(min(spans)[0], max(e for _, e in spans))
                   for start in _word_starts(s, spans)}
        found.setdefault(sentence.index, []).append(
            (frozenset(_word_starts(sentence, cues)), frozenset(content)))
    return found


def _label(head_start: int, words: set[int], gold: Gold) -> int:
    for cue, content in gold:
        if head_start in cue and len(words & content) >= SAME_CONTENT * len(words | content):
            return 1
    return 0


def design(gold_path: Path, cache_path: Path, model: ArgumentModel
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Feature rows, labels and document numbers of every scored pair, and document ids."""
    lexicon = load_lexicon()
    rows, labels, owners, ids = [], [], [], []
    for document, parse in gold_parses(gold_path, cache_path):
        gold = _gold(parse, document["quotes"])
        for sentence in parse.sentences:
            pairs = scored_pairs(sentence)
            if not pairs:
                continue
            rows.append(model.rows(sentence, pairs, lexicon))
            for head, argument in pairs:
                words = {w.start for w in argument_words(sentence, argument)
                         if w.upos != "PUNCT"}
                labels.append(_label(head.start, words, gold.get(sentence.index, [])))
                owners.append(len(ids))
        ids.append(document["id"])
    return (np.concatenate(rows), np.asarray(labels, np.float32), np.asarray(owners), ids)


def _network(layers: tuple[np.ndarray, ...], vocabulary: dict[str, int], vectors: np.ndarray,
             threshold: float = 0.5, meta: dict[str, Any] | None = None) -> ArgumentModel:
    return ArgumentModel(CueModel(vocabulary, vectors, layers, feature_names(vectors.shape[1]),
                                  threshold, 0.0, meta or {}, 1.0))


def choose_threshold(model: ArgumentModel, gold_path: Path, cache_path: Path,
                     held_ids: set[str]) -> tuple[float, dict[str, float]]:
    """The threshold with the best end-to-end F1 (overlap) on held-out documents, against
    the engine without the content finder."""
    engine_f1 = held_out_f1(gold_path, cache_path, held_ids)
    found: dict[str, float] = {}
    for threshold in (None, *THRESHOLD_CHOICES):
        trial = None if threshold is None else ArgumentModel(
            replace(model.network, propose=threshold))
        found[str(threshold)] = f1 = engine_f1(argument_model=trial)
        print(f"threshold {threshold}: e2e F1 {f1:.4f}", flush=True)
    best = max((k for k in found if k != "None"), key=found.__getitem__)
    return float(best), found


def held_out_models(gold_path: Path, cache_path: Path,
                    bundled: ArgumentModel) -> dict[str, ArgumentModel]:
    """For each document, a network of ``bundled``'s size and threshold fitted on the other
    folds: what `calibrate` runs on a document, so that the calibrator learns from
    probabilities the finder gives texts it never saw."""
    network = bundled.network
    rows, labels, owners, ids = design(gold_path, cache_path, ArgumentModel(network))
    hidden = network.layers[0].shape[1]
    found = {}
    for fold in range(FOLDS):
        held = owners % FOLDS == fold
        model = ArgumentModel(replace(network, layers=fit(rows[~held], labels[~held], hidden,
                                                          EPOCHS)))
        found.update({ids[n]: model for n in range(fold, len(ids), FOLDS)})
    return found


def train_arguments(args: argparse.Namespace) -> int:
    """``attribution models train-arguments``."""
    started = time.time()
    pretrain = args.pretrain or Path(__file__).resolve().parents[1] / "models/en/pretrain.pt"
    vocabulary, vectors = glove_vocabulary(pretrain)
    reader = _network((), vocabulary, vectors)
    rows, labels, owners, ids = design(args.gold, args.parses, reader)
    print(f"{len(ids)} documents, {len(rows)} pairs, {int(labels.sum())} contents", flush=True)
    selection = cross_validate(rows, labels, owners, HIDDEN_CHOICES, (EPOCHS,))
    best = min(selection.values(), key=lambda r: r["log_loss"])
    held = owners % FOLDS == 0
    partial = _network(fit(rows[~held], labels[~held], best["hidden"], EPOCHS),
                       vocabulary, vectors)
    held_ids = {ids[n] for n in set(owners[held].tolist())}
    threshold, sweep = choose_threshold(partial, args.gold, args.parses, held_ids)
    layers = fit(rows, labels, best["hidden"], EPOCHS)
    meta = {"data": f"PolNeAR train ({len(ids)} documents), bundled parses",
            "examples": int(len(rows)), "contents": int(labels.sum()),
            "selection": selection, "chosen": best, "threshold_sweep": sweep,
            "threshold": threshold, "training_seconds": round(time.time() - started, 1),
            "command": "attribution models train-arguments --gold GOLD --parses PARSES "
                       "--out OUT"}
    args.out.mkdir(parents=True, exist_ok=True)
    save_argument_model(args.out / "argument-model.npz",
                        _network(layers, vocabulary, vectors, threshold, meta))
    (args.out / "argument-manifest.json").write_text(json.dumps(meta, indent=1),
                                                     encoding="utf-8")
    print(f"chosen {best}, threshold {threshold}; {meta['training_seconds']} s; "
          f"model in {args.out}")
    return 0


def add_train_arguments(commands: Any) -> None:
    """Add ``models train-arguments``."""
    parser = add_learning_command(
        commands, "train-arguments",
        "train the learned content finder on PolNeAR-style gold and parses", "where it goes")
    parser.add_argument("--pretrain", type=Path, help="GloVe pretrain file (default: bundled)")
    parser.set_defaults(func=train_arguments)
