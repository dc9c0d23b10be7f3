"""Attributions whose cue is a noun, a light verb with its noun, or an adjective of stance.

    "his claim that …", "she voiced doubts that …"            noun-complement
    "She made clear that …", "He took issue with …"           light-verb
    "He was confident that …", "They were critical of …"      adjective-complement

Such a cue reports one dependent after it: a "that" clause, an infinitive or a prepositional
phrase whose marker the lexicon lists for the word (`Lexicon.nouns`, `light_phrases`,
`adjectives`). The parser often hangs that dependent on the verb above the
word ("made the claim that …" with the clause under "made"), so the verb's dependents after
the word count too. The source is the noun's possessor ("his claim"), its "by"/"from" phrase
("claims by the campaign"), the subject of a light verb ("she voiced doubts") or of the
adjective ("he was confident"). "The announcement that …" names no one: a cue noun with no
source gives no attribution, since on PolNeAR train such matches were right less than half the
time (the claim is mostly the outer speaker's, or nobody's), as were nouns with prepositional
phrases ("allegations of …", "his plan to …").
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidate import Candidate
from .lexicon import EXPLETIVE_SUBJECTS, PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, Lexicon
from .parse import Sentence, Word
from .phrases import pieces_of
from .sources import is_nominal, source_of

# Relations by which a cue word (or the verb above it) holds what it reports.
REPORTED_DEPS = frozenset({"acl", "ccomp", "advcl", "xcomp", "nmod", "obl"})
# Words that introduce a dependent: its preposition or complementizer.
MARKER_DEPS = frozenset({"case", "mark"})
# Relations of a noun cue to a verb whose own dependents may hold its content.
HOSTED_DEPS = frozenset({"obj", "xcomp"})
# Prepositions of a noun's phrase that name its source ("criticism from Republicans").
SOURCE_CASES = frozenset({"by", "from"})
POSSESSOR_DEPS = frozenset({"nmod:poss"})
# What introduces the clause of a cue noun.
NOUN_MARKERS = frozenset({"that"})
# Dependents that make a participle a predicate ("was outraged", "is concerned").
PREDICATE_AUX_DEPS = frozenset({"cop", "aux:pass"})
# A clause with a subject and no complementizer ("confident he will win").
BARE_CLAUSE = "clause"
NOUN_CLAUSE_CONFIDENCE = 0.55
LIGHT_VERB_CONFIDENCE = 0.6
ADJECTIVE_CONFIDENCE = 0.5


def marker(sentence: Sentence, dependent: Word) -> str | None:
    """The word that introduces ``dependent`` ("that", "to", "of", …), `BARE_CLAUSE` for a
    complement clause with its own subject and none, else None."""
    leading = [w for w in sentence.kids(dependent, MARKER_DEPS) if w.index < dependent.index]
    if leading:
        return leading[0].text.lower()
    if dependent.deprel == "ccomp" and sentence.kids(dependent, SUBJECT_DEPS):
        return BARE_CLAUSE
    return None


def reported(sentence: Sentence, cue: Word, host: Word | None,
             markers: frozenset[str]) -> Word | None:
    """The first dependent after ``cue`` (of the cue, or of the verb ``host`` above it) that
    a marker of ``markers`` introduces."""
    kids = sentence.kids(cue, REPORTED_DEPS)
    if host is not None:
        kids += sentence.kids(host, REPORTED_DEPS)
    found = [d for d in kids if d.index > cue.index and marker(sentence, d) in markers]
    return min(found, key=lambda d: d.index) if found else None


def content_of(sentence: Sentence, dependent: Word) -> list[tuple[int, int]]:
    """The pieces of ``dependent`` without the preposition or complementizer before it."""
    leading = frozenset(w.index for w in sentence.kids(dependent, MARKER_DEPS)
                        if w.index < dependent.index)
    return pieces_of(sentence.subtree(dependent, leading))


def _host(sentence: Sentence, word: Word) -> Word | None:
    """The verb whose object (or predicate) ``word`` is, or None."""
    head = sentence.head_of(word)
    if head is not None and head.upos == "VERB" and word.deprel in HOSTED_DEPS:
        return head
    return None


def noun_source(sentence: Sentence, noun: Word, lexicon: Lexicon) -> Word | None:
    """Whose the noun's claim is: its possessor, its "by"/"from" phrase, the subject it is
    predicated of ("the editorial is a defense of …"), or the subject of a light verb whose
    object it is ("she voiced doubts", "he rejected the notion"); else None."""
    possessors = sentence.kids(noun, POSSESSOR_DEPS)
    if possessors:
        return possessors[0]
    for phrase in sentence.kids(noun, frozenset({"nmod"})):
        cases = {w.text.lower() for w in sentence.kids(phrase, frozenset({"case"}))}
        if cases & SOURCE_CASES and is_nominal(sentence, phrase):
            return phrase
    subjects = [w for w in sentence.kids(noun, SUBJECT_DEPS) if is_nominal(sentence, w)]
    if subjects:
        return subjects[0]
    host = _host(sentence, noun)
    if host is not None and host.lemma.lower() in lexicon.light_verbs:
        return source_of(sentence, host, lexicon).speaker
    return None


def noun_complement(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "his claim that …", "she voiced doubts that …": a cue noun, its "that" clause (on the
    noun, or on the verb whose object the noun is) and a named source."""
    for noun in sentence.words:
        if noun.upos != "NOUN" or noun.lemma.lower() not in lexicon.nouns:
            continue
        dependent = reported(sentence, noun, _host(sentence, noun), NOUN_MARKERS)
        content = content_of(sentence, dependent) if dependent is not None else []
        speaker = noun_source(sentence, noun, lexicon) if content else None
        if speaker is not None and speaker.text.lower() not in EXPLETIVE_SUBJECTS:
            yield Candidate("noun-complement", sentence.index, (noun,), tuple(content), speaker,
                            None, NOUN_CLAUSE_CONFIDENCE, noun.lemma.lower())


