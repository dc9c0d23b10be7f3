"""Build the Stanza pipeline once, from the first model set found; never download.

Where models are looked for, in order:

1. an explicit model directory: the ``model_dir`` argument or ``ATTRIBUTION_MODEL_DIR``;
2. the official Stanza English models, if the user already has them under
   ``STANZA_RESOURCES_DIR`` (Stanza's default ``~/stanza_resources`` when unset);
3. the models bundled in this package (``attribution/models/en``).

A model directory holds ``tokenize.pt``, ``mwt.pt``, ``pos.pt``, ``lemma.pt``, ``depparse.pt``
and, when the tagger or parser were trained with word vectors, ``pretrain.pt``; its
``manifest.json`` says how it was made. A `Parser` wraps the pipeline with a lock, because
Stanza pipelines are not safe to share between threads.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ModelNotFoundError
from .limits import install_url_scan_bound, parse_bounded

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
BUNDLED_DIR = Path(__file__).parent / "models" / "en"
MODEL_DIR_ENV = "ATTRIBUTION_MODEL_DIR"
STANZA_DIR_ENV = "STANZA_RESOURCES_DIR"
MAX_TOKEN_CHARS = 1000
# torch threads of a pipeline unless asked otherwise: on a shared machine a second OpenMP thread
# waits on a preempted partner (an 84-article batch took 326 s instead of 72 s), and on a quiet
# one it gave no gain for 1.5 times the CPU. Scale with processes instead.
DEFAULT_THREADS = 1


@dataclass(frozen=True)
class ModelSource:
    """One place models may come from, and what was found there."""

    name: str
    path: Path
    usable: bool
    reason: str = ""


def _model_files_missing(path: Path) -> list[str]:
    return [f"{p}.pt" for p in PROCESSORS if not (path / f"{p}.pt").is_file()]


def directory_source(name: str, path: Path) -> ModelSource:
    """Check a directory of project-format models (``<processor>.pt``)."""
    if not path.is_dir():
        return ModelSource(name, path, False, "no such directory")
    missing = _model_files_missing(path)
    if missing:
        return ModelSource(name, path, False, "missing " + ", ".join(missing))
    return ModelSource(name, path, True)


def official_source(resources_dir: Path) -> ModelSource:
    """Check for the official Stanza English models under a Stanza resources directory."""
    name = "official Stanza models"
    if not (resources_dir / "resources.json").is_file():
        return ModelSource(name, resources_dir, False, "no resources.json")
    if not (resources_dir / "en" / "depparse").is_dir():
        return ModelSource(name, resources_dir, False, "no English depparse model")
    return ModelSource(name, resources_dir, True)


def candidate_sources(model_dir: str | os.PathLike[str] | None = None) -> list[ModelSource]:
    """Every place searched, in the order they are tried."""
    sources = []
    explicit = model_dir or os.environ.get(MODEL_DIR_ENV)
    if explicit:
        sources.append(directory_source("explicit model directory", Path(explicit)))
    stanza_dir = os.environ.get(STANZA_DIR_ENV) or str(Path.home() / "stanza_resources")
    sources.append(official_source(Path(stanza_dir)))
    sources.append(directory_source("bundled models", BUNDLED_DIR))
    return sources


def choose_source(model_dir: str | os.PathLike[str] | None = None) -> ModelSource:
    """The first usable source; raise `ModelNotFoundError` naming every place tried."""
    sources = candidate_sources(model_dir)
    explicit = model_dir or os.environ.get(MODEL_DIR_ENV)
    if explicit and not sources[0].usable:
        raise ModelNotFoundError(_not_found_message(sources[:1]))
    for source in sources:
        if source.usable:
            return source
    raise ModelNotFoundError(_not_found_message(sources))


def _not_found_message(sources: list[ModelSource]) -> str:
    tried = "\n".join(f"  - {s.name}: {s.path} ({s.reason})" for s in sources)
    return (
        "No English Stanza models could be loaded. Looked in:\n" + tried + "\n"
        f"Fix: reinstall the package (it bundles models in {BUNDLED_DIR}), set {MODEL_DIR_ENV} "
        "to a directory made by `attribution models train`, or set "
        f"{STANZA_DIR_ENV} to a directory holding the official English models."
    )


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a model directory, or an empty dict when it has none."""
    manifest = path / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}


