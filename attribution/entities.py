"""Grouping mentions into document-level speakers, and describing each speaker."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import RELATIVE_PRONOUNS
from .model import SpeakerKind
from .parse import Parse
from .quotes import Quote
from .speakers import (
    MentionInfo,
    antecedent,
    is_person_like,
    latter_former,
    load_speaker_lexicon,
    make_mention,
    name_mentions,
    same_name,
)

DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass
class EntityDraft:
    """A speaker being assembled: its mentions in document order."""

    number: int
    mentions: list[MentionInfo] = field(default_factory=list)

    @property
    def names(self) -> list[MentionInfo]:
        """The mentions that carry a proper name."""
        return [m for m in self.mentions if m.name_tokens]


class Resolver:
    """Assigns every mention of a document to an entity, in document order."""

    def __init__(self, parse: Parse, quotes: tuple[Quote, ...]) -> None:
        self.parse = parse
        self.quotes = quotes
        self.entities: list[EntityDraft] = []
        self.done: list[MentionInfo] = []

    def _new(self, mention: MentionInfo) -> None:
        self.entities.append(EntityDraft(len(self.entities)))
        self._join(mention, len(self.entities) - 1)

    def _join(self, mention: MentionInfo, entity: int) -> None:
        mention.entity = entity
        self.entities[entity].mentions.append(mention)
        self.done.append(mention)

    def _by_name(self, mention: MentionInfo) -> int | None:
        for earlier in reversed(self.done):
            if earlier.name_tokens and same_name(earlier.name_tokens, mention.name_tokens):
                return earlier.entity
        return None

    def _by_description(self, mention: MentionInfo) -> int | None:
        first = mention.words[0].text.lower() if mention.words else ""
        if first not in DEFINITE:
            return None
        lemma = mention.head.lemma.lower()
        for earlier in reversed(self.done):
            if ((earlier.is_source or earlier.name_tokens) and not earlier.pronoun
                    and lemma in _described_as(earlier)):
                return earlier.entity
        return None

    def place(self, mention: MentionInfo) -> None:
        """Attach ``mention`` to an earlier entity, or start a new one."""
        if mention.name_tokens:
            found = self._by_name(mention)
        elif mention.pronoun:
            found = self._pronoun(mention)
        else:
            special = latter_former(mention, self.done)
            found = special.entity if special else self._by_description(mention)
        if found is None:
            self._new(mention)
        else:
            self._join(mention, found)

    def _relative(self, mention: MentionInfo) -> int | None:
        """ "Smith, who said …": a relative pronoun stands for the noun its clause modifies."""
        sentence = self.parse.sentences[mention.sentence]
        clause = sentence.head_of(mention.head)
        noun = sentence.head_of(clause) if clause and clause.deprel == "acl:relcl" else None
        if noun is None:
            return None
        for earlier in self.done:
            if earlier.sentence == mention.sentence and earlier.head.index == noun.index:
                return earlier.entity
        self.place(make_mention(self.parse, sentence, noun, False))
        return self.done[-1].entity

    def _pronoun(self, mention: MentionInfo) -> int | None:
        if mention.head.text.lower() in RELATIVE_PRONOUNS:
            return self._relative(mention)
        features = load_speaker_lexicon().pronouns.get(mention.head.text.lower(), {})
        if features.get("first"):
            return None  # settled by the quote it stands in, see `attach_first_person`
        found = antecedent(mention, self.done)
        return found.entity if found else None

    def attach_first_person(self, mention: MentionInfo, quoted_speaker: MentionInfo) -> None:
        """Move a first-person pronoun inside a quote to the quote's speaker."""
        entity = self.entities[mention.entity]
        entity.mentions.remove(mention)
        self._join(mention, quoted_speaker.entity)
        self.done.remove(mention)


def _described_as(mention: MentionInfo) -> set[str]:
    """The nouns a later "the …" may use for ``mention``: its head, and the head of its
    apposition ("Maria Reyes, the envoy, …" is later "the envoy") and the titles before its
    name ("Mayor Lena Okafor" is later "the mayor")."""
    heads = {mention.head.lemma.lower()} | set(mention.titles)
    heads |= {w.lemma.lower() for w in mention.words
              if w.deprel == "appos" and w.head == mention.head.index and w.upos == "NOUN"}
    return heads


def _within(mention: MentionInfo, sources: list[MentionInfo]) -> bool:
    """Whether a name lies inside a source phrase ("Ana Reyes" in "The envoy, Ana Reyes"):
    that phrase is already its mention."""
    return any(s.sentence == mention.sentence and s.start <= mention.start
               and mention.end <= s.end for s in sources)


def _document_subjects(parse: Parse) -> list[MentionInfo]:
    """Subjects headed by a document or organization noun ("The inspectors' report is blunt"),
    so that a later "It says …" can stand for them."""
    lexicon = load_speaker_lexicon()
    nouns = lexicon.media_heads | lexicon.organization_heads
    return [make_mention(parse, sentence, word, False)
            for sentence in parse.sentences for word in sentence.words
            if word.upos == "NOUN" and word.relation == "nsubj" and word.lemma.lower() in nouns]


def resolve(parse: Parse, quotes: tuple[Quote, ...], sources: list[MentionInfo]) -> Resolver:
    """Group the source mentions and every proper name into entities."""
    resolver = Resolver(parse, quotes)
    heads = {(m.sentence, m.head.index) for m in sources}
    names = [m for m in [*name_mentions(parse), *_document_subjects(parse)]
             if (m.sentence, m.head.index) not in heads and not _within(m, sources)]
    for mention in sorted([*names, *sources], key=lambda m: (m.start, not m.is_source)):
        resolver.place(mention)
    return resolver


def entity_kind(entity: EntityDraft) -> SpeakerKind:
    """Person, organization, media/document or unknown, from the words of its mentions."""
    lexicon = load_speaker_lexicon()
    words = {w.lemma.lower() for m in entity.mentions for w in m.words}
    heads = {m.head.lemma.lower() for m in entity.mentions}
    if any(m.pronoun and m.gender in ("m", "f") for m in entity.mentions):
        return SpeakerKind.PERSON
    if heads & lexicon.media_heads or words & {"times", "post", "journal", "news"}:
        return SpeakerKind.MEDIA
    if heads & lexicon.organization_heads:
        return SpeakerKind.ORGANIZATION
    if any(is_person_like(m) for m in entity.mentions if not m.pronoun):
        return SpeakerKind.PERSON
    return SpeakerKind.UNKNOWN


def is_anonymous(entity: EntityDraft, kind: SpeakerKind) -> bool:
    """A source never named: no proper name, and an indefinite or typical unnamed head."""
    if entity.names or kind in (SpeakerKind.MEDIA, SpeakerKind.ORGANIZATION):
        return False
    lexicon = load_speaker_lexicon()
    described = [m for m in entity.mentions if not m.pronoun]
    if not described:
        return False
    first = described[0]
    opening = first.words[0].text.lower() if first.words else ""
    return (first.head.lemma.lower() in lexicon.anonymous_heads
            or opening in lexicon.anonymity_markers or (first.plural and opening not in DEFINITE))


def entity_name(entity: EntityDraft, text: str) -> str:
    """The fullest proper name of an entity, else its first descriptive mention."""
    if entity.names:
        best = max(entity.names, key=lambda m: (len(m.name_tokens), -m.start))
        return best.name
    described = [m for m in entity.mentions if not m.pronoun] or entity.mentions
    first = described[0]
    return text[first.start:first.end]
