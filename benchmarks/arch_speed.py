"""Inference speed of model folders of other architectures, in the project's pipeline.

    python benchmarks/arch_speed.py DIR [DIR ...] --texts ../shared/polnear/dev.jsonl \
        [--texts-limit 20] [--rounds 3] [--reference DIR] [--json OUT] [--markdown OUT]

Each folder holds the five ``<processor>.pt`` files and ``pretrain.pt`` that
`attribution.nlp.load_parser` loads; the reference (the bundled models unless given) is timed
beside them. Every run is a fresh process (``OMP_NUM_THREADS=1``, one torch thread,
`attribution.speedups` on) that loads one folder, parses a warm-up sentence and then each text
with ``Parser.__call__``, adding up the CPU seconds of every processor. Rounds visit the
folders in turn, rotated each round; each figure is the median over rounds.

Speed only, for models trained a step or two: a network's cost does not depend on its weights'
values, but three costs around the networks do, and are kept apart. The parser's tree search
its relation scoring, which runs once per distinct head of the chosen tree, and its repair of
trees that break a head constraint (a barely trained parser builds odd trees) are taken out of
the parser's figure; a barely
trained tagger gives wrong tags, and the lemmatizer then decodes many more words; a barely
trained tokenizer cuts the text into other words and sentences. So the whole pipeline of a
folder is *composed*: the reference's run, with the tokenizer network, the tagger and the
parser network of each processor whose file differs from the reference's put in their place.
Words per CPU second are always the reference's word count over the CPU seconds.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("tokenize", "mwt", "pos", "lemma", "depparse")
PARTS = ("decode", "labels", "repair", "tokenizer network")  # timed inside the stages
# The processors whose architecture is compared, and the cost that stands for each network.
COMPONENTS = {"tokenize": "tokenizer network", "pos": "pos", "depparse": "parser network"}
RUNNING: set[str] = set()  # keys being timed now, so that nested calls count once
WARM_UP = "The minister said on Tuesday that the plan would be announced next week."


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The benchmark's command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="model folders to time")
    parser.add_argument("--texts", type=Path, required=True, help="JSON lines with a 'text'")
    parser.add_argument("--texts-limit", type=int, default=20, help="use the first N texts")
    parser.add_argument("--rounds", type=int, default=3, help="runs per folder (median)")
    parser.add_argument("--reference", type=Path,
                        help="trained models the ratios and the composed pipeline are taken "
                             "from (default: the bundled models)")
    parser.add_argument("--json", type=Path, help="write every run here as JSON")
    parser.add_argument("--markdown", type=Path, help="write the table here as Markdown")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def timed(function: Callable[..., Any], seconds: dict[str, float], key: str) -> Callable[..., Any]:
    """``function`` adding the CPU seconds of each call to ``seconds[key]`` (once if nested)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if key in RUNNING:
            return function(*args, **kwargs)
        RUNNING.add(key)
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[key] = seconds.get(key, 0.0) + time.process_time() - started
            RUNNING.discard(key)

    return wrapper


def repair(pipeline: Any, seconds: dict[str, float]) -> None:
    """Time the parser's head-constraint check and repair (full label scores of a sentence)."""
    from stanza.models.depparse import head_constraints

    for name in ("find_head_constraint_violations", "resolve_head_constraint_violations"):
        setattr(head_constraints, name, timed(getattr(head_constraints, name), seconds, "repair"))
    scorer = pipeline.processors["depparse"].trainer.model.deprel
    scorer.forward = timed(scorer.forward, seconds, "repair")


def measure(folder: Path, texts: list[str]) -> dict[str, Any]:
    """Load ``folder`` in this process and return CPU seconds per processor over ``texts``."""
    from attribution import nlp, speedups

    started = time.process_time()
    parser = nlp.load_parser(model_dir=folder)
    load = time.process_time() - started
    parser(WARM_UP)
    seconds: dict[str, float] = {}
    for name, processor in parser.pipeline.processors.items():
        processor.process = timed(processor.process, seconds, name)
    speedups.decode_tree = timed(speedups.decode_tree, seconds, "decode")
    speedups._arc_scores = timed(speedups._arc_scores, seconds, "labels")
    repair(parser.pipeline, seconds)
    tokenizer = parser.pipeline.processors["tokenize"].trainer
    tokenizer.predict = timed(tokenizer.predict, seconds, "tokenizer network")
    words = 0
    started = time.process_time()
    for text in texts:
        words += sum(len(sentence.words) for sentence in parser(text).sentences)
    total = time.process_time() - started
    return {"folder": str(folder), "words": words, "load": load, "total": total,
            "applied": speedups.installed(parser.pipeline),
            **{name: seconds.get(name, 0.0) for name in (*STAGES, *PARTS)}}