def _directory_kwargs(path: Path) -> dict[str, Any]:
    kwargs: dict[str, Any] = {f"{p}_model_path": str(path / f"{p}.pt") for p in PROCESSORS}
    if (path / "pretrain.pt").is_file():
        kwargs["pos_pretrain_path"] = str(path / "pretrain.pt")
        kwargs["depparse_pretrain_path"] = str(path / "pretrain.pt")
    # Stanza wants a resources.json in its dir even when nothing is downloaded.
    empty = Path(tempfile.mkdtemp(prefix="attribution-stanza-"))
    (empty / "resources.json").write_text("{}", encoding="utf-8")
    kwargs.update(dir=str(empty), allow_unknown_language=True)
    return kwargs


# Inference options that make parsing faster without changing a single output. The parser
# pads every sentence of a batch to the longest and scores every word pair for its arcs; with
# `speedups` installed, batches of 1,000 words (sorted by length, as Stanza does) parse news
# about 7% faster than 250 and than the 2,500 the model was trained with, same heads and labels.
SPEED_OPTIONS: dict[str, Any] = {"depparse_batch_size": 1000}


# Stanza warns that "en" is an "unsupported language" whenever its resources.json does not list
# it, which is always the case for a model directory (`_directory_kwargs` passes an empty one and
# ``allow_unknown_language``): expected here, so this one message is dropped while we build.
UNKNOWN_LANGUAGE_WARNING = "Trying to create pipeline for unsupported language"


def _not_unknown_language(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(UNKNOWN_LANGUAGE_WARNING)


@contextmanager
def _quiet_unknown_language() -> Iterator[None]:
    """Drop Stanza's unknown-language warning (only that one) while a pipeline is built."""
    logger = logging.getLogger("stanza")
    logger.addFilter(_not_unknown_language)
    try:
        yield
    finally:
        logger.removeFilter(_not_unknown_language)


def build_pipeline(source: ModelSource, threads: int | None = None) -> Any:
    """A Stanza pipeline for ``source``; never downloads."""
    import torch  # torch and Stanza load here, not at import: `--help` and input errors stay quick

    from . import lean, speedups

    stanza = lean.import_stanza()

    torch.set_num_threads(threads or DEFAULT_THREADS)
    kwargs = (
        {"dir": str(source.path)} if source.name == "official Stanza models"
        else _directory_kwargs(source.path)
    )
    with _quiet_unknown_language(), speedups.without_optimizers():
        pipeline = stanza.Pipeline(
            lang="en", processors=",".join(PROCESSORS), download_method=None,
            tokenize_max_seqlen=MAX_TOKEN_CHARS, use_gpu=False, logging_level="WARN",
            **SPEED_OPTIONS, **kwargs,
        )
    speedups.install(pipeline)
    install_url_scan_bound()
    return pipeline


@dataclass
class Parser:
    """A Stanza pipeline with the lock that makes it safe to call from several threads."""

    pipeline: Any
    source: ModelSource
    manifest: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, text: str) -> Any:
        """Parse ``text`` into a Stanza Document (one call at a time; `limits.parse_bounded`)."""
        with self._lock:
            return parse_bounded(self.pipeline, text)

    @property
    def model_name(self) -> str:
        """A short name for the model set, for response metadata."""
        return str(self.manifest.get("name") or self.source.name)


def load_parser(model_dir: str | os.PathLike[str] | None = None,
                threads: int | None = None) -> Parser:
    """Find models as the module docstring says and build the one pipeline of this process."""
    source = choose_source(model_dir)
    manifest = read_manifest(source.path) if source.name != "official Stanza models" else {}
    try:
        pipeline = build_pipeline(source, threads)
    except Exception as error:  # Stanza raises many kinds; report where and why.
        raise ModelNotFoundError(
            f"Could not load the {source.name} at {source.path}: {error}"
        ) from error
    return Parser(pipeline, source, manifest)
