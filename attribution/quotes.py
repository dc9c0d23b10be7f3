"""Direct-quote spans on raw text: quote marks, apostrophes, nesting, multi-paragraph quotes.

No parser here. One left-to-right scan per paragraph (any newline ends a paragraph) decides for
every quote-mark character whether it opens a quote, closes one or is an apostrophe. The
decision comes from the mark's neighbours first and its glyph second, because newsrooms get
curly marks wrong ("... myself “." closes a quote with an opening mark).

- Double marks (“ ” " „ « » and a doubled single mark such as '' or ’’) always act as quote
  marks; one that neither opens nor closes anything is a stray and is ignored.
- Single marks (‘ ’ ' ‚ ‹ ›) are quotes only when they pair up inside one paragraph; an
  unpaired one is taken for an apostrophe (don't, the '90s, Jones' car, ’tis).
- A paragraph that opens with a quote mark continues a quote left unclosed by the previous
  paragraph: one `Quote` with a piece per paragraph.
- Nothing raises on odd or garbled marks: an unclosed quote ends with its paragraph
  (``closed=False``) and the scan goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

__all__ = [
    "QUOTE_CHARS", "Quote", "find_quotes", "inside_quotes", "quote_mark_offsets", "quoted_fraction",
]

DOUBLE_MARKS = frozenset("\"“”„‟«»")
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
QUOTE_CHARS = DOUBLE_MARKS | SINGLE_MARKS
APOSTROPHE_LIKE = frozenset("'‘’")  # may be apostrophes; two in a row make a double mark
NEVER_OPENS_WHEN_UNSURE = frozenset("”’")  # glyphs that open only when the context is clear

LEFT_OPENERS = frozenset("([{<=—–-/") | QUOTE_CHARS  # before a mark, these favour opening
RIGHT_CLOSERS = frozenset(".,;:!?)]}>…—–") | QUOTE_CHARS  # after a mark, these favour closing
ELISIONS = frozenset({"tis", "twas", "twere", "twill", "em", "n", "cause", "til", "bout"})



def _char_class(chars: frozenset[str]) -> str:
    """A regular-expression character class matching any of ``chars``."""
    return "[" + re.escape("".join(sorted(chars))) + "]"


# a run of apostrophe-like marks (to pair '' into a double mark), or any other single mark
_MARK_TOKEN = re.compile(_char_class(APOSTROPHE_LIKE) + "+|" + _char_class(QUOTE_CHARS))
_WORD = re.compile(r"\w+")


class Role(Enum):
    """What a mark's context allows it to do."""

    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"
    INTRA = "intra"  # between two word characters: an apostrophe unless a double mark


# (left neighbour, right neighbour) -> role; "open" on the left is a space, start or bracket.
CONTEXT_ROLES: dict[tuple[str, str], Role] = {
    ("open", "space"): Role.EITHER,
    ("open", "punct"): Role.EITHER,
    ("open", "word"): Role.OPEN,
    ("word", "space"): Role.CLOSE,
    ("word", "punct"): Role.CLOSE,
    ("word", "word"): Role.INTRA,
    ("punct", "space"): Role.CLOSE,
    ("punct", "punct"): Role.CLOSE,
    ("punct", "word"): Role.EITHER,
}


@dataclass(frozen=True)
class Quote:
    """A quoted passage: its marks, inner text, nesting depth and per-paragraph pieces."""

    start: int  # offset of the opening mark
    end: int  # just after the closing mark, or the end of the last paragraph when unclosed
    inner_start: int  # first character inside the marks
    inner_end: int  # end of the inner text, before the closing mark
    closed: bool  # False when the quote runs to the end of a paragraph without a closing mark
    depth: int  # 0 for a top-level quote, 1 for a quote inside it, ...
    pieces: tuple[tuple[int, int], ...]  # (start, end) per paragraph, marks included


class Mark(NamedTuple):
    """One quote-mark token (one character, or two for a doubled single mark)."""

    start: int
    end: int
    double: bool
    role: Role


@dataclass(eq=False)
class _Draft:
    """A quote being built during the scan."""

    double: bool
    start: int
    inner_start: int
    parent: _Draft | None
    piece_start: int
    marks: list[tuple[int, int]]
    pieces: list[tuple[int, int]] = field(default_factory=list)
    end: int = 0
    inner_end: int = 0
    closed: bool = False
    level: int = 0


@dataclass
class _Scan:
    """Scan state carried from mark to mark and paragraph to paragraph."""

    stack: list[_Draft] = field(default_factory=list)
    drafts: list[_Draft] = field(default_factory=list)
    strays: list[Mark] = field(default_factory=list)
    pending: _Draft | None = None  # unclosed double quote that the next paragraph may continue
    pending_end: int = 0
    open_doubles: int = 0


