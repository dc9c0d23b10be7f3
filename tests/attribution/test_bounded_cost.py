"""Bounded cost: long sentences are cut before parsing, the rule stage's indexes change nothing.

The indexed rule stage (`attribution.spans`) must give exactly the answers of the full scans
it replaced. `naive_rules` puts those scans back (the definitions the indexes are checked
against: every quote, every candidate compared with every other) and each fixture and example
article must come out identical both ways.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution import discourse, limits
from attribution.errors import TimeBudgetError
from attribution.extract import extract_document
from attribution.parse import from_conllu, from_stanza
from attribution.spans import SpanIndex

extract = importlib.import_module("attribution.extract")  # the package exports a function
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "conllu").glob("*.conllu"))
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))


class ScanAll(SpanIndex):
    """A `SpanIndex` that answers every item for every query: the full scan."""

    def near(self, start: int, end: int) -> list[int]:
        """Every item added."""
        return list(range(self.size))


def without_index(function, *names: str):
    """``function`` called with its index arguments dropped: its full-scan path."""
    def scan(*args, **kwargs):
        return function(*args[:len(args) - len(names)], **kwargs)
    return scan


def nesting_by_scan(ordered: list) -> dict[int, int]:
    """The smallest holder of each candidate, every pair compared."""
    nested = {}
    for i, inner in enumerate(ordered):
        holders = [j for j, outer in enumerate(ordered) if extract._contains(outer, inner)]
        if holders:
            nested[i] = min(holders, key=lambda j: sum(e - s for s, e in ordered[j].content))
    return nested


@contextmanager
def naive_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rule stage with every index replaced by a scan of everything."""
    with monkeypatch.context() as patch:
        patch.setattr(extract, "SpanIndex", ScanAll)
        patch.setattr(extract, "_nesting", nesting_by_scan)
        for name, dropped in (("snap_to_quotes", 1), ("continue_across_cue", 2),
                              ("quote_cue", 1)):
            patch.setattr(discourse, name,
                          without_index(getattr(discourse, name), *["index"] * dropped))
        patch.setattr(extract, "attribution_type",
                      without_index(extract.attribution_type, "index"))
        yield


