"""Turning words of a parse into character spans: content clauses and speaker phrases."""

from __future__ import annotations

from collections.abc import Iterable

from .lexicon import (
    CONTENT_EDGE_MARKERS,
    SPEAKER_CLAUSE_DEPS,
    SPEAKER_HEAD_DROP_DEPS,
    SPEAKER_KEEP_DEPS,
)
from .parse import Sentence, Word

# Punctuation trimmed from the edges of a content or speaker span (quote marks are kept:
# PolNeAR and readers both expect a quoted content to show its marks).
EDGE_PUNCT = frozenset(",.;:!?-–—()[]…") | {"--", "..."}
QUOTE_CHARS = frozenset("\"'“”‘’«»„‚‹›")
# Punctuation a cut leaves at the end of a content ("it works," of "“… it works,” she said").
CUT_PUNCT = frozenset(",;:-–—")
# Leading words a content drops: its complementizer, a conjunction, and the "that" a parser
# takes for a relative clause's object ("told reporters that the talks had stalled").
LEADING_DEPS = frozenset({"mark", "cc", "obj"})
LEADING_UPOS = frozenset({"SCONJ"})  # a complementizer, whatever relation the parser gave it
Piece = tuple[int, int]
# A source phrase that closes a content (", according to the survey") names a second source,
# not what was said; verbs after it mean the phrase opens a clause instead.
TRAILING_SOURCE = ("according", "to")
CLAUSE_UPOS = frozenset({"VERB", "AUX"})
# A clause set off by a comma at the end of a content ("…, which cuts taxes") comments on the
# content's last noun: PolNeAR leaves it out of what was said.
SET_OFF_TAIL_DEPS = frozenset({"acl:relcl"})
# Characters that join the parts of one written word ("Jae-in", "Kim Jong-un").
WORD_JOINERS = frozenset("-‐")


def runs(words: Iterable[Word]) -> list[list[Word]]:
    """Group words into runs of consecutive indices."""
    grouped: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.index):
        if grouped and grouped[-1][-1].index == word.index - 1:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return grouped


def _is_punct(word: Word) -> bool:
    return word.upos == "PUNCT" and word.text not in QUOTE_CHARS and not (
        set(word.text) <= QUOTE_CHARS)


def is_quote_mark(word: Word) -> bool:
    """Whether ``word`` is a quote mark (one or more quote characters)."""
    return bool(word.text) and set(word.text) <= QUOTE_CHARS


def trim_run(run: list[Word], strip_marks: bool) -> list[Word]:
    """Drop edge punctuation (and a leading "that"/"whether" when ``strip_marks``).

    Only the first complementizer goes: in "that if it rains, …" the "if" opens a condition
    inside the content."""
    while run and (_is_punct(run[0]) or (
            strip_marks and (run[0].deprel in LEADING_DEPS or run[0].upos in LEADING_UPOS)
            and run[0].text.lower() in CONTENT_EDGE_MARKERS)):
        strip_marks = strip_marks and _is_punct(run[0])
        run = run[1:]
    while run and (_is_punct(run[-1]) or run[-1].deprel == "cc"):
        run = run[:-1]
    if run and all(is_quote_mark(w) or _is_punct(w) for w in run):
        return []
    return run


def _without_trailing_source(run: list[Word]) -> list[Word]:
    """``run`` cut before a final ", according to …" phrase (see `TRAILING_SOURCE`)."""
    size = len(TRAILING_SOURCE)
    for k in range(len(run) - size, 0, -1):
        if (run[k - 1].text == "," and tuple(w.text.lower() for w in run[k:k + size])
                == TRAILING_SOURCE and not any(w.upos in CLAUSE_UPOS for w in run[k + size:])):
            return run[:k - 1]
    return run


def _without_set_off_tail(run: list[Word]) -> list[Word]:
    """``run`` cut before its last comma when what follows is one subtree attached as
    `SET_OFF_TAIL_DEPS` (see there)."""
    for k in range(len(run) - 1, 0, -1):
        if run[k - 1].text == ",":
            inside = {w.index for w in run[k:]}
            attached = [w for w in run[k:] if w.head not in inside and w.upos != "PUNCT"]
            cut = len(attached) == 1 and attached[0].deprel in SET_OFF_TAIL_DEPS
            return run[:k - 1] if cut else run
    return run


def outside_heads(words: list[Word], tags: frozenset[str]) -> list[Word]:
    """The words of a phrase tagged ``tags`` whose head lies outside it: its heads, in order."""
    inside = {w.index for w in words}
    return [w for w in words if w.upos in tags and w.head not in inside]


def pieces_of(words: Iterable[Word], strip_marks: bool = True) -> list[Piece]:
    """Character pieces covering ``words``, one per run of consecutive words, trimmed."""
    pieces = []
    for number, run in enumerate(runs(words)):
        trimmed = trim_run(_without_set_off_tail(_without_trailing_source(run)),
                           strip_marks and number == 0)
        if trimmed:
            pieces.append((trimmed[0].start, trimmed[-1].end))
    return pieces


def content_pieces(sentence: Sentence, head: Word, exclude: Iterable[Word] = ()) -> list[Piece]:
    """The clause under ``head`` as pieces, leaving out the subtrees of ``exclude``."""
    skip = frozenset(w.index for w in exclude)
    return pieces_of(sentence.subtree(head, skip))


def phrase_words(sentence: Sentence, head: Word) -> list[Word]:
    """The noun phrase a reader would name for ``head``: no clause, no preposition before it."""
    if head.upos == "PRON":
        return [head]
    skip = frozenset(
        w.index for w in sentence.kids(head)
        if w.deprel not in SPEAKER_KEEP_DEPS or w.deprel in SPEAKER_HEAD_DROP_DEPS
    ) | frozenset(
        w.index for w in sentence.subtree(head)
        if w.index != head.index and w.deprel in SPEAKER_CLAUSE_DEPS
    )
    words = sentence.subtree(head, skip)
    run = next(r for r in runs(words) if any(w.index == head.index for w in r))
    run = trim_run(run, strip_marks=False)
    while run and is_quote_mark(run[0]) and run[0] is not head:
        run = run[1:]
    while run and is_quote_mark(run[-1]) and run[-1] is not head:
        run = run[:-1]
    return trim_run(run, strip_marks=False) or [head]


def phrase_span(sentence: Sentence, head: Word) -> Piece:
    """Character span of the phrase headed by ``head``."""
    words = phrase_words(sentence, head)
    return words[0].start, words[-1].end


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a name span so it never cuts a word the tokenizer split ("Moon Jae" of
    "Moon Jae-in")."""
    while start > 0 and text[start - 1] in WORD_JOINERS and start > 1 \
            and text[start - 2].isalnum():
        start -= 2
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    while end < len(text) - 1 and text[end] in WORD_JOINERS and text[end + 1].isalnum():
        end += 2
        while end < len(text) and text[end].isalnum():
            end += 1
    return start, end


def content_start(text: str, start: int, end: int) -> int:
    """Move a content start that falls inside a word to the next word."""
    joined = start > 1 and text[start - 1] in WORD_JOINERS and text[start - 2].isalnum()
    if start == 0 or not (text[start - 1].isalnum() or joined) or not text[start].isalnum():
        return start
    while start < end and not text[start].isspace():
        start += 1
    while start < end and text[start].isspace():
        start += 1
    return start


def content_end(text: str, start: int, end: int) -> int:
    """Move a content end back over spaces and punctuation left by a cut ("it works,"); a
    closing quote mark stays with the quote it closes."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in CUT_PUNCT):
        end -= 1
    return end
