"""Who a cue verb's clause names: its speaker (subject, passive agent) and its addressee.

The parser often leaves a cue verb without the subject a reader sees, so `source_of` falls
back, in order, on: the subject of the verb it is coordinated with, the head of a relative
clause, an inverted subject parsed as an object ("…,” said the spokesman), and the nearest
bare noun phrase before a finite verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import (
    ADDRESSEE_DEPS,
    ADDRESSEE_OBL_CASES,
    ASPECTUAL_VERBS,
    CONTENT_DEPS,
    EXPLETIVE_SUBJECTS,
    NEXT_REPORT_CATEGORIES,
    NOMINAL_UPOS,
    PASSIVE_SUBJECT_DEPS,
    SHARED_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Lexicon,
)
from .parse import Sentence, Word
from .phrases import QUOTE_CHARS, outside_heads

FINITE_XPOS = frozenset({"VBD", "VBZ", "VBP"})
# Tags of a quantifier that is the subject itself ("most said", "many believe", "half agreed",
# "both denied").
QUANTIFIER_SUBJECT_UPOS = frozenset({"ADJ", "DET", "NUM"})
# Tags of a past participle (a tagger takes a clause-initial "Asked" for a past tense).
PAST_FORMS = frozenset({"VBN", "VBD"})
# The relation of a participle set before or after the clause it modifies.
PARTICIPLE_DEPS = frozenset({"advcl"})
AUXILIARY_DEPS = frozenset({"aux", "aux:pass", "cop"})
# Relations a parser gives an adverbial participle (", citing …", "— asserting that …") by
# mistake, through which it still shares the subject of its head.
PARTICIPLE_CLIMB_DEPS = frozenset({"ccomp", "parataxis"})
# Relations of a noun to its verb after which a comma-set-off participle is adverbial.
HOSTED_NOUN_DEPS = frozenset({"obj", "obl", "iobj"})
VERB_UPOS = frozenset({"VERB"})
# The tag of a present participle ("emphasizing", "citing"): its object is never its subject.
PARTICIPLE_XPOS = frozenset({"VBG"})
# Cue categories whose own subject "it" is a source (a report, a letter, a poll).
REFERENTIAL_IT_CATEGORIES = frozenset({"speech", "writing", "report"})
# Tags that may open a noun phrase before its nominal head ("the", "former", "Vice").
PHRASE_OPENING_UPOS = frozenset({"DET", "ADJ", "NUM"})
# Relations inside a noun phrase, climbed to find the phrase head.
PHRASE_INTERNAL = frozenset({"compound", "flat", "nmod", "amod", "det", "nummod", "appos"})


@dataclass(frozen=True)
class Source:
    """Who a cue verb's clause names as the source, and as the person spoken to."""

    speaker: Word | None
    addressee: Word | None


def first_of(words: list[Word]) -> Word | None:
    """The first word of a list, or None."""
    return words[0] if words else None


def _agent(sentence: Sentence, verb: Word) -> Word | None:
    """The ``by`` phrase of a passive verb."""
    for word in sentence.kids(verb, frozenset({"obl", "obl:agent"})):
        if any(c.text.lower() == "by" for c in sentence.kids(word, frozenset({"case"}))):
            return word
    return None


def _to_addressee(sentence: Sentence, verb: Word) -> Word | None:
    for word in sentence.kids(verb, frozenset({"obl"})):
        cases = {c.text.lower() for c in sentence.kids(word, frozenset({"case"}))}
        if cases & ADDRESSEE_OBL_CASES and word.upos in NOMINAL_UPOS:
            return word
    return None


def after_comma(sentence: Sentence, word: Word) -> bool:
    """Whether the phrase under ``word`` (its own leading punctuation aside) follows a comma
    (", citing …", ", adding that …")."""
    first = next(w for w in sentence.subtree(word) if w.upos != "PUNCT" or w is word)
    before = sentence.word_at(first.index - 1)
    return before is not None and before.text == ","


