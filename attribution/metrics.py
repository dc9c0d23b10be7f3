"""The PolNeAR-format scorer: our own implementation of the documented PolNeAR metrics.

It implements the definitions of ``../shared/eval/README.md`` (the reference scorer's documented
rules), and the tests check that its numbers equal ``../shared/eval/score.py`` on the same files:
    exact       gold and predicted (start, end) identical;
    exact-trim  identical once `TRIM_CHARS` are trimmed from both ends of both spans;
    overlap     Jaccard of the word tokens (``\\w+`` runs of the gold text touching a span)
                >= the threshold, pairs taken greedily by decreasing Jaccard, ties in document
                order; spans without word tokens match only when identical.
Matching is one-to-one within a document. A matched pair's speaker is right when gold and
prediction both have none, or a predicted speaker span overlaps a gold one, or the normalised
head names or full names are equal (`speaker_head`, `speaker_name`).
`score` gives detection, speaker and end-to-end P/R/F1 per mode; `format_table` prints them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

MODES = ("exact", "exact-trim", "overlap")
OVERLAP_THRESHOLD = 0.5
CONFIDENCE_BINS = 10
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201f"
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


# ---------------------------------------------------------------- quotes and spans

class Quote(NamedTuple):
    """One gold or predicted content piece, as the scorer sees it."""

    start: int
    end: int
    speaker: str | None
    speaker_spans: tuple[tuple[int, int], ...]
    type: str | None
    group: str | None
    # what a prediction reports of itself (the reference scorer ignores both)
    rule: str | None = None
    confidence: float | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Quote:
        """A quote from its JSON record."""
        spans = tuple((int(s), int(e)) for s, e in record.get("speaker_spans") or ())
        speaker = record.get("speaker")
        confidence = record.get("confidence")
        return cls(record["start"], record["end"], None if speaker is None else str(speaker),
                   spans, record.get("type"), record.get("group"), record.get("rule"),
                   None if confidence is None else float(confidence))

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
        self.by_rule: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_confidence: dict[int, Counter[str]] = defaultdict(Counter)
        self.confidence_sum: Counter[int] = Counter()

    def add(self, gold: list[Quote], pred: list[Quote], pairs: Pairs) -> None:
        """Count one document's quotes and matched pairs."""
        self.overall.update(gold=len(gold), pred=len(pred))
        for quote in gold:
            self.by_gold_type[str(quote.type)]["gold"] += 1
        for quote in pred:
            self.by_pred_type[str(quote.type)]["pred"] += 1
            self.by_rule[str(quote.rule)]["pred"] += 1
            if quote.confidence is not None:
                band = confidence_bin(quote.confidence)
                self.by_confidence[band]["pred"] += 1
                self.confidence_sum[band] += quote.confidence
        for i, j in pairs:
            right = int(speaker_correct(gold[i], pred[j]))
            counters = [self.overall, self.by_gold_type[str(gold[i].type)],
                        self.by_pred_type[str(pred[j].type)], self.by_rule[str(pred[j].rule)]]
            if pred[j].confidence is not None:
                counters.append(self.by_confidence[confidence_bin(pred[j].confidence)])
            for counter in counters:
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
            "by_rule": {r: {"pred": n["pred"], "matched": n["matched"],
                            "precision": ratio(n["matched"], n["pred"]),
                            "e2e_precision": ratio(n["speaker_correct"], n["pred"])}
                        for r, n in sorted(self.by_rule.items())},
            "reliability": self.reliability(),
        }

    def reliability(self) -> dict[str, Any]:
        """Per confidence bin: predictions, mean confidence, share right (content and
        speaker); and the expected calibration error over the bins."""
        bins, total, error = [], sum(n["pred"] for n in self.by_confidence.values()), 0.0
        for band in sorted(self.by_confidence):
            n = self.by_confidence[band]
            mean = self.confidence_sum[band] / n["pred"]
            right = ratio(n["speaker_correct"], n["pred"])
            error += n["pred"] / total * abs(mean - right)
            bins.append({"low": band / CONFIDENCE_BINS, "high": (band + 1) / CONFIDENCE_BINS,
                         "pred": n["pred"], "mean_confidence": mean, "right": right})
        return {"bins": bins, "ece": error if total else None, "predictions": total}


def confidence_bin(confidence: float) -> int:
    """The bin (of `CONFIDENCE_BINS` equal ones over [0, 1]) a confidence falls in."""
    return min(CONFIDENCE_BINS - 1, max(0, int(confidence * CONFIDENCE_BINS)))


def ratio(part: int, whole: int) -> float:
    """``part / whole``, or 0.0 when ``whole`` is 0."""
    return part / whole if whole else 0.0


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; nothing predicted of nothing counts as perfect."""
    precision = correct / predicted if predicted else float(gold == 0)
    recall = correct / gold if gold else float(predicted == 0)
    both = precision + recall
    return precision, recall, 2 * precision * recall / both if both else 0.0


def format_table(metrics: dict[str, Any], by_type: bool = False, by_rule: bool = False,
                 reliability: bool = False) -> str:
    """The metrics as a plain-text table, optionally broken down by type, by the rule that
    produced each prediction, and by confidence (overlap matching for the last two)."""
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
    rows += _type_rows(metrics) if by_type else []
    rows += _rule_rows(metrics["modes"]["overlap"]) if by_rule else []
    rows += _reliability_rows(metrics["modes"]["overlap"]) if reliability else []
    return "\n".join(rows)


def _rule_rows(overlap: dict[str, Any]) -> list[str]:
    """Per rule: predictions, detection and end-to-end precision (overlap)."""
    rows = ["", f"{'rule':<28} {'pred':>6} {'det_P':>6} {'e2e_P':>6}"]
    for rule, n in sorted(overlap["by_rule"].items(), key=lambda item: -item[1]["pred"]):
        rows.append(f"{rule:<28} {n['pred']:6d} {n['precision']:6.3f} {n['e2e_precision']:6.3f}")
    return rows


def _reliability_rows(overlap: dict[str, Any]) -> list[str]:
    """The reliability table: does a confidence of 0.7 mean right 70% of the time?"""
    table = overlap["reliability"]
    if not table["predictions"]:
        return ["", "reliability: the predictions carry no confidence"]
    rows = ["", f"{'confidence':<11} {'pred':>6} {'mean':>6} {'right':>6}"]
    for band in table["bins"]:
        rows.append(f"{band['low']:.1f}-{band['high']:.1f}    {band['pred']:6d} "
                    f"{band['mean_confidence']:6.3f} {band['right']:6.3f}")
    rows.append(f"expected calibration error {table['ece']:.3f} "
                f"({table['predictions']} predictions, {CONFIDENCE_BINS} bins)")
    return rows


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
