"""Treebank filtering: EWT plus the GUM genres whose licence GUM names as CC BY or public domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.training import treebanks
from attribution.training.manifest import sentence_sources

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("doc_id", "genre"), [
    ("GUM_news_vote", "news"),
    ("GUM_whow_cake", "whow"),
    ("GUM_fiction_night", "fiction"),
    ("email-0001", ""),          # EWT ids have no genre
    ("GUM_news", ""),            # too short to carry a genre
])
def test_genre_comes_from_the_gum_id(doc_id: str, genre: str) -> None:
    """The genre is the second part of a three-part GUM id, and empty otherwise."""
    assert treebanks.Document(doc_id, ()).genre == genre


def test_documents_split_on_newdoc() -> None:
    """Each ``# newdoc id`` starts a document; following sentences belong to it."""
    docs = list(treebanks.read_documents(DATA / "tiny_gum.conllu"))
    assert [(d.doc_id, len(d.sentences)) for d in docs] == [
        ("GUM_news_vote", 2), ("GUM_whow_cake", 1), ("GUM_fiction_night", 1), ("GUM_bio_ada", 1),
    ]


def test_licensed_drops_whow_and_fiction() -> None:
    """wikiHow and fiction are CC BY-NC-SA and go; news and bios stay."""
    docs = treebanks.licensed(treebanks.read_documents(DATA / "tiny_gum.conllu"))
    assert [d.genre for d in docs] == ["news", "bio"]


@pytest.mark.parametrize(("genre", "kept"), [
    *((genre, True) for genre in ("news", "interview", "bio", "voyage", "textbook", "vlog",
                                  "conversation", "speech")),
    # the licence names none for these, and non-commercial ones for the last two
    *((genre, False) for genre in ("academic", "court", "essay", "letter", "podcast", "reddit",
                                   "whow", "fiction")),
])
def test_licensed_keeps_only_the_genres_the_licence_names(genre: str, kept: bool) -> None:
    """An allow-list: a genre is kept only when GUM's licence names it CC BY or public domain."""
    docs = [treebanks.Document(f"GUM_{genre}_example", ("sentence",))]
    assert bool(list(treebanks.licensed(docs))) is kept


def test_build_split_combines_ewt_and_licensed_gum(ud_dir: Path, tmp_path: Path) -> None:
    """A combined split holds all of EWT and the licensed GUM sentences, nothing else."""
    out = tmp_path / "train.conllu"
    assert treebanks.build_split(ud_dir, "train", out) == 4
    assert sentence_sources(out) == {"EWT": 1, "GUM news": 2, "GUM bio": 1}
    assert "whow" not in out.read_text() and "fiction" not in out.read_text()


def test_build_gum_news_keeps_news_only(ud_dir: Path, tmp_path: Path) -> None:
    """The news evaluation set is GUM's news documents of one split."""
    out = tmp_path / "news.conllu"
    assert treebanks.build_gum_news(ud_dir, "test", out) == 2
    assert sentence_sources(out) == {"GUM news": 2}