def fixture_text(conllu: str) -> str:
    """The text a fixture was cut from: its sentences, paragraphs at ``# newpar``."""
    paragraphs: list[list[str]] = [[]]
    for line in conllu.splitlines():
        if line.startswith("# newpar") and paragraphs[-1]:
            paragraphs.append([])
        if match := re.match(r"# text = (.*)", line):
            paragraphs[-1].append(match.group(1))
    return "\n\n".join(" ".join(p) for p in paragraphs)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_indexed_rules_match_full_scans_on_fixtures(path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hand-checked parse: the same result with the indexes and with full scans."""
    conllu = path.read_text(encoding="utf-8")
    text = fixture_text(conllu)
    indexed = extract_document(text, from_conllu(conllu, text))
    with naive_rules(monkeypatch):
        scanned = extract_document(text, from_conllu(conllu, text))
    assert indexed == scanned


@pytest.mark.pipeline
def test_indexed_rules_match_full_scans_on_articles(parser, monkeypatch) -> None:
    """The example articles, one after the other in one text, parsed by the real models."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in ARTICLES)
    parse = from_stanza(parser(text), text)
    indexed = extract_document(text, parse)
    with naive_rules(monkeypatch):
        scanned = extract_document(text, parse)
    assert indexed.attributions and indexed == scanned


def token(number: int, start: int, mwt: int = 0) -> dict:
    """One tokenizer entry (a multi-word token spanning ``mwt`` words when > 0)."""
    ids = tuple(range(number, number + mwt)) if mwt else (number,)
    return {"id": ids, "text": "x", "start_char": start, "end_char": start + 1}


def test_long_sentences_are_cut_into_pieces_of_at_most_the_limit() -> None:
    """Ten words with a limit of four: pieces of 4, 4 and 2, ids counted from 1 again."""
    sentence = [token(i + 1, 2 * i) for i in range(10)]
    pieces = limits.split_long_sentences([sentence], size=4)
    assert [len(p) for p in pieces] == [4, 4, 2]
    assert [e["id"] for e in pieces[1]] == [(1,), (2,), (3,), (4,)]
    assert [e["start_char"] for p in pieces for e in p] == [2 * i for i in range(10)]


def test_a_multiword_token_is_never_cut() -> None:
    """A two-word token at the limit stays whole with its words in the next piece."""
    sentence = [token(1, 0), token(2, 2), token(3, 4), token(4, 6, mwt=2),
                token(4, 6), token(5, 7)]
    pieces = limits.split_long_sentences([sentence], size=3)
    assert [[e["id"] for e in p] for p in pieces] == [[(1,), (2,), (3,)],
                                                      [(1, 2), (1,), (2,)]]


def test_short_sentences_are_left_alone() -> None:
    """No sentence over the limit: nothing to rebuild (the parse is exactly as before)."""
    assert limits.split_long_sentences([[token(1, 0), token(2, 2)]], size=2) is None


def mark(number: int, start: int, text: str = '"') -> dict:
    """One tokenizer entry for a token of no letter or digit."""
    return {**token(number, start), "text": text}


def test_long_runs_of_symbols_keep_only_their_ends() -> None:
    """A word then twenty quote marks, four kept: the word, the first two and the last two
    marks, ids 1 to 5 with no gap, offsets untouched."""
    sentence = [token(1, 0)] + [mark(i + 2, i + 2) for i in range(20)]
    (kept,) = limits.bound_symbol_runs([sentence], keep=4)
    assert [e["id"] for e in kept] == [(1,), (2,), (3,), (4,), (5,)]
    assert [e["start_char"] for e in kept] == [0, 2, 3, 20, 21]


def test_a_run_is_bounded_across_sentences_and_emptied_sentences_go() -> None:
    """Three sentences of quote marks form one run: its ends survive, the middle sentence
    (all inside the run) is left out."""
    sentences = [[mark(i + 1, 10 * n + i) for i in range(5)] for n in range(3)]
    bounded = limits.bound_symbol_runs(sentences, keep=4)
    assert [[e["start_char"] for e in s] for s in bounded] == [[0, 1], [23, 24]]


def test_short_symbol_runs_and_multiword_tokens_are_left_alone() -> None:
    """Runs within the bound (``.”)``), words, and multi-word tokens (whose words are never
    counted as marks): nothing to rebuild."""
    sentence = [token(1, 0), mark(2, 1, "."), mark(3, 2, "”"), mark(4, 3, ")"),
                {**token(5, 5, mwt=2), "text": "--"}, mark(5, 5, "-"), mark(6, 6, "-"),
                mark(7, 7, "!"), mark(8, 8, "!"), mark(9, 9, "!")]
    assert limits.bound_symbol_runs([sentence], keep=3) is None


def test_deadline_raises_once_passed_and_not_before() -> None:
    """A budget of 0 means none; a passed budget raises the error the service maps to 503."""
    with limits.deadline(0):
        limits.check_deadline()
    with limits.deadline(3600):
        limits.check_deadline()
    with limits.deadline(1e-9), pytest.raises(TimeBudgetError, match="time budget"):
        limits.check_deadline()
    limits.check_deadline()  # outside every block: no budget


@pytest.mark.pipeline
@pytest.mark.parametrize("text", ['"' * 600, "“”" * 300, " ".join(["word"] * 600),
                                  "He said that " * 100, "a" * 3000],
                         ids=["straight-marks", "curly-pairs", "no-punctuation",
                              "he-said-that", "long-token"])
def test_hostile_shapes_parse_in_bounded_sentences(parser, text: str) -> None:
    """Each adversarial shape parses with no sentence over the limit and exact offsets."""
    parse = from_stanza(parser(text), text)
    assert max(len(s.words) for s in parse.sentences) <= limits.MAX_SENTENCE_WORDS
    words = [w for s in parse.sentences for w in s.words]
    assert all(0 <= w.start < w.end <= len(text) for w in words)
    # a token longer than the tokenizer's window ("<UNK>" to the tagger) keeps its own form
    assert all(text[w.start:w.end] == w.text for w in words)
    assert extract.extract(text, parser).text == text


@pytest.mark.pipeline
@pytest.mark.parametrize("text", ['"' * 600, "“”" * 300, "Yes. " + "?!" * 300 + " he said."])
def test_runs_of_marks_are_parsed_as_their_ends_only(parser, text: str) -> None:
    """A run of hundreds of marks reaches the tagger and parser as `MAX_SYMBOL_RUN` tokens,
    each at its exact place in the input."""
    parse = from_stanza(parser(text), text)
    marks = [w for s in parse.sentences for w in s.words if not any(c.isalnum() for c in w.text)]
    assert len(marks) <= limits.MAX_SYMBOL_RUN + 2  # the run's ends, and the final full stop
    assert all(text[w.start:w.end] == w.text for s in parse.sentences for w in s.words)


# Pieces of e-mail addresses and URLs, and the characters around which Stanza's MASK_RE could
# match or stop (escaped spaces, quoted names, domain literals, non-ASCII space).
URL_PIECES = ["http://", "https://www.", "www.", "ww", ".com", ".org", ".co", ".gov.uk", "x@y.net",
              '"a\\ b"@c.edu', "@[1.2.3.4]", "a", "Z", "0", ".", "@", "-", "_", '"', "\\",
              " ", "\t", "\n", "\x0b", "\u00a0", "é", "[", "]", ":", "/"]
url_texts = st.lists(st.sampled_from(URL_PIECES), max_size=40).map("".join)


def mask_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    from stanza.models.tokenization.utils import MASK_RE

    return [(m.start() + offset, m.end() + offset) for m in MASK_RE.finditer(text)]


@settings(max_examples=500, deadline=None, database=None)
@given(url_texts)
def test_url_search_finds_the_same_matches_stretch_by_stretch(text: str) -> None:
    """No match of Stanza's URL and e-mail expression crosses a `URL_SCAN_BREAK`, so each
    stretch searched alone gives the matches of the whole text."""
    alone = [span for start, end in limits.url_scan_stretches(text)
             for span in mask_spans(text[start:end], start)]
    assert alone == mask_spans(text)


@settings(max_examples=300, deadline=None, database=None)
@given(url_texts, st.integers(1, 12))
def test_hiding_long_stretches_drops_only_the_matches_inside_them(text: str, limit: int) -> None:
    """A stretch over the limit is hidden (same length): its matches go, no other does."""
    hidden = limits.hide_long_stretches(text, limit)
    assert len(hidden) == len(text)
    short = [(s, e) for s, e in limits.url_scan_stretches(text) if e - s <= limit]
    assert mask_spans(hidden) == [m for m in mask_spans(text)
                                  if any(s <= m[0] and m[1] <= e for s, e in short)]


def stanza_update_pred_regex():
    """Stanza's own ``update_pred_regex``, from a fresh copy of its module."""
    import importlib.util

    spec = importlib.util.find_spec("stanza.models.tokenization.utils")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.update_pred_regex


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(URL_PIECES + ["<PAD>"]), max_size=40).map(
    lambda parts: [c for part in parts for c in ([part] if part == "<PAD>" else part)]),
    st.randoms(use_true_random=False))
