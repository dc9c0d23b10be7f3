"""The parse view: word offsets index the exact input, paragraphs are counted from newlines.

`from_conllu` aligns CoNLL-U forms to the text left to right; `from_stanza` reads the offsets
Stanza gives each word (or its token, for the words of a multi-word token). Neither needs a
model: the Stanza document here is built from plain objects of the same shape.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from attribution.parse import Parse, from_conllu, from_stanza


def row(number: int, form: str, head: int, deprel: str, upos: str = "X",
        feats: str = "_") -> str:
    """One CoNLL-U line with the lemma equal to the form."""
    return f"{number}\t{form}\t{form}\t{upos}\t_\t{feats}\t{head}\t{deprel}\t_\t_"


def two_sentences(first: list[str], second: list[str]) -> str:
    """A CoNLL-U document of two sentences whose words hang flat from the first word."""
    def block(forms: list[str]) -> str:
        return "\n".join(row(i, f, 0 if i == 1 else 1, "root" if i == 1 else "dep")
                         for i, f in enumerate(forms, 1))
    return block(first) + "\n\n" + block(second) + "\n"


def spans_hold(parse: Parse) -> bool:
    """Whether every word's offsets cut its own form out of the text."""
    return all(parse.text[w.start:w.end] == w.text for s in parse.sentences for w in s.words)


OFFSET_CASES = [
    ("“Yes,” she said. It rained.", ["“", "Yes", ",", "”", "she", "said", "."],
     ["It", "rained", "."], [0, 0]),
    ("«Oui»,   she   said. It rained.", ["«", "Oui", "»", ",", "she", "said", "."],
     ["It", "rained", "."], [0, 0]),
    ("She said „no“.\r\nIt rained.", ["She", "said", "„", "no", "“", "."],
     ["It", "rained", "."], [0, 1]),
    ("She said no.\n\n\nIt rained.", ["She", "said", "no", "."], ["It", "rained", "."], [0, 1]),
    ("  She said no.\tIt rained.  ", ["She", "said", "no", "."], ["It", "rained", "."], [0, 0]),
    ("It's ‘fine’, she said.\nIt rained.", ["It", "'s", "‘", "fine", "’", ",", "she", "said", "."],
     ["It", "rained", "."], [0, 1]),
]


@pytest.mark.parametrize(("text", "first", "second", "paragraphs"), OFFSET_CASES)
def test_from_conllu_offsets_and_paragraphs(text: str, first: list[str], second: list[str],
                                            paragraphs: list[int]) -> None:
    """Offsets index the exact text (curly and low quotes, guillemets, runs of spaces, tabs,
    CRLF, blank lines) and each newline run between sentences starts a new paragraph."""
    parse = from_conllu(two_sentences(first, second), text)
    assert spans_hold(parse)
    assert [s.paragraph for s in parse.sentences] == paragraphs
    assert [s.index for s in parse.sentences] == [0, 1]


def test_from_conllu_skips_multiword_ranges_and_aligns_parts() -> None:
    """A multi-word token line ("4-5 won't") is skipped; its parts align inside the token."""
    conllu = "\n".join([
        row(1, "It", 3, "nsubj"), "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_",
        row(2, "wo", 3, "aux"), row(3, "n't", 0, "root"), row(4, ".", 3, "punct")])
    text = "It won't."
    parse = from_conllu(conllu, text)
    words = parse.sentences[0].words
    assert [(w.text, w.start, w.end) for w in words] == [
        ("It", 0, 2), ("wo", 3, 5), ("n't", 5, 8), (".", 8, 9)]


def test_from_conllu_reads_features_and_tree() -> None:
    """Heads become 0-based indices (-1 for the root); features, relations and child lists
    are read the way the rules query them."""
    conllu = "\n".join([
        row(1, "Ann", 2, "nsubj", "PROPN", "Number=Sing"),
        row(2, "said", 0, "root", "VERB", "Mood=Ind|Tense=Past|VerbForm=Fin"),
        row(3, "it", 4, "nsubj:pass", "PRON"), row(4, "ended", 2, "ccomp", "VERB")])
    sentence = from_conllu(conllu, "Ann said it ended").sentences[0]
    said, ended = sentence.words[1], sentence.words[3]
    assert said.head == -1 and said.feature("VerbForm") == "Fin" and said.feature("Foo") == ""
    assert sentence.words[2].relation == "nsubj"
    assert [w.text for w in sentence.kids(said)] == ["Ann", "ended"]
    assert [w.text for w in sentence.kids(ended, frozenset({"nsubj"}))] == ["it"]
    assert [w.text for w in sentence.ancestors(sentence.words[2])] == ["ended", "said"]
    assert [w.text for w in sentence.subtree(ended)] == ["it", "ended"]


