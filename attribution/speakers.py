"""Speaker mentions, names and entities: who a "he", a "Pompeo" or "the official" is.

Every proper name in the document becomes a mention; names that share their words
("Mike Pompeo", "Pompeo", "Mr. Pompeo") form one entity. A pronoun takes the most salient
compatible mention before it (an earlier source first, then a subject, then the nearest), a
first-person pronoun inside a quote takes the quote's speaker, "the latter"/"the former" take
the last/first of the two names before them, and a definite description ("the official")
takes the earlier source with the same head noun.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .parse import Parse, Sentence, Word
from .phrases import phrase_words

SUBJECT_ROLES = frozenset({"nsubj", "nsubj:pass"})
NAME_INTERNAL = frozenset({"compound", "flat", "appos"})
NAME_UPOS = frozenset({"PROPN", "NOUN"})
WINDOW_SENTENCES = 4
LATTER_FORMER = {"latter": -1, "former": 0}


@dataclass(frozen=True)
class SpeakerLexicon:
    """Pronoun features, title words and the noun lists that type a source."""

    pronouns: dict[str, dict[str, object]]
    titles: dict[str, str]
    gendered: dict[str, str]
    anonymous_heads: frozenset[str]
    anonymity_markers: frozenset[str]
    organization_heads: frozenset[str]
    media_heads: frozenset[str]
    not_names: frozenset[str]
    not_labels: frozenset[str]


@lru_cache(maxsize=1)
def load_speaker_lexicon() -> SpeakerLexicon:
    """The speaker knowledge shipped in ``attribution/data/speakers.json``."""
    raw = json.loads(
        resources.files("attribution").joinpath("data/speakers.json").read_text("utf-8"))
    return SpeakerLexicon(
        raw["pronouns"], raw["titles"], raw["gendered_nouns"],
        frozenset(raw["anonymous_heads"]), frozenset(raw["anonymity_markers"]),
        frozenset(raw["organization_heads"]), frozenset(raw["media_heads"]),
        frozenset(raw["not_names"]), frozenset(raw["not_labels"]))


@dataclass
class MentionInfo:
    """A mention with what resolution needs to know about it."""

    start: int
    end: int
    head: Word
    sentence: int
    name: str = ""
    name_tokens: tuple[str, ...] = ()
    gender: str = ""
    plural: bool = False
    pronoun: bool = False
    is_source: bool = False
    entity: int = -1
    words: list[Word] = field(default_factory=list)
    role: str = ""
    # nouns that describe the named one: titles before the name ("Mayor Lena Okafor") and
    # the noun the name stands in apposition to ("the envoy, Ana Reyes")
    titles: tuple[str, ...] = ()

    @property
    def subject(self) -> bool:
        """Whether the mention's noun phrase is a clause subject."""
        return self.role in SUBJECT_ROLES


def _runs_of_names(words: list[Word]) -> list[list[Word]]:
    runs: list[list[Word]] = []
    for word in words:
        if word.upos == "PROPN" or (word.text == "-" and runs and runs[-1][-1].upos == "PROPN"):
            if runs and runs[-1][-1].index == word.index - 1:
                runs[-1].append(word)
            else:
                runs.append([word])
    return runs


def split_apposition(sentence: Sentence, head: Word) -> list[Word]:
    """ "Reyes, the envoy, told …" parsed as two subjects of "told": the words of the other
    subject right before ``head``, with only a comma between and a comma after ``head``'s
    phrase (an apposition the parser split off; "The bridge, the mayor said, …" is not one),
    else nothing."""
    own = phrase_words(sentence, head)
    after = sentence.word_at(own[-1].index + 1)
    if head.deprel not in SUBJECT_ROLES or head.head < 0 or after is None or after.text != ",":
        return []
    for other in sentence.kids(sentence.words[head.head], SUBJECT_ROLES):
        words = phrase_words(sentence, other) if other.index < head.index else []
        if words and [w.text for w in sentence.words[words[-1].index + 1:own[0].index]] == [","]:
            return words
    return []


def _name_run(sentence: Sentence, words: list[Word], head: Word,
              anchors: frozenset[int] = frozenset()) -> list[Word]:
    """The proper name the phrase gives (the head's own, an apposition's, or one of the
    ``anchors``), titles cut."""
    anchors = {head.index} | {w.index for w in sentence.kids(head, frozenset({"appos"}))} | anchors
    run = next((r for r in _runs_of_names(words) if {w.index for w in r} & anchors), [])
    titles = load_speaker_lexicon().titles
    titled = [i for i, w in enumerate(run) if w.text.lower() in titles]
    run = run[titled[-1] + 1:] if titled else run
    while run and run[-1].upos == "PUNCT":
        run = run[:-1]
    return run


def _role(sentence: Sentence, head: Word) -> str:
    """The relation of the whole noun phrase that ``head`` belongs to."""
    word = head
    for above in sentence.ancestors(head):
        unmarked = word.relation == "nmod" and not sentence.kids(word, frozenset({"case"}))
        if not (word.relation in NAME_INTERNAL or unmarked) or above.upos not in NAME_UPOS:
            break
        word = above
    return word.deprel


def _tokens(words: list[Word]) -> tuple[str, ...]:
    return tuple(w.text.lower().rstrip(".") for w in words if w.upos != "PUNCT"
                 and w.text.lower() not in ("'s", "’s"))


