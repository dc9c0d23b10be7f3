"""A light, read-only view of a dependency parse with character offsets into the input text.

The rules read `Word` and `Sentence` records instead of Stanza objects, so a parse can come
from the Stanza pipeline (`from_stanza`) or from a hand-checked CoNLL-U fixture
(`from_conllu`), and the rules never depend on a model.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# The form Stanza's tokenizer gives a token longer than its window (TOKEN_TOO_LONG_REPLACEMENT).
TOKEN_TOO_LONG = "<UNK>"


@dataclass(frozen=True)
class Word:
    """One syntactic word: index in its sentence (0-based), head index (-1 for the root)."""

    index: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int

    @property
    def relation(self) -> str:
        """The universal relation without its subtype (``nsubj:pass`` → ``nsubj``)."""
        return self.deprel.split(":")[0]

    def feature(self, name: str) -> str:
        """The value of one morphological feature, or ``""``."""
        for item in self.feats.split("|"):
            key, _, value = item.partition("=")
            if key == name:
                return value
        return ""


@dataclass(frozen=True)
class Sentence:
    """A parsed sentence: its words, its position in the document, its child lists."""

    index: int
    words: tuple[Word, ...]
    paragraph: int = 0
    children: tuple[tuple[int, ...], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self.children:
            kids: list[list[int]] = [[] for _ in self.words]
            for word in self.words:
                if word.head >= 0:
                    kids[word.head].append(word.index)
            object.__setattr__(self, "children", tuple(tuple(k) for k in kids))

    @property
    def start(self) -> int:
        """Offset of the first word."""
        return self.words[0].start

    @property
    def end(self) -> int:
        """Offset just after the last word."""
        return self.words[-1].end

    def kids(self, word: Word, deprels: frozenset[str] | None = None) -> list[Word]:
        """The dependents of ``word``, optionally only those with a relation in ``deprels``."""
        found = [self.words[i] for i in self.children[word.index]]
        if deprels is None:
            return found
        return [w for w in found if w.deprel in deprels or w.relation in deprels]

    def word_at(self, index: int) -> Word | None:
        """The word at ``index``, or None outside the sentence (for neighbour lookups)."""
        return self.words[index] if 0 <= index < len(self.words) else None

    def head_of(self, word: Word) -> Word | None:
        """The head of ``word``, or None for the root."""
        return self.words[word.head] if word.head >= 0 else None

    def subtree(self, word: Word, exclude: frozenset[int] = frozenset()) -> list[Word]:
        """``word`` and everything below it, in order, leaving out the subtrees in ``exclude``."""
        found, stack = [], [word.index]
        while stack:
            index = stack.pop()
            if index in exclude:
                continue
            found.append(index)
            stack.extend(self.children[index])
        return [self.words[i] for i in sorted(found)]

    def ancestors(self, word: Word) -> Iterator[Word]:
        """The heads above ``word``, nearest first."""
        seen = 0
        while word.head >= 0 and seen <= len(self.words):
            word = self.words[word.head]
            seen += 1
            yield word


@dataclass(frozen=True)
class Parse:
    """Every sentence of a document, with the text they index."""

    text: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _ends(self) -> list[int]:
        return [s.end for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset``, if any (sentences are in order, disjoint)."""
        number = bisect_right(self._starts, offset) - 1
        if number >= 0 and offset < self.sentences[number].end:
            return self.sentences[number]
        return None

    def overlapping(self, start: int, end: int) -> tuple[Sentence, ...]:
        """The sentences that overlap ``[start, end)``, in order."""
        return self.sentences[bisect_right(self._ends, start):bisect_left(self._starts, end)]

    def starting_between(self, low: int, high: int) -> tuple[Sentence, ...]:
        """The sentences whose first word starts in ``[low, high]``, in order."""
        return self.sentences[bisect_left(self._starts, low):bisect_right(self._starts, high)]

    def first_ending_after(self, offset: int) -> Sentence | None:
        """The first sentence that ends after ``offset``, if any."""
        number = bisect_right(self._ends, offset)
        return self.sentences[number] if number < len(self.sentences) else None


def _paragraph_numbers(text: str, starts: list[int]) -> list[int]:
    """The paragraph number of each sentence start (paragraphs are split at newlines)."""
    numbers, paragraph, cursor = [], 0, 0
    for start in starts:
        if "\n" in text[cursor:start]:
            paragraph += 1
        numbers.append(paragraph)
        cursor = start
    return numbers


def _word_offsets(stanza_word: Any, token: Any) -> tuple[int, int]:
    start = getattr(stanza_word, "start_char", None)
    end = getattr(stanza_word, "end_char", None)
    if start is None or end is None:
        return token.start_char, token.end_char
    return start, end


def _word_text(stanza_word: Any, text: str, start: int, end: int) -> str:
    """A word's form: Stanza's, but the input's own characters for a token Stanza gave its
    tagger as `TOKEN_TOO_LONG` (over its tokenizer's window)."""
    return text[start:end] if stanza_word.text == TOKEN_TOO_LONG else stanza_word.text


def from_stanza(doc: Any, text: str) -> Parse:
    """Build a `Parse` from a Stanza Document of ``text``."""
    sentences = []
    for number, sent in enumerate(doc.sentences):
        words = []
        for token in sent.tokens:
            for word in token.words:
                start, end = _word_offsets(word, token)
                form = _word_text(word, text, start, end)
                words.append(Word(
                    word.id - 1, form, (word.lemma or form), word.upos or "X",
                    word.xpos or "_", word.feats or "", (word.head or 0) - 1,
                    word.deprel or "dep", start, end))
        if words:
            sentences.append(Sentence(number, tuple(words)))
    return _with_paragraphs(text, sentences)


def _with_paragraphs(text: str, sentences: list[Sentence]) -> Parse:
    numbers = _paragraph_numbers(text, [s.start for s in sentences])
    return Parse(text, tuple(
        Sentence(i, s.words, numbers[i], s.children) for i, s in enumerate(sentences)))


def _conllu_rows(block: str) -> Iterator[list[str]]:
    for line in block.splitlines():
        if line and not line.startswith("#"):
            columns = line.split("\t")
            if columns[0].isdigit():
                yield columns


def from_conllu(conllu: str, text: str) -> Parse:
    """Build a `Parse` from CoNLL-U, aligning each word form to ``text`` left to right."""
    sentences, cursor = [], 0
    for block in filter(str.strip, conllu.strip().split("\n\n")):
        words = []
        for columns in _conllu_rows(block):
            form = columns[1]
            start = text.index(form, cursor)
            cursor = start + len(form)
            words.append(Word(
                int(columns[0]) - 1, form, columns[2], columns[3], columns[4],
                "" if columns[5] == "_" else columns[5], int(columns[6]) - 1, columns[7],
                start, cursor))
        sentences.append(Sentence(len(sentences), tuple(words)))
    return _with_paragraphs(text, sentences)