def test_sentence_at_finds_the_sentence_of_an_offset() -> None:
    """`Parse.sentence_at` maps an offset to its sentence, and gaps between them to None."""
    text = "She said no.   It rained."
    parse = from_conllu(two_sentences(["She", "said", "no", "."], ["It", "rained", "."]), text)
    assert parse.sentence_at(0).index == 0
    assert parse.sentence_at(text.index("rained")).index == 1
    assert parse.sentence_at(13) is None


def stanza_word(number: int, text: str, start: int | None, end: int | None,
                head: int = 0) -> SimpleNamespace:
    """A stand-in for a Stanza Word (offsets may be None, as for multi-word token parts)."""
    return SimpleNamespace(id=number, text=text, lemma=text.lower(), upos="X", xpos=None,
                           feats=None, head=head, deprel="dep" if head else "root",
                           start_char=start, end_char=end)


def stanza_token(text: str, at: int, words: list[SimpleNamespace]) -> SimpleNamespace:
    """A stand-in for a Stanza Token covering ``text`` from offset ``at``."""
    return SimpleNamespace(text=text, words=words, start_char=at, end_char=at + len(text))


def stanza_sentence(text: str, forms: list[str], cursor: int = 0) -> SimpleNamespace:
    """A Stanza-like sentence of one word per token, all hanging from the first word."""
    tokens = []
    for number, form in enumerate(forms, 1):
        at = text.index(form, cursor)
        cursor = at + len(form)
        word = stanza_word(number, form, at, cursor, 0 if number == 1 else 1)
        tokens.append(stanza_token(form, at, [word]))
    return SimpleNamespace(tokens=tokens)


STANZA_CASES = [
    ("“Ok,”  he said.", [["“", "Ok", ",", "”", "he", "said", "."]], [0]),
    ("He said „no“.\r\nIt rained.", [["He", "said", "„", "no", "“", "."], ["It", "rained", "."]],
     [0, 1]),
    ("«Non»,   dit-il.\n\nIt rained.", [["«", "Non", "»", ",", "dit-il", "."],
                                       ["It", "rained", "."]], [0, 1]),
]


@pytest.mark.parametrize(("text", "sentences", "paragraphs"), STANZA_CASES)
def test_from_stanza_offsets_and_paragraphs(text: str, sentences: list[list[str]],
                                            paragraphs: list[int]) -> None:
    """Word offsets are Stanza's character offsets into the exact text (curly quotes, CRLF,
    runs of spaces), heads become 0-based, and newlines between sentences count paragraphs."""
    built, cursor = [], 0
    for forms in sentences:
        built.append(stanza_sentence(text, forms, cursor))
        cursor = built[-1].tokens[-1].end_char
    parse = from_stanza(SimpleNamespace(sentences=built), text)
    assert spans_hold(parse)
    assert [s.paragraph for s in parse.sentences] == paragraphs
    first = parse.sentences[0].words
    assert first[0].head == -1 and first[1].head == 0 and first[0].xpos == "_"


def test_from_stanza_multiword_parts_take_token_offsets() -> None:
    """The words of a multi-word token with no offsets of their own get the token's span."""
    text = "We won't."
    words = [stanza_word(2, "wo", None, None, 1), stanza_word(3, "n't", None, None, 1)]
    sentence = SimpleNamespace(tokens=[
        stanza_token("We", 0, [stanza_word(1, "We", 0, 2)]), stanza_token("won't", 3, words),
        stanza_token(".", 8, [stanza_word(4, ".", 8, 9, 1)])])
    parse = from_stanza(SimpleNamespace(sentences=[sentence]), text)
    assert [(w.text, w.start, w.end) for w in parse.sentences[0].words] == [
        ("We", 0, 2), ("wo", 3, 8), ("n't", 3, 8), (".", 8, 9)]
