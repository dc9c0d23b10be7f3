"""Quote-mark spans on raw text: styles, wrong-way marks, apostrophes, nesting, paragraphs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.discourse import is_title
from attribution.quotes import (
    QUOTE_CHARS,
    Quote,
    find_quotes,
    inside_quotes,
    quote_mark_offsets,
    quoted_fraction,
)

SEED_ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-article.txt"


def inners(text: str) -> list[tuple[str, int, bool]]:
    """(inner text, depth, closed) of every quote found in ``text``."""
    return [(text[q.inner_start:q.inner_end], q.depth, q.closed) for q in find_quotes(text)]


def marks(text: str) -> str:
    """The characters that act as quote marks, in order."""
    return "".join(text[offset] for offset in quote_mark_offsets(text))


STYLES = [
    ("She said “we will win” today.", [("we will win", 0, True)]),
    ('She said "we will win" today.', [("we will win", 0, True)]),
    ("Il a dit « nous gagnerons » hier.", [(" nous gagnerons ", 0, True)]),
    ("Er sagte „wir gewinnen“ heute.", [("wir gewinnen", 0, True)]),
    ("Er sagte ‚ja‘ und ‹oui›.", [("ja", 0, True), ("oui", 0, True)]),
    ("Minister calls plan ‘a disaster’ in interview", [("a disaster", 0, True)]),
    ("Minister calls plan 'a disaster' in interview", [("a disaster", 0, True)]),
    ("''It will rain,'' the forecaster said.", [("It will rain,", 0, True)]),
    ("He asked a “question’’ and sat down.", [("question", 0, True)]),
    ("“Yes.” “No.”", [("Yes.", 0, True), ("No.", 0, True)]),
    ('The form said pic="" and author="Ann".', [("", 0, True), ("Ann", 0, True)]),
    # negative: no quote marks, or marks that only look like quotes
    ("She said we will win today.", []),
    ("The board measured 5'10\" in the end.", []),
]


@pytest.mark.parametrize(("text", "expected"), STYLES)
def test_every_quote_mark_style(text: str, expected: list) -> None:
    """Each mark style (curly, straight, guillemets, low-9, doubled singles) yields quotes."""
    assert inners(text) == expected


WRONG_WAY = [
    # the seed article's pattern: a quote closed with an opening mark before the full stop
    ("“Thanks to my team and myself “.", [("Thanks to my team and myself ", 0, True)]),
    ("“Not now,“ he said. “Later.”", [("Not now,", 0, True), ("Later.", 0, True)]),
    ("”Never,” she said.", [("Never,", 0, True)]),
    ("He said: ‟Go home”.", [("Go home", 0, True)]),
    ("“Fine” , he said.", [("Fine", 0, True)]),
    ("He said “ we are ready ” and left.", [(" we are ready ", 0, True)]),
    ("a“b”c", [("b", 0, True)]),
    ("(“Yes,” she said) and —“no”.", [("Yes,", 0, True), ("no", 0, True)]),
    # negative: a stray closing mark opens nothing and is ignored
    ("The mayor left” and nobody followed.", []),
    ("He left ” early.", []),
    ("At the very end “", []),
]


@pytest.mark.parametrize(("text", "expected"), WRONG_WAY)
def test_wrong_way_and_mismatched_marks_are_read_from_context(text: str, expected: list) -> None:
    """Open or close is decided by the neighbours of a mark, not by its glyph alone."""
    assert inners(text) == expected


APOSTROPHES = [
    "I don't think it's over.",
    "Music of the '90s and ’80s was louder.",
    "They played rock 'n' roll all night.",
    "Jones' car hit the students' union wall.",
    "Mary O'Neill and Sean O’Brien met.",
    "’Tis the season, ’twas the night, 'cause why not.",
    "The ministers’ meeting ended at 5 o’clock.",
    "Y'all know the '08 crash.",
]


@pytest.mark.parametrize("text", APOSTROPHES)
def test_apostrophes_are_not_quote_marks(text: str) -> None:
    """Contractions, elisions, decades and possessives give neither quotes nor marks."""
    assert find_quotes(text) == ()
    assert quote_mark_offsets(text) == ()


APOSTROPHES_IN_QUOTES = [
    ("“We don’t know,” he said.", [("We don’t know,", 0, True)]),
    ('"The students\' union won\'t pay," she said.', [("The students' union won't pay,", 0, True)]),
    ("“It’s rock ’n’ roll, the ’60s,” he said.", [("It’s rock ’n’ roll, the ’60s,", 0, True)]),
    ("Voters call him 'the boss' at Jones' bar.", [("the boss", 0, True)]),
    ("‘The members’ vote is final’ headline", [("The members’ vote is final", 0, True)]),
    ("They quoted the '42' figure.", [("42", 0, True)]),
]


@pytest.mark.parametrize(("text", "expected"), APOSTROPHES_IN_QUOTES)
def test_apostrophes_inside_and_beside_quotes(text: str, expected: list) -> None:
    """Apostrophes neither end a quote nor pair up with a real single quote mark."""
    assert inners(text) == expected


NESTED = [
    ("“He said ‘no’ twice,” she said.", [("He said ‘no’ twice,", 0, True), ("no", 1, True)]),
    ("\"He said 'no' twice,\" she said.", [("He said 'no' twice,", 0, True), ("no", 1, True)]),
    ('"He told me "no" twice," she said.', [('He told me "no" twice,', 0, True), ("no", 1, True)]),
    ("“‘Go,’ they said,” he recalled.", [("‘Go,’ they said,", 0, True), ("Go,", 1, True)]),
    ("“Call it ‘fair’ and ‘free’ now.”", [
        ("Call it ‘fair’ and ‘free’ now.", 0, True), ("fair", 1, True), ("free", 1, True),
    ]),
    ("“We came.\n\n“They said ‘stay’,” he said.", [
        ("We came.\n\n“They said ‘stay’,", 0, True), ("stay", 1, True),
    ]),
    # negative: an apostrophe inside a quote is not a nested quote
    ("“The teachers’ union said it’s over,” he said.", [
        ("The teachers’ union said it’s over,", 0, True),
    ]),
    # an unpaired single mark inside does not stop the outer quote
    ("“It was ‘odd,” he said.", [("It was ‘odd,", 0, True)]),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested_quotes_get_depth_one(text: str, expected: list) -> None:
    """A quote inside a quote has depth 1 and leaves the outer quote whole."""
    assert inners(text) == expected


MULTI_PARAGRAPH = [
    ("“We came early.\n\n“We stayed late,” she said.", True,
     ["“We came early.", "“We stayed late,”"]),
    ("“We came early.\n“We stayed late.\n“We left,” she said.", True,
     ["“We came early.", "“We stayed late.", "“We left,”"]),
    ('"We came early.\r\n\r\n"And we stayed." ', True, ['"We came early.', '"And we stayed."']),
    ("“We came early.\n\n“We never left.", False, ["“We came early.", "“We never left."]),
]


@pytest.mark.parametrize(("text", "closed", "pieces"), MULTI_PARAGRAPH)
def test_quote_over_several_paragraphs_is_one_quote(
    text: str, closed: bool, pieces: list[str]
) -> None:
    """A paragraph opening with a mark continues the previous paragraph's unclosed quote."""
    (quote,) = find_quotes(text)
    assert [text[a:b] for a, b in quote.pieces] == pieces
    assert (quote.start, quote.end) == (quote.pieces[0][0], quote.pieces[-1][1])
    assert quote.closed is closed