def light_verb(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "She made clear that …", "He took issue with …", "made no mention of …": a verb and
    its object or predicate that together are a cue, with the clause or phrase listed."""
    for word in sentence.words:
        verb = _host(sentence, word)
        if verb is None:
            continue
        markers = lexicon.light_phrases.get(f"{verb.lemma.lower()} {word.lemma.lower()}")
        dependent = reported(sentence, word, verb, markers) if markers else None
        content = content_of(sentence, dependent) if dependent is not None else []
        speaker = source_of(sentence, verb, lexicon).speaker
        if content and speaker is not None:
            yield Candidate("light-verb", sentence.index, (verb, word), tuple(content),
                            speaker, None,
                            LIGHT_VERB_CONFIDENCE, f"{verb.lemma.lower()} {word.lemma.lower()}")


def adjective_source(sentence: Sentence, adjective: Word, lexicon: Lexicon) -> Word | None:
    """The subject of a predicative adjective ("he was confident"), or of the verb it
    completes ("she remained confident"); an expletive "it" is none."""
    subjects = [w for w in sentence.kids(adjective, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
                if is_nominal(sentence, w)]
    host = _host(sentence, adjective)
    if not subjects and host is not None:
        speaker = source_of(sentence, host, lexicon).speaker
        subjects = [speaker] if speaker is not None else []
    if subjects and subjects[0].text.lower() not in EXPLETIVE_SUBJECTS:
        return subjects[0]
    return None


def _adjective_form(sentence: Sentence, word: Word) -> str:
    """The adjective a word is: its lemma, or for a participle after "be" the form itself
    ("was outraged by", tagged as a passive verb); else ""."""
    if word.upos == "ADJ":
        return word.lemma.lower()
    if word.xpos == "VBN" and sentence.kids(word, PREDICATE_AUX_DEPS):
        return word.text.lower()
    return ""


def adjective_complement(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "He was confident that …", "They were critical of the deal": an adjective of stance
    or certainty predicated of its source, and its clause or phrase."""
    for adjective in sentence.words:
        markers = lexicon.adjectives.get(_adjective_form(sentence, adjective))
        if not markers or adjective.deprel == "amod":
            continue
        dependent = reported(sentence, adjective, _host(sentence, adjective), markers)
        content = content_of(sentence, dependent) if dependent is not None else []
        speaker = adjective_source(sentence, adjective, lexicon)
        if content and speaker is not None:
            yield Candidate("adjective-complement", sentence.index, (adjective,),
                            tuple(content), speaker, None,
                            ADJECTIVE_CONFIDENCE, adjective.lemma.lower())
