"""Fit the confidence calibrator (`attribution.calibration`) on PolNeAR train.

    attribution models calibrate --gold ../shared/polnear/train.jsonl --parses TRAIN.pkl \\
        --out attribution/models/cues

The engine (with the bundled cue detector, without calibration) runs on the cached parses, the
content finder on each document fitted without it (`arguments.held_out_models`);
each outermost content piece it predicts is one example, labelled right when the reference
metrics match it to a gold content (overlap) with the right speaker. A logistic regression
with a small L2 penalty is fitted; 5-fold cross-validation over documents reports the expected
calibration error it would have on unseen documents and picks the floor (the confidence under
which the engine drops a record) that gives the best end-to-end F1 on them; the final fit uses
every document. A cue lemma gets a weight of its own when at least `MIN_CUE_PIECES` pieces
have it; the rarer ones share one (`calibration.RARE_CUE`).
"""

from __future__ import annotations

import argparse
import pickle
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..calibration import RARE_CUE, Calibrator, contexts, features
from ..evaluate import load_documents, piece_records
from ..metrics import CONFIDENCE_BINS, Quote, WordTokens, match_overlap, speaker_correct
from ..model import Attribution
from .cues import add_learning_command

FOLDS = 5
PENALTY = 1e-3
MIN_CUE_PIECES = 30
# Floors tried; 0 keeps everything.
FLOORS = tuple(round(0.05 * step, 2) for step in range(11))


def labelled_pieces(text: str, gold: list[Quote],
                    records: tuple[Attribution, ...]) -> list[tuple[Attribution, int]]:
    """``(record, right)`` for every outermost predicted piece of one document."""
    pieces: list[tuple[Attribution, Quote]] = []
    for record in records:
        if record.nested_in:
            continue
        pieces += [(record, Quote.from_record(piece))
                   for piece in piece_records("", text, record)]
    pairs = match_overlap(gold, [q for _, q in pieces], WordTokens(text))
    right = {j for i, j in pairs if speaker_correct(gold[i], pieces[j][1])}
    return [(record, int(j in right)) for j, (record, _) in enumerate(pieces)]


def examples(gold_path: Path, cache_path: Path
             ) -> tuple[list[tuple[int, dict[str, float], int]], int]:
    """``(document number, features, right)`` of every predicted piece, and the number of
    gold pieces."""
    from stanza.models.common.doc import Document

    from ..argmodel import load_argument_model
    from ..extract import BUNDLED, extract_document
    from .arguments import held_out_models

    with open(cache_path, "rb") as handle:
        cache = pickle.load(handle)
    gold = load_documents(gold_path)
    bundled = load_argument_model()
    finders = held_out_models(gold_path, cache_path, bundled) if bundled else {}
    found = []
    gold_pieces = 0
    for number, (doc_id, (text, doc_dict)) in enumerate(sorted(cache.items())):
        result = extract_document(text, Document(doc_dict, text=text), calibrator=None,
                                  argument_model=finders.get(doc_id, BUNDLED))
        quotes = [Quote.from_record(q) for q in gold[doc_id].get("quotes", [])]
        gold_pieces += len(quotes)
        around = contexts(result)
        for record, right in labelled_pieces(text, quotes, result.attributions):
            found.append((number, dict(features(record, record.confidence, around[record.id])),
                          right))
    return _rare_cues(found), gold_pieces


def _rare_cues(found: list[tuple[int, dict[str, float], int]]
               ) -> list[tuple[int, dict[str, float], int]]:
    """The examples with every cue lemma of fewer than `MIN_CUE_PIECES` pieces as `RARE_CUE`."""
    counts = Counter(name for _, feats, _ in found for name in feats if name.startswith("cue="))
    rare = {name for name, n in counts.items() if n < MIN_CUE_PIECES and name != "cue=none"}
    return [(number, {(RARE_CUE if name in rare else name): value
                      for name, value in feats.items()}, right)
            for number, feats, right in found]


def best_floor(probabilities: np.ndarray, labels: np.ndarray, gold_pieces: int) -> float:
    """The floor of `FLOORS` with the best end-to-end F1 (2 right / (kept + gold))."""
    def f1(floor: float) -> float:
        kept = probabilities >= floor
        return 2 * labels[kept].sum() / (kept.sum() + gold_pieces)
    return max(FLOORS, key=lambda floor: (round(f1(floor), 6), -floor))


def fit(rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Logistic-regression weights (the last one the bias) by Newton steps on the log-loss."""
    x = np.hstack([rows, np.ones((len(rows), 1))])
    weights = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ weights))
        gradient = x.T @ (p - labels) / len(x) + PENALTY * weights
        hessian = (x.T * (p * (1 - p))) @ x / len(x) + PENALTY * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def ece(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Expected calibration error over `CONFIDENCE_BINS` equal bins."""
    bins = np.minimum((probabilities * CONFIDENCE_BINS).astype(int), CONFIDENCE_BINS - 1)
    return float(sum(abs(probabilities[bins == b].mean() - labels[bins == b].mean())
                     * (bins == b).sum() for b in set(bins.tolist())) / len(labels))


def calibrate(args: argparse.Namespace) -> int:
    """``attribution models calibrate``."""
    started = time.time()
    found, gold_pieces = examples(args.gold, args.parses)
    names = sorted({name for _, feats, _ in found for name in feats})
    rows = np.array([[feats.get(n, 0.0) for n in names] for _, feats, _ in found])
    labels = np.array([right for _, _, right in found], float)
    owners = np.array([number for number, _, _ in found]) % FOLDS
    held_out = np.zeros(len(rows))
    for fold in range(FOLDS):
        w = fit(rows[owners != fold], labels[owners != fold])
        x = rows[owners == fold]
        held_out[owners == fold] = 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))
    cv_ece = ece(held_out, labels)
    floor = best_floor(held_out, labels, gold_pieces)
    weights = fit(rows, labels)
    meta = {"data": "PolNeAR train, bundled parses and cue detector, held-out content finders",
            "pieces": len(rows),
            "right": int(labels.sum()), "gold_pieces": gold_pieces,
            "cross_validated_ece": round(cv_ece, 4),
            "floor_chosen_by": "5-fold cross-validated end-to-end F1 over " + ", ".join(
                f"{f:g}" for f in FLOORS),
            "raw_ece": round(ece(np.array([f["base"] for _, f, _ in found]), labels), 4),
            "training_seconds": round(time.time() - started, 1),
            "command": "attribution models calibrate --gold GOLD --parses PARSES --out OUT"}
    calibrator = Calibrator(dict(zip(names, weights[:-1].round(5).tolist(), strict=True)),
                            round(float(weights[-1]), 5), meta, floor)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "calibration.json").write_text(calibrator.to_json() + "\n", encoding="utf-8")
    print(f"{len(rows)} pieces, {int(labels.sum())} right; ECE of the rules' confidences "
          f"{meta['raw_ece']:.3f}, cross-validated ECE {cv_ece:.3f}, floor {floor:g}; "
          f"{args.out}/calibration.json")
    return 0


def add_calibrate(commands: Any) -> None:
    """Add ``models calibrate``."""
    parser = add_learning_command(
        commands, "calibrate", "fit the confidence calibrator on PolNeAR-style gold and parses",
        "where calibration.json goes")
    parser.set_defaults(func=calibrate)

