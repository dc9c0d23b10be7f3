"""Position indexes that keep the rule stage close to linear in the text's length.

The rules ask "which quotes (or candidates) touch this range?" once per candidate or quote;
answering by scanning every quote made the stage quadratic (a 50,000-character article spent
most of its time there). `SpanIndex` answers from fixed-size blocks of the text: a superset of
the items whose ranges overlap the query, in the order they were added, that the caller then
checks exactly, so every rule decides as it did with a full scan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .quotes import Quote

BLOCK_CHARS = 256  # a news sentence or two: few items per block, few blocks per query

Piece = tuple[int, int]


def _blocks(start: int, end: int) -> range:
    """The blocks a range ``[start, end)`` touches (an empty range touches its start's)."""
    return range(start // BLOCK_CHARS, (max(end, start + 1) - 1) // BLOCK_CHARS + 1)


class SpanIndex:
    """Items (numbered in the order added) found by the character ranges they cover."""

    def __init__(self) -> None:
        self._blocks: defaultdict[int, list[int]] = defaultdict(list)
        self.size = 0

    def add(self, ranges: Iterable[Piece]) -> int:
        """Index one item covering ``ranges``; its number."""
        number = self.size
        self.size += 1
        for block in sorted({b for start, end in ranges for b in _blocks(start, end)}):
            self._blocks[block].append(number)
        return number

    def near(self, start: int, end: int) -> list[int]:
        """Numbers of the items that may overlap ``[start, end)``, ascending; a superset."""
        found: set[int] = set()
        for block in _blocks(start, end):
            found.update(self._blocks.get(block, ()))
        return sorted(found)


class QuoteIndex:
    """The quotes of a text (in order of start) with their starts and a `SpanIndex`."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = tuple(quotes)
        self.starts = [q.start for q in self.quotes]
        self.spans = SpanIndex()
        for quote in self.quotes:
            self.spans.add([(quote.start, quote.end)])

    def near(self, start: int, end: int) -> list[Quote]:
        """The quotes that may overlap ``[start, end)``, in text order; a superset."""
        return [self.quotes[i] for i in self.spans.near(start, end)]

    def starting_between(self, low: int, high: int) -> tuple[Quote, ...]:
        """The quotes whose start lies in ``[low, high]``, in text order."""
        return self.quotes[bisect_left(self.starts, low):bisect_right(self.starts, high)]

    def in_top_level(self, offset: int) -> bool:
        """Whether a top-level quote (depth 0) holds ``offset``."""
        return any(q.depth == 0 and q.start <= offset < q.end
                   for q in self.near(offset, offset + 1))

    def top_level_starts_in(self, start: int, end: int, besides: Quote) -> bool:
        """Whether a top-level quote other than ``besides`` starts in ``[start, end)``."""
        return any(q.depth == 0 and q is not besides
                   for q in self.starting_between(start, end - 1))


def hull(pieces: Iterable[Piece]) -> Piece:
    """The smallest range holding every piece."""
    pieces = list(pieces)
    return min(s for s, _ in pieces), max(e for _, e in pieces)


def covered_chars(pieces: Iterable[Piece]) -> list[Piece]:
    """The characters the pieces cover, as sorted disjoint ranges (empty pieces dropped)."""
    merged: list[Piece] = []
    for start, end in sorted(p for p in pieces if p[0] < p[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def common_chars(a: list[Piece], b: list[Piece]) -> int:
    """How many characters two lists of sorted disjoint ranges share."""
    shared, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        shared += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def char_count(ranges: list[Piece]) -> int:
    """How many characters sorted disjoint ranges hold."""
    return sum(e - s for s, e in ranges)
