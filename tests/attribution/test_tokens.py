"""A multi-word token that is one word in edited prose ("its") is put back as one word."""

from __future__ import annotations

import pytest

from attribution.tokens import join_whole_words


def entry(ids: int | tuple[int, int], text: str, start: int, misc: str | None = None) -> dict:
    found = {"id": ids, "text": text, "start_char": start, "end_char": start + len(text)}
    return {**found, "misc": misc} if misc else found


# "its chair told it's late" as the tokenizer gives it, both tokens expanded
SPLIT = [entry((1, 2), "its", 0), entry(1, "it", 0), entry(2, "s", 2), entry(3, "chair", 4),
         entry(4, "told", 10), entry((5, 6), "it's", 15, "SpaceAfter=No"), entry(5, "it", 15),
         entry(6, "'s", 17), entry(7, "late", 20)]


def test_its_is_joined_and_the_words_after_it_renumbered() -> None:
    (sentence,) = join_whole_words([SPLIT])
    assert [(e["id"], e["text"]) for e in sentence] == [
        ((1,), "its"), ((2,), "chair"), ((3,), "told"), ((4, 5), "it's"), ((4,), "it"),
        ((5,), "'s"), ((6,), "late")]
    assert (sentence[0]["start_char"], sentence[0]["end_char"]) == (0, 3)
    assert sentence[3]["misc"] == "SpaceAfter=No"


@pytest.mark.parametrize("text", ["Its", "ITS"])
def test_the_word_is_matched_whatever_its_case(text: str) -> None:
    sentence = [entry((1, 2), text, 0), entry(1, text[:2], 0), entry(2, text[2:], 2)]
    assert [e["text"] for e in join_whole_words([sentence])[0]] == [text]


def test_sentences_without_such_a_token_are_left_alone() -> None:
    """Other multi-word tokens ("it's") stay expanded, and nothing is rebuilt (None)."""
    assert join_whole_words([SPLIT[5:]]) is None
    assert join_whole_words([[entry(1, "its", 0), entry(2, "chair", 4)]]) is None
