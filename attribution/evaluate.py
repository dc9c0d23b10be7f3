"""Measure the engine on a PolNeAR-style gold file: predictions, the scorer, the CLI command.

- `to_prediction` writes a `Result` the way PolNeAR annotates: one record per content piece,
  the pieces of one attribution sharing a ``group``, quote marks inside the span and final
  punctuation outside, the speaker as the mention written in the text (pronouns included), and
  only outermost attributions (PolNeAR does not annotate nested ones).
- `score` implements the definitions of ``../shared/eval/README.md`` (the reference scorer's
  documented rules), so its numbers equal the reference on the same files:
    exact       gold and predicted (start, end) identical;
    exact-trim  identical once `TRIM_CHARS` are trimmed from both ends of both spans;
    overlap     Jaccard of the word tokens (``\\w+`` runs of the gold text touching a span)
                >= the threshold, pairs taken greedily by decreasing Jaccard, ties in document
                order; spans without word tokens match only when identical.
  Matching is one-to-one within a document. A matched pair's speaker is right when gold and
  prediction both have none, or a predicted speaker span overlaps a gold one, or the normalised
  head names or full names are equal (`speaker_head`, `speaker_name`).
- `evaluate` runs the engine over every gold text; `register` adds ``attribution evaluate``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from . import load_parser
from .errors import EmptyTextError, EvaluationError
from .extract import extract
from .model import Attribution, AttributionType, Result

MODES = ("exact", "exact-trim", "overlap")
OVERLAP_THRESHOLD = 0.5
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201f"
CONTENT_FINAL_PUNCTUATION = ".,;:"
CLOSING_PUNCTUATION = ".,;:!?"
MAX_MARK_RUN = 2  # some publishers write a quote mark as two characters: ''
TRIM_CHARS = frozenset(" \t\r\n\u00a0" + QUOTE_MARKS + ".,;:!?\u2026-\u2013\u2014()[]")
WORD_RE = re.compile(r"\w+")
NAME_WORD_RE = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*'?")
NAME_CUT_RE = re.compile(r",|\(|;|:| who | which | that | whose | \u2014 | \u2013 | - ")
TYPOGRAPHIC_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "rep",
    "representative", "gov", "governor", "president", "vice", "pres", "gen", "general", "col",
    "lt", "sgt", "capt", "judge", "justice", "rev", "sir", "dame", "lord", "lady", "mayor",
    "secretary", "minister", "prime", "chairman", "chairwoman", "speaker", "the", "former",
    "candidate", "nominee", "u.s", "us",
})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})


# ---------------------------------------------------------------- engine output to predictions

def to_prediction(doc_id: str, result: Result, *, outermost_only: bool = True) -> dict[str, Any]:
    """The PolNeAR prediction record ``{"id", "quotes"}`` of one document's `Result`."""
    quotes: list[dict[str, Any]] = []
    for attribution in result.attributions:
        if not (outermost_only and attribution.nested_in):
            quotes += _piece_records(doc_id, result.text, attribution)
    return {"id": doc_id, "quotes": quotes}


def _piece_records(doc_id: str, text: str, attribution: Attribution) -> list[dict[str, Any]]:
    """One record per content piece of ``attribution``, all in one group."""
    mention = attribution.speaker
    shared = {
        "speaker": mention.span.text if mention else None,
        "speaker_spans": [[mention.span.start, mention.span.end]] if mention else [],
        "type": AttributionType(attribution.type).value,
        "group": f"{doc_id}:{attribution.id}",
    }
    pieces = (polnear_span(text, span.start, span.end) for span in attribution.content.spans)
    return [{"start": start, "end": end, **shared} for start, end in pieces if end > start]


def polnear_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A content piece as PolNeAR marks it: quote marks in, spaces and final punctuation out."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in CONTENT_FINAL_PUNCTUATION):
        end -= 1
    return _with_enclosing_marks(text, start, end)


