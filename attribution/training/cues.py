"""Train the learned cue detector (`attribution.cuemodel`) on PolNeAR train.

    attribution models train-cues --gold ../shared/polnear/train.jsonl --parses TRAIN.pkl \\
        --out attribution/models/cues

``--parses`` is the cache of `tools/cache_parses.py` (the bundled pipeline's parses of the gold
texts). Every VERB of every parse is one example, labelled a cue when it overlaps an annotated
cue span. Model selection (hidden units, epochs) is by 5-fold cross-validation over documents;
the thresholds are then chosen on held-out documents by the engine's end-to-end F1
(`choose_thresholds`), and the final network is fitted on every document. Deterministic: fixed
seeds, one thread.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..cuemodel import SCORED_UPOS, STRUCTURE, CueModel, save_cue_model
from ..parse import Parse, from_stanza

VOCABULARY_SIZE = 30_000
HIDDEN_CHOICES = (16, 32, 64)
EPOCHS_CHOICES = (20, 40)
FOLDS = 5
SEED = 13
PROPOSE_CHOICES = (0.5, 0.6, 0.7)
REJECT_CHOICES = (0.0, 0.1, 0.2)
OBJECT_CHOICES = (0.7, 0.8, 0.9, 1.0)


def glove_vocabulary(pretrain: Path, size: int = VOCABULARY_SIZE) -> tuple[dict[str, int],
                                                                           np.ndarray]:
    """The ``size`` most frequent lower-case alphabetic words of the bundled GloVe pretrain
    file and their vectors."""
    import torch

    data = torch.load(pretrain, weights_only=False, map_location="cpu")
    units = data["vocab"]["_unit2id"]
    emb = data["emb"].numpy()
    words = [w for w, _ in sorted(units.items(), key=lambda kv: kv[1])
             if w.isalpha() and w.islower()][:size]
    return {w: i for i, w in enumerate(words)}, emb[[units[w] for w in words]].astype(np.float32)


Documents = list[tuple[str, Parse, list[tuple[int, int]]]]


def gold_parses(gold_path: Path, cache_path: Path) -> Iterator[tuple[dict[str, Any], Parse]]:
    """``(gold document, parse)`` of every gold document the cache holds, in file order."""
    from stanza.models.common.doc import Document

    with open(cache_path, "rb") as handle:
        cache = pickle.load(handle)
    with open(gold_path, encoding="utf-8") as lines:
        for line in lines:
            gold = json.loads(line)
            if gold["id"] in cache:
                text, doc_dict = cache[gold["id"]]
                yield gold, from_stanza(Document(doc_dict, text=text), text)


def load_parses(gold_path: Path, cache_path: Path) -> Documents:
    """``(id, parse, cue spans)`` of every cached gold document."""
    return [(gold["id"], parse,
             [(s, e) for q in gold["quotes"] for s, e in q.get("cue_spans") or ()])
            for gold, parse in gold_parses(gold_path, cache_path)]


def design(documents: Documents, vocabulary: dict[str, int],
           vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows (`CueModel.features`), labels and document numbers of every scored word;
    a word is a cue when it overlaps an annotated cue span."""
    reader = _model((), vocabulary, vectors)
    rows, labels, owners = [], [], []
    for number, (_, parse, cues) in enumerate(documents):
        for sentence in parse.sentences:
            for word in sentence.words:
                if word.upos in SCORED_UPOS:
                    rows.append(reader.features(sentence, word))
                    labels.append(int(any(s < word.end and word.start < e for s, e in cues)))
                    owners.append(number)
    return np.stack(rows), np.asarray(labels, np.float32), np.asarray(owners)


