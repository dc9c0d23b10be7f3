"""Repairs to the tokenizer's output before tagging: tokens it split into words that are one.

The English treebanks the models learn from are partly web text, where "its" stands for
"it's" often enough that EWT annotates such a token as two words ("it" + "s"), and the
tokenizer learned to split "its" now and then: 50 of the 756 "its" of PolNeAR train, every one
sampled a possessive ("its chair", "its current path"). Split, the possessive turns into a
pronoun subject and a verb, and the parse around it breaks ("its chair, Dr. Lena Ortiz, told
reporters" lost its speaker). In edited prose these tokens are single words, so a multi-word
token whose text is in `WHOLE_WORDS` is put back as one word before tagging; the tagger and
parser then read it as it is written.
"""

from __future__ import annotations

from typing import Any

from .limits import renumber, word_ids

# Tokens (lower-cased, exactly as written) that are one word even when the tokenizer expands them.
WHOLE_WORDS = frozenset({"its"})


def join_whole_words(sentences: list[list[dict[str, Any]]],
                     whole: frozenset[str] = WHOLE_WORDS) -> list[list[dict[str, Any]]] | None:
    """The tokenizer's sentences (``Document.to_dict()``) with every multi-word token in
    ``whole`` made one word again (its text, offsets and ``misc``); None when there is none."""
    if not any(len(word_ids(e)) > 1 and e["text"].lower() in whole for s in sentences for e in s):
        return None
    return [_joined(sentence, whole) for sentence in sentences]


def _joined(sentence: list[dict[str, Any]], whole: frozenset[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    skip = 0  # words of a joined token still to leave out
    for entry in sentence:
        ids = word_ids(entry)
        if skip:
            skip -= 1
        elif len(ids) > 1 and entry["text"].lower() in whole:
            entries.append({**entry, "id": ids[0]})
            skip = ids[-1] - ids[0] + 1
        else:
            entries.append(entry)
    return renumber(entries) if len(entries) < len(sentence) else sentence
