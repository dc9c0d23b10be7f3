"""The record a sentence rule finds: one attribution in one sentence, before annotation.

Kept apart from `rules` so that every family of rules (`rules`, `nominal`) and the engine can
share it without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parse import Word
from .phrases import Piece


@dataclass(frozen=True)
class Candidate:
    """One attribution found by one rule in one sentence, before annotation."""

    rule: str
    sentence: int
    cue: tuple[Word, ...]
    content: tuple[Piece, ...]
    speaker: Word | None
    addressee: Word | None
    confidence: float
    cue_lemma: str = ""
    # where the speaker phrase must end (a transcript label stops at its colon)
    speaker_limit: int | None = None
