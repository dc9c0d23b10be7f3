"""Bounded cost for any text: sentences of at most `MAX_SENTENCE_WORDS` words, and a deadline.

The parser scores every pair of words of a sentence, so its memory grows with the square of
the longest sentence and its time faster still; the tokenizer, the tagger and the rules are
linear. `parse_bounded` therefore runs the tokenizer (and multi-word expansion) first, cuts
every sentence longer than `MAX_SENTENCE_WORDS` words into pieces of at most that many, and
parses the pieces: memory per text is then bounded by the longest piece whatever the text
(50,000 quote marks, 100,000 characters with no full stop). Offsets are the tokenizer's, so
they still index the exact input string. A text whose sentences are all within the limit is
parsed exactly as before (the same Document goes through the same processors).

Runs of tokens with no letter or digit (``'"' * 50000``, ``'“”' * 5000``) carry no words for
the rules, which find quotes on the raw text, not in the parse; tagged and parsed, they cost
as much per token as prose, and such a text has five times the tokens of prose of its length.
`bound_symbol_runs` keeps the first and last `MAX_SYMBOL_RUN` / 2 tokens of any longer run
(across sentence boundaries) and leaves the others out of the parse; the tokens kept keep
their offsets into the input. News prose has no such runs (``.”)`` is three), so its parse is
unchanged.

Stanza's tokenizer keeps e-mail addresses and URLs whole by running one regular expression
(``MASK_RE``) over the text, and that search is quadratic in the length of a word it cannot
match: at every position it reads the rest of the word before failing (``"a" * 50000`` spent
27 of its 29 s there). `bounded_update_pred_regex` replaces Stanza's ``update_pred_regex``
(`install_url_scan_bound`, done when a pipeline is built): the text is cut at the characters
no match can hold (`URL_SCAN_BREAK`), and every stretch between two cuts that is longer than
`MAX_URL_SCAN_CHARS` characters is hidden from the search, so it costs at most that many
steps per character. A text with no such stretch (news: its words and URLs are far shorter)
is searched exactly as Stanza searches it; in a longer stretch the tokenizer's own model
alone decides where tokens end. Stanza gives a token over 1,000 characters to the tagger as
``<UNK>``; `parse.from_stanza` gives it back its own characters.

`deadline` sets a time budget for the work done in the current context; `check_deadline`,
called between the stages of parsing and between sentences of the rules, raises
`TimeBudgetError` once it has passed, so a request over its budget ends with a clear error
instead of a killed worker. Budgets nest: an inner block never outlasts the one around it
(a batch's budget covers all its texts, each of which has its own), and the error names the
``scope`` (`BUDGET_MESSAGES`) whose budget ran out. `CLOCK` is the clock read (tests set it).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .errors import TimeBudgetError

# Twice the longest sentence of PolNeAR dev (97 words) and far above ordinary news prose; at
# this length one sentence parses in well under a second with a few MB of scores.
MAX_SENTENCE_WORDS = 250
# Consecutive tokens with no letter or digit that are parsed; the middle of a longer run is not.
MAX_SYMBOL_RUN = 8
# Longest stretch of text with no break that Stanza's URL and e-mail search is run over; longer
# ones are hidden from it. The tokenizer's window (nlp.MAX_TOKEN_CHARS); no word or URL of news
# comes near, and a 50,000-character text of 1,000-character words is searched in about 0.6 s.
MAX_URL_SCAN_CHARS = 1000
# Characters no match of Stanza's MASK_RE can hold: line breaks, non-ASCII white space, and a
# space or tab not right after a backslash (only a quoted e-mail name escapes one). A stretch
# between two of them is searched alone with the same matches as in the whole text.
URL_SCAN_BREAK = re.compile(r"[\n\r]|(?<!\\)[ \t]|[^\S\x00-\x7f]")
URL_SCAN_HIDDEN = "\n"  # what a hidden stretch is replaced by: a break, so nothing matches
TOKENIZE_STAGE = "tokenize"  # Stanza adds multi-word expansion (mwt) to it by itself
TAGGING_STAGES = ("pos", "lemma", "depparse")

BUDGET_MESSAGES = {
    "text": "The text could not be processed within the time budget of {seconds:g} s. Send a "
            "shorter text or split it, or raise the budget (ATTRIBUTION_TIME_BUDGET).",
    "batch": "The batch's time budget of {seconds:g} s ran out before this document was "
             "attributed. Send the documents with this error again (alone or in a smaller "
             "batch), or raise the budget (ATTRIBUTION_TIME_BUDGET).",
}
CLOCK: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class Budget:
    """When the work of a block must end, its length in seconds, and what it is for."""

    until: float
    seconds: float
    scope: str


_deadline: ContextVar[Budget | None] = ContextVar("attribution_deadline", default=None)


@contextmanager
def deadline(seconds: float | None, scope: str = "text") -> Iterator[None]:
    """Give the work inside the block ``seconds`` of wall time (no limit when None or 0),
    and never more than the budget of an enclosing block."""
    outer = _deadline.get()
    budget = Budget(CLOCK() + seconds, seconds, scope) if seconds else None
    if outer is not None and (budget is None or outer.until <= budget.until):
        budget = outer
    token = _deadline.set(budget)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left of the current block's budget (at least 0), or None when it has none."""
    budget = _deadline.get()
    return None if budget is None else max(0.0, budget.until - CLOCK())


