"""Attributions whose source the text does not name: hearsay adverbs, existential cue nouns
and an impersonal "it seems".

    "The group is reportedly spending …"                     hearsay-adverb
    "There are fears that the talks will fail."              existential-noun
    "It appears that the vote was close."                    impersonal-raising

Each gives a candidate with no speaker (the JSON contract allows ``speaker: null``). They are
kept apart from the rules that find a named source: here the construction itself says that
nobody is named (an adverb, an expletive subject),
so a missing source is no misparse.
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidate import Candidate
from .lexicon import CONTENT_DEPS, EXPLETIVE_SUBJECTS, SUBJECT_DEPS, Lexicon
from .nominal import content_of, reported
from .parse import Sentence, Word
from .phrases import pieces_of

SOURCELESS_CONFIDENCE = 0.45
# Relations by which a hearsay adverb modifies the clause it reports.
ADVERB_DEPS = frozenset({"advmod"})
# Dependents of the reported clause that open or join it and are no part of what is reported.
CLAUSE_EDGE_DEPS = frozenset({"mark", "cc", "punct"})
# Relations of a word that modifies a noun, so heads no clause ("the reportedly stolen car").
MODIFIER_DEPS = frozenset({"amod", "nmod", "compound"})
CLAUSE_UPOS = frozenset({"VERB", "AUX"})
# Relations of an existential cue noun ("there are fears that …") to its verb.
EXISTENTIAL_NOUN_DEPS = frozenset({"nsubj"})
EXPLETIVE_DEPS = frozenset({"expl"})
# What introduces the content of an existential cue noun.
EXISTENTIAL_MARKERS = frozenset({"that", "clause", "about", "over"})
# A relative clause ("fears that nobody shared") says which fears, not what is feared.
RELATIVE_DEPS = frozenset({"acl:relcl"})
# Clauses an impersonal "it seems" hangs its content on (a parser often takes "that …" for an
# adverbial clause).
IMPERSONAL_CLAUSE_DEPS = CONTENT_DEPS | frozenset({"advcl"})
COMPLEMENTIZERS = frozenset({"that"})


def hearsay_adverb(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "X is reportedly spending …", "allegedly took …": the clause the adverb modifies,
    without the adverb, is reported by nobody named."""
    for adverb in sentence.words:
        head = sentence.head_of(adverb)
        if (adverb.lemma.lower() not in lexicon.hearsay_adverbs or head is None
                or adverb.deprel not in ADVERB_DEPS or not _heads_clause(sentence, head)
                or _reported_by_cue(sentence, head, lexicon)):
            continue
        edges = {w.index for w in sentence.kids(head, CLAUSE_EDGE_DEPS)
                 if w.index < head.index} | {adverb.index}
        yield from _sourceless("hearsay-adverb", sentence, adverb,
                               pieces_of(sentence.subtree(head, frozenset(edges))))


def existential_noun(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "There are fears that …", "there is concern about …": a cue noun whose existence is
    asserted, and its clause or phrase; nobody holds the fear by name."""
    for noun in sentence.words:
        verb = sentence.head_of(noun)
        if (noun.upos != "NOUN" or noun.lemma.lower() not in lexicon.nouns or verb is None
                or noun.deprel not in EXISTENTIAL_NOUN_DEPS
                or not _has_expletive(sentence, verb, "there")):
            continue
        dependent = reported(sentence, noun, verb, EXISTENTIAL_MARKERS)
        if dependent is not None and dependent.deprel not in RELATIVE_DEPS:
            yield from _sourceless("existential-noun", sentence, noun,
                                   content_of(sentence, dependent))


def impersonal_raising(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "It appears that …", "it seems the plan …": a raising verb with an expletive subject;
    its clause is the content."""
    for verb in sentence.words:
        if (verb.upos != "VERB" or verb.lemma.lower() not in lexicon.raising
                or not _has_expletive(sentence, verb, "it")):
            continue
        clauses = [c for c in sentence.kids(verb, IMPERSONAL_CLAUSE_DEPS)
                   if c.index > verb.index and (c.deprel != "advcl" or _marked(sentence, c))]
        if clauses:
            yield from _sourceless("impersonal-raising", sentence, verb,
                                   content_of(sentence, clauses[0]))


def _heads_clause(sentence: Sentence, word: Word) -> bool:
    """Whether ``word`` heads a clause: a verb, or a predicate with a subject, not a noun's
    modifier."""
    if word.deprel in MODIFIER_DEPS:
        return False
    return word.upos in CLAUSE_UPOS or bool(sentence.kids(word, SUBJECT_DEPS))


def _reported_by_cue(sentence: Sentence, word: Word, lexicon: Lexicon) -> bool:
    """Whether ``word`` lies under a cue verb ("the Post reported that X had reportedly …"):
    only the outermost attribution counts."""
    return any(w.upos == "VERB" and lexicon.is_verb_cue(w.lemma)
               for w in (word, *sentence.ancestors(word)))


def _has_expletive(sentence: Sentence, verb: Word, word: str) -> bool:
    """Whether ``verb`` has the expletive subject ``word`` ("it", "there")."""
    return any(w.text.lower() == word and w.text.lower() in EXPLETIVE_SUBJECTS
               for w in sentence.kids(verb, EXPLETIVE_DEPS | SUBJECT_DEPS))


def _marked(sentence: Sentence, clause: Word) -> bool:
    """Whether ``clause`` opens with a complementizer ("that")."""
    marks = sentence.kids(clause, frozenset({"mark"}))
    return any(w.text.lower() in COMPLEMENTIZERS for w in marks)


def _sourceless(rule: str, sentence: Sentence, cue: Word,
                content: list[tuple[int, int]]) -> Iterator[Candidate]:
    """The candidate of ``cue`` and ``content`` with no speaker, if there is content."""
    if content:
        yield Candidate(rule, sentence.index, (cue,), tuple(content), None, None,
                        SOURCELESS_CONFIDENCE, cue.lemma.lower())
