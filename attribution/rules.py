"""Small named rules over one sentence's dependency tree, kept in an ordered table.

Each rule takes a `Sentence` and the `Lexicon` and yields `Candidate` records: the cue words,
the content pieces, the speaker and addressee heads. Rules are pure (they find; the engine in
`extract` decides and annotates). Their order, which is their priority when two rules find the
same content, is the table in `ruletable`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidate import Candidate
from .lexicon import (
    ADDRESSEE_DEPS,
    CONTENT_DEPS,
    CONTROL_DEPS,
    NOMINAL_UPOS,
    PASSIVE_SUBJECT_DEPS,
    RELATIVE_PRONOUNS,
    REPORTING_CLAUSE_DEPS,
    SUBJECT_DEPS,
    Lexicon,
)
from .parse import Sentence, Word
from .phrases import Piece, content_pieces, is_quote_mark, phrase_words, pieces_of
from .sources import (
    PARTICIPLE_XPOS,
    PHRASE_INTERNAL,
    Source,
    after_comma,
    is_active_participle,
    is_next_report,
    is_nominal,
    is_passive_participle,
    source_of,
)

# Cue categories whose split complement ("said X and Y are …") is repaired.
REPAIRABLE = frozenset({"speech", "writing", "belief"})
MARK_DEPS = frozenset({"mark"})
# A relative clause, and the relations of what its verb says of the relative pronoun.
RELATIVE_CLAUSE_DEPS = frozenset({"acl:relcl"})
RELATIVE_REST_DEPS = frozenset({"ccomp", "xcomp", "obj"})
PREDICATE_CASES = frozenset({"as"})  # "which she described as a disaster"
OBJECT_CONFIDENCE = 0.45
MISATTACHED_COMPLEMENT_DEPS = frozenset({"advcl", "xcomp", "dep"})
COMPLEMENTIZERS = frozenset({"that", "whether"})
# Relations inside a name ("Moon Jae-in", "Lee Myung-bak") a clause may be hung on in place of
# the name's head.
NAME_PART_DEPS = frozenset({"flat", "compound"})
HUNG_CLAUSE_DEPS = frozenset({"acl", "acl:relcl"})  # how a complement clause hangs on a noun
# First words of an adverbial clause or phrase, which is no fronted content ("After …, she said").
ADVERBIAL_OPENING_UPOS = frozenset({"SCONJ", "ADP"})
# Dependents that make a cue verb passive or impersonal.
IMPERSONAL_DEPS = frozenset({"aux:pass", "nsubj:pass", "csubj:pass", "expl", "expl:pass"})
# Dependents before a parenthetical reporting clause that never open its content.
FRONTED_SKIP_DEPS = frozenset({"punct", "cc", "mark", "aux", "discourse"})
# Punctuation that sets a reporting clause off from the content it follows.
CLAUSE_SEPARATORS = frozenset({",", "—", "–", "--", ";"})
# Tags a predicated object may carry ("called it a hoax"; a tagger may take a noun for a verb).
OPEN_UPOS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "VERB", "ADJ"})
# Dependents of a verb after its object that belong to what is said of the object.
OBJECT_TAIL_DEPS = frozenset({"xcomp", "obl", "advcl"})
# Complement relations of a clause that stands apart from the others of its verb.
SET_OFF_DEPS = frozenset({"parataxis"})
# How a parser may hang a speaker's title, split from the name after it, on the quote before
# them ("“…,” its chair, Dr. Lena Ortiz, told reporters": "chair" as an oblique of the quote).
SPLIT_TITLE_DEPS = frozenset({"obl", "obj", "nsubj", "appos", "nmod", "dep"})
TITLE_UPOS = frozenset({"NOUN", "PROPN"})


def _is_clause(sentence: Sentence, word: Word) -> bool:
    """Whether ``word`` heads a clause (a verb, or a predicate with a subject or copula)."""
    if word.upos in ("VERB", "AUX"):
        return True
    return bool(sentence.kids(word, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | frozenset({"cop"})))


def _impersonal(sentence: Sentence, verb: Word) -> bool:
    """A passive or impersonal cue ("It was announced that …", "is expected to"): the text
    names no source, and the attribution stands without one. An active cue whose source
    cannot be found is a misparse, and gives no attribution."""
    return (verb.feature("Voice") == "Pass" or bool(sentence.kids(verb, IMPERSONAL_DEPS))
            or is_passive_participle(sentence, verb))


def make_candidate(rule: str, sentence: Sentence, cue: Word, content: list[Piece],
                   lexicon: Lexicon, confidence: float) -> Candidate | None:
    """The candidate of ``cue`` and ``content`` with the cue's source, or None when there is
    no content, or no source for an active cue (a misparse)."""
    if not content:
        return None
    source = source_of(sentence, cue, lexicon)
    if source.speaker is not None and any(s <= source.speaker.start < e for s, e in content):
        source = Source(None, source.addressee)
    if source.speaker is None and not _impersonal(sentence, cue):
        return None
    return Candidate(rule, sentence.index, (cue,), tuple(content), source.speaker,
                     source.addressee, confidence, cue.lemma.lower(),
                     speaker_limit=_speaker_limit(sentence, source.speaker, cue))


def _speaker_limit(sentence: Sentence, speaker: Word | None, cue: Word) -> int | None:
    """Where the speaker phrase must end: before the cue when the cue modifies the speaker
    ("the union backing the mayor")."""
    if speaker is None or cue.index < speaker.index or cue.head != speaker.index:
        return None
    return cue.start


def _complements(sentence: Sentence, verb: Word, lexicon: Lexicon) -> list[Word]:
    """Clausal complements, and the clauses a parser hangs in their place: a "that" clause
    or an unmarked clause with its own subject attached as adverbial, xcomp or dep."""
    found = sentence.kids(verb, CONTENT_DEPS)
    # "said on Thursday that clinics would close": the clause hung on the time phrase; "told
    # reporters that the talks had stalled": on the person told, as a relative clause
    hosts = frozenset({"obl", "obl:tmod"}) | (
        ADDRESSEE_DEPS if verb.lemma.lower() in lexicon.addressee else frozenset())
    for oblique in sentence.kids(verb, hosts):
        for part in [oblique, *sentence.kids(oblique, NAME_PART_DEPS)]:
            found += [clause for clause in sentence.kids(part, HUNG_CLAUSE_DEPS)
                      if _hung_complement(sentence, clause)]
    for clause in sentence.kids(verb, MISATTACHED_COMPLEMENT_DEPS):
        marks = {w.text.lower() for w in sentence.kids(clause, frozenset({"mark"}))}
        subject = sentence.kids(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if marks & COMPLEMENTIZERS or (
                not marks and subject and clause.index > verb.index
                and _is_clause(sentence, clause)):
            found.append(clause)
    return found


def _hung_complement(sentence: Sentence, clause: Word) -> bool:
    """Whether a clause hung on a noun is a complement clause the parser put there: its
    complementizer ("that", "whether") comes before its subject (the subject no relative
    pronoun), whether as its first word or tagged as a subordinator after a word the parser
    left in front ("… Moon Jae-in that he had …", "in" of the name taken for a marker)."""
    first = sentence.subtree(clause)[0]
    subjects = sentence.kids(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if not subjects or all(w.text.lower() in RELATIVE_PRONOUNS for w in subjects):
        return False
    opener = first.text.lower() in COMPLEMENTIZERS and first not in subjects
    return opener or any(i < subjects[0].index for i in _subordinators(sentence, clause))


def _subordinators(sentence: Sentence, clause: Word) -> list[int]:
    """Positions of the complementizers ("that", "whether") tagged as subordinators among the
    clause's own dependents, whatever relation the parser gave them."""
    return [w.index for w in sentence.kids(clause)
            if w.upos == "SCONJ" and w.text.lower() in COMPLEMENTIZERS]


