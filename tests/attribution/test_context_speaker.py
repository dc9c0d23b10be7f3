"""A cue-less quote takes the speaker of the nearest attribution, never a quoted speaker."""

from __future__ import annotations

from fixture_engine import FIXTURES

from attribution.candidate import Candidate
from attribution.discourse import context_speaker
from attribution.parse import from_conllu
from attribution.quotes import find_quotes
from attribution.spans import QuoteIndex

TEXT = "“Normally,” she said, “the plant would close.”"


def test_a_speaker_inside_a_quote_is_no_context() -> None:
    """The nearer attribution's speaker ("Normally", inside a quote) is passed over for the
    one outside the quotes ("she")."""
    parse = from_conllu((FIXTURES / "fronted_quote_piece.conllu").read_text(encoding="utf-8"),
                        TEXT)
    words = {w.text: w for w in parse.sentences[0].words}
    quotes = find_quotes(TEXT)
    first, second = quotes
    outside = Candidate("verb-complement", 0, (words["said"],), first.pieces, words["she"],
                        None, 0.9)
    quoted = Candidate("verb-complement", 0, (words["said"],), ((12, 20),),
                       words["Normally"], None, 0.9)
    assert context_speaker(second, parse, [outside, quoted]).speaker is words["Normally"]
    found = context_speaker(second, parse, [outside, quoted], QuoteIndex(quotes))
    assert found.rule == "quote-context" and found.speaker is words["she"]


RELATIVE_TEXT = ("“The harbour is ready,” said Ana Ruiz, who noted that the dredging was finished. "
                 "“We can take the big ships now.”")


def test_a_relative_pronoun_is_read_in_its_own_sentence() -> None:
    """The nearest attribution belongs to the quote's sentence but its speaker, "who", to the
    sentence before (as a cue-less quote's speaker does): the noun it stands for is found in
    the sentence that holds it ("Ana"), not by its head index in the attribution's sentence,
    which has fewer words."""
    parse = from_conllu((FIXTURES / "doc_context_relative.conllu").read_text(encoding="utf-8"),
                        RELATIVE_TEXT)
    first = {w.text: w for w in parse.sentences[0].words}
    _, second = find_quotes(RELATIVE_TEXT)
    earlier = Candidate("quote-context", 1, (), ((0, 23),), first["who"], None, 0.5)
    found = context_speaker(second, parse, [earlier])
    assert found.rule == "quote-context" and found.speaker is first["Ana"]
