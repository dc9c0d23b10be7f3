"""The clause around a quote that has no cue of its own: whose words it frames.

A quote no reporting verb claims is often still framed by a clause of its own sentence: a
subject and a verb the lexicon does not list, or a word the tagger took for a noun
("“…,” Viguerie notes.", "“…,” Trump barked.", "Hillary shot back, “…”", "The ad targets a
“…”"). The subject of that clause is the quote's source, as a reader (and PolNeAR) takes it,
before any speaker carried over from the paragraph (`discourse.context_speaker`).
"""

from __future__ import annotations

from .candidate import Candidate
from .lexicon import EXPLETIVE_SUBJECTS, NOMINAL_UPOS, RELATIVE_PRONOUNS
from .parse import Parse, Sentence, Word
from .quotes import Quote
from .spans import QuoteIndex

# Subject relations that name who acts in a framing clause (not a passive's patient).
FRAME_SUBJECT_DEPS = frozenset({"nsubj"})
# Relations that lead from a word of a noun phrase up to its head ("an angry Hollande").
PHRASE_INTERNAL = frozenset({"compound", "flat", "det", "amod", "nmod"})
# Characters allowed between a quote's end and the subject of the clause after it.
TRAILING_GAP = frozenset(" ,\u00a0—–-")
# Base confidences (train: the speaker is right for 0.91 of the matched quotes after, 0.71 before).
FRAME_CONFIDENCE = {"quote-frame-after": 0.6, "quote-frame-before": 0.5}


def _subject_of(sentence: Sentence, head: Word, quote: Quote, index: QuoteIndex) -> Word | None:
    """The nominal subject of ``head`` that stands outside every top-level quote."""
    for word in sentence.kids(head, FRAME_SUBJECT_DEPS):
        outside = not (index.in_top_level(word.start) or quote.start <= word.start < quote.end)
        if word.upos in NOMINAL_UPOS and word.text.lower() not in EXPLETIVE_SUBJECTS and outside:
            return word
    return None


def subject_after(parse: Parse, quote: Quote, index: QuoteIndex) -> Word | None:
    """ "“…,” Viguerie notes.": the subject right after the quote (only a comma or a dash
    between), when its head is outside the quote too."""
    sentence = parse.sentence_at(quote.end - 1)
    following = [w for w in sentence.words if w.start >= quote.end] if sentence else []
    words = [w for w in following if w.upos != "PUNCT"]
    if not words or not set(parse.text[quote.end:words[0].start]) <= TRAILING_GAP:
        return None
    head = sentence.head_of(words[0])
    while head is not None and words[0].deprel not in FRAME_SUBJECT_DEPS and (
            words[0].relation in PHRASE_INTERNAL):
        words, head = [head], sentence.head_of(head)
    if (head is None or head.start < quote.end or words[0].deprel not in FRAME_SUBJECT_DEPS
            or words[0].text.lower() in RELATIVE_PRONOUNS):
        return None
    return _subject_of(sentence, head, quote, index)


def subject_before(parse: Parse, quote: Quote, index: QuoteIndex) -> Word | None:
    """ "Hillary shot back, “…”", "The ad targets a “…”": climbing from the quote's first
    word, the first clause outside the quote that has a subject before the quote."""
    sentence = parse.sentence_at(quote.inner_start)
    if sentence is None:
        return None
    inside = [w for w in sentence.words if quote.inner_start <= w.start < quote.inner_end]
    if not inside:
        return None
    for above in sentence.ancestors(inside[0]):
        if quote.start <= above.start < quote.end:
            continue
        subject = _subject_of(sentence, above, quote, index)
        if subject is not None:
            return subject if subject.end <= quote.start else None
    return None


def framing_clause(parse: Parse, quote: Quote, index: QuoteIndex) -> Candidate | None:
    """A cue-less quote framed by a clause of its sentence: that clause's subject speaks."""
    for rule, find in FRAMES:
        speaker = find(parse, quote, index)
        sentence = parse.sentence_at(speaker.start) if speaker is not None else None
        if speaker is not None and sentence is not None:
            return Candidate(rule, sentence.index, (), quote.pieces, speaker, None,
                             FRAME_CONFIDENCE[rule])
    return None


# The two places a framing clause stands, tried in this order.
FRAMES = (("quote-frame-after", subject_after), ("quote-frame-before", subject_before))
