"""Measure the engine on a PolNeAR-style gold file: predictions, the run, the CLI command.

- `to_prediction` writes a `Result` the way PolNeAR annotates: one record per content piece,
  the pieces of one attribution sharing a ``group``, quote marks inside the span and final
  punctuation outside, the speaker as the mention written in the text (pronouns included), and
  only outermost attributions (PolNeAR does not annotate nested ones).
- `load_documents` and `write_jsonl` read and write the gold and prediction JSONL files.
- `evaluate` runs the engine over every gold text and scores it with `attribution.metrics`;
  `register` adds ``attribution evaluate``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import load_parser
from .errors import EmptyTextError, EvaluationError
from .extract import extract
from .lexicon import CONTENT_EDGE_MARKERS
from .metrics import QUOTE_MARKS, format_table, score
from .model import Attribution, AttributionType, Result

CONTENT_FINAL_PUNCTUATION = ".,;:"
CLOSING_PUNCTUATION = ".,;:!?"
MAX_MARK_RUN = 2  # some publishers write a quote mark as two characters: ''
# What may stand between a complementizer and its content ("said that, “For …”").
COMPLEMENTIZER_GAP = frozenset(",") | frozenset(QUOTE_MARKS)


# ---------------------------------------------------------------- engine output to predictions

def to_prediction(doc_id: str, result: Result, *, outermost_only: bool = True) -> dict[str, Any]:
    """The PolNeAR prediction record ``{"id", "quotes"}`` of one document's `Result`."""
    quotes: list[dict[str, Any]] = []
    for attribution in result.attributions:
        if not (outermost_only and attribution.nested_in):
            quotes += piece_records(doc_id, result.text, attribution)
    return {"id": doc_id, "quotes": quotes}


def piece_records(doc_id: str, text: str, attribution: Attribution) -> list[dict[str, Any]]:
    """One record per content piece of ``attribution``, all in one group."""
    mention = attribution.speaker
    shared = {
        "speaker": mention.span.text if mention else None,
        "speaker_spans": [[mention.span.start, mention.span.end]] if mention else [],
        "type": AttributionType(attribution.type).value,
        "group": f"{doc_id}:{attribution.id}",
        "rule": attribution.rule,
        "confidence": attribution.confidence,
    }
    pieces = [polnear_span(text, span.start, span.end) for span in attribution.content.spans]
    if pieces:
        pieces[0] = (with_complementizer(text, pieces[0][0]), pieces[0][1])
    return [{"start": start, "end": end, **shared} for start, end in pieces if end > start]


def with_complementizer(text: str, start: int) -> int:
    """The start of a content widened over the complementizer right before it ("that …").

    PolNeAR's contents begin with their complementizer ("said that the bridge …"): gold
    includes it 2,583 times on train and leaves it out 28 times, and keeps a comma or quote mark
    after it ("that, “For …"). The API's content leaves it out
    (the claim reads on its own); the evaluation puts it back, as it puts back quote marks."""
    before = start
    while before > 0 and (text[before - 1].isspace() or text[before - 1] in COMPLEMENTIZER_GAP):
        before -= 1
    word = before
    while word > 0 and text[word - 1].isalpha():
        word -= 1
    if before < start and text[word:before].lower() in CONTENT_EDGE_MARKERS and (
            word == 0 or not text[word - 1].isalnum()):
        return word
    return start


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


# ---------------------------------------------------------------- reading gold and predictions

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


# ---------------------------------------------------------------- running the engine

def evaluate(gold_path: str | Path, parser: Callable[[str], Any], split: str | None = None,
             out: str | Path | None = None, limit: int | None = None, *,
             merge_groups: bool = False, rules_only: bool = False) -> dict[str, Any]:
    """Run the engine over the gold texts, write predictions to ``out``, return the metrics."""
    gold = select_documents(load_documents(gold_path), split, limit)
    started = time.perf_counter()
    predictions = [predict(doc_id, doc.get("text", ""), parser, rules_only)
                   for doc_id, doc in gold.items()]
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


def predict(doc_id: str, text: str, parser: Callable[[str], Any],
            rules_only: bool = False) -> dict[str, Any]:
    """The prediction record of one text (no quotes for an empty text)."""
    try:
        return to_prediction(doc_id, extract(text, parser, rules_only=rules_only))
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
    command.add_argument("--by-rule", action="store_true",
                         help="precision of each rule (overlap matching)")
    command.add_argument("--reliability", action="store_true",
                         help="the reliability table of the confidences and their calibration")
    command.add_argument("--rules-only", action="store_true",
                         help="no learned cue detector: the lexicon's rules only")
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
                       merge_groups=args.merge_groups, rules_only=args.rules_only)
    print(format_table(metrics, by_type=args.by_type, by_rule=args.by_rule,
                       reliability=args.reliability))
    print(f"{metrics['seconds']:.1f} s, {metrics['words']} words, "
          f"{metrics['words_per_second']:.0f} words/s; predictions in {out}")
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=1, sort_keys=True), encoding="utf-8")
    return 0
