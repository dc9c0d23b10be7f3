"""The training recipe: Stanza's own trainers, called as modules, one processor at a time.

Every setting lives in `SETTINGS`, so the recipe is read (and recorded in the manifest) as
data. Trainers run as ``python -m stanza.models.<module> --mode train`` in a subprocess with
one log per processor under ``WORK/logs``; they never download anything because every input
(treebank files, word vectors) is given as a path.

The parser uses no tag features (``--tag_emb_dim 0``): it then never sees the gap between
gold tags at training time and predicted tags at run time, and it can train while the
tagger trains.

Sizes were chosen for speed (issue 15, measured in docs/models.md, "Speed of smaller
architectures"): the tagger's LSTM has hidden size 100 (not 200). The parser keeps hidden
200: trained at 100 on the same data its dev LAS stood at 80.0 after 3,900 steps, where the
200 parser had reached 83.5. The tokenizer keeps its second, hierarchical BiLSTM: trained
without it (`--no-hierarchical`) on the same data, it cut "Rep." and "Sen." into a word and a
full stop, so that a speaker came out as "Rep".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import treebanks, vectors

SHORTHAND = "en_combined"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")

SETTINGS: dict[str, dict[str, str]] = {
    "tokenize": {"--max_seqlen": "300", "--steps": "6000", "--eval_steps": "500",
                 "--feat_funcs": "space_before,capitalized,numeric,end_of_para,start_of_para,"
                                 "labeled_field,phone_id,date_pattern,currency"},
    "mwt": {"--num_epoch": "30", "--max_dec_len": "20"},
    "pos": {"--share_hid": "", "--batch_size": "50", "--hidden_dim": "100",
            "--char_hidden_dim": "128", "--word_emb_dim": "100", "--max_steps": "8000",
            "--eval_interval": "400", "--max_steps_before_stop": "3000"},
    "lemma": {"--num_epoch": "2"},
    "depparse": {"--num_layers": "2", "--hidden_dim": "200", "--char_hidden_dim": "100",
                 "--deep_biaff_hidden_dim": "100", "--deep_biaff_output_dim": "100",
                 "--tag_emb_dim": "0", "--optim": "adam", "--lr": "0.002",
                 "--batch_size": "2500", "--max_steps": "9000", "--eval_interval": "300",
                 "--checkpoint_interval": "300", "--max_steps_before_stop": "1500",
                 "--no_second_optim": ""},
}

# Trainers that take no --lang option.
WITHOUT_LANG = frozenset({"lemma"})
MODULES = {"tokenize": "tokenizer", "mwt": "mwt_expander", "pos": "tagger",
           "lemma": "lemmatizer", "depparse": "parser"}


@dataclass(frozen=True)
class Layout:
    """Where one training run keeps its data, models and logs."""

    ud: Path
    work: Path

    @property
    def data(self) -> Path:
        """Prepared treebank files."""
        return self.work / "data"

    @property
    def models(self) -> Path:
        """Trained models and checkpoints."""
        return self.work / "models"

    @property
    def logs(self) -> Path:
        """One log per processor."""
        return self.work / "logs"

    def conllu(self, split: str) -> Path:
        """The combined EWT+GUM CoNLL-U file of a split."""
        return self.data / f"{SHORTHAND}.{split}.conllu"

    def model(self, processor: str) -> Path:
        """The trained model file of a processor."""
        return self.models / f"{processor}.pt"

    @property
    def pretrain(self) -> Path:
        """The GloVe pretrain file shared by tagger and parser."""
        return self.data / "glove50.pt"


def prepare(layout: Layout) -> None:
    """Build every data file the trainers read; files that exist are kept."""
    for folder in (layout.data, layout.models, layout.logs):
        folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        if not layout.conllu(split).exists():
            treebanks.build_split(layout.ud, split, layout.conllu(split))
    vectors.build_pretrain(layout.pretrain)
    for split in ("train", "dev"):
        _prepare_tokenizer_split(layout, split)
        _prepare_mwt_split(layout, split)


def _tok(layout: Layout, split: str, suffix: str) -> Path:
    return layout.data / f"{SHORTHAND}-{split}.{suffix}"


def _prepare_tokenizer_split(layout: Layout, split: str) -> None:
    from stanza.utils.datasets import conllu_to_text, prepare_tokenizer_data

    if _tok(layout, split, "toklabels").exists():
        return
    conllu_to_text.convert_text(str(layout.conllu(split)), str(_tok(layout, split, "txt")))
    prepare_tokenizer_data.main([str(_tok(layout, split, "txt")), str(layout.conllu(split)),
                                 "-o", str(_tok(layout, split, "toklabels")),
                                 "-m", str(_tok(layout, split, "mwt.json"))])


def _prepare_mwt_split(layout: Layout, split: str) -> None:
    from stanza.utils.datasets.contract_mwt import contract_mwt

    if not _tok(layout, split, "in.conllu").exists():
        contract_mwt(str(layout.conllu(split)), str(_tok(layout, split, "in.conllu")))


def _tokenize_args(layout: Layout) -> list[str]:
    return ["--label_file", str(_tok(layout, "train", "toklabels")),
            "--txt_file", str(_tok(layout, "train", "txt")),
            "--mwt_json_file", str(_tok(layout, "dev", "mwt.json")),
            "--dev_txt_file", str(_tok(layout, "dev", "txt")),
            "--dev_label_file", str(_tok(layout, "dev", "toklabels")),
            "--dev_conll_gold", str(layout.conllu("dev")),
            "--conll_file", str(layout.work / "tokenize.dev.pred.conllu")]


def _mwt_args(layout: Layout) -> list[str]:
    return ["--train_file", str(layout.conllu("train")),
            "--eval_file", str(_tok(layout, "dev", "in.conllu")),
            "--gold_file", str(layout.conllu("dev")),
            "--output_file", str(layout.work / "mwt.dev.pred.conllu")]


def _tagged_args(layout: Layout, processor: str) -> list[str]:
    args = ["--train_file", str(layout.conllu("train")),
            "--eval_file", str(layout.conllu("dev")),
            "--output_file", str(layout.work / f"{processor}.dev.pred.conllu")]
    if processor in ("pos", "depparse"):
        args += ["--wordvec_pretrain_file", str(layout.pretrain)]
    if processor == "depparse":
        args += ["--checkpoint_save_name", str(layout.models / "depparse.checkpoint.pt")]
    return args


INPUTS: dict[str, Callable[[Layout], list[str]]] = {
    "tokenize": _tokenize_args,
    "mwt": _mwt_args,
    "pos": lambda layout: _tagged_args(layout, "pos"),
    "lemma": lambda layout: _tagged_args(layout, "lemma"),
    "depparse": lambda layout: _tagged_args(layout, "depparse"),
}


def command(layout: Layout, processor: str, overrides: dict[str, str] | None = None) -> list[str]:
    """The full trainer command line for one processor."""
    settings = {**SETTINGS[processor], **(overrides or {})}
    flags = [part for key, value in settings.items() for part in (key, value) if part]
    save = layout.model(processor)
    language = [] if processor in WITHOUT_LANG else ["--lang", "en"]
    return [sys.executable, "-m", f"stanza.models.{MODULES[processor]}", "--mode", "train",
            *language, "--shorthand", SHORTHAND, "--cpu",
            "--save_dir", str(save.parent), "--save_name", save.name,
            *INPUTS[processor](layout), *flags]


def train(layout: Layout, processor: str, threads: int = 1,
          overrides: dict[str, str] | None = None) -> float:
    """Run one trainer to the end, logging to ``logs/<processor>.log``; return its seconds."""
    cmd = command(layout, processor, overrides)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    log = layout.logs / f"{processor}.log"
    started = time.time()
    with log.open("a", encoding="utf-8") as handle:
        handle.write("$ " + " ".join(cmd) + "\n")
        handle.flush()
        subprocess.run(cmd, stdout=handle, stderr=subprocess.STDOUT, env=env, check=True)
    seconds = time.time() - started
    _record_cost(layout, processor, seconds, cmd)
    return seconds


def _record_cost(layout: Layout, processor: str, seconds: float, cmd: list[str]) -> None:
    path = layout.work / "costs.json"
    costs = json.loads(path.read_text()) if path.exists() else {}
    costs.setdefault(processor, []).append({"seconds": round(seconds), "command": cmd[2:]})
    path.write_text(json.dumps(costs, indent=2))


# Added for the `attribution models` command; the settings and functions above are unchanged.

LIMIT_FLAGS: dict[str, tuple[str, ...]] = {
    "tokenize": ("--steps", "--eval_steps"),
    "pos": ("--max_steps", "--eval_interval"),
    "depparse": ("--max_steps", "--eval_interval", "--checkpoint_interval"),
}
EPOCH_FLAG = "--num_epoch"  # mwt and lemma count epochs, not steps
PRETRAIN_NAME = "pretrain.pt"


def limit_overrides(processor: str, max_steps: int | None) -> dict[str, str]:
    """Overrides that stop a trainer after ``max_steps`` steps (one epoch for mwt and lemma)."""
    if not max_steps:
        return {}
    if processor not in LIMIT_FLAGS:
        return {EPOCH_FLAG: "1"}
    steps = {flag: str(min(max_steps, int(SETTINGS[processor].get(flag, max_steps))))
             for flag in LIMIT_FLAGS[processor][1:]}
    return {LIMIT_FLAGS[processor][0]: str(max_steps), **steps}


def finished(layout: Layout, processor: str) -> bool:
    """Whether a trainer ran to its end here: its cost is recorded and its model exists."""
    path = layout.work / "costs.json"
    costs = json.loads(path.read_text()) if path.exists() else {}
    return processor in costs and layout.model(processor).exists()


def package(layout: Layout, out: Path) -> list[Path]:
    """Copy the five models and the shared pretrain into ``out``; return the files copied."""
    import shutil

    missing = [str(layout.model(p)) for p in PROCESSORS if not layout.model(p).exists()]
    if missing:
        raise FileNotFoundError("not trained yet: " + ", ".join(missing))
    out.mkdir(parents=True, exist_ok=True)
    pairs = [(layout.model(p), out / f"{p}.pt") for p in PROCESSORS]
    pairs.append((layout.pretrain, out / PRETRAIN_NAME))
    return [Path(shutil.copyfile(source, target)) for source, target in pairs]


WARM_START_NAME = "depparse.warm-start.pt"


def warm_start(layout: Layout, source: Path,
               overrides: dict[str, str] | None = None) -> tuple[Path, list[str]]:
    """Start the recipe's parser from a trained parser ``source`` (Stanza's ``--continue_from``).

    Every parameter of ``source`` whose name and shape fit the parser the recipe builds is
    kept; the others (a scorer resized by new settings, say) start fresh, and so does the
    optimizer. Returns the file to continue from and the names of the parameters left out.
    """
    import torch
    from stanza.models import parser as stanza_parser
    from stanza.models.depparse.model import GraphParser
    from stanza.models.pos.vocab import MultiVocab

    checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    args = {**checkpoint["config"],
            **stanza_parser.parse_args(command(layout, "depparse", overrides)[3:])}
    args.setdefault("bert_model", None)
    vectors_dim = checkpoint["model"]["trans_pretrained.weight"].shape[1]
    target = GraphParser(args, MultiVocab.load_state_dict(checkpoint["vocab"]),
                         emb_matrix=torch.zeros(2, vectors_dim))
    shapes = {name: tensor.shape for name, tensor in target.state_dict().items()}
    kept = {name: tensor for name, tensor in checkpoint["model"].items()
            if shapes.get(name) == tensor.shape}
    left_out = sorted(set(checkpoint["model"]) - set(kept))
    path = layout.models / WARM_START_NAME
    torch.save({"model": kept, "vocab": checkpoint["vocab"], "config": checkpoint["config"],
                "model_type": "graph"}, path)
    return path, left_out