def _adverbial_participle_host(sentence: Sentence, verb: Word) -> Word | None:
    """ "Trump dismissed Walker as weak, arguing that …", "Obama has been on the sidelines,
    arguing …": an -ing participle set off by a comma that the parser hung (as `acl`) on an
    object, an oblique or a predicate noun tells what the clause's subject did, not the
    noun's: the word whose subject it shares (the verb, or the predicate), or None."""
    noun = sentence.head_of(verb)
    if (noun is None or verb.deprel != "acl" or not is_active_participle(sentence, verb)
            or not after_comma(sentence, verb)):
        return None
    if sentence.kids(noun, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
        return noun
    host = sentence.head_of(noun)
    if host is not None and noun.relation in HOSTED_NOUN_DEPS and host.upos in VERB_UPOS:
        return host
    return None


def _subject(sentence: Sentence, verb: Word) -> Word | None:
    """The subject of ``verb``, borrowed from the verb it is coordinated with if it has none."""
    host = _adverbial_participle_host(sentence, verb)
    if host is not None:
        return _subject(sentence, host)
    for current in (verb, *sentence.ancestors(verb)):
        subjects = sentence.kids(current, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        nominal = [w for w in subjects if is_nominal(sentence, w)
                   or w.upos in QUANTIFIER_SUBJECT_UPOS]  # "most of them said"
        if nominal:
            return min(nominal, key=lambda w: abs(w.index - current.index))
        if is_passive_participle(sentence, current):
            return None  # "Asked whether …, he said": the one asked, not the asker
        if subjects:
            break
        if current.deprel == "acl:relcl" or (current.deprel == "acl"
                                             and is_active_participle(sentence, current)):
            return sentence.head_of(current)  # "officials who said", "a group backing X"
        if current.deprel not in SHARED_SUBJECT_DEPS and not (
                current.deprel in PARTICIPLE_CLIMB_DEPS
                and is_active_participle(sentence, current)):
            break
    return _inverted_subject(sentence, verb) or _following_subject(sentence, verb) or (
        _stranded_subject(sentence, verb) if is_finite(verb) else None)


def is_active_participle(sentence: Sentence, verb: Word) -> bool:
    """An -ing participle with no auxiliary of its own ("backing", "citing"): its subject is
    the noun it modifies or the subject of the clause it hangs on."""
    return verb.xpos in PARTICIPLE_XPOS and not sentence.kids(verb, AUXILIARY_DEPS)


def is_passive_participle(sentence: Sentence, verb: Word) -> bool:
    """An adverbial past participle with no auxiliary or subject of its own ("Asked whether
    …, he said"; a tagger may call it a past tense): the subject of the clause it hangs on
    is the one it was done to."""
    return (verb.deprel in PARTICIPLE_DEPS and verb.xpos in PAST_FORMS
            and not sentence.kids(verb, AUXILIARY_DEPS | SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS))


def _inverted_subject(sentence: Sentence, verb: Word) -> Word | None:
    """ "…,” said the spokesman": the parser took the subject after the verb for an object
    (never after a participle: "…,” she said, emphasizing those words")."""
    before = [w for w in sentence.words[:verb.index] if w.upos != "PUNCT"]
    if (before and sentence.words[verb.index - 1].upos != "PUNCT") or verb.xpos in PARTICIPLE_XPOS:
        return None
    objects = [w for w in sentence.kids(verb, frozenset({"obj"})) if w.upos in NOMINAL_UPOS]
    return objects[0] if objects and not sentence.kids(verb, CONTENT_DEPS) else None


def _following_subject(sentence: Sentence, verb: Word) -> Word | None:
    """ "…,” said Vice President Joe Biden, urging …": a verb right after a quote or comma,
    and the noun phrase after it, which the parser hung on a later clause."""
    before = [w for w in sentence.words[max(0, verb.index - 2):verb.index] if w.upos == "PUNCT"]
    if not any(set(w.text) <= QUOTE_CHARS for w in before):
        return None
    phrase = []
    for word in sentence.words[verb.index + 1:]:
        if word.upos not in NOMINAL_UPOS | PHRASE_OPENING_UPOS:
            break
        phrase.append(word)
    heads = outside_heads(phrase, NOMINAL_UPOS)
    return heads[0] if heads else None


def is_nominal(sentence: Sentence, word: Word) -> bool:
    """A noun or pronoun, or an adjective used as one ("the latter", "the accused")."""
    return word.upos in NOMINAL_UPOS or (
        word.upos == "ADJ" and bool(sentence.kids(word, frozenset({"det"}))))


def is_finite(verb: Word) -> bool:
    """Whether a verb is finite (by its features, or its PTB tag)."""
    return verb.feature("VerbForm") == "Fin" or verb.xpos in FINITE_XPOS


def _phrase_head(sentence: Sentence, word: Word, limit: int) -> Word:
    head = sentence.head_of(word)
    while (head is not None and head.index < limit and head.upos in NOMINAL_UPOS
           and word.relation in PHRASE_INTERNAL):
        word, head = head, sentence.head_of(head)
    return word


def _stranded_subject(sentence: Sentence, verb: Word) -> Word | None:
    """A finite cue verb the parser left without a subject: the nearest bare noun phrase
    before it (parsers often hang the subject of a long sentence on the wrong verb)."""
    for word in reversed(sentence.words[:verb.index]):
        if word.upos not in NOMINAL_UPOS or word.upos == "NUM":
            continue
        head = _phrase_head(sentence, word, verb.index)
        if not sentence.kids(head, frozenset({"case", "mark"})):
            return head
    return None


def _expletive(sentence: Sentence, verb: Word, subject: Word, lexicon: Lexicon) -> bool:
    """ "it"/"there" is no source unless it is the own subject of a verb of saying, writing or
    reporting ("It [the report] says …", not "it seems", "it is believed")."""
    if subject.text.lower() not in EXPLETIVE_SUBJECTS:
        return False
    return (subject.deprel == "expl" or sentence.head_of(subject) is not verb
            or subject.text.lower() == "there"
            or lexicon.verb_category(verb.lemma) not in REFERENTIAL_IT_CATEGORIES)


def is_next_report(sentence: Sentence, verb: Word, lexicon: Lexicon) -> bool:
    """A subjectless speech or writing verb (`NEXT_REPORT_CATEGORIES`): in "said the bill was
    flawed and called it a giveaway" the same speaker's next report, wherever the parser hung
    it; not an aspectual verb ("… and began exceeding 3 percent")."""
    return (verb.upos == "VERB" and lexicon.verb_category(verb.lemma) in NEXT_REPORT_CATEGORIES
            and verb.lemma.lower() not in ASPECTUAL_VERBS
            and not sentence.kids(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS))


def _reporting_verb(sentence: Sentence, verb: Word, lexicon: Lexicon) -> Word:
    """The cue verb whose subject ``verb`` shares: itself, or for a next report hung on the
    content of a cue verb ("said the bill was flawed and called …") that cue verb."""
    clause = sentence.head_of(verb)
    cue = sentence.head_of(clause) if clause is not None else None
    if (verb.relation == "conj" and clause is not None and clause.relation in CONTENT_DEPS
            and cue is not None and lexicon.is_verb_cue(cue.lemma)
            and is_next_report(sentence, verb, lexicon)):
        return cue
    return verb


def source_of(sentence: Sentence, verb: Word, lexicon: Lexicon) -> Source:
    """Speaker and addressee of a cue verb, active or passive."""
    subject = _subject(sentence, _reporting_verb(sentence, verb, lexicon))
    takes_addressee = verb.lemma.lower() in lexicon.addressee
    if subject is not None and subject.deprel in PASSIVE_SUBJECT_DEPS:
        addressee = subject if takes_addressee and subject.upos in NOMINAL_UPOS else None
        return Source(_agent(sentence, verb), addressee)
    if subject is not None and _expletive(sentence, verb, subject, lexicon):
        subject = None
    objects = [w for w in sentence.kids(verb, ADDRESSEE_DEPS) if w.upos in NOMINAL_UPOS]
    addressee = first_of(objects) if takes_addressee else None
    if objects and subject is objects[0]:
        addressee = None
    return Source(subject, addressee or _to_addressee(sentence, verb))