def _leading_subordinators(sentence: Sentence, clause: Word) -> list[int]:
    """`_subordinators` of ``clause`` that stand before its head."""
    return [i for i in _subordinators(sentence, clause) if i < clause.index]


def _opening(sentence: Sentence, clause: Word) -> int:
    """Where a complement clause hung on a noun (`_hung_complement`) starts: at its
    complementizer, the words the parser put before it belonging to the noun's phrase ("told
    Moon Jae-in that …": "in" of the name taken for the clause's marker). Other clauses start
    at their first word."""
    if clause.deprel not in HUNG_CLAUSE_DEPS:
        return 0
    marks = _leading_subordinators(sentence, clause)
    return marks[0] if marks else 0


def _inside_complementizer(sentence: Sentence, verb: Word, clause: Word) -> list[Word]:
    """The words between a complement clause's complementizer and its head that the parser
    hung elsewhere (on the cue, mostly): "promised that if voters supported him, he would
    fight", "thinks that by the end of the month, the numbers will be …". After its "that"
    they are the clause's own fronted adverbials, so they belong to the content."""
    marks = [i for i in _leading_subordinators(sentence, clause) if i > verb.index]
    if not marks:
        return []
    return [w for w in sentence.words[marks[0] + 1:clause.index] if w.index != verb.index]


def _next_reports(sentence: Sentence, clause: Word, lexicon: Lexicon) -> list[Word]:
    """The conjuncts of a content's head that are the speaker's next report
    (`sources.is_next_report`), with everything under them."""
    return [w for conj in sentence.kids(clause, frozenset({"conj"}))
            if conj.index > clause.index and is_next_report(sentence, conj, lexicon)
            for w in sentence.subtree(conj)]