NOT_CONTINUED = [
    # the next paragraph does not open with a mark: the quote ends unclosed
    ("“We came early.\nThe crowd cheered.", [("We came early.", 0, False)]),
    # a paragraph without marks sits between
    ("“We came early.\n\nThe crowd cheered.\n\n“Then rain,” he said.",
     [("We came early.", 0, False), ("Then rain,", 0, True)]),
    # the previous quote was closed: two quotes
    ("“We came,” he said.\n\n“We left,” he added.", [("We came,", 0, True), ("We left,", 0, True)]),
    # single marks never pair across paragraphs
    ("He was 'early\n\nand late' again.", []),
]


@pytest.mark.parametrize(("text", "expected"), NOT_CONTINUED)
def test_quotes_that_do_not_continue(text: str, expected: list) -> None:
    """Without a leading mark, or after a closed quote, paragraphs are not joined."""
    assert inners(text) == expected
    assert all(len(q.pieces) == 1 for q in find_quotes(text))


DEGRADED = [
    ("“One “two", [("One “two", 0, False), ("two", 1, False)]),
    ("Start “unclosed here\nnext line", [("unclosed here", 0, False)]),
    ("”””", []),
    ("\"a\" \"b", [("a", 0, True), ("b", 0, False)]),
    ("“ ’ ‘ ” ' \" « » „ ‚", [(" ’ ‘ ", 0, True), (" ", 0, True), (" ", 0, True)]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), DEGRADED)
def test_odd_marks_degrade_without_raising(text: str, expected: list) -> None:
    """An odd number of marks ends unclosed quotes with their paragraph and goes on."""
    assert inners(text) == expected


MARK_OFFSETS = [
    ("“Go ‘now’,” he said.", "“‘’”"),
    ("''Go,'' he said.", "''''"),
    ("He left” early.", "”"),  # a stray double mark still acts as a quote mark
    ("The students' union don't", ""),  # apostrophes do not
    ("“It's ’90s rock,” he said.", "“”"),
    ("“A.\n\n“B.”", "““”"),
]


@pytest.mark.parametrize(("text", "expected"), MARK_OFFSETS)
def test_quote_mark_offsets(text: str, expected: str) -> None:
    """Every character acting as a quote mark, and no apostrophe, is listed."""
    assert marks(text) == expected


FRACTION_TEXT = "Officials said “talks went well,” but the “gap” remains. “We wait,” he said."
FRACTIONS = [
    ("“talks went well,”", 1.0),
    ("talks went well", 1.0),
    ("Officials said", 0.0),
    ("but the “gap” remains", 3 / 16),
    ("We wait,", 1.0),
    ("he said.", 0.0),
]


