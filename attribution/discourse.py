"""Rules that look beyond one sentence's tree: quote marks, broken sentences, context.

The sentence rules in `rules` read one parse tree; the rules here combine their candidates with
the quotes found on raw text: quoted content grows to its marks, a quote split by "he said"
becomes one content in two pieces, a reporting clause cut off by a bad sentence split takes
the sentence before it, a colon introduces a quote, and a quote with no cue of its own takes
its speaker from the neighbouring attribution when the paragraph supports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from .lexicon import CONTENT_DEPS, CONTROL_DEPS, RELATIVE_PRONOUNS, SOURCE_UPOS, Lexicon
from .parse import Parse, Sentence, Word
from .phrases import QUOTE_CHARS, Piece, outside_heads, pieces_of, trim_run
from .quotes import Quote
from .rules import Candidate
from .sources import is_finite, source_of
from .spans import QuoteIndex, SpanIndex, hull
from .speakers import load_speaker_lexicon

MIN_QUOTE_WORDS = 4
# Words a title leaves in lower case, the word pattern it is read with, and the closing marks
# no title ends with ("“I Fear The Same Thing,” he said" is speech).
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and",
                               "or", "but", "with", "by", "from", "as", "vs", "&", "de", "la"})
TITLE_WORD = re.compile(r"[\w'’.&-]+")
TITLE_BREAKING_MARKS = frozenset(".?!,;:")
# The closing marks a title keeps inside its quote marks when a sentence goes on around it
# ("he starred in “Guardians of the Galaxy,” and …", "took the stage to “Eye of the Tiger.”").
TITLE_INNER_CLOSINGS = " ,."
TITLE_MIN_WORDS = 2  # ... when it has as many words: “Never.” after "said," is speech
# What a whole-sentence quote ends with, and what stands before one: nothing, a line break, or
# the end of a sentence (its closing quote mark included).
SENTENCE_ENDS = frozenset(".?!")
CUE_MARKS = frozenset(",:")  # what stands between a reporting verb and its quote
SENTENCE_START = re.compile(r"(?:\A|\n|[.?!][\"”’'»]*)\Z")
BLANKS = frozenset(" \t\u00a0")
LOOK_BEHIND = 16  # characters of `_text_before`: a sentence's end and its closing marks
# How far (in characters) a reporting verb may stand from the quote it introduces.
REPORTING_REACH = 80
# A reporting clause right after a quote: how many words it may hold, and their tags.
GAP_WORDS = 12
PHRASE_UPOS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM", "ADP", "PART", "ADV",
                         "AUX", "CCONJ", "X"})
CLAUSE_BREAKS = frozenset({",", "“", "”", "\"", "''", "’", "‘", "'"})
# Words that do not count against a sentence being only a reporting clause.
LIGHT_UPOS = frozenset({"PUNCT", "ADV", "AUX", "PART", "CCONJ", "SCONJ"})
# Text allowed between a reporting clause and the quote that continues the content.
CONTINUATION_GAP = frozenset(" ,\n\t—–")
# The last character inside a quote that breaks off a sentence the reporting clause
# interrupts ("“Normally,” she said, “…”").
BREAK_MARKS = frozenset(",—–")
# A transcript's speaker label at a paragraph start ("PENCE: …", "“Bernie Sanders: …"): an
# optional opening quote mark, a short capitalised name, a colon, then the words.
SPEAKER_LABEL = re.compile(r"[\"“‘']?([^\W\d_][^\n:]{0,40}?):[ \t]+(?=\S)")
LABEL_WORDS = 4
ROLL_UPOS = frozenset({"PROPN", "CCONJ"})  # what a roll of names is made of, besides commas
# Words before a name and a colon that credit the quote to that name ("- Ana Ruiz: “…”").
CREDIT_MARKERS = frozenset({"-", "–", "—", "from", "From"})
# A quote credited after a dash ("“…” ― Ana Ruiz", "“…” — Ana Ruiz, 34, of Tulsa").
CREDIT_DASH = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*(?=[^\W\d_])")


def _overlap(a: Piece, b: Piece) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(candidate: Candidate, quote: Quote) -> bool:
    """Whether the candidate's content covers at least half of the quote, from outside it
    ("I think …" inside a quote attributes a part of the quote, not the quote)."""
    if quote.closed and _cue_inside(candidate, quote):
        return False
    inside = sum(_overlap(p, (quote.start, quote.end)) for p in candidate.content)
    return inside * 2 >= quote.end - quote.start


def _cue_inside(candidate: Candidate, quote: Quote) -> bool:
    return any(quote.start <= word.start < quote.end for word in candidate.cue)


def _touching(candidate: Candidate, index: QuoteIndex) -> list[Quote]:
    """The quotes that can change a candidate in `snap_to_quotes`: those overlapping its
    content or cue, and those overlapping the quotes it grows into, in text order."""
    ranges = [*candidate.content, *((w.start, w.start + 1) for w in candidate.cue)]
    if not ranges:
        return []
    low, high = hull(ranges)
    while True:
        found = [q for q in index.near(low, high) if q.start < high and q.end > low]
        wider = hull([(low, high), *((q.start, q.end) for q in found)])
        if wider == (low, high):
            return found
        low, high = wider


def snap_to_quotes(candidate: Candidate, quotes: tuple[Quote, ...],
                   index: QuoteIndex | None = None) -> Candidate | None:
    """Grow content pieces that overlap a quote to the whole quote, marks included; a cue
    inside a quote keeps its content inside that quote ("“… I think it works,” she said"),
    and has none when the parser put all of it outside. With the ``index`` of ``quotes``,
    only the quotes that can change the candidate are visited."""
    pieces = list(candidate.content)
    for quote in (quotes if index is None else _touching(candidate, index)):
        if _cue_inside(candidate, quote) and quote.closed:
            inside = (quote.inner_start, quote.inner_end)
            pieces = [(max(a, inside[0]), min(b, inside[1])) for a, b in pieces
                      if _overlap((a, b), inside)]
            if not pieces:
                return None
            continue
        if quote.depth or _cue_inside(candidate, quote):
            continue
        if any(_overlap(piece, (quote.start, quote.end)) for piece in pieces):
            pieces = [p for p in pieces if not _overlap(p, (quote.start, quote.end))] + [
                *_merged_with_quote(candidate.content, quote)]
    return replace(candidate, content=_normalised(pieces))


def _merged_with_quote(content: tuple[Piece, ...], quote: Quote) -> Iterator[Piece]:
    touching = [p for p in content if _overlap(p, (quote.start, quote.end))]
    start = min([quote.start] + [p[0] for p in touching])
    end = max([quote.end] + [p[1] for p in touching])
    if len(quote.pieces) > 1:
        yield from ((max(start, a), b) for a, b in quote.pieces[:-1])
        yield (quote.pieces[-1][0], end)
    else:
        yield (start, end)


def _normalised(pieces: list[Piece]) -> tuple[Piece, ...]:
    merged: list[Piece] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _quote_words(parse: Parse, quote: Quote) -> int:
    return len(parse.text[quote.inner_start:quote.inner_end].split())


def _speaking_verbs(sentence: Sentence, lexicon: Lexicon, used: set[int]) -> Iterator[Word]:
    for word in sentence.words:
        if (word.upos == "VERB" and lexicon.is_verb_cue(word.lemma) and word.start not in used
                and not sentence.kids(word, CONTENT_DEPS | CONTROL_DEPS)):
            yield word


def _adjacent(text: str, quote: Quote, verb: Word, index: QuoteIndex) -> bool:
    """Whether ``verb`` stands next to the quote: close before or after it, in the same
    paragraph, with no other top-level quote of ``index`` in between."""
    if quote.start - REPORTING_REACH <= verb.start < quote.start:
        gap = (verb.end, quote.start)
    elif quote.end <= verb.start <= quote.end + REPORTING_REACH:
        gap = (quote.end, verb.start)
    else:
        return False
    return "\n" not in text[gap[0]:gap[1]] and not index.top_level_starts_in(*gap, quote)


def quote_cue(parse: Parse, quote: Quote, lexicon: Lexicon, used: set[int],
              quotes: tuple[Quote, ...] = (), index: QuoteIndex | None = None
              ) -> Candidate | None:
    """A quote whose sentence (or the clause right after it, in the same paragraph) has a
    free reporting verb outside every top-level quote (``index``: of ``quotes``). Right
    beside its verb, a short quote is a statement too (`is_cued`: he said, “Never.”)."""
    if not (is_standalone(parse, quote) or is_cued(parse, quote)):
        return None
    nearby = list(parse.overlapping(quote.start, quote.end + 3))
    after = [s for s in parse.starting_between(quote.end, quote.end + 3)
             if "\n" not in parse.text[quote.end:s.start]]
    if index is None:
        index = QuoteIndex([q for q in quotes if q.depth == 0] or [quote])
    for sentence in nearby + after[:1]:
        for verb in _speaking_verbs(sentence, lexicon, used):
            source = source_of(sentence, verb, lexicon)
            if (_adjacent(parse.text, quote, verb, index) and source.speaker is not None
                    and not index.in_top_level(verb.start)
                    and not index.in_top_level(source.speaker.start)):
                return Candidate("quote-cue", sentence.index, (verb,), quote.pieces,
                                 source.speaker, source.addressee,
                                 lexicon.verb_strength(verb.lemma), verb.lemma.lower())
    return None


def _words_after(parse: Parse, offset: int) -> tuple[Sentence | None, list[Word]]:
    """The sentence holding the first word at or after ``offset``, and its words from there."""
    sentence = parse.first_ending_after(offset)
    if sentence is None:
        return None, []
    return sentence, [w for w in sentence.words if w.start >= offset]


def _gap_head(sentence: Sentence, gap: list[Word]) -> Word | None:
    """The head of a short noun phrase: its nominal word whose head lies outside it."""
    heads = outside_heads(gap, SOURCE_UPOS)
    return heads[-1] if heads else None


def dash_credit(parse: Parse, quote: Quote) -> Candidate | None:
    """ "“…” ― Krystal Ruiz": a closed quote followed by a dash and a proper name."""
    dash = CREDIT_DASH.match(parse.text, quote.end) if quote.closed else None
    if dash is None:
        return None
    sentence, words = _words_after(parse, dash.end())
    name: list[Word] = []
    for word in words:
        if word.upos != "PROPN" or word.start > (name[-1].end + 1 if name else dash.end()):
            break
        name.append(word)
    if sentence is None or not name or not name[0].text[:1].isupper():
        return None
    inside = {w.index for w in name}
    head = next((w for w in name if w.head not in inside), name[-1])
    return Candidate("dash-credit", sentence.index, (), quote.pieces, head, None, 0.7, "",
                     speaker_limit=name[-1].end)


def quote_then_cue(parse: Parse, quote: Quote, lexicon: Lexicon) -> Candidate | None:
    """ "“…,” X said." / "“…,” said X.": a quote followed by a bare reporting clause."""
    sentence, words = _words_after(parse, quote.end)
    if sentence is None or quote.depth or "\n" in parse.text[quote.end:words[0].start
                                                             if words else quote.end]:
        return None
    words = [w for w in words if w.upos != "PUNCT" or w.text not in CLAUSE_BREAKS][:GAP_WORDS]
    verbs = [i for i, w in enumerate(words) if w.upos == "VERB"]
    if not verbs or not lexicon.is_verb_cue(words[verbs[0]].lemma):
        return None
    verb, before = words[verbs[0]], words[:verbs[0]]
    if before and any(w.upos not in PHRASE_UPOS for w in before):
        return None
    speaker = _gap_head(sentence, before) if before else _gap_head(
        sentence, _phrase_after(words[verbs[0] + 1:]))
    if speaker is None:
        return None
    return Candidate("quote-reporting-clause", sentence.index, (verb,), quote.pieces, speaker,
                     None, lexicon.verb_strength(verb.lemma), verb.lemma.lower())


def prefer_named(found: list[Candidate], fallbacks: list[Candidate]) -> list[Candidate]:
    """Add each fallback whose cue no candidate uses; let it replace one that names nobody."""
    merged = list(found)
    first: dict[int, int] = {}  # cue start → the first candidate with that cue
    for number, candidate in enumerate(merged):
        if candidate.cue:
            first.setdefault(candidate.cue[0].start, number)
    for fallback in fallbacks:
        cue = fallback.cue[0].start
        if cue not in first:
            first[cue] = len(merged)
            merged.append(fallback)
        elif merged[first[cue]].speaker is None:
            merged[first[cue]] = fallback
    return merged


def _phrase_after(words: list[Word]) -> list[Word]:
    phrase = []
    for word in words:
        if word.upos not in PHRASE_UPOS:
            break
        phrase.append(word)
    return phrase


def _last_visible(text: str, end: int) -> int:
    """The offset of the last non-space character before ``end`` (-1 when there is none)."""
    index = end - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index


def _credited_name(words: list[Word]) -> list[Word]:
    """ "… - Philip Bump: “…”", "More from Jones: “…”": a proper name right before the colon,
    after a dash or "from", credits the quote."""
    name = []
    for word in reversed([w for w in words if w.text != ":"]):
        if word.upos != "PROPN":
            break
        name.insert(0, word)
    before = words[len(words) - len(name) - 2] if len(words) > len(name) + 1 else None
    return name if name and before is not None and before.text in CREDIT_MARKERS else []


def colon_quote(parse: Parse, quote: Quote, lexicon: Lexicon) -> Candidate | None:
    """ "X wrote on Twitter: “…”", "… with this caption: “…”": a clause and a colon."""
    colon = _last_visible(parse.text, quote.start)
    if colon < 0 or parse.text[colon] != ":":
        return None
    sentence = parse.sentence_at(colon)
    if sentence is None:
        return None
    words = [w for w in sentence.words if w.end <= colon + 1]
    credited = _credited_name(words)
    if credited:  # its last word: the parser often hangs words before a name on it
        return Candidate("colon-quote", sentence.index, (), quote.pieces, credited[-1], None,
                         0.6)
    verbs = [w for w in words if w.upos == "VERB" and (w.head < 0 or is_finite(w))]
    if not verbs:
        return None
    cues = [v for v in verbs if lexicon.is_verb_cue(v.lemma)]
    verb = (cues or verbs)[0]
    source = source_of(sentence, verb, lexicon)
    if source.speaker is None:
        return None
    confidence = 0.75 if cues else 0.55
    return Candidate("colon-quote", sentence.index, (verb,), quote.pieces, source.speaker,
                     source.addressee, confidence, verb.lemma.lower())


def _bare_clause(sentence: Sentence, verb: Word, speaker: Word) -> bool:
    """Whether the sentence holds only the cue verb, its source and light words."""
    own = {w.index for w in sentence.subtree(speaker)} | {verb.index}
    for modifier in sentence.kids(verb, frozenset({"obl", "advmod"})):
        own |= {w.index for w in sentence.subtree(modifier)}
    rest = [w for w in sentence.words if w.index not in own and w.upos not in LIGHT_UPOS]
    return not rest


def detached_reporting_clause(parse: Parse, lexicon: Lexicon, used: set[int]
                              ) -> Iterator[Candidate]:
    """ ". said the spokesman of …" — a sentence that is only a reporting clause, and opens in
    lower case, as the rest of a sentence cut in two does."""
    for previous, sentence in zip(parse.sentences, parse.sentences[1:], strict=False):
        content = pieces_of(previous.words)
        opening = next((w.text for w in sentence.words if w.upos != "PUNCT"), "")
        if not content or previous.paragraph != sentence.paragraph or not opening.islower():
            continue
        for verb in _speaking_verbs(sentence, lexicon, used):
            source = source_of(sentence, verb, lexicon)
            if source.speaker is None or not _bare_clause(sentence, verb, source.speaker):
                continue
            yield Candidate("detached-reporting-clause", sentence.index, (verb,),
                            tuple(content), source.speaker, source.addressee,
                            0.7, verb.lemma.lower())


def _label_words(sentence: Sentence, start: int, end: int) -> list[Word]:
    """The words of a speaker label: a proper name or a word in capitals, up to four words."""
    words = [w for w in sentence.words if start <= w.start and w.end <= end]
    lexicon = load_speaker_lexicon()
    label = " ".join(w.text for w in words).lower()
    if not 0 < len(words) <= LABEL_WORDS or label in lexicon.not_labels or any(
            w.text.lower() in lexicon.not_labels | lexicon.not_names for w in words):
        return []
    named = all(w.upos == "PROPN" or w.text.isupper() or w.text in (".", "-") for w in words)
    return words if named and words[0].text[:1].isupper() else []


def _says_as_labelled(text: str, words: list[Word]) -> bool:
    """Whether the words after a label are speech: a heading's few words ("Carson: A
    miracle.", "Rubio: Finish second") are not, unless quoted; nor a roll of names ("Iowa: Tim
    Albrecht, Brad Anderson, …"), nor a tally ("Clinton: 1,769"), which holds no word of
    letters."""
    said = [w for w in words if w.upos != "PUNCT"]
    quoted = bool(words) and text[words[0].start] in QUOTE_CHARS
    return (any(w.text[:1].isalpha() for w in said)
            and (quoted or len(said) >= MIN_QUOTE_WORDS)
            and not all(w.upos in ROLL_UPOS for w in said))


def speaker_labels(parse: Parse) -> Iterator[Candidate]:
    """ "PENCE: Well, look, …": a transcript paragraph opened by its speaker's name. In a
    transcript quoted paragraph by paragraph, a quoted paragraph with no label of its own
    continues the last labelled speaker."""
    carried: tuple[Word, int] | None = None
    for number, sentence in enumerate(parse.sentences):
        if number and parse.sentences[number - 1].paragraph == sentence.paragraph:
            continue
        match = SPEAKER_LABEL.match(parse.text, sentence.start)
        label = _label_words(sentence, *match.span(1)) if match else []
        quoted = parse.text[sentence.start:sentence.start + 1] in QUOTE_CHARS
        if label:
            carried = (label[-1], match.end(1)) if quoted else None
            start, speaker, confidence = match.end(), (label[-1], match.end(1)), 0.6
        elif carried is not None and quoted:
            start, speaker, confidence = sentence.start + 1, carried, 0.5
        else:
            carried = None
            continue
        words = trim_run([w for s in parse.sentences if s.paragraph == sentence.paragraph
                          for w in s.words if w.start >= start], strip_marks=False)
        if _says_as_labelled(parse.text, words):
            yield Candidate("speaker-label", sentence.index, (), ((words[0].start, words[-1].end),),
                            speaker[0], None, confidence, "", speaker_limit=speaker[1])


def _gap_end(text: str, start: int) -> int:
    """The end of the run of `CONTINUATION_GAP` characters that begins at ``start``."""
    end = start
    while end < len(text) and text[end] in CONTINUATION_GAP:
        end += 1
    return end


def _claimed(quote: Quote, claimed: Sequence[Candidate],
             claimed_index: SpanIndex | None) -> bool:
    """Whether a candidate of ``claimed`` (looked up in its ``claimed_index``) covers
    ``quote``."""
    others = claimed if claimed_index is None else [
        claimed[k] for k in claimed_index.near(quote.start, quote.end)]
    return any(covers(other, quote) for other in others)


def continue_across_cue(candidate: Candidate, quotes: tuple[Quote, ...], text: str,
                        claimed: Sequence[Candidate], index: QuoteIndex | None = None,
                        claimed_index: SpanIndex | None = None) -> Candidate:
    """ "“…,” he said, “…”": the quote right after the reporting clause joins the content.

    Only quotes that start within the gap after the clause can join, so with the ``index``
    of ``quotes`` (and a `SpanIndex` of ``claimed``) only those are looked at."""
    if not candidate.cue or not candidate.content:
        return candidate
    clause_end = max([w.end for w in candidate.cue]
                     + ([candidate.speaker.end] if candidate.speaker else []))
    if candidate.content[0][0] > clause_end or candidate.content[-1][1] > clause_end:
        return candidate
    near = quotes if index is None else index.starting_between(
        clause_end, _gap_end(text, clause_end))
    for quote in near:
        gap = text[clause_end:quote.start]
        if (quote.depth == 0 and quote.start >= clause_end and set(gap) <= CONTINUATION_GAP
                and not _claimed(quote, claimed, claimed_index)):
            return replace(candidate, content=_normalised([*candidate.content, *quote.pieces]))
    return candidate


def _gap_start(text: str, end: int) -> int:
    """The start of the run of `CONTINUATION_GAP` characters that ends at ``end``."""
    start = end
    while start > 0 and text[start - 1] in CONTINUATION_GAP:
        start -= 1
    return start


def continue_before_cue(candidate: Candidate, quotes: tuple[Quote, ...], text: str,
                        claimed: Sequence[Candidate], index: QuoteIndex | None = None,
                        claimed_index: SpanIndex | None = None) -> Candidate:
    """ "“Normally,” she said, “…”": a quote that breaks off with a comma (or a dash) right
    before the reporting clause is the first piece of the content after it, when nothing else
    claims it (the mirror of `continue_across_cue`)."""
    if not candidate.cue or not candidate.content:
        return candidate
    clause_start = min([w.start for w in candidate.cue]
                       + ([candidate.speaker.start] if candidate.speaker else []))
    if candidate.content[0][0] < clause_start:
        return candidate
    low = _gap_start(text, clause_start)
    near = quotes if index is None else index.near(low - 1, clause_start)
    for quote in near:
        broken = text[quote.inner_start:quote.inner_end].rstrip()[-1:] in BREAK_MARKS
        if (quote.depth == 0 and quote.closed and low <= quote.end <= clause_start and broken
                and not _claimed(quote, claimed, claimed_index)):
            return replace(candidate, content=_normalised([*quote.pieces, *candidate.content]))
    return candidate


def context_speaker(quote: Quote, parse: Parse, found: list[Candidate],
                    index: QuoteIndex | None = None) -> Candidate:
    """A quote with no cue: the speaker of the nearest attribution in its paragraph (before
    it, else after it), else of the last one in the paragraph before; else nobody. With the
    ``index`` of the quotes, an attribution whose speaker is quoted ("“… she's a weak
    candidate,” Trump said") is no context: the one quoting it is."""
    sentence = parse.sentence_at(quote.start) or parse.sentences[0]
    named = [c for c in found if c.speaker is not None
             and not (index is not None and index.in_top_level(c.speaker.start))]

    def paragraph(candidate: Candidate) -> int:
        return parse.sentences[candidate.sentence].paragraph

    def before(number: int) -> list[Candidate]:
        return sorted((c for c in named if paragraph(c) == number
                       and c.content[-1][1] <= quote.start), key=lambda c: c.content[-1][1])

    after = sorted((c for c in named if paragraph(c) == sentence.paragraph
                    and c.content[0][0] >= quote.end), key=lambda c: c.content[0][0])
    here, previous = before(sentence.paragraph), before(sentence.paragraph - 1)
    source = (here[-1:] or after[:1] or previous[-1:] or [None])[0]
    if source is None:
        return Candidate("unattributed-quote", sentence.index, (), quote.pieces, None, None, 0.35)
    speaker = _antecedent(parse, source.speaker)
    return Candidate("quote-context", sentence.index, (), quote.pieces, speaker, None, 0.5)


def _antecedent(parse: Parse, speaker: Word) -> Word:
    """ "…,” said X, who noted that …. “…”": the next quote goes on with X, the noun a
    relative pronoun stands for, not with "who". The pronoun is read in its own sentence,
    which need not be its attribution's (a cue-less quote's speaker came from before)."""
    sentence = parse.sentence_at(speaker.start)
    clause = (sentence.head_of(speaker) if sentence is not None
              and speaker.text.lower() in RELATIVE_PRONOUNS else None)
    noun = sentence.head_of(clause) if clause is not None and clause.deprel == "acl:relcl" else None
    return noun if noun is not None and noun.upos in SOURCE_UPOS else speaker


def is_standalone(parse: Parse, quote: Quote) -> bool:
    """Whether a quote is a statement rather than a scare-quoted phrase: long enough, or a
    whole sentence however short (`is_sentence`: “We're hopeful.” after “…,” he said.), and
    no title (`is_title`)."""
    return _untitled(parse.text, quote) and (
        _quote_words(parse, quote) >= MIN_QUOTE_WORDS or is_sentence(parse.text, quote))


def is_cued(parse: Parse, quote: Quote) -> bool:
    """A top-level quote too short for `is_standalone`, no title, opened right after a comma
    or colon (“X said, “Never.””)."""
    return _untitled(parse.text, quote) and _text_before(parse.text, quote.start)[-1:] in CUE_MARKS


def is_sentence(text: str, quote: Quote) -> bool:
    """Whether a quote is a sentence of its own: it opens a paragraph or follows a sentence's
    end (a closing quote mark may stand after it), and it ends with its own full stop,
    question or exclamation mark."""
    inner = text[quote.inner_start:quote.inner_end].rstrip()
    return (_opens_sentence(text, quote) and inner[-1:] in SENTENCE_ENDS
            and bool(inner[:-1].strip()))


def _opens_sentence(text: str, quote: Quote) -> bool:
    """Whether a quote opens a paragraph or follows a sentence's end (`SENTENCE_START`)."""
    return SENTENCE_START.search(_text_before(text, quote.start)) is not None


def _untitled(text: str, quote: Quote) -> bool:
    """A top-level quote that is no title. Inside a sentence, a title of two words or more may
    carry the sentence's comma or full stop within its quote marks; a quote that opens a
    sentence ("“I Fear The Same Thing,” he said") keeps its closing mark as speech."""
    inner = text[quote.inner_start:quote.inner_end]
    bare = inner.rstrip(TITLE_INNER_CLOSINGS)
    if not _opens_sentence(text, quote) and len(bare.split()) >= TITLE_MIN_WORDS:
        inner = bare
    return quote.depth == 0 and not is_title(inner)


def _text_before(text: str, start: int) -> str:
    """The last `LOOK_BEHIND` characters before ``start``, blanks skipped: what a quote opens
    after, read without copying the text before it (a text may hold thousands of quotes)."""
    end = start
    while end > 0 and text[end - 1] in BLANKS:
        end -= 1
    return text[max(0, end - LOOK_BEHIND):end]


def is_title(text: str) -> bool:
    """ "The Late Show With Stephen Colbert", "Make America Great Again": a quote whose every
    word but the small ones (`TITLE_SMALL_WORDS`) is capitalised, with no closing punctuation,
    names a work, a slogan or a group; it states nothing. (On PolNeAR train, 12% of such quotes
    are annotated contents, against 78% of the others.)"""
    words = [w for w in TITLE_WORD.findall(text) if w[0].isalpha()]
    big = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return (bool(big) and all(w[0].isupper() for w in big)
            and text.rstrip()[-1:] not in TITLE_BREAKING_MARKS)
