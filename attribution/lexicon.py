"""Cue words and dependency-relation sets: the language knowledge the rules read.

Word lists live in ``data/cues.json`` (package data); relation sets are module constants
named after what they select, in the manner of textacy's ``_ACTIVE_SUBJ_DEPS``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# Relations from a cue verb to the clause it reports.
CONTENT_DEPS = frozenset({"ccomp", "parataxis", "csubj:pass"})
# Relations from a cue verb to an infinitival content ("vowed to fight").
CONTROL_DEPS = frozenset({"xcomp"})
# Relations from a cue verb to its source.
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubj:pass"})
AGENT_DEPS = frozenset({"obl:agent", "obl"})
# Relations from a cue verb to the person spoken to.
ADDRESSEE_DEPS = frozenset({"obj", "iobj"})
ADDRESSEE_OBL_CASES = frozenset({"to"})
# Relations by which a reporting clause hangs from the content it reports.
REPORTING_CLAUSE_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "dep"})
# Relations that join a second verb sharing the first one's subject ("said and added").
SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl"})
# Dependents kept in a speaker phrase (everything else, clauses included, is left out).
SPEAKER_KEEP_DEPS = frozenset({"det", "amod", "compound", "flat", "nmod", "nmod:poss", "nummod",
                               "appos", "fixed", "goeswith", "nmod:desc", "nmod:unmarked",
                               "det:poss", "advmod", "acl", "case", "punct", "cc", "conj"})
# Relations of a speaker head's own dependents that never belong to the phrase.
SPEAKER_HEAD_DROP_DEPS = frozenset({"case", "punct", "advmod"})
# Clauses cut from anywhere inside a speaker phrase.
SPEAKER_CLAUSE_DEPS = frozenset({"acl:relcl", "advcl", "parataxis", "ccomp", "dep", "csubj"})
# Dependents left out of a content clause when they carry the cue or the source.
CONTENT_EDGE_MARKERS = frozenset({"that", "whether", "if"})
NOMINAL_UPOS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
# Tags of a word that can head a source phrase ("the senator", "Reyes", "she").
SOURCE_UPOS = frozenset({"NOUN", "PROPN", "PRON"})
VERBAL_UPOS = frozenset({"VERB", "AUX"})
EXPLETIVE_SUBJECTS = frozenset({"it", "there"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Cue categories of a subjectless verb conjoined after a content that make it the speaker's
# next report, not part of the content ("said the bill was flawed and called it …").
NEXT_REPORT_CATEGORIES = frozenset({"speech", "writing"})
# Speech verbs that quote only in a narrow use ("she began, “…”") and are mostly aspectual.
ASPECTUAL_VERBS = frozenset({"begin", "start", "continue", "go"})


@dataclass(frozen=True)
class Prepositional:
    """A multi-word preposition that introduces a source ("according to")."""

    words: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class Lexicon:
    """Every cue list, as frozen sets of lemmas."""

    verb_categories: dict[str, frozenset[str]]
    object_content: frozenset[str]
    control: frozenset[str]
    addressee: frozenset[str]
    nouns: frozenset[str]
    prepositional: tuple[Prepositional, ...]
    as_clause: frozenset[str]
    strength: dict[str, float]
    prepositional_objects: dict[str, frozenset[str]]
    object_predicate: frozenset[str]
    setting_nouns: frozenset[str]
    raising: frozenset[str] = frozenset()
    passive_raising: frozenset[str] = frozenset()
    passive_subject: frozenset[str] = frozenset()
    quote_only: frozenset[str] = frozenset()
    # adverbs that report the clause they modify with no source ("reportedly")
    hearsay_adverbs: frozenset[str] = frozenset()
    # light verb + word pairs ("take issue") and adjectives, each with the markers ("of",
    # "to", "that", "clause") of the dependent they report
    light_phrases: dict[str, frozenset[str]] = field(default_factory=dict)
    adjectives: dict[str, frozenset[str]] = field(default_factory=dict)
    # verbs whose subject is the source of their cue-noun object ("voiced doubts")
    light_verbs: frozenset[str] = frozenset()

    def verb_category(self, lemma: str) -> str | None:
        """The first category that lists ``lemma`` as a verb cue, or None."""
        lemma = lemma.lower()
        for category, lemmas in self.verb_categories.items():
            if lemma in lemmas:
                return category
        return None

    def is_verb_cue(self, lemma: str) -> bool:
        """Whether ``lemma`` is a reporting, writing, finding or belief verb."""
        return self.verb_category(lemma) is not None

    def verb_strength(self, lemma: str) -> float:
        """Base confidence of a verb cue."""
        category = self.verb_category(lemma)
        return self.strength.get(category, 0.5) if category else 0.0


def _frozen(items: list[str]) -> frozenset[str]:
    return frozenset(item.lower() for item in items)


def _markers(entries: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    return {word.lower(): _frozen(markers) for word, markers in entries.items()}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped in ``attribution/data/cues.json``."""
    raw = json.loads(resources.files("attribution").joinpath("data/cues.json").read_text("utf-8"))
    return Lexicon(
        verb_categories={name: _frozen(words) for name, words in raw["verbs"].items()},
        object_content=_frozen(raw["object_content"]),
        control=_frozen(raw["control"]),
        addressee=_frozen(raw["addressee"]),
        nouns=_frozen(raw["nouns"]),
        prepositional=tuple(
            Prepositional(tuple(p["words"]), p["rule"]) for p in raw["prepositional"]),
        as_clause=_frozen(raw["as_clause"]),
        strength=dict(raw["strength"]),
        prepositional_objects={
            verb: _frozen(cases) for verb, cases in raw["prepositional_objects"].items()},
        object_predicate=_frozen(raw["object_predicate"]),
        setting_nouns=_frozen(raw["setting_nouns"]),
        raising=_frozen(raw["raising"]),
        passive_raising=_frozen(raw["passive_raising"]),
        passive_subject=_frozen(raw["passive_subject"]),
        quote_only=_frozen(raw["quote_only"]),
        hearsay_adverbs=_frozen(raw["hearsay_adverbs"]),
        light_phrases=_markers(raw["light_phrases"]),
        adjectives=_markers(raw["adjectives"]),
        light_verbs=_frozen(raw["light_verbs"]),
    )
