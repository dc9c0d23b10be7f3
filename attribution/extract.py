"""The attribution pipeline: quotes on raw text, rules on the parse, speakers across the text.

    text ──parse──▶ Parse ──rules──▶ candidates ──quotes, discourse──▶ drafts
         ──records──▶ Attribution ──entities──▶ Speaker
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from . import discourse, quoteframe
from .argmodel import ArgumentModel, learned_argument, load_argument_model
from .calibration import Calibrator, contexts, load_calibrator
from .cuemodel import CueModel, load_cue_model
from .entities import entity_kind, entity_name, is_anonymous, resolve
from .errors import EmptyTextError
from .lexicon import Lexicon, load_lexicon
from .limits import check_deadline
from .model import Attribution, AttributionType, Content, Cue, Mention, Result, Span, Speaker
from .parse import Parse, from_stanza
from .phrases import content_end, content_start, phrase_span, whole_words
from .quotes import Quote, find_quotes, quoted_fraction
from .rules import Candidate, learned_cue
from .ruletable import find_candidates
from .spans import QuoteIndex, SpanIndex, char_count, common_chars, covered_chars, hull
from .speakers import MentionInfo, load_speaker_lexicon, make_mention

DIRECT_SHARE = 0.95
NO_SPEAKER_PENALTY = 0.15
SAME_CONTENT = 0.8
# Rules whose matches the cue detector must confirm (their cue words are often not cues:
# "support Trump", "offered testimonials", "wants to win").
CONFIRMED_RULES = frozenset({"object-content", "control-complement"})
BUNDLED = object()  # the default cue model: the one the package ships
# Tags of the words that can carry what a content says (not "because", "that", "the", ",").
MEANING_UPOS = frozenset({"NOUN", "PROPN", "PRON", "VERB", "AUX", "ADJ", "ADV", "NUM", "X",
                          "INTJ", "SYM"})


def extract(text: str, parse: Callable[[str], Any], *, resolve_speakers: bool = True,
            rules_only: bool = False) -> Result:
    """Parse ``text`` with ``parse`` (a `Parser` or any text → Stanza Document callable).

    ``rules_only`` leaves out the learned cue detector (`attribution.cuemodel`) and content
    finder (`attribution.argmodel`)."""
    if not text.strip():
        raise EmptyTextError("The text is empty: send the article text to attribute.")
    learned = None if rules_only else BUNDLED
    return extract_document(text, parse(text), resolve_speakers=resolve_speakers,
                            cue_model=learned, argument_model=learned,
                            use_floor=not rules_only)


def extract_document(text: str, doc: Any, *, resolve_speakers: bool = True,
                     cue_model: CueModel | None | object = BUNDLED,
                     calibrator: Calibrator | None | object = BUNDLED,
                     argument_model: ArgumentModel | None | object = BUNDLED,
                     use_floor: bool = True) -> Result:
    """Attributions in an already parsed Stanza Document (or `Parse`) of ``text``.

    ``cue_model``: the learned cue detector, the bundled one by default, None for rules only;
    ``argument_model``: the learned content finder, likewise;
    ``calibrator``: what turns base confidences into probabilities (None: the rules' own);
    ``use_floor``: drop the attributions the calibrator rates below its floor."""
    parsed = doc if isinstance(doc, Parse) else from_stanza(doc, text)
    if not parsed.sentences:
        return Result(text=text, attributions=(), speakers=())
    model = load_cue_model() if cue_model is BUNDLED else cue_model
    finder = load_argument_model() if argument_model is BUNDLED else argument_model
    quotes = find_quotes(text)
    candidates = find_all(parsed, quotes, load_lexicon(), model, finder)
    result = build_result(parsed, quotes, candidates, resolve_speakers)
    scale = load_calibrator() if calibrator is BUNDLED else calibrator
    if not isinstance(scale, Calibrator):
        return result
    result = calibrated(result, scale)
    return above(result, scale.floor) if use_floor else result


def calibrated(result: Result, calibrator: Calibrator) -> Result:
    """``result`` with each confidence replaced by the calibrator's probability."""
    around = contexts(result)
    records = tuple(dataclasses.replace(
        record, confidence=round(
            calibrator.probability(record, record.confidence, around[record.id]), 2))
        for record in result.attributions)
    return dataclasses.replace(result, attributions=records)


def above(result: Result, floor: float) -> Result:
    """``result`` without the attributions whose confidence is under ``floor``.

    A report nested in a dropped one moves up to the dropped one's own outer report (or
    becomes outermost); a speaker left with no attribution is dropped too."""
    dropped = {r.id: r.nested_in for r in result.attributions if r.confidence < floor}
    if not dropped:
        return result

    def outer(parent: str | None) -> str | None:
        while parent in dropped:
            parent = dropped[parent]
        return parent

    records = tuple(dataclasses.replace(r, nested_in=outer(r.nested_in))
                    for r in result.attributions if r.id not in dropped)
    speakers = tuple(dataclasses.replace(s, attributions=kept)
                     for s in result.speakers
                     if (kept := tuple(a for a in s.attributions if a not in dropped)))
    return dataclasses.replace(result, attributions=records, speakers=speakers)


def sentence_candidates(parse: Parse, lexicon: Lexicon, cue_model: CueModel | None,
                        argument_model: ArgumentModel | None = None) -> list[Candidate]:
    """The sentence rules' candidates, the weak ones confirmed by the cue detector, then the
    detector's own proposals, then the content finder's for heads no one took."""
    found = []
    for sentence in parse.sentences:
        check_deadline()
        scores = cue_model.score(sentence) if cue_model is not None else {}
        here = [c for c in find_candidates(sentence, lexicon)
                if cue_model is None or c.rule not in CONFIRMED_RULES
                or scores.get(c.cue[0].index, 1.0) >= cue_model.reject]
        if cue_model is not None:
            here += learned_cue(sentence, lexicon, scores,
                                (cue_model.propose, cue_model.propose_object))
        if argument_model is not None:
            taken = {w.index for c in here for w in c.cue}
            here += learned_argument(sentence, lexicon, argument_model, taken)
        found += here
    return found


def _similar(a: Candidate, b: Candidate) -> bool:
    """Whether two contents share at least `SAME_CONTENT` of the characters either covers,
    and neither is speech reported inside the other (a cue within the other's content:
    "“I think she is right,” he said" holds two attributions, not one twice)."""
    if _cue_within(a, b) or _cue_within(b, a):
        return False
    chars_a, chars_b = covered_chars(a.content), covered_chars(b.content)
    shared = common_chars(chars_a, chars_b)
    union = char_count(chars_a) + char_count(chars_b) - shared
    return bool(union) and shared / union >= SAME_CONTENT


def _cue_within(inner: Candidate, outer: Candidate) -> bool:
    return bool(inner.cue) and any(s <= inner.cue[0].start < e for s, e in outer.content)


def dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the first candidate of each cue word and of each (nearly) identical content.

    Kept cues are a set and kept contents a `SpanIndex`, so each candidate is compared only
    with the kept ones whose content it touches (similar contents always overlap).
    """
    kept: list[Candidate] = []
    cues: set[int] = set()
    contents = SpanIndex()
    for candidate in candidates:
        cue = candidate.cue[0].start if candidate.cue else None
        if cue in cues or (candidate.content and any(
                _similar(kept[k], candidate) for k in contents.near(*hull(candidate.content)))):
            continue
        kept.append(candidate)
        contents.add(candidate.content)
        if cue is not None:
            cues.add(cue)
    return kept


def find_all(parse: Parse, quotes: tuple[Quote, ...], lexicon: Lexicon,
             cue_model: CueModel | None = None,
             argument_model: ArgumentModel | None = None) -> list[Candidate]:
    """Every candidate: sentence rules first, then the quote and discourse rules.

    Quotes and candidates are looked up through position indexes (`spans`), so the stage
    stays close to linear in the text's length; `limits.check_deadline` runs per sentence.
    """
    index = QuoteIndex(quotes)
    snapped = (discourse.snap_to_quotes(c, quotes, index)
               for c in sentence_candidates(parse, lexicon, cue_model, argument_model))
    found = [c for c in snapped if c is not None]
    after_quotes = [c for q in quotes if (c := discourse.quote_then_cue(parse, q, lexicon))]
    found = dedupe(discourse.prefer_named(found, after_quotes))
    claimed = _indexed(found)
    found = [discourse.continue_across_cue(c, quotes, parse.text, found, index, claimed)
             for c in found]
    found = [discourse.continue_before_cue(c, quotes, parse.text, found, index, claimed)
             for c in found]
    used = {c.cue[0].start for c in found if c.cue}
    labels = list(discourse.speaker_labels(parse))
    label_starts = sorted(c.content[0][0] for c in labels)
    found = dedupe(labels + found
                   + list(discourse.detached_reporting_clause(parse, lexicon, used)))
    claimed = _indexed(found)
    cues = {c.cue[0].start for c in found if c.cue}
    for quote in quotes:
        # a quote holding a transcript's speaker labels has its speakers already
        if quote.depth or _covered(quote, found, claimed) or (
                bisect_left(label_starts, quote.start) < bisect_left(label_starts, quote.end)):
            continue
        candidate = (discourse.colon_quote(parse, quote, lexicon)
                     or discourse.dash_credit(parse, quote)
                     or discourse.quote_cue(parse, quote, lexicon, cues, quotes, index))
        if candidate is None and discourse.is_standalone(parse, quote):
            candidate = (quoteframe.framing_clause(parse, quote, index)
                         or discourse.context_speaker(quote, parse, found, index))
        if candidate is not None:
            found.append(discourse.continue_across_cue(candidate, quotes, parse.text, found,
                                                       index, claimed))
            claimed.add(found[-1].content)
            cues.update(c.cue[0].start for c in found[-1:] if c.cue)
    return [c for c in dedupe(found) if _says_something(parse, c)]


def _says_something(parse: Parse, candidate: Candidate) -> bool:
    """Whether a content holds a word that can carry a claim (a content cut down to
    "because" or "that" says nothing); a content with no parsed word (a bare quote) does."""
    words = [w for start, end in candidate.content for s in parse.overlapping(start, end)
             for w in s.words if start <= w.start < end]
    return not words or any(w.upos in MEANING_UPOS for w in words)


def _indexed(candidates: list[Candidate]) -> SpanIndex:
    """A `SpanIndex` of the candidates' contents, numbered as in the list."""
    index = SpanIndex()
    for candidate in candidates:
        index.add(candidate.content)
    return index


def _covered(quote: Quote, found: list[Candidate], index: SpanIndex) -> bool:
    """Whether a candidate covers the quote (`discourse.covers`), looking only at those near it."""
    return any(discourse.covers(found[k], quote) for k in index.near(quote.start, quote.end))


def attribution_type(text: str, quotes: tuple[Quote, ...], content: Content,
                     index: QuoteIndex | None = None) -> AttributionType:
    """Direct when (nearly) all inside quote marks, mixed when partly, else indirect (quotes
    that do not touch the content count for nothing, so the ``index`` may skip them)."""
    shares = [(quoted_fraction(quotes if index is None else tuple(index.near(s.start, s.end)),
                               s.start, s.end, text), len(s)) for s in content.spans]
    total = sum(size for _, size in shares) or 1
    share = sum(f * size for f, size in shares) / total
    if share >= DIRECT_SHARE:
        return AttributionType.DIRECT
    return AttributionType.MIXED if share > 0 else AttributionType.INDIRECT


def _contains(outer: Candidate, inner: Candidate) -> bool:
    return outer is not inner and all(
        any(s <= a and b <= e for s, e in outer.content) for a, b in inner.content
    ) and outer.content != inner.content


def _nesting(ordered: list[Candidate]) -> dict[int, int]:
    """For each candidate, the smallest other candidate whose content holds it (the first in
    order among equals).

    A sweep by content start keeps only the contents still open at the current start, so
    each candidate is compared with the few that can hold it, not with all of them.
    """
    bounds = [hull(c.content) if c.content else None for c in ordered]
    by_start = sorted((i for i, b in enumerate(bounds) if b), key=lambda i: bounds[i][0])
    nested: dict[int, int] = {}
    open_: list[int] = []
    added = 0
    for i in range(len(ordered)):
        if bounds[i] is None:  # an empty content lies in every other: compare with all
            _settle_holder(ordered, i, range(len(ordered)), nested)
    for i in by_start:
        start, end = bounds[i]
        while added < len(by_start) and bounds[by_start[added]][0] <= start:
            open_.append(by_start[added])
            added += 1
        open_ = [j for j in open_ if bounds[j][1] >= start]
        _settle_holder(ordered, i, sorted(j for j in open_ if bounds[j][1] >= end), nested)
    return nested


def _settle_holder(ordered: list[Candidate], i: int, holders: Iterable[int],
                   nested: dict[int, int]) -> None:
    """Record the smallest of ``holders`` (ascending) whose content holds candidate ``i``."""
    found = [j for j in holders if _contains(ordered[j], ordered[i])]
    if found:
        nested[i] = min(found, key=lambda j: sum(e - s for s, e in ordered[j].content))


def _source_mention(parse: Parse, candidate: Candidate) -> MentionInfo | None:
    if candidate.speaker is None:
        return None
    sentence = parse.sentence_at(candidate.speaker.start)
    if sentence is None:
        return None
    return make_mention(parse, sentence, candidate.speaker, True, candidate.speaker_limit)


def _confidence(candidate: Candidate) -> float:
    penalty = NO_SPEAKER_PENALTY if candidate.speaker is None and candidate.cue else 0.0
    return round(min(1.0, max(0.0, candidate.confidence - penalty)), 2)


def build_result(parse: Parse, quotes: tuple[Quote, ...], candidates: list[Candidate],
                 resolve_speakers: bool) -> Result:
    """Number the candidates in text order and turn them into records."""
    ordered = sorted(candidates, key=lambda c: (c.content[0][0], -c.content[-1][1]))
    index = QuoteIndex(quotes)
    nested = _nesting(ordered)
    mentions = _unique_mentions([_source_mention(parse, c) for c in ordered])
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    resolver = resolve(parse, quotes, distinct)
    _settle_first_person(parse, ordered, mentions, nested, resolver)
    entity_ids = _entity_ids(resolver, mentions) if resolve_speakers else {}
    records = tuple(
        _record(parse, index, i, c, mentions[i], nested.get(i), entity_ids)
        for i, c in enumerate(ordered))
    speakers = _speakers(parse, resolver, records, mentions, entity_ids)
    return Result(parse.text, records, speakers if resolve_speakers else ())


def _unique_mentions(mentions: list[MentionInfo | None]) -> list[MentionInfo | None]:
    """One `MentionInfo` object per speaker phrase, shared by the candidates that name it."""
    seen: dict[tuple[int, int], MentionInfo] = {}
    unique = []
    for mention in mentions:
        if mention is not None:
            mention = seen.setdefault((mention.sentence, mention.head.index), mention)
        unique.append(mention)
    return unique


def _settle_first_person(parse: Parse, ordered: list[Candidate],
                         mentions: list[MentionInfo | None], nested: dict[int, int],
                         resolver: Any) -> None:
    pronouns = load_speaker_lexicon().pronouns
    for i in sorted(nested, key=lambda i: ordered[i].content[0][0]):
        mention, outer = mentions[i], mentions[nested[i]]
        if (mention is not None and outer is not None and mention.pronoun
                and pronouns.get(mention.head.text.lower(), {}).get("first")):
            resolver.attach_first_person(mention, outer)


def _entity_ids(resolver: Any, mentions: list[MentionInfo | None]) -> dict[int, str]:
    order: list[int] = []
    for mention in sorted((m for m in mentions if m is not None), key=lambda m: m.start):
        if mention.entity not in order:
            order.append(mention.entity)
    return {entity: f"e{n + 1}" for n, entity in enumerate(order)}


def _record(parse: Parse, index: QuoteIndex, number: int, candidate: Candidate,
            mention: MentionInfo | None, outer: int | None, ids: dict[int, str]) -> Attribution:
    text = parse.text
    pieces = [(content_start(text, s, e), content_end(text, s, e)) for s, e in candidate.content]
    content = Content.of(text, [(s, e) for s, e in pieces if s < e] or list(candidate.content))
    cue = None
    if candidate.cue:
        cue = Cue(Span.of(text, candidate.cue[0].start, candidate.cue[-1].end),
                  candidate.cue_lemma)
    speaker = None
    if mention is not None:
        speaker = Mention(Span.of(text, *whole_words(text, mention.start, mention.end)),
                          ids.get(mention.entity))
    addressee = None
    if candidate.addressee is not None:
        sentence = parse.sentence_at(candidate.addressee.start)
        start, end = phrase_span(sentence, candidate.addressee) if sentence else (
            candidate.addressee.start, candidate.addressee.end)
        addressee = Mention(Span.of(text, *whole_words(text, start, end)))
    return Attribution(
        f"a{number + 1}", attribution_type(text, index.quotes, content, index), content, cue,
        speaker, addressee, _confidence(candidate), candidate.rule, candidate.sentence,
        f"a{outer + 1}" if outer is not None else None)


def _speakers(parse: Parse, resolver: Any, records: tuple[Attribution, ...],
              mentions: list[MentionInfo | None], ids: dict[int, str]) -> tuple[Speaker, ...]:
    said: dict[int, list[str]] = {}
    for record, mention in zip(records, mentions, strict=True):
        if mention is not None:
            said.setdefault(mention.entity, []).append(record.id)
    speakers = []
    for entity_number, entity_id in sorted(ids.items(), key=lambda item: int(item[1][1:])):
        entity = resolver.entities[entity_number]
        kind = entity_kind(entity)
        spans = tuple(Span.of(parse.text, m.start, m.end)
                      for m in sorted(entity.mentions, key=lambda m: m.start))
        speakers.append(Speaker(entity_id, entity_name(entity, parse.text), kind,
                                is_anonymous(entity, kind), spans,
                                tuple(said.get(entity_number, ()))))
    return tuple(speakers)