def _left_kind(text: str, index: int) -> str:
    """Kind of the character before a mark: open (space, start, bracket), word or punct."""
    if index < 0 or text[index].isspace() or text[index] in LEFT_OPENERS:
        return "open"
    return "word" if text[index].isalnum() else "punct"


def _right_kind(text: str, index: int) -> str:
    """Kind of the character after a mark: space (or end), punct or word."""
    if index >= len(text) or text[index].isspace():
        return "space"
    return "punct" if text[index] in RIGHT_CLOSERS else "word"


def _is_elision(text: str, end: int) -> bool:
    """Whether a word-initial single mark ending at ``end`` is an apostrophe ('90s, ’tis)."""
    word = _WORD.match(text, end)
    if word is None:
        return False
    if word.group().lower() in ELISIONS:
        return True
    followed_by_mark = word.end() < len(text) and text[word.end()] in SINGLE_MARKS
    return word.group()[0].isdigit() and not followed_by_mark


def _role(text: str, start: int, end: int, double: bool) -> Role | None:
    """Role of the mark ``text[start:end]``, or None when it is an apostrophe."""
    role = CONTEXT_ROLES[_left_kind(text, start - 1), _right_kind(text, end)]
    if double:
        return Role.EITHER if role is Role.INTRA else role
    if role is Role.INTRA or (role is Role.OPEN and _is_elision(text, end)):
        return None
    return role


def _split_token(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, double) marks of a token; a run of ' ‘ ’ pairs up into double marks."""
    if text[start] not in APOSTROPHE_LIKE:
        yield start, end, text[start] in DOUBLE_MARKS
        return
    odd = (end - start) % 2 == 1
    closing = _right_kind(text, end) != "word"
    if odd and closing:
        yield start, start + 1, False
        start += 1
    for index in range(start, end - odd, 2):
        yield index, index + 2, True
    if odd and not closing:
        yield end - 1, end, False


def _marks(text: str) -> Iterator[Mark]:
    """Every quote-mark token of ``text`` in order, apostrophes left out."""
    for token in _MARK_TOKEN.finditer(text):
        for start, end, double in _split_token(text, token.start(), token.end()):
            role = _role(text, start, end, double)
            if role is not None:
                yield Mark(start, end, double, role)


def _paragraphs(text: str) -> Iterator[tuple[int, int, list[Mark]]]:
    """(start, end without trailing space, marks) of each paragraph that holds marks."""
    para_start, para_stop, marks = 0, -1, []
    for mark in _marks(text):
        if mark.start > para_stop:
            if marks:
                yield para_start, _trimmed_end(text, para_start, para_stop), marks
            para_start = text.rfind("\n", 0, mark.start) + 1
            found = text.find("\n", mark.start)
            para_stop, marks = (len(text) if found < 0 else found), []
        marks.append(mark)
    if marks:
        yield para_start, _trimmed_end(text, para_start, para_stop), marks


def _trimmed_end(text: str, start: int, stop: int) -> int:
    """End of the paragraph ``text[start:stop]`` without its trailing whitespace."""
    return start + len(text[start:stop].rstrip())


def _looks_possessive(text: str, mark: Mark) -> bool:
    """Whether a closing single mark reads like a plural possessive (students’ union)."""
    after = text[mark.end:mark.end + 2]
    plural = mark.start > 0 and text[mark.start - 1] in "sS"
    return plural and len(after) == 2 and after[0] == " " and after[1].islower()


def _later_closers(text: str, marks: list[Mark]) -> list[bool]:
    """For each mark, whether a plain (non-possessive) single closer follows before one opens."""
    later, seen = [False] * len(marks), False
    for index in range(len(marks) - 1, -1, -1):
        later[index] = seen
        mark = marks[index]
        if not mark.double:
            plain = mark.role is not Role.OPEN and not _looks_possessive(text, mark)
            seen = plain or (seen and mark.role is not Role.OPEN)
    return later


def _close(scan: _Scan, mark: Mark) -> bool:
    """Close the innermost quote this mark can close; False when there is none."""
    if not mark.double:
        if not scan.stack or scan.stack[-1].double:
            return False
    elif not scan.open_doubles:
        return False
    while scan.stack[-1].double != mark.double:
        scan.stack.pop()  # an unpaired single mark inside: an apostrophe after all
    draft = scan.stack.pop()
    scan.open_doubles -= draft.double
    draft.pieces.append((draft.piece_start, mark.end))
    draft.marks.append((mark.start, mark.end))
    draft.end, draft.inner_end, draft.closed = mark.end, mark.start, True
    return True


def _open(scan: _Scan, mark: Mark) -> None:
    """Start a quote at ``mark``, nested in the innermost open one."""
    parent = scan.stack[-1] if scan.stack else None
    span = (mark.start, mark.end)
    draft = _Draft(mark.double, mark.start, mark.end, parent, mark.start, [span])
    scan.stack.append(draft)
    scan.drafts.append(draft)
    scan.open_doubles += mark.double


