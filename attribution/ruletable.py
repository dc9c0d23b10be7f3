"""The sentence rules in priority order: one table over the rule modules.

Each rule family lives in a module of its own (`rules`, `nominal`, `reporting`,
`impersonal`); this table says which rules run and, by its order, which one wins when two
find the same content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from . import impersonal, nominal, rules
from .candidate import Candidate
from .lexicon import Lexicon
from .parse import Sentence
from .reporting import final_reporting_clause, parenthetical_clause

Rule = Callable[[Sentence, Lexicon], Iterator[Candidate]]

SENTENCE_RULES: tuple[tuple[str, Rule], ...] = (
    ("raising", rules.raised_content),
    ("verb-complement", rules.verb_complement),
    ("verb-complement-repair", rules.misattached_complement),
    ("relative-content", rules.relative_content),
    ("reporting-clause", rules.reporting_clause),
    ("parenthetical-clause", parenthetical_clause),
    ("final-reporting-clause", final_reporting_clause),
    ("according-to", rules.prepositional_source),
    ("as-clause", rules.as_clause),
    ("noun-complement", nominal.noun_complement),
    ("light-verb", nominal.light_verb),
    ("adjective-complement", nominal.adjective_complement),
    ("control-complement", rules.control_complement),
    ("object-content", rules.object_content),
    ("passive-subject", rules.passive_subject),
    ("existential-noun", impersonal.existential_noun),
    ("impersonal-raising", impersonal.impersonal_raising),
    ("hearsay-adverb", impersonal.hearsay_adverb),
)


def find_candidates(sentence: Sentence, lexicon: Lexicon) -> list[Candidate]:
    """Every candidate the sentence rules find, in rule priority order."""
    return [found for _, rule in SENTENCE_RULES for found in rule(sentence, lexicon)]
