"""Manifest writing: data, settings, costs, files and scores of a packaged model set."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from attribution.training import manifest, recipe, treebanks


@pytest.fixture
def packaged(ud_dir: Path, tmp_path: Path) -> tuple[recipe.Layout, Path]:
    """A training layout with combined splits and costs, and a folder of fake models."""
    layout = recipe.Layout(ud_dir, tmp_path / "work")
    layout.data.mkdir(parents=True)
    for split in ("train", "dev", "test"):
        treebanks.build_split(ud_dir, split, layout.conllu(split))
    costs = {"pos": [{"seconds": 100, "command": []}, {"seconds": 20, "command": []}]}
    (layout.work / "costs.json").write_text(json.dumps(costs))
    out = tmp_path / "models"
    out.mkdir()
    (out / "pos.pt").write_bytes(b"weights")
    return layout, out


def test_manifest_records_what_the_models_came_from(packaged: tuple) -> None:
    """Name, versions, data, settings, costs and files are all in the manifest."""
    layout, out = packaged
    built = manifest.build(layout, out, name="test-set")
    assert built["name"] == "test-set"
    assert set(built["versions"]) == {"stanza", "torch"}
    assert built["data"]["gum_genres"] == ["bio", "conversation", "interview", "news", "speech",
                                           "textbook", "vlog", "voyage"]
    assert "NC-SA" in built["data"]["gum_genre_reason"]
    assert built["data"]["splits"]["train"] == {
        "sentences": 4, "by_source": {"EWT": 1, "GUM news": 2, "GUM bio": 1}}
    assert built["settings"] == recipe.SETTINGS
    assert built["training_seconds"] == {"pos": {"seconds": 120, "runs": 2}}
    assert built["files"] == {"pos.pt": {"bytes": 7,
                                         "sha256": hashlib.sha256(b"weights").hexdigest()}}
    assert built["scores"] == {}


def test_write_then_add_scores(packaged: tuple) -> None:
    """``manifest.json`` is valid JSON, and benchmark scores are added to it later."""
    layout, out = packaged
    path = manifest.write(manifest.build(layout, out), out)
    manifest.add_scores(out, {"EWT test": {"LAS": 83.0}})
    written = json.loads(path.read_text())
    assert written["name"] == manifest.DEFAULT_NAME
    assert written["scores"] == {"EWT test": {"LAS": 83.0}}


def test_git_commit_is_none_outside_a_repository(tmp_path: Path) -> None:
    """Without a git checkout the commit is recorded as null, not an error."""
    assert manifest.git_commit(tmp_path) is None