def _with_enclosing_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a piece that sits just inside quote marks (``“…,”``, ``''…''``) to include them."""
    if end == start:
        return start, end
    opening = start
    while opening > max(0, start - MAX_MARK_RUN) and text[opening - 1] in QUOTE_MARKS:
        opening -= 1
    close = end + 1 if end < len(text) and text[end] in CLOSING_PUNCTUATION else end
    closing = close
    while closing < min(len(text), close + MAX_MARK_RUN) and text[closing] in QUOTE_MARKS:
        closing += 1
    return (opening, closing) if opening < start and closing > close else (start, end)


# ---------------------------------------------------------------- quotes and spans

class Quote(NamedTuple):
    """One gold or predicted content piece, as the scorer sees it."""

    start: int
    end: int
    speaker: str | None
    speaker_spans: tuple[tuple[int, int], ...]
    type: str | None
    group: str | None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Quote:
        """A quote from its JSON record."""
        spans = tuple((int(s), int(e)) for s, e in record.get("speaker_spans") or ())
        speaker = record.get("speaker")
        return cls(record["start"], record["end"], None if speaker is None else str(speaker),
                   spans, record.get("type"), record.get("group"))

    @property
    def has_speaker(self) -> bool:
        """Whether a source is given, by name or by span."""
        return bool(self.speaker and self.speaker.strip()) or bool(self.speaker_spans)


def merge_groups(quotes: list[Quote]) -> list[Quote]:
    """Each group of pieces as one covering quote, in offset order (ungrouped quotes kept)."""
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        if quote.group is not None:
            groups.setdefault(quote.group, []).append(quote)
    merged = [q for q in quotes if q.group is None] + [_cover(p) for p in groups.values()]
    return sorted(merged, key=lambda q: (q.start, q.end))


def _cover(pieces: list[Quote]) -> Quote:
    """One quote spanning ``pieces``; its type is "mixed" when theirs differ."""
    types = {p.type for p in pieces}
    spans = tuple(sorted({span for p in pieces for span in p.speaker_spans}))
    return Quote(min(p.start for p in pieces), max(p.end for p in pieces), pieces[0].speaker,
                 spans, types.pop() if len(types) == 1 else "mixed", pieces[0].group)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without `TRIM_CHARS` at either end (clipped to the text)."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return start, end


class WordTokens:
    """The ``\\w+`` tokens of a text, to find which of them a span touches."""

    def __init__(self, text: str) -> None:
        found = [m.span() for m in WORD_RE.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def touching(self, start: int, end: int) -> frozenset[int]:
        """Positions of the tokens sharing at least one character with ``[start, end)``."""
        if end <= start:
            return frozenset()
        first = bisect.bisect_right(self.ends, start)
        return frozenset(range(first, bisect.bisect_left(self.starts, end)))


# ---------------------------------------------------------------- speakers

def _name_words(name: str) -> list[str]:
    """Lowercase words of a name, possessive ``'s`` and edge dots or apostrophes dropped."""
    words = (w.strip(".'") for w in NAME_WORD_RE.findall(name))
    return [w for w in (w[:-2] if w.endswith("'s") else w for w in words) if w]


def _normalise(name: str) -> str:
    return " ".join(name.translate(TYPOGRAPHIC_QUOTES).lower().split())


def speaker_name(name: str) -> str:
    """The whole name without titles: "Sen. Bernie Sanders's" → "bernie sanders"."""
    return " ".join(w for w in _name_words(_normalise(name)) if w not in TITLES)


def speaker_head(name: str) -> str:
    """The head name: "Sen. Bernie Sanders, I-Vt." → "sanders"; "Donald Trump Jr." → "trump jr"."""
    words = _name_words(NAME_CUT_RE.split(f" {_normalise(name)} ", maxsplit=1)[0])
    suffixes: list[str] = []
    while words and words[-1] in NAME_SUFFIXES:
        suffixes.insert(0, words.pop())
    words = [w for w in words if w not in TITLES] or words
    return " ".join(words[-1:] + suffixes) if words else ""


def speaker_correct(gold: Quote, pred: Quote) -> bool:
    """Whether ``pred`` names the source of ``gold`` (see the module docstring)."""
    if not gold.has_speaker or not pred.has_speaker:
        return gold.has_speaker == pred.has_speaker
    if any(gs < pe and ps < ge for gs, ge in gold.speaker_spans for ps, pe in pred.speaker_spans):
        return True
    if not (gold.speaker and pred.speaker):
        return False
    names = (speaker_head, speaker_name)
    return any(_same_and_set(name(gold.speaker), name(pred.speaker)) for name in names)


def _same_and_set(gold: str, pred: str) -> bool:
    return bool(gold) and gold == pred


# ---------------------------------------------------------------- matching

Pairs = list[tuple[int, int]]