def run_child(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One measurement of ``folder`` in a fresh single-threaded process."""
    command = [sys.executable, __file__, str(folder), "--child", folder, "--texts",
               str(args.texts), "--texts-limit", str(args.texts_limit)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([str(part) for part in command], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def sizes(folder: Path) -> dict[str, float]:
    """Megabytes of each network file that may change and of the whole folder."""
    megabytes = {name: (folder / f"{name}.pt").stat().st_size / 1e6 for name in COMPONENTS}
    megabytes["folder"] = sum(path.stat().st_size for path in folder.glob("*.pt")) / 1e6
    return megabytes


def changed(folder: Path, reference: Path) -> list[str]:
    """The processors whose model file in ``folder`` differs from the reference's."""
    return [name for name in COMPONENTS
            if not filecmp.cmp(folder / f"{name}.pt", reference / f"{name}.pt", shallow=False)]


def summarise(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Median CPU seconds over the runs of one folder; the parser network is the parser
    without its tree search, relation scoring and head-constraint repair (all weight-bound)."""
    keys = ("load", "total", *STAGES, *PARTS)
    median = {key: statistics.median(run[key] for run in runs) for key in keys}
    median["parser network"] = statistics.median(
        run["depparse"] - run["decode"] - run["labels"] - run["repair"] for run in runs)
    median["words"] = runs[0]["words"]
    return median


def composed(median: dict[str, float], reference: dict[str, float], swap: list[str]) -> float:
    """CPU seconds of the reference run with the cost of each swapped processor's network."""
    parts = [COMPONENTS[name] for name in swap]
    return reference["total"] + sum(median[part] - reference[part] for part in parts)


def table(results: dict[str, dict[str, Any]], reference: str) -> str:
    """The Markdown table: words per CPU second, ratios to the reference, sizes."""
    head = ("| folder | tokenize / pos / depparse MB | tokenizer network | pos "
            "| parser network | whole parse (composed) | tokenizer × | pos × "
            "| parser network × | whole × |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    ref = results[reference]["median"]
    words = ref["words"]

    def rate(seconds: float) -> str:
        return f"{words / seconds:,.0f}" if seconds else "–"

    for name, result in results.items():
        median, size = result["median"], result["sizes"]
        whole = composed(median, ref, result["changed"])
        own = COMPONENTS if name == reference else result["changed"]
        cells = [Path(name).name, " / ".join(f"{size[part]:.1f}" for part in COMPONENTS),
                 *(rate(median[COMPONENTS[part]]) if part in own else "–" for part in COMPONENTS),
                 rate(whole),
                 *(f"{ref[COMPONENTS[part]] / median[COMPONENTS[part]]:.2f}" if part in own
                   else "–" for part in COMPONENTS),
                 f"**{ref['total'] / whole:.2f}**"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Time every folder in alternating rounds and print the table."""
    args = parse_args(argv)
    from attribution.training.scoring import jsonl_texts

    if args.child:
        result = measure(args.child, jsonl_texts(args.texts, args.texts_limit))
        print(json.dumps(result))
        return 0
    from attribution.nlp import BUNDLED_DIR

    reference = args.reference or BUNDLED_DIR
    folders = list(dict.fromkeys([reference, *args.folders]))
    runs: dict[str, list[dict[str, Any]]] = {str(folder): [] for folder in folders}
    for round_number in range(args.rounds):
        shift = round_number % len(folders)
        for folder in folders[shift:] + folders[:shift]:
            run = run_child(folder, args)
            runs[str(folder)].append(run)
            print(f"round {round_number + 1}: {folder}: {run['words']} words, "
                  f"{run['total']:.2f} CPU s", file=sys.stderr, flush=True)
    results = {name: {"runs": done, "median": summarise(done), "sizes": sizes(Path(name)),
                      "changed": changed(Path(name), reference)}
               for name, done in runs.items()}
    markdown = table(results, str(reference))
    print(markdown)
    for path, text in ((args.json, json.dumps(results, indent=2) + "\n"),
                       (args.markdown, markdown)):
        if path:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