def fit(rows: np.ndarray, labels: np.ndarray, hidden: int, epochs: int,
        seed: int = SEED) -> tuple[np.ndarray, ...]:
    """A one-hidden-layer network fitted by Adam on the log-loss; its weights as numpy."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    x, y = torch.from_numpy(rows), torch.from_numpy(labels)
    network = torch.nn.Sequential(torch.nn.Linear(rows.shape[1], hidden), torch.nn.ReLU(),
                                  torch.nn.Linear(hidden, 1))
    optimiser = torch.optim.Adam(network.parameters(), lr=3e-3, weight_decay=1e-5)
    loss = torch.nn.BCEWithLogitsLoss()
    order = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=order).split(512):
            optimiser.zero_grad()
            loss(network(x[batch]).squeeze(1), y[batch]).backward()
            optimiser.step()
    first, last = network[0], network[2]
    return (first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy(),
            last.weight.detach().numpy().T.copy(), last.bias.detach().numpy().copy())


def _model(layers: tuple[np.ndarray, ...], vocabulary: dict[str, int], vectors: np.ndarray,
           thresholds: tuple[float, float, float] = (0.7, 0.0, 1.0),
           meta: dict[str, Any] | None = None) -> CueModel:
    names = tuple(name for name, _ in STRUCTURE) + tuple(
        f"vector-{i}" for i in range(vectors.shape[1]))
    propose, reject, propose_object = thresholds
    return CueModel(vocabulary, vectors, layers, names, propose, reject, meta or {},
                    propose_object)


def _auc(labels: np.ndarray, scores: np.ndarray) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2)
                 / (positives * negatives))


def cross_validate(rows: np.ndarray, labels: np.ndarray, owners: np.ndarray,
                   hidden_choices: tuple[int, ...] = HIDDEN_CHOICES,
                   epochs_choices: tuple[int, ...] = EPOCHS_CHOICES) -> dict[str, Any]:
    """Mean held-out log-loss and AUC of each (hidden units, epochs) setting of the network,
    folds by document."""
    folds = owners % FOLDS
    results = {}
    for hidden in hidden_choices:
        for epochs in epochs_choices:
            losses, aucs = [], []
            for fold in range(FOLDS):
                train, held = folds != fold, folds == fold
                network = _model(fit(rows[train], labels[train], hidden, epochs), {},
                                 np.zeros((0, 0), np.float32))
                p = np.clip(network.probabilities(rows[held]), 1e-6, 1 - 1e-6)
                y = labels[held]
                losses.append(float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()))
                aucs.append(_auc(y, p))
            results[f"{hidden}x{epochs}"] = {"hidden": hidden, "epochs": epochs,
                                             "log_loss": float(np.mean(losses)),
                                             "auc": float(np.mean(aucs))}
            print(f"hidden {hidden} epochs {epochs}: log-loss {np.mean(losses):.4f} "
                  f"AUC {np.mean(aucs):.4f}", flush=True)
    return results


def held_out_f1(gold_path: Path, cache_path: Path,
                held_ids: set[str]) -> Callable[..., float]:
    """A function that runs the engine (uncalibrated, with the keyword arguments it is given:
    the models on trial) over the held-out documents and gives its end-to-end F1 (overlap)."""
    from stanza.models.common.doc import Document

    from ..evaluate import load_documents, to_prediction
    from ..extract import extract_document
    from ..metrics import score

    with open(cache_path, "rb") as handle:
        cache = {k: v for k, v in pickle.load(handle).items() if k in held_ids}
    gold = {k: v for k, v in load_documents(gold_path).items() if k in held_ids}
    docs = {k: (t, Document(d, text=t)) for k, (t, d) in cache.items()}

    def run(**models: Any) -> float:
        predictions = {k: to_prediction(k, extract_document(text, doc, calibrator=None,
                                                            **models))
                       for k, (text, doc) in docs.items()}
        return score(gold, predictions)["modes"]["overlap"]["e2e_f1"]

    return run


def choose_thresholds(model: CueModel, gold_path: Path, cache_path: Path,
                      held_ids: set[str]) -> tuple[tuple[float, float, float], dict[str, float]]:
    """The (propose, reject, propose-object) thresholds with the best end-to-end F1 (overlap)
    on held-out documents, the engine run with a model that never saw them."""
    engine_f1 = held_out_f1(gold_path, cache_path, held_ids)
    found: dict[str, float] = {}
    for thresholds in itertools.product(PROPOSE_CHOICES, REJECT_CHOICES, OBJECT_CHOICES):
        trial = replace(model, propose=thresholds[0], reject=thresholds[1],
                        propose_object=thresholds[2])
        found["/".join(map(str, thresholds))] = f1 = engine_f1(cue_model=trial)
        print(f"thresholds {thresholds}: e2e F1 {f1:.4f}", flush=True)
    best = max(found, key=found.__getitem__)
    propose, reject, propose_object = (float(x) for x in best.split("/"))
    return (propose, reject, propose_object), found


def train_cues(args: argparse.Namespace) -> int:
    """``attribution models train-cues``."""
    started = time.time()
    pretrain = args.pretrain or Path(__file__).resolve().parents[1] / "models/en/pretrain.pt"
    vocabulary, vectors = glove_vocabulary(pretrain)
    documents = load_parses(args.gold, args.parses)
    rows, labels, owners = design(documents, vocabulary, vectors)
    print(f"{len(documents)} documents, {len(rows)} verbs, {int(labels.sum())} cues", flush=True)
    selection = cross_validate(rows, labels, owners)
    best = min(selection.values(), key=lambda r: r["log_loss"])
    # thresholds: a network fitted on four folds, the engine run on the fifth
    held = owners % FOLDS == 0
    partial = _model(fit(rows[~held], labels[~held], best["hidden"], best["epochs"]),
                     vocabulary, vectors)
    held_ids = {documents[n][0] for n in set(owners[held].tolist())}
    thresholds, sweep = choose_thresholds(partial, args.gold, args.parses, held_ids)
    layers = fit(rows, labels, best["hidden"], best["epochs"])
    meta = {"data": f"PolNeAR train ({len(documents)} documents), bundled parses",
            "examples": int(len(rows)), "cues": int(labels.sum()),
            "selection": selection, "chosen": best, "threshold_sweep": sweep,
            "thresholds": {"propose": thresholds[0], "reject": thresholds[1],
                           "propose_object": thresholds[2]},
            "training_seconds": round(time.time() - started, 1),
            "command": "attribution models train-cues --gold GOLD --parses PARSES --out OUT"}
    args.out.mkdir(parents=True, exist_ok=True)
    save_cue_model(args.out / "cue-model.npz",
                   _model(layers, vocabulary, vectors, thresholds, meta))
    (args.out / "manifest.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(f"chosen {best}, thresholds {thresholds}; "
          f"{meta['training_seconds']} s; model in {args.out}")
    return 0


def add_learning_command(commands: Any, name: str, summary: str,
                         out: str) -> argparse.ArgumentParser:
    """A ``models`` subcommand that learns from gold attributions and the parses of their
    texts (``--gold``, ``--parses``, ``--out``)."""
    parser = commands.add_parser(name, help=summary)
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL (PolNeAR train)")
    parser.add_argument("--parses", type=Path, required=True,
                        help="the parses of the gold texts (tools/cache_parses.py)")
    parser.add_argument("--out", type=Path, required=True, help=out)
    return parser


def add_train_cues(commands: Any) -> None:
    """Add ``models train-cues``."""
    parser = add_learning_command(
        commands, "train-cues", "train the learned cue detector on PolNeAR-style gold and parses",
        "where the model goes")
    parser.add_argument("--pretrain", type=Path, help="GloVe pretrain file (default: bundled)")
    parser.set_defaults(func=train_cues)