def match_exact(gold: list[Quote], pred: list[Quote], key: Callable[[Quote], Any]) -> Pairs:
    """One-to-one pairs with equal keys; among equal gold spans, a speaker-correct one first."""
    waiting: dict[Any, list[int]] = defaultdict(list)
    for i, quote in enumerate(gold):
        waiting[key(quote)].append(i)
    pairs = []
    for j, quote in enumerate(pred):
        candidates = waiting.get(key(quote))
        if candidates:
            i = next((i for i in candidates if speaker_correct(gold[i], quote)), candidates[0])
            candidates.remove(i)
            pairs.append((i, j))
    return pairs


def match_overlap(gold: list[Quote], pred: list[Quote], tokens: WordTokens,
                  threshold: float = OVERLAP_THRESHOLD) -> Pairs:
    """Greedy one-to-one pairs by decreasing token Jaccard, keeping those >= ``threshold``."""
    gold_tokens = [tokens.touching(q.start, q.end) for q in gold]
    pred_tokens = [tokens.touching(q.start, q.end) for q in pred]
    candidates = []
    for i, g in enumerate(gold_tokens):
        for j, p in enumerate(pred_tokens):
            same = gold[i][:2] == pred[j][:2]
            similarity = len(g & p) / len(g | p) if g and p else float(same)
            if similarity > 0 and similarity >= threshold:
                candidates.append((-similarity, i, j))
    used_gold, used_pred, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def match_all(text: str, gold: list[Quote], pred: list[Quote],
              threshold: float = OVERLAP_THRESHOLD) -> dict[str, Pairs]:
    """The pairs of every matching mode in one document."""
    return {
        "exact": match_exact(gold, pred, lambda q: (q.start, q.end)),
        "exact-trim": match_exact(gold, pred, lambda q: trim_span(text, q.start, q.end)),
        "overlap": match_overlap(gold, pred, WordTokens(text), threshold),
    }


# ---------------------------------------------------------------- scoring

def load_documents(path: str | Path) -> dict[str, dict[str, Any]]:
    """The documents of a JSONL file by id; `EvaluationError` names a malformed line."""
    documents: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                document = _checked_document(line, f"{path}:{number}")
                documents[str(document["id"])] = document
    return documents


def _checked_document(line: str, where: str) -> dict[str, Any]:
    """The document on ``line``, or `EvaluationError` saying what is wrong with it."""
    try:
        document = json.loads(line)
    except json.JSONDecodeError as error:
        raise EvaluationError(f"{where}: not a JSON object ({error})") from None
    if not isinstance(document, dict) or "id" not in document:
        raise EvaluationError(f'{where}: a document needs an "id"')
    for quote in document.get("quotes", []):
        if not all(isinstance(quote.get(k), int) for k in ("start", "end")):
            raise EvaluationError(f"{where}: a quote needs integer start and end: {quote!r}")
    return document


def _quotes(document: dict[str, Any], merge: bool) -> list[Quote]:
    quotes = [Quote.from_record(record) for record in document.get("quotes", [])]
    return merge_groups(quotes) if merge else quotes


def score(gold_docs: dict[str, dict[str, Any]], pred_docs: dict[str, dict[str, Any]], *,
          threshold: float = OVERLAP_THRESHOLD, split: str | None = None, merge: bool = False,
          only_common: bool = False) -> dict[str, Any]:
    """Every metric of every matching mode, over the gold documents (of ``split``)."""
    totals: Counter[str] = Counter()
    counts = {mode: _ModeCounts() for mode in MODES}
    for doc_id, gold_doc in gold_docs.items():
        if split and gold_doc.get("split") != split:
            continue
        totals["missing"] += doc_id not in pred_docs
        if only_common and doc_id not in pred_docs:
            continue
        gold, pred = _quotes(gold_doc, merge), _quotes(pred_docs.get(doc_id, {}), merge)
        totals.update(documents=1, gold=len(gold), pred=len(pred),
                      unattributed=sum(q.speaker is None and not q.speaker_spans for q in gold))
        text = gold_doc.get("text", "")
        for mode, pairs in match_all(text, gold, pred, threshold).items():
            counts[mode].add(gold, pred, pairs)
    return {
        "documents": totals["documents"], "gold_quotes": totals["gold"],
        "pred_quotes": totals["pred"], "gold_quotes_without_speaker": totals["unattributed"],
        "gold_docs_missing_in_pred": totals["missing"],
        "pred_docs_not_in_gold": sum(doc_id not in gold_docs for doc_id in pred_docs),
        "threshold": threshold, "split": split, "merge_groups": merge,
        "only_common": only_common,
        "modes": {mode: counts[mode].metrics() for mode in MODES},
    }


