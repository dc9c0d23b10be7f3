"""Reporting clauses set off from the content they report, whatever the parser made of them.

- `parenthetical_clause`: "In recent days, advisers say, the president has grown impatient",
  "These workers, the manager explained, were well paid". A parser hangs such a clause on the
  content's main verb (advcl, parataxis, dep) or, when it follows the content's subject, on that
  subject as a relative clause; either way its head comes after the cue, which
  `rules.reporting_clause` (a clause that follows its content) does not take. The content is the
  clause around the cue, in two pieces.
- `final_reporting_clause`: "Turnout fell in every county, new state figures show.", "…, said
  several observers." A sentence whose last comma or dash leaves only a bare reporting clause
  (a noun phrase and a cue verb, or the reverse, and light modifiers). Parsers often make the
  cue the root and hang pieces of the content on it as a subject or an adverbial clause, so
  the rule reads the shape of the words after the separator, not the tree above them.
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidate import Candidate
from .lexicon import PASSIVE_SUBJECT_DEPS, SOURCE_UPOS, SUBJECT_DEPS, Lexicon
from .parse import Sentence, Word
from .phrases import is_quote_mark, outside_heads, pieces_of
from .rules import CLAUSE_SEPARATORS, has_content_child, make_candidate
from .sources import is_finite

# How a parenthetical reporting clause hangs on what it interrupts.
PARENTHETICAL_DEPS = frozenset({"advcl", "parataxis", "dep", "acl:relcl", "acl", "ccomp"})
# A nominal the clause hangs on stands for the clause it is the subject or object of.
NOMINAL_ROLES = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | frozenset({"obj", "obl", "nsubj:outer"})
# Opening words of a sentence that stay out of the content ("But …, officials say, …").
OPENING_DEPS = frozenset({"cc", "punct"})
PARENTHETICAL_CONFIDENCE = 0.7
# Cue categories that report what was said or written ("you know", "I think" in the middle of a
# sentence are mostly discourse markers) and the most words such an aside holds.
PARENTHETICAL_CATEGORIES = frozenset({"speech", "writing", "report"})
PARENTHETICAL_WORDS = 10


def _set_off(sentence: Sentence, words: list[Word]) -> bool:
    """Whether ``words`` stand between two separators (a comma or dash on each side, theirs
    or the words' next to them)."""
    while len(words) > 1 and words[-1].text in CLAUSE_SEPARATORS:
        words = words[:-1]
    while len(words) > 1 and words[0].text in CLAUSE_SEPARATORS:
        words = words[1:]
    before = sentence.word_at(words[0].index - 1)
    after = sentence.word_at(words[-1].index + 1)
    return (before is not None and after is not None
            and before.text in CLAUSE_SEPARATORS and after.text in CLAUSE_SEPARATORS)


def _own_subject(sentence: Sentence, verb: Word) -> bool:
    """A subject of the cue's own before it, not a relative pronoun ("who said")."""
    return any(w.index < verb.index and w.feature("PronType") != "Rel"
               and w.text.lower() not in ("who", "which", "that")
               for w in sentence.kids(verb, SUBJECT_DEPS))


def _interrupted_clause(sentence: Sentence, verb: Word) -> Word | None:
    """The head of the clause the reporting clause interrupts: its head, or the clause of the
    nominal it hangs on; None when that clause does not go on after the cue."""
    head = sentence.head_of(verb)
    if head is not None and head.index < verb.index and head.relation in NOMINAL_ROLES:
        head = sentence.head_of(head)
    if head is None or head.index < verb.index:
        return None
    return head


def parenthetical_clause(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "C1, X said, C2": a cue verb with its own subject and no complement, set off by
    separators between two parts of the clause it reports."""
    for verb in sentence.words:
        if (verb.upos != "VERB"
                or lexicon.verb_category(verb.lemma) not in PARENTHETICAL_CATEGORIES
                or verb.deprel not in PARENTHETICAL_DEPS or has_content_child(sentence, verb)
                or not _own_subject(sentence, verb)):
            continue
        words = sentence.subtree(verb)
        clause = _interrupted_clause(sentence, verb)
        if clause is None or len(words) > PARENTHETICAL_WORDS or not _set_off(sentence, words):
            continue
        skip = frozenset(w.index for w in words) | frozenset(
            w.index for w in sentence.kids(clause, OPENING_DEPS)
            if w.index < words[0].index)
        content = sentence.subtree(clause, skip)
        if not any(w.index < words[0].index and w.upos != "PUNCT" for w in content):
            continue
        yield from filter(None, [make_candidate(
            "parenthetical-clause", sentence, verb, pieces_of(content), lexicon,
            PARENTHETICAL_CONFIDENCE)])


# Tags of the words in the noun phrase and the modifiers of a bare reporting clause ("new state
# figures", "on Wednesday", "The New York Times"); participles may modify the phrase ("records
# compiled by the center").
BARE_UPOS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM", "ADP", "PART", "ADV",
                       "AUX", "X", "PUNCT"})
# Words that make what follows the separator a subordinate or relative clause, not a report.
NOT_REPORTING_UPOS = frozenset({"SCONJ", "CCONJ"})
# The fewest words, and the tags one of them must have, for what precedes to be a clause.
MIN_CONTENT_WORDS = 4
CLAUSE_UPOS = frozenset({"VERB", "AUX"})
FINAL_CATEGORIES = frozenset({"speech", "writing", "report", "belief"})
FINAL_CONFIDENCE = 0.7
# A bare reporting clause: at most this many words, its noun phrase opening with one of these.
MAX_TAIL_WORDS = 14
PHRASE_OPENING_UPOS = frozenset({"DET", "PROPN", "NOUN", "PRON", "ADJ", "NUM"})
# Cue categories that invert ("…, said the senator"), and what a main clause never opens with.
INVERTED_CATEGORIES = frozenset({"speech", "writing"})
OPENING_NOT_CLAUSE = frozenset({"SCONJ", "ADP", "VERB"})


def _last_separator(sentence: Sentence) -> int | None:
    """The index of the last comma or dash of the sentence before its final words."""
    for word in reversed(sentence.words[:-1]):
        if word.text in CLAUSE_SEPARATORS:
            return word.index
    return None


def _bare_cue(tail: list[Word], lexicon: Lexicon) -> tuple[Word, list[Word]] | None:
    """The finite cue verb of a bare reporting clause and its noun phrase (before it, or right
    after it when inverted: "…, said several observers"), or None when ``tail`` is anything
    else."""
    verbs = [i for i, w in enumerate(tail) if w.upos == "VERB"]
    if not verbs or len(tail) > MAX_TAIL_WORDS or tail[0].upos in NOT_REPORTING_UPOS:
        return None
    cue = tail[verbs[-1]]
    before, after = tail[:verbs[-1]], tail[verbs[-1] + 1:]
    if (lexicon.verb_category(cue.lemma) not in FINAL_CATEGORIES or not is_finite(cue)
            or cue.lemma.lower() in lexicon.quote_only
            or any(w.upos not in BARE_UPOS for w in after)
            or any(w.upos not in BARE_UPOS and w.feature("VerbForm") != "Part"
                   for w in before)
            or any(w.feature("PronType") == "Rel" for w in before)):
        return None
    if before:
        return (cue, before) if before[0].upos in PHRASE_OPENING_UPOS else None
    phrase = [w for w in after if w.upos != "PUNCT"]
    lemma = cue.lemma.lower()
    inverted = lexicon.verb_category(lemma) in INVERTED_CATEGORIES and (
        lemma not in lexicon.object_content and lemma not in lexicon.addressee)
    return (cue, phrase) if inverted and phrase and phrase[0].upos in PHRASE_OPENING_UPOS else None


def _independent_clause(words: list[Word]) -> bool:
    """Whether ``words`` read as a main clause: long enough, with a finite verb outside any
    relative clause, not opening with a subordinator ("when …", "as …") or a preposition."""
    opening = words[0] if words else None
    if (opening is None or len(words) < MIN_CONTENT_WORDS or opening.upos in OPENING_NOT_CLAUSE
            or opening.feature("PronType") in ("Rel", "Int")):
        return False
    relative = False
    for word in words:
        relative = relative or word.feature("PronType") == "Rel"
        if not relative and word.upos in CLAUSE_UPOS and is_finite(word):
            return True
    return False


def final_reporting_clause(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "C, X said." / "C, said X." / "C, records show.": the words after the last separator
    are only a reporting clause; what precedes it is the content."""
    separator = _last_separator(sentence)
    if separator is None:
        return
    tail = [w for w in sentence.words[separator + 1:]
            if not (w.upos == "PUNCT" and w.index == len(sentence.words) - 1)]
    found = _bare_cue(tail, lexicon)
    if found is None:
        return
    cue, phrase = found
    speaker = next(iter(outside_heads(phrase, SOURCE_UPOS)), None)
    before = [w for w in sentence.words[:separator]
              if not (w.index == 0 and w.upos in NOT_REPORTING_UPOS)]
    words = [w for w in before if w.upos != "PUNCT"]
    # a quote before the clause is left to the quote rules ("“…,” X said"); a colon at the end
    # introduces what comes next
    if (speaker is None or is_quote_mark(sentence.words[separator - 1])
            or sentence.words[-1].text == ":" or not _independent_clause(words)):
        return
    limit = cue.start if speaker.index < cue.index else None
    yield Candidate("final-reporting-clause", sentence.index, (cue,), tuple(pieces_of(before)),
                    speaker, None, FINAL_CONFIDENCE, cue.lemma.lower(), speaker_limit=limit)
