"""Fixtures for the training tests: a tiny UD folder built from hand-written CoNLL-U."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ud_dir(tmp_path: Path) -> Path:
    """A UD folder whose EWT and GUM splits are all copies of the tiny fixtures."""
    ud = tmp_path / "ud"
    for treebank, short, source in (("UD_English-EWT", "en_ewt", "tiny_ewt.conllu"),
                                    ("UD_English-GUM", "en_gum", "tiny_gum.conllu")):
        (ud / treebank).mkdir(parents=True)
        for split in ("train", "dev", "test"):
            shutil.copyfile(DATA / source, ud / treebank / f"{short}-ud-{split}.conllu")
    return ud
