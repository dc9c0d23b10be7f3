"""The ``attribution models`` subcommands: train, package, evaluate and inspect model sets.

    attribution models train --ud DIR --out DIR [--work DIR] [--only pos,depparse]
                             [--threads N] [--max-steps N] [--retrain]
                             [--warm-start PARSER.pt]
    attribution models package --work DIR --out DIR [--name NAME]
    attribution models evaluate --ud DIR [--model-dir DIR] [--limit N] [--json FILE]
                                [--write-manifest]
    attribution models info [--model-dir DIR]

``train`` runs Stanza's trainers one processor at a time in dependency order, logging to
``WORK/logs/<processor>.log``. A processor whose run finished (its cost is in
``WORK/costs.json``) is skipped, and the parser resumes from its checkpoint, so running the
same command again continues an interrupted training. ``--warm-start`` starts the parser
from a trained parser's parameters wherever they fit the recipe's sizes (resized scorers start
fresh); once the run has a checkpoint, the checkpoint wins.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from . import manifest, recipe
from .arguments import add_train_arguments
from .calibrate import add_calibrate
from .cues import add_train_cues

log = logging.getLogger(__name__)
DEFAULT_WORK = Path("models-work")


def processors(only: str | None) -> list[str]:
    """The processors to train, in dependency order; ``only`` is a comma-separated subset."""
    if not only:
        return list(recipe.PROCESSORS)
    wanted = {name.strip() for name in only.split(",") if name.strip()}
    unknown = wanted - set(recipe.PROCESSORS)
    if unknown:
        raise SystemExit(f"unknown processor(s): {', '.join(sorted(unknown))}; "
                         f"choose from {', '.join(recipe.PROCESSORS)}")
    return [name for name in recipe.PROCESSORS if name in wanted]


def train(args: argparse.Namespace) -> int:
    """Prepare the data, train each processor not yet finished, then package the models."""
    layout = recipe.Layout(args.ud, args.work)
    recipe.prepare(layout)
    for processor in processors(args.only):
        if recipe.finished(layout, processor) and not args.retrain:
            print(f"{processor}: already trained in {layout.work}, skipped (--retrain to redo)")
            continue
        print(f"{processor}: training, log in {layout.logs / (processor + '.log')}", flush=True)
        overrides = recipe.limit_overrides(processor, args.max_steps)
        if processor == "depparse" and args.warm_start:
            warm, left_out = recipe.warm_start(layout, args.warm_start, overrides)
            overrides["--continue_from"] = str(warm)
            print(f"depparse: starting from {args.warm_start}; fresh: {', '.join(left_out)}")
        seconds = recipe.train(layout, processor, args.threads, overrides)
        print(f"{processor}: done in {seconds / 60:.1f} min", flush=True)
    if all(layout.model(p).exists() for p in recipe.PROCESSORS):
        return package_models(layout, args.out, args.name)
    print(f"not packaged: some processors are not trained yet in {layout.models}")
    return 0


def package_models(layout: recipe.Layout, out: Path, name: str) -> int:
    """Copy the models into ``out`` and write their manifest."""
    recipe.package(layout, out)
    path = manifest.write(manifest.build(layout, out, name), out)
    print(f"packaged {len(recipe.PROCESSORS)} models and the pretrain in {out}; manifest {path}")
    return 0


def package(args: argparse.Namespace) -> int:
    """The ``package`` subcommand."""
    return package_models(recipe.Layout(Path(), args.work), args.out, args.name)


def evaluate(args: argparse.Namespace) -> int:
    """Run the benchmark; print its tables, and optionally store the scores."""
    from . import scoring

    results = scoring.run_benchmark(args.model_dir, args.ud, args.limit)
    print(scoring.markdown_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_manifest:
        manifest.add_scores(Path(results["model"]["path"]), results)
    return 0


def info(args: argparse.Namespace) -> int:
    """Print every place the loader looks, which it picks, and that model set's manifest."""
    from ..errors import ModelNotFoundError
    from ..nlp import candidate_sources, choose_source, read_manifest

    for source in candidate_sources(args.model_dir):
        state = "usable" if source.usable else f"not usable ({source.reason})"
        print(f"{source.name}: {source.path} — {state}")
    try:
        chosen = choose_source(args.model_dir)
    except ModelNotFoundError as error:
        print(error)
        return 1
    print(f"\nchosen: {chosen.name} at {chosen.path}")
    print(json.dumps(read_manifest(chosen.path), indent=2))
    return 0


def _add_train(commands: Any) -> None:
    parser = commands.add_parser("train", help="train the five Stanza models from UD treebanks")
    parser.add_argument("--ud", type=Path, required=True, help="folder holding UD_English-*")
    parser.add_argument("--out", type=Path, required=True, help="where the packaged models go")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="data, checkpoints, logs and costs.json (default: %(default)s)")
    parser.add_argument("--only", help="comma-separated processors, e.g. pos,depparse")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per trainer")
    parser.add_argument("--max-steps", type=int, help="stop early (a smoke test)")
    parser.add_argument("--retrain", action="store_true", help="train finished processors again")
    parser.add_argument("--warm-start", type=Path,
                        help="a trained parser (.pt) whose fitting parameters start the parser")
    parser.add_argument("--name", default=manifest.DEFAULT_NAME, help="model set name")
    parser.set_defaults(func=train)


def _add_package(commands: Any) -> None:
    parser = commands.add_parser("package", help="copy trained models and write the manifest")
    parser.add_argument("--work", type=Path, required=True, help="the training work folder")
    parser.add_argument("--out", type=Path, required=True, help="where the models go")
    parser.add_argument("--name", default=manifest.DEFAULT_NAME, help="model set name")
    parser.set_defaults(func=package)


def _add_evaluate(commands: Any) -> None:
    parser = commands.add_parser("evaluate", help="score a model set on EWT and GUM news test")
    parser.add_argument("--ud", type=Path, required=True, help="folder holding UD_English-*")
    parser.add_argument("--model-dir", type=Path, help="models to test (default: the loader's)")
    parser.add_argument("--limit", type=int, help="score only the first N sentences per set")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--write-manifest", action="store_true",
                        help="store the results as the scores in the model dir's manifest")
    parser.set_defaults(func=evaluate)


def _add_info(commands: Any) -> None:
    parser = commands.add_parser("info", help="which models the loader picks, and their manifest")
    parser.add_argument("--model-dir", type=Path, help="an explicit model directory to check")
    parser.set_defaults(func=info)


def register(subparsers: Any) -> None:
    """Add ``models`` and its subcommands to the ``attribution`` command line."""
    models = subparsers.add_parser("models", help="train, package, evaluate and inspect models")
    commands = models.add_subparsers(dest="models_command", required=True)
    for add in (_add_train, _add_package, _add_evaluate, _add_info, add_train_cues,
                add_train_arguments, add_calibrate):
        add(commands)