class _ModeCounts:
    """Running counts of one matching mode, overall and by quote type."""

    def __init__(self) -> None:
        self.overall: Counter[str] = Counter()
        self.by_gold_type: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_pred_type: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, gold: list[Quote], pred: list[Quote], pairs: Pairs) -> None:
        """Count one document's quotes and matched pairs."""
        self.overall.update(gold=len(gold), pred=len(pred))
        for quote in gold:
            self.by_gold_type[str(quote.type)]["gold"] += 1
        for quote in pred:
            self.by_pred_type[str(quote.type)]["pred"] += 1
        for i, j in pairs:
            right = int(speaker_correct(gold[i], pred[j]))
            for counter in (self.overall, self.by_gold_type[str(gold[i].type)],
                            self.by_pred_type[str(pred[j].type)]):
                counter.update(matched=1, speaker_correct=right)

    def metrics(self) -> dict[str, Any]:
        """Detection, speaker and end-to-end figures, and the per-type breakdowns."""
        c = self.overall
        det_p, det_r, det_f1 = prf(c["matched"], c["pred"], c["gold"])
        e2e_p, e2e_r, e2e_f1 = prf(c["speaker_correct"], c["pred"], c["gold"])
        return {
            "det_p": det_p, "det_r": det_r, "det_f1": det_f1,
            "spk_acc": ratio(c["speaker_correct"], c["matched"]),
            "e2e_p": e2e_p, "e2e_r": e2e_r, "e2e_f1": e2e_f1,
            "matched": c["matched"], "speaker_correct": c["speaker_correct"],
            "by_gold_type": {t: {"gold": n["gold"], "matched": n["matched"],
                                 "recall": ratio(n["matched"], n["gold"]),
                                 "spk_acc": ratio(n["speaker_correct"], n["matched"]),
                                 "e2e_recall": ratio(n["speaker_correct"], n["gold"])}
                             for t, n in sorted(self.by_gold_type.items())},
            "by_pred_type": {t: {"pred": n["pred"], "matched": n["matched"],
                                 "precision": ratio(n["matched"], n["pred"])}
                             for t, n in sorted(self.by_pred_type.items())},
        }