def test_bounded_url_search_marks_tokens_as_stanzas_does(raw: list[str], rng) -> None:
    """Within `MAX_URL_SCAN_CHARS`, the tokenizer's predictions come out as Stanza's do."""
    pred = np.array([rng.choice([0, 0, 1, 2]) for _ in raw], dtype=int)
    expected = STANZA_UPDATE_PRED_REGEX(raw, pred.copy())
    assert limits.bounded_update_pred_regex(raw, pred.copy()).tolist() == expected.tolist()


STANZA_UPDATE_PRED_REGEX = stanza_update_pred_regex()


@pytest.mark.pipeline
def test_a_50000_character_token_is_searched_bounded_and_keeps_its_offsets(
        parser, monkeypatch) -> None:
    """The tokenizer's URL search never reads a stretch over `MAX_URL_SCAN_CHARS`, and the
    words of a text holding one 50,000-character token index the input exactly."""
    from stanza.models.tokenization import utils

    searched: list[str] = []

    class Recorder:
        def finditer(self, text: str):
            searched.append(text)
            return real.finditer(text)

    real = utils.MASK_RE
    monkeypatch.setattr(utils, "MASK_RE", Recorder())
    text = "“Yes,” said " + "A" * 50_000 + ". See www.example.com now."
    parse = from_stanza(parser(text), text)
    longest = max(e - s for t in searched for s, e in limits.url_scan_stretches(t))
    assert searched and longest <= limits.MAX_URL_SCAN_CHARS
    words = [w for s in parse.sentences for w in s.words]
    assert all(text[w.start:w.end] == w.text for w in words)
    assert "A" * 50_000 in [w.text for w in words]
    assert "www.example.com" in [w.text for w in words]  # the URL is still one token
