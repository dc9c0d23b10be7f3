"""The engine's last filter: a content must hold a word that can carry a claim."""

from __future__ import annotations

import pytest
from fixture_engine import FIXTURES

from attribution.candidate import Candidate
from attribution.extract import _says_something
from attribution.parse import from_conllu

TEXT = "Mayor Lena Okafor said the bridge would reopen in May."


def _candidate(content: tuple[tuple[int, int], ...]) -> Candidate:
    return Candidate("verb-complement", 0, (), content, None, None, 0.5)


@pytest.mark.parametrize(("piece", "says"), [
    ("the bridge would reopen in May", True),
    ("reopen", True),
    ("the", False),        # a determiner alone says nothing
    ("in", False),         # nor a preposition
])
def test_content_must_say_something(piece: str, says: bool) -> None:
    """A content cut down to function words is dropped; one with a noun or verb stays."""
    parse = from_conllu((FIXTURES / "said_bridge.conllu").read_text(encoding="utf-8"), TEXT)
    start = TEXT.index(piece)
    assert _says_something(parse, _candidate(((start, start + len(piece)),))) is says