@pytest.mark.parametrize(("fragment", "expected"), FRACTIONS)
def test_quoted_fraction(fragment: str, expected: float) -> None:
    """Share of non-space, non-mark characters inside top-level quotes."""
    start = FRACTION_TEXT.index(fragment)
    quotes = find_quotes(FRACTION_TEXT)
    fraction = quoted_fraction(quotes, start, start + len(fragment), FRACTION_TEXT)
    assert fraction == pytest.approx(expected)


@pytest.mark.parametrize(("fragment", "expected"), [
    ("“talks went well,”", True),
    ("went", True),
    ("“gap”", True),
    ("but the “gap”", False),
    ("said “talks", False),
    ("well,” but the “gap", False),
])
def test_inside_quotes(fragment: str, expected: bool) -> None:
    """A range is inside when one top-level quote holds all of it, marks included."""
    start = FRACTION_TEXT.index(fragment)
    quotes = find_quotes(FRACTION_TEXT)
    assert inside_quotes(quotes, start, start + len(fragment)) is expected


def test_quoted_fraction_of_empty_range_is_zero() -> None:
    """A range without counted characters scores 0, not a division error."""
    text = "“a”   b"
    assert quoted_fraction(find_quotes(text), 3, 6, text) == 0.0


def test_seed_article_quotes() -> None:
    """The seed article's caption quote closes on its wrong-way mark; the rest pair up."""
    if not SEED_ARTICLE.exists():
        pytest.skip("seed article not present")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = [text[q.inner_start:q.inner_end] for q in find_quotes(text)]
    assert found[0].startswith("Had a good visit to Pyongyang")
    assert found[0].endswith("my delegation and myself ")
    assert found[1:] == ["gone better than the previous one", "It is far from the account,"]
    assert all(q.closed for q in find_quotes(text))


def check_invariants(text: str) -> None:
    """Spans lie in the text, start at a mark, and top-level quotes do not overlap."""
    quotes = find_quotes(text)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.start < quote.inner_start <= quote.inner_end <= quote.end
        assert text[quote.start] in QUOTE_CHARS
        assert all(quote.start <= a < b <= quote.end for a, b in quote.pieces)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    top = [q for q in quotes if q.depth == 0]
    assert all(a.end <= b.start for a, b in zip(top, top[1:], strict=False))
    assert all(text[offset] in QUOTE_CHARS for offset in quote_mark_offsets(text))


NOISE = st.text(alphabet=sorted(QUOTE_CHARS) + list("ab. ,\n"), max_size=60)


@settings(max_examples=400, deadline=None, database=None)  # no .hypothesis/ in the tree
@given(NOISE)
def test_random_marks_never_break_the_invariants(text: str) -> None:
    """Random strings of marks, letters, spaces and newlines never raise or break spans."""
    check_invariants(text)


def test_a_megabyte_with_thousands_of_marks() -> None:
    """One left-to-right scan: a 1 MB article with thousands of marks takes about a second."""
    rng = random.Random(7)
    sentences = [
        "The council met on Tuesday and the members voted on the budget for next year.",
        "“We will not give in,” the mayor said, “and we don't need to.”",
        "She called the plan 'a mess' and left the students' union meeting early.",
        "“It was a long night.",
        "Officials said talks went well, according to a spokesman in the capital.",
        "He said the ‘deal’ of the ’90s was over” and nobody answered.",
    ]
    paragraphs = [" ".join(rng.choices(sentences, k=4)) for _ in range(4000)]
    text = "\n\n".join(paragraphs)[:1_000_000]
    quotes = find_quotes(text)  # its speed is measured by benchmarks/quotes_bench.py
    assert len(quotes) > 5000
    check_invariants(text[:20_000])


def test_deep_unclosed_openers_degrade() -> None:
    """Many unclosed openers followed by many stray closers give no quote and no error."""
    text = "'a " * 50_000 + 'x" ' * 50_000
    assert all(q.start < q.end <= len(text) for q in find_quotes(text))


def test_quote_is_frozen() -> None:
    """Quotes are immutable records."""
    quote = find_quotes("“a”")[0]
    assert quote == Quote(0, 3, 1, 2, True, 0, ((0, 3),))
    with pytest.raises(AttributeError):
        quote.start = 1  # type: ignore[misc]


@pytest.mark.parametrize(("inner", "title"), [
    ("The Late Show With Stephen Colbert", True),
    ("Make America Great Again", True),
    ("Fast & Furious", True),
    ("We will not back down from this fight", False),
    ("I Fear The Same Thing Is True,", False),  # closing comma: a quoted sentence
    ("Crooked Hillary is at it again", False),
])
def test_title_case_quote_is_a_title(inner: str, title: bool) -> None:
    """A quote whose words are all capitalised (small words aside) names a work, a slogan or a
    group, and stands as no statement of its own."""
    assert is_title(inner) is title