def check_deadline() -> None:
    """Raise `TimeBudgetError` when the current block's time budget has run out."""
    budget = _deadline.get()
    if budget is not None and CLOCK() > budget.until:
        raise TimeBudgetError(BUDGET_MESSAGES[budget.scope].format(seconds=budget.seconds))


def _chunk(sentence: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """Cut one sentence's token entries into pieces of at most ``size`` words.

    An entry whose id is a range is a multi-word token and is kept with the words it holds.
    """
    pieces: list[list[dict[str, Any]]] = [[]]
    words = 0
    pending_words = 0  # words still to come inside the current multi-word token
    for entry in sentence:
        ids = word_ids(entry)
        is_range = len(ids) > 1
        if not pending_words and words >= size:
            pieces.append([])
            words = 0
        pieces[-1].append(entry)
        if is_range:
            pending_words = ids[-1] - ids[0] + 1
        else:
            words += 1
            pending_words = max(0, pending_words - 1)
    return pieces


def word_ids(entry: dict[str, Any]) -> tuple[int, ...]:
    """An entry's word ids: one, or the first and last of a multi-word token."""
    return entry["id"] if isinstance(entry["id"], tuple) else (entry["id"],)


def renumber(piece: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of a piece with word ids counted 1, 2, 3... again (no gaps)."""
    numbers: dict[int, int] = {}
    for entry in piece:
        ids = word_ids(entry)
        if len(ids) == 1:
            numbers[ids[0]] = len(numbers) + 1
    return [{**entry, "id": tuple(numbers[i] for i in word_ids(entry))} for entry in piece]


def _symbol_flags(entries: list[dict[str, Any]]) -> list[bool]:
    """For each tokenizer entry, whether it is one token of no letter or digit; a multi-word
    token and the words it holds never are (they are kept whole)."""
    flags, inside = [], 0  # words still to come of the current multi-word token
    for entry in entries:
        ids = word_ids(entry)
        if len(ids) > 1:
            inside = ids[-1] - ids[0] + 1
            flags.append(False)
        elif inside:
            inside -= 1
            flags.append(False)
        else:
            flags.append(not any(char.isalnum() for char in entry["text"]))
    return flags


def _run_middles(flags: list[bool], keep: int) -> set[int]:
    """Positions inside runs of True longer than ``keep``, but the first and last halves."""
    dropped: set[int] = set()
    start = None
    for position, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = position
        elif not flag and start is not None:
            if position - start > keep:
                dropped.update(range(start + keep // 2, position - (keep - keep // 2)))
            start = None
    return dropped


def bound_symbol_runs(sentences: list[list[dict[str, Any]]],
                      keep: int = MAX_SYMBOL_RUN) -> list[list[dict[str, Any]]] | None:
    """The sentences without the middle of every run of over ``keep`` symbol-only tokens;
    None when there is no such run. A sentence left empty is left out."""
    flat = [entry for sentence in sentences for entry in sentence]
    dropped = _run_middles(_symbol_flags(flat), keep)
    if not dropped:
        return None
    bounded, position = [], 0
    for sentence in sentences:
        kept = [e for i, e in enumerate(sentence, position) if i not in dropped]
        position += len(sentence)
        if len(kept) == len(sentence):
            bounded.append(sentence)
        elif kept:
            bounded.append(renumber(kept))
    return bounded


def split_long_sentences(sentences: list[list[dict[str, Any]]],
                         size: int = MAX_SENTENCE_WORDS) -> list[list[dict[str, Any]]] | None:
    """The sentences with every one over ``size`` words cut into pieces; None when none is."""
    if all(_word_count(s) <= size for s in sentences):
        return None
    return [renumber(piece) if len(pieces) > 1 else piece
            for sentence in sentences for pieces in [_chunk(sentence, size)] for piece in pieces]


def _word_count(sentence: list[dict[str, Any]]) -> int:
    return sum(1 for e in sentence if len(word_ids(e)) == 1)


def url_scan_stretches(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` between its `URL_SCAN_BREAK` characters, in order (some empty)."""
    spans, start = [], 0
    for found in URL_SCAN_BREAK.finditer(text):
        spans.append((start, found.start()))
        start = found.end()
    return [*spans, (start, len(text))]


def hide_long_stretches(text: str, limit: int = MAX_URL_SCAN_CHARS) -> str:
    """``text`` with every stretch (`url_scan_stretches`) longer than ``limit`` replaced by
    as many `URL_SCAN_HIDDEN`: same length, same offsets."""
    pieces, cursor = [], 0
    for start, end in url_scan_stretches(text):
        if end - start > limit:
            pieces += [text[cursor:start], URL_SCAN_HIDDEN * (end - start)]
            cursor = end
    return "".join([*pieces, text[cursor:]])


def bounded_update_pred_regex(raw: list[str], pred: Any) -> Any:
    """Stanza's ``update_pred_regex`` (keep e-mail addresses and URLs one token, in place),
    searching each span of ``raw`` with its long stretches hidden (`hide_long_stretches`)."""
    from stanza.models.tokenization.utils import MASK_RE, find_spans

    for span_begin, span_end in find_spans(raw):
        text = hide_long_stretches("".join(raw[span_begin:span_end]))
        for match in MASK_RE.finditer(text):
            begin, end = match.start() + span_begin, match.end() + span_begin
            for char in range(begin, end - 1):
                pred[char] = 0
            if pred[end - 1] == 0:
                pred[end - 1] = 1
    return pred


def install_url_scan_bound() -> None:
    """Make Stanza's tokenizer search for URLs with `bounded_update_pred_regex` (every pipeline
    of the process; idempotent)."""
    from stanza.models.tokenization import utils

    utils.update_pred_regex = bounded_update_pred_regex


def parse_bounded(pipeline: Any, text: str, size: int = MAX_SENTENCE_WORDS) -> Any:
    """Parse ``text`` with a Stanza pipeline, no sentence longer than ``size`` words and no
    run of symbol-only tokens longer than `MAX_SYMBOL_RUN`."""
    from stanza.models.common.doc import Document

    from .tokens import join_whole_words

    doc = pipeline.process(text, processors=TOKENIZE_STAGE)
    check_deadline()
    sentences = doc.to_dict()
    joined = join_whole_words(sentences)
    bounded = bound_symbol_runs(joined or sentences)
    pieces = split_long_sentences(bounded or joined or sentences, size)
    if pieces is not None or bounded is not None or joined is not None:
        doc = Document(pieces or bounded or joined, text=text)
    for stage in TAGGING_STAGES:
        doc = pipeline.process(doc, processors=stage)
        check_deadline()
    return doc