def _may_open(text: str, mark: Mark) -> bool:
    """Whether a mark that closed nothing should open a quote."""
    if mark.role is Role.OPEN:
        return True
    unsure_but_may = mark.double and text[mark.start] not in NEVER_OPENS_WHEN_UNSURE
    return mark.role is Role.EITHER and unsure_but_may


def _continues(scan: _Scan, text: str, para_start: int, mark: Mark) -> bool:
    """Whether ``mark`` opens its paragraph and continues the pending unclosed quote."""
    if scan.pending is None or not mark.double or mark.role is Role.CLOSE:
        return False
    gap = text[scan.pending_end:mark.start]
    return "\n" in gap and not gap.strip() and not text[para_start:mark.start].strip()


def _resume(scan: _Scan, mark: Mark) -> None:
    """Continue the pending quote with a new piece that starts at ``mark``."""
    draft = scan.pending
    assert draft is not None
    draft.piece_start = mark.start
    draft.marks.append((mark.start, mark.end))
    scan.stack, scan.open_doubles = [draft], 1


def _end_paragraph(scan: _Scan, para_end: int) -> None:
    """Leave every still-open quote unclosed at ``para_end``; keep the outer double pending."""
    doubles = [draft for draft in scan.stack if draft.double]
    for draft in doubles:
        draft.pieces.append((draft.piece_start, para_end))
        draft.end = draft.inner_end = para_end
    scan.pending = doubles[0] if doubles else None
    scan.pending_end = para_end
    scan.stack, scan.open_doubles = [], 0


def _scan_paragraph(scan: _Scan, text: str, para_start: int, marks: list[Mark]) -> None:
    """Open and close quotes for the marks of one paragraph, left to right."""
    later = _later_closers(text, marks)
    if _continues(scan, text, para_start, marks[0]):
        _resume(scan, marks[0])
        marks, later = marks[1:], later[1:]
    for mark, closer_follows in zip(marks, later, strict=True):
        deferred = not mark.double and closer_follows and _looks_possessive(text, mark)
        if mark.role is not Role.OPEN and not deferred and _close(scan, mark):
            continue
        if _may_open(text, mark):
            _open(scan, mark)
        elif mark.double:
            scan.strays.append(mark)


def _scan(text: str) -> _Scan:
    """Run the scan over every paragraph of ``text``."""
    scan = _Scan()
    for para_start, para_end, marks in _paragraphs(text):
        _scan_paragraph(scan, text, para_start, marks)
        _end_paragraph(scan, para_end)
    return scan


def _kept(scan: _Scan) -> list[_Draft]:
    """Drafts that are quotes (unpaired single marks dropped), with their nesting level."""
    kept = []
    for draft in scan.drafts:  # in order of start, so a parent comes before its children
        parent = draft.parent
        draft.level = 0 if parent is None else parent.level + _is_kept(parent)
        if _is_kept(draft):
            kept.append(draft)
    return kept


def _is_kept(draft: _Draft) -> bool:
    """Whether a draft is a quote: a closed one, or an unclosed double mark with text after it."""
    return draft.closed or (draft.double and draft.end > draft.inner_start)


def find_quotes(text: str) -> tuple[Quote, ...]:
    """All quotes, top-level and nested, in order of start."""
    return tuple(
        Quote(d.start, d.end, d.inner_start, d.inner_end, d.closed, d.level, tuple(d.pieces))
        for d in _kept(_scan(text))
    )


def quote_mark_offsets(text: str) -> tuple[int, ...]:
    """Offsets of every character acting as a quote mark (paired, or a stray double mark)."""
    scan = _scan(text)
    marking = [draft for draft in scan.drafts if draft.double or _is_kept(draft)]
    spans = [span for draft in marking for span in draft.marks]
    spans += [(mark.start, mark.end) for mark in scan.strays]
    return tuple(sorted(offset for start, end in spans for offset in range(start, end)))


def inside_quotes(quotes: tuple[Quote, ...], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies wholly within one top-level quote, marks included."""
    return any(q.depth == 0 and q.start <= start and end <= q.end for q in quotes)


def quoted_fraction(quotes: tuple[Quote, ...], start: int, end: int, text: str) -> float:
    """Share of the counted characters of ``[start, end)`` inside top-level quotes.

    Spaces and quote-mark characters are not counted, so a span with or without its own
    marks scores the same; an empty span scores 0.
    """
    total = _counted(text, start, end)
    if not total:
        return 0.0
    pieces = (piece for q in quotes if q.depth == 0 for piece in q.pieces)
    inside = sum(_counted(text, max(a, start), min(b, end)) for a, b in pieces)
    return inside / total


def _counted(text: str, start: int, end: int) -> int:
    """Number of characters of ``text[start:end]`` that are neither spaces nor quote marks."""
    return sum(1 for char in text[start:end] if not char.isspace() and char not in QUOTE_CHARS)
