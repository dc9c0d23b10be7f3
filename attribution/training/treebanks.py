"""Combine UD English EWT and the GUM genres whose licence GUM names into Stanza training files.

GUM's LICENSE.txt names the licences of some genres only: the Wikimedia documents (news,
interviews, bios, Wikivoyage), OpenStax textbooks, Creative Commons YouTube vlogs and the Santa
Barbara conversations are CC BY, the political speeches public domain; wikiHow and fiction are
CC BY-NC-SA. It says nothing of the academic, court, essay, letter and podcast documents, so
only the named CC BY and public-domain genres are kept (an allow-list, not a deny-list: a genre
GUM adds later stays out until its licence is checked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

EWT_DIR = "UD_English-EWT"
GUM_DIR = "UD_English-GUM"
LICENSED_GUM_GENRES = frozenset({"news", "interview", "bio", "voyage", "textbook", "vlog",
                                 "conversation", "speech"})
NEWDOC = re.compile(r"^#\s*newdoc id\s*=\s*(\S+)")


@dataclass(frozen=True)
class Document:
    """One treebank document: its id and its CoNLL-U sentence blocks."""

    doc_id: str
    sentences: tuple[str, ...]

    @property
    def genre(self) -> str:
        """The GUM genre in the id (``GUM_news_xyz`` → ``news``); empty for other ids."""
        parts = self.doc_id.split("_")
        return parts[1] if len(parts) > 2 and parts[0] == "GUM" else ""


def read_documents(path: Path) -> Iterator[Document]:
    """Yield the documents of a CoNLL-U file, split on ``# newdoc id`` comments."""
    doc_id, sentences = "", []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        found = next(filter(None, map(NEWDOC.match, block.splitlines())), None)
        if found and sentences:
            yield Document(doc_id, tuple(sentences))
            sentences = []
        if found:
            doc_id = found.group(1)
        sentences.append(block)
    if sentences:
        yield Document(doc_id, tuple(sentences))


def licensed(documents: Iterable[Document]) -> Iterator[Document]:
    """Keep the GUM documents of a genre whose licence allows a distributed model."""
    return (doc for doc in documents if doc.genre in LICENSED_GUM_GENRES)


def write_documents(documents: Iterable[Document], path: Path) -> int:
    """Write documents as one CoNLL-U file; return the number of sentences written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in documents:
            for sentence in doc.sentences:
                out.write(sentence + "\n\n")
                count += 1
    return count


def split_file(ud_dir: Path, treebank: str, split: str) -> Path:
    """The path of one split of one treebank under ``ud_dir``."""
    short = "en_ewt" if treebank == EWT_DIR else "en_gum"
    return ud_dir / treebank / f"{short}-ud-{split}.conllu"


def build_split(ud_dir: Path, split: str, out: Path) -> int:
    """Write EWT plus the licensed GUM genres for one split to ``out``; return the sentence
    count."""
    docs = [
        *read_documents(split_file(ud_dir, EWT_DIR, split)),
        *licensed(read_documents(split_file(ud_dir, GUM_DIR, split))),
    ]
    return write_documents(docs, out)


def build_gum_news(ud_dir: Path, split: str, out: Path) -> int:
    """Write only GUM's news documents of one split (an evaluation set close to our use)."""
    docs = read_documents(split_file(ud_dir, GUM_DIR, split))
    return write_documents((d for d in docs if d.genre == "news"), out)