def ratio(part: int, whole: int) -> float:
    """``part / whole``, or 0.0 when ``whole`` is 0."""
    return part / whole if whole else 0.0


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; nothing predicted of nothing counts as perfect."""
    precision = correct / predicted if predicted else float(gold == 0)
    recall = correct / gold if gold else float(predicted == 0)
    both = precision + recall
    return precision, recall, 2 * precision * recall / both if both else 0.0


def format_table(metrics: dict[str, Any], by_type: bool = False) -> str:
    """The metrics as a plain-text table, optionally broken down by type."""
    rows = [f"documents {metrics['documents']} | gold quotes {metrics['gold_quotes']} | "
            f"predicted {metrics['pred_quotes']} | gold without speaker "
            f"{metrics['gold_quotes_without_speaker']}",
            f"{'match':<12} {'det_P':>6} {'det_R':>6} {'det_F1':>6} | {'spk':>6} | "
            f"{'e2e_P':>6} {'e2e_R':>6} {'e2e_F1':>6} | matched"]
    for mode in MODES:
        m = metrics["modes"][mode]
        rows.append(f"{mode:<12} {m['det_p']:6.3f} {m['det_r']:6.3f} {m['det_f1']:6.3f} | "
                    f"{m['spk_acc']:6.3f} | {m['e2e_p']:6.3f} {m['e2e_r']:6.3f} "
                    f"{m['e2e_f1']:6.3f} | {m['matched']}")
    return "\n".join(rows + (_type_rows(metrics) if by_type else []))


def _type_rows(metrics: dict[str, Any]) -> list[str]:
    """Per gold type recall / speaker accuracy / e2e recall, per predicted type precision."""
    modes = metrics["modes"]
    rows = ["", "gold type   gold | " + " | ".join(f"{m + ' R/spk/e2eR':<23}" for m in MODES)]
    for kind in sorted({t for m in MODES for t in modes[m]["by_gold_type"]}):
        cells = [modes[m]["by_gold_type"].get(kind) for m in MODES]
        gold = next(c["gold"] for c in cells if c)
        rows.append(f"{kind:<9} {gold:6d} | " + " | ".join(
            f"{c['recall']:6.3f} {c['spk_acc']:6.3f} {c['e2e_recall']:6.3f}   " if c
            else f"{'-':<23}" for c in cells))
    rows += ["", "pred type   pred | precision " + " / ".join(MODES)]
    for kind in sorted({t for m in MODES for t in modes[m]["by_pred_type"]}):
        cells = [modes[m]["by_pred_type"].get(kind) for m in MODES]
        pred = next(c["pred"] for c in cells if c)
        rows.append(f"{kind:<9} {pred:6d} | " + "  ".join(
            f"{c['precision']:6.3f}" if c else "     -" for c in cells))
    return rows


# ---------------------------------------------------------------- running the engine

def evaluate(gold_path: str | Path, parser: Callable[[str], Any], split: str | None = None,
             out: str | Path | None = None, limit: int | None = None, *,
             merge_groups: bool = False) -> dict[str, Any]:
    """Run the engine over the gold texts, write predictions to ``out``, return the metrics."""
    gold = select_documents(load_documents(gold_path), split, limit)
    started = time.perf_counter()
    predictions = [predict(doc_id, doc.get("text", ""), parser) for doc_id, doc in gold.items()]
    seconds = time.perf_counter() - started
    if out:
        write_jsonl(out, predictions)
    metrics = score(gold, {p["id"]: p for p in predictions}, split=split, merge=merge_groups)
    words = sum(len(doc.get("text", "").split()) for doc in gold.values())
    metrics.update(gold_file=str(gold_path), pred_file=str(out) if out else None,
                   seconds=round(seconds, 2), words=words,
                   words_per_second=round(words / seconds, 1) if seconds else 0.0)
    return metrics


def select_documents(documents: dict[str, dict[str, Any]], split: str | None,
                     limit: int | None) -> dict[str, dict[str, Any]]:
    """The documents of ``split`` (all when None), the first ``limit`` of them when given."""
    chosen = [(i, d) for i, d in documents.items() if not split or d.get("split") == split]
    return dict(chosen[:limit] if limit is not None else chosen)


def predict(doc_id: str, text: str, parser: Callable[[str], Any]) -> dict[str, Any]:
    """The prediction record of one text (no quotes for an empty text)."""
    try:
        return to_prediction(doc_id, extract(text, parser))
    except EmptyTextError:
        return {"id": doc_id, "quotes": []}


def write_jsonl(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line, UTF-8, non-ASCII kept as is."""
    with open(path, "w", encoding="utf-8") as sink:
        for record in records:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` command to the CLI's subparsers."""
    command = subparsers.add_parser(
        "evaluate", help="run the engine over a PolNeAR-style gold file and score it",
        description="Run the bundled pipeline over every gold text, write the predictions, "
                    "and print the reference metrics (exact, exact-trim, overlap matching).")
    command.add_argument("gold", metavar="GOLD.jsonl", help="gold documents, one per line")
    command.add_argument("--split", help="only gold documents of this split (e.g. dev)")
    command.add_argument("--out", metavar="PRED.jsonl",
                         help="predictions file (default: <gold name>.pred.jsonl here)")
    command.add_argument("--json", metavar="METRICS.json", help="also write the metrics here")
    command.add_argument("--limit", type=_positive, metavar="N", help="only the first N documents")
    command.add_argument("--by-type", action="store_true", help="break the results down by type")
    command.add_argument("--merge-groups", action="store_true",
                         help="score each group of content pieces as one covering span")
    command.set_defaults(func=run)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of documents, got {value}")
    return number


def run(args: argparse.Namespace) -> int:
    """The ``evaluate`` command: load the parser, evaluate, print and save the metrics."""
    out = args.out or f"{Path(args.gold).stem}.pred.jsonl"
    metrics = evaluate(args.gold, load_parser(), split=args.split, out=out, limit=args.limit,
                       merge_groups=args.merge_groups)
    print(format_table(metrics, by_type=args.by_type))
    print(f"{metrics['seconds']:.1f} s, {metrics['words']} words, "
          f"{metrics['words_per_second']:.0f} words/s; predictions in {out}")
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=1, sort_keys=True), encoding="utf-8")
    return 0