def _trailing_conjuncts(sentence: Sentence, verb: Word, clause: Word,
                        lexicon: Lexicon) -> list[Word]:
    """Conjuncts the parser hung on the cue verb after its complement: subjectless ("said she
    plans to join … and live stream …", "… and have been unreliable"), a second "that" clause
    ("said that …, and that …"), or a clause joined with no comma before its "and" ("said the
    tax will rise and the city must act"; after a comma it is the narrator's)."""
    if clause.index < verb.index:
        return []
    found = []
    conjuncts = sentence.kids(verb, frozenset({"conj"}))
    head = sentence.head_of(verb)
    if head is not None and verb.relation == "conj":
        # "X called it a mistake, but she noted that A and has shifted …": the last conjunct
        # went to the first verb; it still belongs to the clause it directly follows
        end = sentence.subtree(clause)[-1].index
        conjuncts += [c for c in sentence.kids(head, frozenset({"conj"}))
                      if sentence.subtree(c)[0].index == end + 1]
    for conj in conjuncts:
        if is_next_report(sentence, conj, lexicon):
            continue
        marks = {w.text.lower() for w in sentence.kids(conj, frozenset({"mark"}))}
        subjectless = not sentence.kids(conj, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        predicate = conj.upos == "VERB" or bool(sentence.kids(conj, frozenset({"cop"})))
        words = sentence.subtree(conj)
        before = sentence.word_at(words[0].index - 1)
        unpunctuated = (words[0].upos == "CCONJ" and before is not None
                        and before.upos != "PUNCT" and predicate and not subjectless)
        if conj.index > clause.index and not sentence.kids(conj, CONTENT_DEPS) and (
                (subjectless and predicate) or marks & COMPLEMENTIZERS or unpunctuated):
            found += words
    return found


def _stranded_object(sentence: Sentence, verb: Word, clause: Word,
                     lexicon: Lexicon) -> list[Word]:
    """ "said North Korea and the US are …": an object between a speech verb and its clause is
    the clause's subject (or its first conjunct), split off by the parser."""
    first = sentence.subtree(clause)[0]
    subjectless = not sentence.kids(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if verb.lemma.lower() in lexicon.addressee or not (first.upos == "CCONJ" or subjectless):
        return []
    objects = [w for w in sentence.kids(verb, frozenset({"obj", "iobj"}))
               if verb.index < w.index < first.index
               and sentence.subtree(w)[-1].index + 1 == first.index]
    return [w for o in objects for w in sentence.subtree(o)]


def _relative_clause(sentence: Sentence, clause: Word) -> bool:
    """A clause whose subject is a relative pronoun ("…, who studies tax policy, said …")."""
    return any(w.text.lower() in RELATIVE_PRONOUNS or w.feature("PronType") == "Rel"
               for w in sentence.kids(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS))


def _fronted_content(sentence: Sentence, verb: Word, clause: Word) -> list[Word]:
    """ "The latest test, North Korea said, was …", "Too often, Mr. Clarke said, the debate
    …": when the reporting clause is set off by commas on both sides, what the parser hung on
    the cue verb before its speaker opens the content."""
    subjects = [w for w in sentence.kids(verb, SUBJECT_DEPS) if w.index < verb.index]
    if not subjects:
        return []
    speaker = sentence.subtree(subjects[-1])
    before = sentence.word_at(speaker[0].index - 1)
    after = sentence.word_at(verb.index + 1)
    first = sentence.subtree(clause)[0]
    if (before is None or before.text != "," or after is None or after.text != ","
            or (first.index > after.index + 1 and first.text != ",")):
        return []
    fronted = [w for w in sentence.kids(verb) if w.index < speaker[0].index
               and w.relation not in FRONTED_SKIP_DEPS]
    return [w for kid in fronted for w in sentence.subtree(kid)]


def _not_fronted(sentence: Sentence, verb: Word, clause: Word) -> bool:
    """Whether a "clause" the parser hung before the verb is no fronted content ("The plan
    works, she said"): it runs into the verb with no punctuation between (a piece of the
    subject: "A court document filed Thursday says that …"), it starts after the verb's
    subject ("Mr. Reyes, who estimated that …, said"), or it opens with a subordinator or a
    preposition ("After the meeting ended, she said …")."""
    if clause.index > verb.index:
        return False
    words = sentence.subtree(clause)
    subjects = sentence.kids(verb, SUBJECT_DEPS)
    return (not any(w.upos == "PUNCT" for w in sentence.words[words[-1].index:verb.index])
            or any(s.index < words[0].index for s in subjects)
            or words[0].upos in ADVERBIAL_OPENING_UPOS)


def _joined_complements(sentence: Sentence, clauses: list[Word]) -> list[Word]:
    """The complements after a cue verb that read as one content: the first, and each next
    one that is not set off by a quote mark or as parataxis ("I think …," he said)."""
    joined: list[Word] = []
    for clause in clauses:
        if joined:
            words = sentence.subtree(clause)
            end = sentence.subtree(joined[-1])[-1].index
            gap = list(sentence.words[end + 1:words[0].index]) + [
                w for w in words if w.index < clause.index and w.upos == "PUNCT"]
            if clause.deprel in SET_OFF_DEPS or any(
                    is_quote_mark(w) for w in gap + words[:1]):
                continue
        joined.append(clause)
    return joined


def verb_complement(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "X said (that) …", "X told Y that …", "X believes …": a cue verb and its clause.

    Every complement after the verb joins one content (a parser often splits "said he thinks
    the plan works" into two complements of "said"); a clause set off as parataxis stays
    apart ("I think …," he said)."""
    for verb in sentence.words:
        if verb.upos == "VERB" and lexicon.is_verb_cue(verb.lemma):
            yield from clause_contents(sentence, verb, lexicon, "verb-complement",
                                       lexicon.verb_strength(verb.lemma))


def participial_adverbial(sentence: Sentence, verb: Word, clause: Word) -> bool:
    """ "“…,” the mayor said, adding that …", "Sales were up, he said, wiping his brow": a
    subjectless participle set off by a comma after the cue tells what the speaker did
    besides (a second report, or a manner), never what was said."""
    return (clause.index > verb.index and clause.xpos in PARTICIPLE_XPOS
            and after_comma(sentence, clause)
            and not sentence.kids(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | MARK_DEPS))


def clause_contents(sentence: Sentence, verb: Word, lexicon: Lexicon, rule: str,
                    confidence: float) -> Iterator[Candidate]:
    """The candidates of one cue verb with clausal complements (see `verb_complement`)."""
    clauses = [c for c in _complements(sentence, verb, lexicon)
               if (_is_clause(sentence, c) or c.deprel == "ccomp")
               and not (c.index < verb.index and _relative_clause(sentence, c))
               and not participial_adverbial(sentence, verb, c)]
    after = _joined_complements(sentence, [c for c in clauses if c.index > verb.index])
    if after:
        clauses = [c for c in clauses if not _not_fronted(sentence, verb, c)]
    groups = sorted([[c] for c in clauses if c not in after] + ([after] if after else []),
                    key=lambda group: group[0].index)
    for group in groups:
        cut = {w.index for c in group for w in _next_reports(sentence, c, lexicon)}
        words = [w for c in group for start in [_opening(sentence, c)]
                 for w in sentence.subtree(c) if w.index not in cut and w.index >= start]
        taken = cut | {w.index for w in words}
        words += [w for w in _inside_complementizer(sentence, verb, group[0])
                  if w.index not in taken]
        if group is after:
            words += (_trailing_conjuncts(sentence, verb, group[-1], lexicon)
                      + _stranded_object(sentence, verb, group[0], lexicon)
                      + _fronted_content(sentence, verb, group[0]))
        yield from filter(None, [make_candidate(rule, sentence, verb, pieces_of(words),
                                                lexicon, confidence)])


def _coordinated_clause(sentence: Sentence, verb: Word) -> list[Piece]:
    """ "said North Korea and the US are …" parsed as an object plus a conjoined clause."""
    objects = sentence.kids(verb, frozenset({"obj"}))
    for clause in sentence.kids(verb, frozenset({"conj"})):
        subjects = sentence.kids(clause, SUBJECT_DEPS)
        if not (objects and subjects and objects[0].index < subjects[0].index < clause.index):
            continue
        between = sentence.words[objects[0].index:subjects[0].index]
        if not any(w.upos == "PUNCT" for w in between):
            words = sentence.subtree(objects[0]) + sentence.subtree(clause)
            return pieces_of([w for w in sentence.words
                              if words[0].index <= w.index <= words[-1].index])
    return []


def misattached_complement(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """A cue verb whose complement clause the parser split into an object and a conjunct."""
    for verb in sentence.words:
        if (verb.upos == "VERB" and lexicon.verb_category(verb.lemma) in REPAIRABLE
                and not sentence.kids(verb, CONTENT_DEPS)):
            yield from filter(None, [make_candidate(
                "verb-complement", sentence, verb, _coordinated_clause(sentence, verb),
                lexicon, lexicon.verb_strength(verb.lemma) - 0.1)])


def _raised_object(sentence: Sentence, verb: Word, clause: Word,
                   lexicon: Lexicon) -> list[Word]:
    """ "expects Clinton to win": the object between the verb and its infinitive is the
    infinitive's subject, so part of the content (unless the verb takes it as the person
    addressed, "urged him to resign")."""
    if verb.lemma.lower() in lexicon.addressee:
        return []
    return [w for o in sentence.kids(verb, frozenset({"obj"}))
            if verb.index < o.index < clause.index for w in sentence.subtree(o)]


def control_complement(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "X vowed to fight …", "X refused to comment": an intention verb and its infinitive."""
    for verb in sentence.words:
        if verb.upos == "VERB" and verb.lemma.lower() in lexicon.control:
            yield from infinitive_contents(sentence, verb, lexicon, "control-complement", 0.5)


def infinitive_contents(sentence: Sentence, verb: Word, lexicon: Lexicon, rule: str,
                        confidence: float) -> Iterator[Candidate]:
    """The candidates of one verb with infinitival complements (see `control_complement`)."""
    for clause in sentence.kids(verb, CONTROL_DEPS):
        if clause.upos == "VERB":
            words = (sentence.subtree(clause) + _trailing_conjuncts(sentence, verb, clause, lexicon)
                     + _raised_object(sentence, verb, clause, lexicon))
            yield from filter(None, [make_candidate(rule, sentence, verb, pieces_of(words),
                                                    lexicon, confidence)])


RAISED_UPOS = frozenset({"VERB", "ADJ", "AUX"})


def _raising_cue(sentence: Sentence, verb: Word, lexicon: Lexicon) -> bool:
    """ "seems", "appears", or a passive cue verb ("is expected", "was said")."""
    lemma = verb.lemma.lower()
    if lemma in lexicon.raising:
        return True
    passive = verb.feature("Voice") == "Pass" or bool(
        sentence.kids(verb, frozenset({"aux:pass"})))
    return passive and lemma in lexicon.passive_raising


def raised_content(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "X is expected to win", "X was said to be …", "They appear to be unanimous": the
    subject and the infinitive are the content (two pieces), a relative pronoun subject too
    ("which is expected to …"); no source is named, unless a passive names its agent ("is
    expected by analysts to …")."""
    for verb in sentence.words:
        if verb.upos != "VERB" or not _raising_cue(sentence, verb, lexicon):
            continue
        subjects = [w for w in sentence.kids(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
                    if w.index < verb.index and w.upos in NOMINAL_UPOS]
        clauses = [c for c in sentence.kids(verb, CONTROL_DEPS)
                   if c.upos in RAISED_UPOS and c.index > verb.index]
        if not subjects or not clauses:
            continue
        source = source_of(sentence, verb, lexicon) if verb.lemma.lower() not in (
            lexicon.raising) else Source(None, None)
        words = (sentence.subtree(subjects[0]) + sentence.subtree(clauses[0])
                 + _trailing_conjuncts(sentence, verb, clauses[0], lexicon))
        speaker = source.speaker if source.speaker not in subjects else None
        yield Candidate("raising", sentence.index, (verb,), tuple(pieces_of(words)), speaker,
                        None, 0.5, verb.lemma.lower())


# What a passive says of its subject ("was seen as a threat", "is known for his temper").
PASSIVE_TAIL_CASES = frozenset({"as", "for", "of"})
# What a passive subject that is reported can be: a noun phrase or a pronoun ("who was seen as").
PASSIVE_SUBJECT_UPOS = frozenset({"NOUN", "PROPN", "PRON"})
PREPOSITION_DEPS = frozenset({"case"})


def _without_preposition(sentence: Sentence, phrase: Word) -> list[Word]:
    """A prepositional phrase without its preposition ("as a threat" → "a threat"): PolNeAR
    starts what a passive says of its subject after the preposition."""
    return sentence.subtree(phrase, frozenset(
        w.index for w in sentence.kids(phrase, PREPOSITION_DEPS) if w.index < phrase.index))


def passive_subject(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "The plan was criticized for …", "He is known for …", "X was announced": the passive
    subject is what is reported, with what the verb says of it; the source is the agent
    ("by X") or none."""
    for verb in sentence.words:
        if (verb.upos != "VERB" or verb.lemma.lower() not in lexicon.passive_subject
                or sentence.kids(verb, CONTENT_DEPS | CONTROL_DEPS)):
            continue
        subjects = [w for w in sentence.kids(verb, PASSIVE_SUBJECT_DEPS)
                    if w.index < verb.index and w.upos in PASSIVE_SUBJECT_UPOS]
        if not subjects:
            continue
        tails = [o for o in sentence.kids(verb, frozenset({"obl"})) if o.index > verb.index
                 and {c.text.lower() for c in sentence.kids(o, frozenset({"case"}))}
                 & PASSIVE_TAIL_CASES]
        words = sentence.subtree(subjects[0]) + [w for t in tails[:1]
                                                 for w in _without_preposition(sentence, t)]
        source = source_of(sentence, verb, lexicon)
        yield Candidate("passive-subject", sentence.index, (verb,), tuple(pieces_of(words)),
                        source.speaker, None, OBJECT_CONFIDENCE, verb.lemma.lower())


def has_content_child(sentence: Sentence, verb: Word) -> bool:
    """Whether ``verb`` has a clause or an infinitive of its own (a participial adverbial,
    `participial_adverbial`, is none)."""
    return any(not participial_adverbial(sentence, verb, kid)
               for kid in sentence.kids(verb, CONTENT_DEPS | CONTROL_DEPS))


def reporting_clause(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "…, X said." / "…, said X." / "“…,” he admitted.": the cue hangs from the content."""
    for verb in sentence.words:
        head = sentence.head_of(verb)
        if (head is None or verb.upos != "VERB" or not lexicon.is_verb_cue(verb.lemma)
                or verb.deprel not in REPORTING_CLAUSE_DEPS
                or has_content_child(sentence, verb)):
            continue
        if verb.deprel not in ("parataxis", "dep") and not _after_comma(sentence, verb):
            continue
        if _relative_clause(sentence, verb):
            continue  # "…, who questioned the plan": a relative clause, not a reporting one
        title = _split_title(sentence, head, verb)
        content = pieces_of([w for w in sentence.subtree(head, frozenset({verb.index}))
                             if w.index not in title])
        yield from filter(None, [make_candidate(
            "reporting-clause", sentence, verb, content, lexicon,
            lexicon.verb_strength(verb.lemma))])


def _split_title(sentence: Sentence, head: Word, verb: Word) -> frozenset[int]:
    """The words of a speaker's title that the parser hung on the content, apart from the
    name it stands before: right after the content's closing quote mark, a noun phrase under
    the content's head, then a comma, then the reporting clause's subject ("“…,” its chair,
    Dr. Lena Ortiz, told reporters"). They belong to the speaker, not to the content."""
    subjects = [w for w in sentence.kids(verb, SUBJECT_DEPS) if w.index < verb.index]
    if not subjects:
        return frozenset()
    opening = next((w for w in sentence.subtree(subjects[0]) if w.upos != "PUNCT"), subjects[0])
    comma = sentence.word_at(opening.index - 1)
    if comma is None or comma.text != ",":
        return frozenset()
    for kid in sentence.kids(head, SPLIT_TITLE_DEPS):
        if kid.upos not in TITLE_UPOS or not kid.index < comma.index:
            continue
        words = [w for w in sentence.subtree(kid) if w.upos != "PUNCT"]
        mark = sentence.word_at(words[0].index - 1)
        if (mark is not None and is_quote_mark(mark) and mark.index > head.index
                and words[-1].index == comma.index - 1
                and len(words) == comma.index - words[0].index):
            return frozenset(range(words[0].index, comma.index))
    return frozenset()


def _after_comma(sentence: Sentence, verb: Word) -> bool:
    """Whether the clause of ``verb`` has its own subject and follows its head, set off by a
    comma or dash (its own, or the word before it), not joined by a conjunction ("…, and she
    said") and not a participle ("said, adding …")."""
    head = sentence.head_of(verb)
    if (head is None or head.index > verb.index or sentence.kids(verb, frozenset({"cc"}))
            or not sentence.kids(verb, SUBJECT_DEPS)):
        return False
    first = sentence.subtree(verb)[0]
    before = sentence.word_at(first.index - 1)
    return first.text in CLAUSE_SEPARATORS or (
        before is not None and before.text in CLAUSE_SEPARATORS)


def _prepositional_cues(sentence: Sentence, lexicon: Lexicon) -> Iterator[tuple[str, list[Word]]]:
    lowered = [w.text.lower() for w in sentence.words]
    for entry in lexicon.prepositional:
        size = len(entry.words)
        for i in range(len(lowered) - size + 1):
            if tuple(lowered[i:i + size]) == entry.words:
                yield entry.rule, list(sentence.words[i:i + size])


def _source_nominal(sentence: Sentence, cue: list[Word]) -> Word | None:
    """The noun phrase the multi-word preposition introduces: the head of its last word,
    climbed to the top of its phrase ("an official of the US delegation", not "US")."""
    after = cue[-1].index + 1
    if after >= len(sentence.words):
        return None
    found = None
    for word in (cue[0], cue[-1]):
        head = sentence.head_of(word)
        if head is not None and head.index >= after and is_nominal(sentence, head):
            found = head
            break
    if found is None:
        found = next((w for w in sentence.words[after:] if w.upos in NOMINAL_UPOS), None)
    while found is not None and found.upos != "PRON" and found.relation in PHRASE_INTERNAL:
        above = sentence.head_of(found)
        leftward = found.relation in ("nmod", "appos")
        if (above is None or above.index < after or not is_nominal(sentence, above)
                or (above.index > found.index) == leftward):
            break
        found = above
    return found


SOURCE_DETERMINERS = frozenset({"det", "nmod:poss", "det:poss", "compound", "nummod"})
SUBORDINATORS = frozenset({"SCONJ", "CCONJ"})


def _source_extent(sentence: Sentence, cue: list[Word], source: Word) -> tuple[int, int]:
    """Word indices from the cue's first word to the end of the source phrase."""
    phrase = phrase_words(sentence, source)
    return cue[0].index, max(phrase[-1].index, cue[-1].index)


def _around_source(sentence: Sentence, first: int, last: int) -> list[Piece]:
    """Content around "according to X": after it when it opens a clause, else both sides."""
    before = [w for w in sentence.words[:first] if w.upos != "PUNCT"]
    after = [w for w in sentence.words[last + 1:] if w.upos != "PUNCT"]
    opens_clause = not before or before[-1].upos in SUBORDINATORS
    if len(after) >= 2 and opens_clause:
        return pieces_of(sentence.words[last + 1:])
    # the whole sentence before "according to X": cutting it after a conjunction or
    # subordinator ("Clinton and Trump are tied, according to …") loses most of the claim
    pieces = pieces_of(sentence.words[:first])
    if len(after) >= 2:
        pieces += pieces_of(sentence.words[last + 1:], strip_marks=False)
    return pieces


def _can_be_source(sentence: Sentence, noun: Word) -> bool:
    """A name, a pronoun, a plural or a determined noun: not "according to plan"."""
    if noun.upos in ("PROPN", "PRON") or noun.feature("Number") == "Plur":
        return True
    return bool(sentence.kids(noun, SOURCE_DETERMINERS))


def prepositional_source(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "According to X, …" / "…, according to X" / "in the words of X"."""
    for rule, cue in _prepositional_cues(sentence, lexicon):
        source = _source_nominal(sentence, cue)
        if source is None or not _can_be_source(sentence, source):
            continue
        content = _around_source(sentence, *_source_extent(sentence, cue, source))
        if content:
            yield Candidate(rule, sentence.index, tuple(cue), tuple(content), source, None,
                            0.85, " ".join(w.text.lower() for w in cue))


def as_clause(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "as X put it", "as X said": the cue clause modifies the content; X must be named."""
    for verb in sentence.words:
        head = sentence.head_of(verb)
        marks = {w.text.lower() for w in sentence.kids(verb, frozenset({"mark"}))}
        if head is None or "as" not in marks or verb.lemma.lower() not in lexicon.as_clause:
            continue
        content = content_pieces(sentence, head, exclude=[verb])
        found = make_candidate("as-clause", sentence, verb, content, lexicon, 0.75)
        if found is not None and found.speaker is not None:
            yield found


def relative_content(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "the deal, which the mayor conceded", "a rival whom he dubbed “the little senator”": a
    cue verb heading a relative clause whose relative pronoun is (part of) what was said. The
    pronoun is the content's first piece, as PolNeAR writes it, and what the verb says of it
    after the verb (a clause, a predicate) the second."""
    for verb in sentence.words:
        if (verb.upos != "VERB" or verb.deprel not in RELATIVE_CLAUSE_DEPS
                or not _reports(verb, lexicon)):
            continue
        relative = _relativizer(sentence, verb)
        subjects = sentence.kids(verb, SUBJECT_DEPS)
        if relative is None or not subjects or relative in subjects:
            continue
        rest = sentence.kids(verb, RELATIVE_REST_DEPS) + [
            w for w in sentence.kids(verb, frozenset({"obl"}))
            if {c.text.lower() for c in sentence.kids(w, PREPOSITION_DEPS)} & PREDICATE_CASES]
        after = [w for kid in sorted(rest, key=lambda k: k.index) if kid.index > verb.index
                 for w in _without_preposition(sentence, kid) if w is not relative]
        yield from filter(None, [make_candidate(
            "relative-content", sentence, verb, pieces_of([relative] + after), lexicon,
            OBJECT_CONFIDENCE)])


def _reports(verb: Word, lexicon: Lexicon) -> bool:
    lemma = verb.lemma.lower()
    return (lexicon.is_verb_cue(lemma) or lemma in lexicon.object_content
            or lemma in lexicon.object_predicate)


def _relativizer(sentence: Sentence, verb: Word) -> Word | None:
    """The relative pronoun of the clause ``verb`` heads, when it stands for what the verb
    reports: its object, or the subject or object of its complement (not a phrase's object,
    "to which"). A free relative ("what economists call spending") is left alone: on PolNeAR
    train it was the content in under a third of the cases."""
    roles = frozenset({"obj"}) | SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
    for word in sentence.subtree(verb):
        if word.index >= verb.index:
            break
        head = sentence.head_of(word)
        if (word.text.lower() in RELATIVE_PRONOUNS and word.deprel in roles
                and not sentence.kids(word, PREPOSITION_DEPS) and head is not None
                and (word.head == verb.index or (
                    head.head == verb.index and head.deprel in RELATIVE_REST_DEPS))):
            return word
    return None


def _object_of(sentence: Sentence, verb: Word, lexicon: Lexicon) -> list[Word]:
    """The nominal that is the content of ``verb``: its object or its "for"/"about" phrase."""
    lemma = verb.lemma.lower()
    found = []
    objects = sentence.kids(verb, frozenset({"obj"}))
    # "called the plan a disaster": the predicate as xcomp, or (a parser error) a second object
    predicated = lemma in lexicon.object_predicate and bool(
        sentence.kids(verb, CONTROL_DEPS) or len(objects) > 1)
    if lemma in lexicon.object_content or predicated:
        found = [w for w in objects
                 if w.upos in ("NOUN", "PROPN", "NUM") or (predicated and w.upos in OPEN_UPOS)]
    cases = lexicon.prepositional_objects.get(lemma, frozenset())
    for oblique in sentence.kids(verb, frozenset({"obl"})):
        marks = {c.text.lower() for c in sentence.kids(oblique, frozenset({"case", "mark"}))}
        if marks & cases:
            found.append(oblique)
    return found


def _object_tail(sentence: Sentence, verb: Word, end: int, lexicon: Lexicon) -> list[Word]:
    """What the verb says of its object right after it: "called X a disaster", "described X as
    a liar", "attacked X for his votes" (each dependent must follow with no gap; a time or
    occasion, "on Friday", "in an interview", ends it)."""
    tail: list[Word] = []
    for kid in sentence.kids(verb, OBJECT_TAIL_DEPS | frozenset({"obj"})):
        words = sentence.subtree(kid)
        if kid.lemma.lower() in lexicon.setting_nouns or kid.deprel == "obl:tmod":
            break
        if words[0].index == end + 1 and words[0].text not in CLAUSE_SEPARATORS:
            tail += words
            end = words[-1].index
    return tail


def is_purpose_infinitive(sentence: Sentence, verb: Word) -> bool:
    """ "a working group to discuss the process": an infinitive of purpose on a noun or a
    clause states an aim, not what somebody said."""
    marks = {w.text.lower() for w in sentence.kids(verb, frozenset({"mark"}))}
    return verb.relation in ("acl", "advcl") and "to" in marks


def object_content(sentence: Sentence, lexicon: Lexicon) -> Iterator[Candidate]:
    """ "X denied the report", "X called for a ban", "X called the plan a disaster"."""
    for verb in sentence.words:
        if _takes_object_content(sentence, verb, lexicon):
            yield from _object_candidates(sentence, verb, _object_of(sentence, verb, lexicon),
                                          lexicon, "object-content", OBJECT_CONFIDENCE)


def _takes_object_content(sentence: Sentence, verb: Word, lexicon: Lexicon) -> bool:
    """An active verb with no clause of its own (a subjectless -ing participle after it is an
    adverbial, ", citing …", however parsed; nor an infinitive, unless it predicates its
    object), not an infinitive of purpose (a passive's object is its subject: see
    `passive_subject`)."""
    clauses = [c for c in sentence.kids(verb, CONTENT_DEPS | PASSIVE_SUBJECT_DEPS)
               if not (c.index > verb.index and is_active_participle(sentence, c)
                       and not sentence.kids(c, SUBJECT_DEPS))]
    return verb.upos == "VERB" and not clauses and not (
        sentence.kids(verb, CONTROL_DEPS)
        and verb.lemma.lower() not in lexicon.object_predicate) and not is_purpose_infinitive(
        sentence, verb)


def _object_candidates(sentence: Sentence, verb: Word, targets: list[Word], lexicon: Lexicon,
                       rule: str, confidence: float) -> Iterator[Candidate]:
    """The content of the first of ``targets`` (an object or a prepositional phrase) with
    what the verb says of it."""
    for target in targets[:1]:
        prepositions = frozenset(w.index for w in sentence.kids(target, frozenset({"case"})))
        words = sentence.subtree(target, prepositions)
        content = pieces_of(words + _object_tail(sentence, verb, words[-1].index, lexicon))
        yield from filter(None, [make_candidate(rule, sentence, verb, content, lexicon,
                                                confidence)])


# Prepositions that introduce what a verb the lexicon lacks is about ("spoke about", "focused
# on", "railed against").
TOPIC_CASES = frozenset({"about", "on", "over", "against", "of"})


def _any_object(sentence: Sentence, verb: Word) -> list[Word]:
    """A verb's nominal object, else its "about"/"on"/… phrase (`TOPIC_CASES`)."""
    found = [w for w in sentence.kids(verb, frozenset({"obj"}))
             if w.upos in ("NOUN", "PROPN", "NUM")]
    for oblique in sentence.kids(verb, frozenset({"obl"})):
        if {c.text.lower() for c in sentence.kids(oblique, frozenset({"case"}))} & TOPIC_CASES:
            found.append(oblique)
    return found


LEARNED_RULE = "cue-model"


def learned_cue(sentence: Sentence, lexicon: Lexicon, scores: dict[int, float],
                thresholds: tuple[float, float]) -> Iterator[Candidate]:
    """A verb the lexicon lacks that the learned cue detector (`attribution.cuemodel`) takes
    for a cue ("fumed that …", "railed against the deal"): its clause, else its infinitive,
    found as the lexicon's verbs are; above the second, stricter threshold, else its object
    or topic phrase. The detector's probability is the confidence."""
    clause_threshold, object_threshold = thresholds
    for verb in sentence.words:
        probability = scores.get(verb.index, 0.0)
        lemma = verb.lemma.lower()
        if probability < clause_threshold or lexicon.is_verb_cue(lemma) or (
                lemma in lexicon.control or lemma in lexicon.object_content):
            continue
        found = list(clause_contents(sentence, verb, lexicon, LEARNED_RULE, probability)) or list(
            infinitive_contents(sentence, verb, lexicon, LEARNED_RULE, probability))
        if not found and probability >= object_threshold and _takes_object_content(
                sentence, verb, lexicon):
            found = list(_object_candidates(sentence, verb, _any_object(sentence, verb),
                                            lexicon, LEARNED_RULE, probability))
        yield from found