def _gender(words: list[Word], head: Word) -> str:
    lexicon = load_speaker_lexicon()
    for word in words:
        gender = lexicon.titles.get(word.text.lower()) or lexicon.gendered.get(word.lemma.lower())
        if gender:
            return gender
    pronoun = lexicon.pronouns.get(head.text.lower())
    return str(pronoun["gender"]) if pronoun else ""


def make_mention(parse: Parse, sentence: Sentence, head: Word, is_source: bool,
                 limit: int | None = None) -> MentionInfo:
    """A mention for the phrase headed by ``head`` (just the name, for a name that is not a
    source), ending by ``limit`` when given."""
    words = [w for w in phrase_words(sentence, head)
             if limit is None or w.end <= limit or w is head]
    apposed = split_apposition(sentence, head) if is_source else []
    if apposed:
        words = [*sentence.words[apposed[0].index:words[0].index], *words]
    run = _name_run(sentence, words, head, frozenset(w.index for w in apposed))
    pronoun = load_speaker_lexicon().pronouns.get(head.text.lower())
    plural = head.feature("Number") == "Plur" or bool(pronoun and pronoun["number"] == "pl")
    name = parse.text[run[0].start:run[-1].end] if run else ""
    shown = words if is_source or not run else run
    titles = tuple(w.lemma.lower() for w in words
                   if run and w.index < run[0].index and w.upos in NAME_UPOS)
    host = sentence.head_of(head) if head.deprel == "appos" else None
    titles += (host.lemma.lower(),) if host is not None and host.upos == "NOUN" else ()
    return MentionInfo(shown[0].start, shown[-1].end, head, sentence.index, name, _tokens(run),
                       _gender(words, head), plural, bool(pronoun) and head.upos == "PRON",
                       is_source, words=words, role=_role(sentence, head), titles=titles)


def _inside_name(sentence: Sentence, word: Word) -> bool:
    """Whether ``word`` is a non-head part of a run of proper nouns ("Mike" in "Mike Pompeo")."""
    head = sentence.head_of(word)
    if head is None or head.upos != "PROPN":
        return False
    low, high = sorted((word.index, head.index))
    return all(w.upos == "PROPN" or w.text == "-" for w in sentence.words[low:high + 1])


def name_mentions(parse: Parse) -> list[MentionInfo]:
    """Every proper-name phrase in the document (heads only, not name parts)."""
    found, not_names = [], load_speaker_lexicon().not_names
    for sentence in parse.sentences:
        for word in sentence.words:
            if word.upos == "PROPN" and not _inside_name(sentence, word):
                mention = make_mention(parse, sentence, word, False)
                if mention.name_tokens and not set(mention.name_tokens) <= not_names:
                    found.append(mention)
    return found


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one name's words all appear in the other ("Pompeo" in "Mike Pompeo")."""
    short, long = sorted((a, b), key=len)
    return bool(short) and set(short) <= set(long)


def is_person_like(mention: MentionInfo) -> bool:
    """Whether a mention can be the antecedent of he/she/I."""
    lexicon = load_speaker_lexicon()
    lemma = mention.head.lemma.lower()
    if mention.name_tokens:
        return not set(mention.name_tokens) & (lexicon.organization_heads | lexicon.media_heads)
    return (lemma in lexicon.anonymous_heads or lemma in lexicon.gendered
            or lemma in lexicon.titles or mention.pronoun)


def compatible(pronoun: MentionInfo, candidate: MentionInfo) -> bool:
    """Whether gender, number and personhood allow ``candidate`` as antecedent."""
    features = load_speaker_lexicon().pronouns.get(pronoun.head.text.lower(), {})
    gender, number = features.get("gender", ""), features.get("number", "")
    if candidate.head.upos not in NAME_UPOS and not (
            candidate.head.upos == "ADJ" and candidate.words
            and candidate.words[0].upos == "DET"):
        return False
    if number == "pl":
        return candidate.plural or not is_person_like(candidate)
    if candidate.plural:
        return False
    if gender == "n":
        return not is_person_like(candidate)
    if gender in ("m", "f"):
        return is_person_like(candidate) and candidate.gender in ("", gender)
    return True


def salience(pronoun: MentionInfo, candidate: MentionInfo) -> float:
    """How strongly ``candidate`` is expected as the antecedent (higher is better)."""
    distance = pronoun.sentence - candidate.sentence
    return (3.0 * candidate.is_source + 2.0 * candidate.subject + 1.0 * bool(candidate.name)
            - 2.0 * distance + candidate.start / 1e7)


def antecedent(pronoun: MentionInfo, earlier: list[MentionInfo]) -> MentionInfo | None:
    """The best compatible mention before ``pronoun`` within the window."""
    pool = [m for m in earlier if m.end <= pronoun.start and m.entity >= 0
            and pronoun.sentence - m.sentence <= WINDOW_SENTENCES and compatible(pronoun, m)
            and not m.pronoun]
    return max(pool, key=lambda m: salience(pronoun, m), default=None)


def latter_former(mention: MentionInfo, earlier: list[MentionInfo]) -> MentionInfo | None:
    """ "the latter" / "the former": the last or first of the two names before it."""
    position = LATTER_FORMER.get(mention.head.text.lower())
    if position is None:
        return None
    names: list[MentionInfo] = []
    for m in sorted(earlier, key=lambda m: m.start, reverse=True):
        if m.name and m.end <= mention.start and all(m.entity != n.entity for n in names):
            names.append(m)
        if len(names) == 2:
            return list(reversed(names))[position]
    return None
