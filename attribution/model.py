"""Immutable records the engine returns: spans, cues, mentions, attributions and speakers.

Every offset is a Python string index into the exact input text, end exclusive, so
``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AttributionType(StrEnum):
    """How the content is reported: quoted, paraphrased, or a paraphrase with quoted words."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class SpeakerKind(StrEnum):
    """What sort of source a speaker entity is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    MEDIA = "media/document"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Span:
    """A piece of the input text: ``text == input[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        """The span of ``source`` from ``start`` to ``end``."""
        return cls(start, end, source[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """Whether ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Content:
    """What was attributed: one or more pieces of the text, in order."""

    spans: tuple[Span, ...]
    text: str

    @property
    def start(self) -> int:
        """Start of the first piece."""
        return self.spans[0].start

    @property
    def end(self) -> int:
        """End of the last piece."""
        return self.spans[-1].end

    @classmethod
    def of(cls, source: str, pieces: list[tuple[int, int]]) -> Content:
        """Content made of ``pieces`` of ``source``; the text covers first to last piece."""
        spans = tuple(Span.of(source, s, e) for s, e in sorted(pieces))
        return cls(spans, source[spans[0].start:spans[-1].end])


@dataclass(frozen=True)
class Cue:
    """The words that signal an attribution ("said", "according to") and their lemma."""

    span: Span
    lemma: str


@dataclass(frozen=True)
class Mention:
    """A source or addressee as written in the text, and the speaker entity it belongs to."""

    span: Span
    entity: str | None = None


@dataclass(frozen=True)
class Attribution:
    """One attributed statement, belief or finding, linked to its source."""

    id: str
    type: AttributionType
    content: Content
    cue: Cue | None
    speaker: Mention | None
    addressee: Mention | None
    confidence: float
    rule: str
    sentence: int
    nested_in: str | None = None


@dataclass(frozen=True)
class Speaker:
    """A document-level source: every mention of it and the attributions it made."""

    id: str
    name: str
    kind: SpeakerKind
    anonymous: bool
    mentions: tuple[Span, ...]
    attributions: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """Everything the engine found in one text."""

    text: str
    attributions: tuple[Attribution, ...]
    speakers: tuple[Speaker, ...]
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
