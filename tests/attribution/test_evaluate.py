"""Tests of `attribution.metrics` and `attribution.evaluate`: scorer rules, parity, the command.

The gold and prediction files under ``tests/data/eval_*`` are invented sentences: four short
documents with direct, indirect and mixed quotes, a pronoun speaker, a null speaker and a quote
split by its reporting clause; the prediction files hold exact hits, near misses and misses.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from attribution import evaluate as ev
from attribution.errors import EvaluationError
from attribution.metrics import (
    MODES,
    OVERLAP_THRESHOLD,
    Quote,
    WordTokens,
    match_all,
    match_exact,
    match_overlap,
    merge_groups,
    prf,
    score,
    speaker_correct,
    speaker_head,
    speaker_name,
    trim_span,
)
from attribution.model import (
    Attribution,
    AttributionType,
    Content,
    Mention,
    Result,
    Span,
)

DATA = Path(__file__).parents[1] / "data"
GOLD = DATA / "eval_gold.jsonl"
PREDICTIONS = ["eval_pred_perfect.jsonl", "eval_pred_near.jsonl", "eval_pred_miss.jsonl"]
REFERENCE = Path(__file__).parents[2] / ".." / "shared" / "eval" / "score.py"
OPTIONS = [
    [], ["--merge-groups"], ["--split", "dev"], ["--split", "dev", "--merge-groups"],
    ["--threshold", "0.3"], ["--threshold", "0.8"], ["--only-common"],
]


def attribution(text: str, pieces: list[str], speaker: str | None = None,
                kind: str = "indirect", ident: str = "a1",
                nested_in: str | None = None) -> Attribution:
    """An attribution of ``text`` whose content pieces and speaker are given as substrings."""
    offsets = [(text.index(p), text.index(p) + len(p)) for p in pieces]
    mention = None
    if speaker is not None:
        start = text.index(speaker)
        mention = Mention(Span.of(text, start, start + len(speaker)), "e1")
    return Attribution(ident, AttributionType(kind), Content.of(text, offsets), None, mention,
                       None, 0.9, "test", 0, nested_in)


def quote(start: int, end: int, speaker: str | None = None,
          spans: tuple[tuple[int, int], ...] = (), kind: str | None = None,
          group: str | None = None) -> Quote:
    """A scorer quote, briefly."""
    return Quote(start, end, speaker, spans, kind, group)


# ---------------------------------------------------------------- parity with the reference

def reference_metrics(pred: Path, options: list[str], tmp_path: Path) -> dict:
    """The reference scorer's JSON metrics on the test gold file."""
    out = tmp_path / "reference.json"
    subprocess.run([sys.executable, str(REFERENCE), str(GOLD), str(pred), "--by-type",
                    "--json", str(out), *options], check=True, capture_output=True)
    metrics = json.loads(out.read_text(encoding="utf-8"))
    del metrics["gold_file"], metrics["pred_file"]
    return metrics


EXTRA_METRICS = ("by_rule", "reliability")


def our_metrics(pred: Path, options: list[str]) -> dict:
    """Our scorer's metrics for the same command-line options, through JSON like the reference."""
    threshold = float(options[options.index("--threshold") + 1]) if "--threshold" in options \
        else OVERLAP_THRESHOLD
    split = options[options.index("--split") + 1] if "--split" in options else None
    metrics = score(ev.load_documents(GOLD), ev.load_documents(pred), threshold=threshold,
                    split=split, merge="--merge-groups" in options,
                    only_common="--only-common" in options)
    for mode in metrics["modes"].values():  # ours only: what predictions say of themselves
        for extra in EXTRA_METRICS:
            del mode[extra]
    return json.loads(json.dumps(metrics))


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"reference scorer absent: {REFERENCE}")
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o) or "default")
@pytest.mark.parametrize("pred_name", PREDICTIONS)
def test_every_metric_equals_the_reference_scorer(pred_name, options, tmp_path):
    """Every number of every mode and type breakdown equals ../shared/eval/score.py --json."""
    pred = DATA / pred_name
    assert our_metrics(pred, options) == reference_metrics(pred, options, tmp_path)


def test_the_test_files_cover_hits_near_misses_and_misses():
    """The prediction files are not trivial: perfect, partly right, mostly wrong."""
    overlap_f1 = [our_metrics(DATA / name, [])["modes"]["overlap"]["e2e_f1"]
                  for name in PREDICTIONS]
    assert overlap_f1[0] == 1.0 and 0.3 < overlap_f1[1] < 0.8 and overlap_f1[2] < 0.3


# ---------------------------------------------------------------- to_prediction

PREDICTION_CASES = [
    # (text, content pieces, speaker, expected record texts)
    ("“We won,” she said.", ["We won"], "she", ["“We won,”"]),
    ("“We won,” she said.", ["“We won,”"], "she", ["“We won,”"]),
    ("She said the plan works.", ["the plan works."], "She", ["the plan works"]),
    ("He said the plan “works”.", ["the plan “works”."], "He", ["the plan “works”"]),
    ("He said: “It works.”", ["“It works.”"], "He", ["“It works.”"]),
    ("“Yes,” he said, “we will.”", ["Yes", "we will"], "he", ["“Yes,”", "“we will.”"]),
    ("''We stay,'' she said.", ["We stay"], "she", ["''We stay,''"]),
    ("The 'deal' is off, he said.", ["The 'deal' is off,"], "he", ["The 'deal' is off"]),
    ("It was announced that the port would close; nobody objected.",
     ["the port would close;"], None, ["that the port would close"]),
    # PolNeAR's contents open with their complementizer; a "that" inside a word does not
    ("She asked whether it works.", ["it works."], "She", ["whether it works"]),
    ("He called the motif absurd.", ["absurd."], "He", ["absurd"]),
    ("I doubt if it holds.", ["it holds."], "I", ["if it holds"]),
    # … also across a comma or an opening quote mark, but not without a complementizer
    ("She wrote that, “We stay.”", ["“We stay.”"], "She", ["that, “We stay.”"]),
    ("She noted that, if it rains, we stay.", ["if it rains, we stay."], "She",
     ["that, if it rains, we stay"]),
    ("She wrote, “We stay.”", ["“We stay.”"], "She", ["“We stay.”"]),
    ("The workers' union said pay must rise.", ["pay must rise."], "The workers' union",
     ["pay must rise"]),
]


@pytest.mark.parametrize(("text", "pieces", "speaker", "expected"), PREDICTION_CASES)
def test_to_prediction_marks_content_as_polnear_does(text, pieces, speaker, expected):
    """Quote marks in, final punctuation and spaces out, one record per piece, one group."""
    result = Result(text, (attribution(text, pieces, speaker, ident="a3"),), ())
    record = ev.to_prediction("doc", result)
    assert record["id"] == "doc"
    assert [text[q["start"]:q["end"]] for q in record["quotes"]] == expected
    assert {q["group"] for q in record["quotes"]} == {"doc:a3"}


def test_to_prediction_gives_the_speaker_mention_as_written():
    """The speaker is the mention text and span (a pronoun stays a pronoun); none is null."""
    text = "He said taxes would fall. It was announced that rates would rise."
    result = Result(text, (attribution(text, ["taxes would fall"], "He", "indirect", "a1"),
                           attribution(text, ["rates would rise"], None, "indirect", "a2")), ())
    first, second = ev.to_prediction("d", result)["quotes"]
    assert (first["speaker"], first["speaker_spans"], first["type"]) == ("He", [[0, 2]], "indirect")
    assert (second["speaker"], second["speaker_spans"]) == (None, [])
    assert list(first) == ["start", "end", "speaker", "speaker_spans", "type", "group", "rule",
                           "confidence"]


def test_to_prediction_keeps_only_outermost_attributions_by_default():
    """PolNeAR annotates only the outermost of nested attributions."""
    text = "The aide said Ms. Reyes told him that the vote was lost."
    outer = attribution(text, ["Ms. Reyes told him that the vote was lost"], "The aide")
    inner = attribution(text, ["the vote was lost"], "Ms. Reyes", ident="a2", nested_in="a1")
    result = Result(text, (outer, inner), ())
    assert len(ev.to_prediction("d", result)["quotes"]) == 1
    assert len(ev.to_prediction("d", result, outermost_only=False)["quotes"]) == 2


def test_to_prediction_of_an_empty_result_has_no_quotes():
    """A document without attributions still gets its record."""
    assert ev.to_prediction("d", Result("Nothing here.", (), ())) == {"id": "d", "quotes": []}


# ---------------------------------------------------------------- matching rules

TRIM_CASES = [
    ("“We won,”", "We won"),
    ("(yes!)", "yes"),
    (" 'fine' — ", "fine"),
    ("…", ""),
    ("plain", "plain"),
]


@pytest.mark.parametrize(("span", "expected"), TRIM_CASES)
def test_trim_span_drops_quote_marks_and_edge_punctuation(span, expected):
    """exact-trim compares spans without quote marks, spaces and edge punctuation."""
    start, end = trim_span(span, 0, len(span))
    assert span[start:end] == expected


def test_exact_trim_matches_what_exact_does_not():
    """A prediction without the quote marks matches under exact-trim only."""
    text = "“We will win,” she said."
    gold, pred = [quote(0, 14)], [quote(1, 12)]
    pairs = match_all(text, gold, pred)
    assert (pairs["exact"], pairs["exact-trim"]) == ([], [(0, 0)])


WORDS = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9"


def words(first: int, last: int) -> tuple[int, int]:
    """Offsets in `WORDS` from token ``first`` to token ``last`` inclusive."""
    return 3 * first, 3 * last + 2


JACCARD_CASES = [
    # (gold tokens, predicted tokens, threshold, matched)
    ((0, 3), (0, 7), 0.5, True),     # 4 / 8 = 0.5: at the threshold counts
    ((0, 3), (0, 8), 0.5, False),    # 4 / 9
    ((0, 3), (0, 7), 0.51, False),
    ((0, 3), (4, 7), 0.0, False),    # no shared token never matches
    ((2, 5), (2, 5), 1.0, True),
]


@pytest.mark.parametrize(("gold", "pred", "threshold", "matched"), JACCARD_CASES)
def test_overlap_matching_uses_the_token_jaccard_threshold(gold, pred, threshold, matched):
    """Overlap pairs need token Jaccard >= the threshold (and > 0)."""
    pairs = match_overlap([quote(*words(*gold))], [quote(*words(*pred))],
                          WordTokens(WORDS), threshold)
    assert bool(pairs) is matched


def test_a_token_touched_by_one_character_belongs_to_the_span():
    """A span covering one character of a word counts the whole word."""
    tokens = WordTokens(WORDS)
    assert tokens.touching(1, 4) == {0, 1}
    assert tokens.touching(2, 3) == frozenset()
    assert tokens.touching(5, 5) == frozenset()


def test_overlap_assignment_is_greedy_by_decreasing_jaccard():
    """Best pair first: P1 goes to G2 (0.8, not G1 at 0.67), which frees G1 for P2 (0.6)."""
    gold = [quote(*words(0, 4)), quote(*words(2, 5))]
    pred = [quote(*words(1, 5)), quote(*words(0, 2))]
    assert sorted(match_overlap(gold, pred, WordTokens(WORDS))) == [(0, 1), (1, 0)]


def test_overlap_ties_go_to_the_first_in_document_order():
    """Two equally good predictions: the first one is matched."""
    gold = [quote(*words(0, 3))]
    pred = [quote(*words(0, 3)), quote(*words(0, 3))]
    assert match_overlap(gold, pred, WordTokens(WORDS)) == [(0, 0)]


def test_spans_without_word_tokens_match_only_when_identical():
    """A span of punctuation alone matches an identical span and nothing else."""
    text = "“ ” w0"
    tokens = WordTokens(text)
    assert match_overlap([quote(0, 1)], [quote(0, 1)], tokens) == [(0, 0)]
    assert match_overlap([quote(0, 1)], [quote(0, 3)], tokens) == []


def test_exact_matching_prefers_the_gold_twin_with_the_right_speaker():
    """Among identical gold spans, a prediction takes the one whose speaker it gets right."""
    gold = [quote(0, 5, "Ms. Reyes"), quote(0, 5, "Mr. Hale")]
    assert match_exact(gold, [quote(0, 5, "Hale")], lambda q: q[:2]) == [(1, 0)]


SPEAKER_NAME_CASES = [
    # (mention, head, full name)
    ("Sen. Bernie Sanders, I-Vt.", "sanders", "bernie sanders i vt"),
    ("Donald Trump Jr.", "trump jr", "donald trump jr"),
    ("Mr. Okafor's deputy", "deputy", "okafor deputy"),
    ("Trump’s", "trump", "trump"),
    ("President Ana Whitfield", "whitfield", "ana whitfield"),
    ("the mayor, who spoke first", "mayor", "who spoke first"),
    ("The President", "president", ""),
    ("he", "he", "he"),
]


@pytest.mark.parametrize(("mention", "head", "name"), SPEAKER_NAME_CASES)
def test_speaker_names_drop_titles_possessives_and_apposition(mention, head, name):
    """Heads cut at a comma or relative clause; titles and 's are dropped."""
    assert (speaker_head(mention), speaker_name(mention)) == (head, name)


SPEAKER_CASES = [
    # (gold speaker, gold spans, predicted speaker, predicted spans, correct)
    ("Mayor Ana Whitfield", ((0, 19),), "Ana Whitfield", (), True),
    ("Mr. Okafor", (), "Rui Okafor", (), True),
    ("the transport minister, Rui Okafor", (), "Rui Okafor", (), False),
    ("the transport minister, Rui Okafor", ((0, 34),), "Rui Okafor", ((24, 34),), True),
    ("she", ((10, 13),), "Grace Mbeki", ((40, 51),), False),   # a resolved name: span only
    ("she", ((10, 13),), "Grace Mbeki", ((10, 13),), True),
    (None, (), None, (), True),
    (None, (), "", (), True),
    (None, (), "the council", (), False),
    ("the council", ((0, 11),), None, (), False),
]


@pytest.mark.parametrize(("gold", "gold_spans", "pred", "pred_spans", "correct"), SPEAKER_CASES)
def test_speaker_correct_by_span_overlap_or_normalised_name(gold, gold_spans, pred, pred_spans,
                                                            correct):
    """Right speaker: both none, overlapping spans, or equal head or full names."""
    assert speaker_correct(quote(0, 1, gold, gold_spans),
                           quote(0, 1, pred, pred_spans)) is correct


def test_merge_groups_covers_the_pieces_and_mixes_differing_types():
    """Pieces of one group become one covering quote; ungrouped quotes stay as they are."""
    pieces = [quote(30, 40, "she", ((20, 23),), "mixed", "g"), quote(50, 55, kind="direct"),
              quote(0, 10, "she", ((20, 23),), "indirect", "g")]
    assert merge_groups(pieces) == [quote(0, 40, "she", ((20, 23),), "mixed", "g"),
                                    quote(50, 55, kind="direct")]


def test_prf_counts_nothing_predicted_of_nothing_as_perfect():
    """Empty gold and empty prediction: precision and recall 1; one side empty: 0."""
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 0, 3) == (0.0, 0.0, 0.0)
    assert prf(1, 2, 4) == (0.5, 0.25, pytest.approx(1 / 3))


def test_load_documents_names_the_malformed_line(tmp_path):
    """A bad line is reported with its file and line number."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "quotes": []}\n{"id": "b", "quotes": [{"start": "1"}]}\n',
                    encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.jsonl:2"):
        ev.load_documents(path)


# ---------------------------------------------------------------- evaluate and the command

def gold_extract(text: str, parser: object, **options: object) -> Result:
    """A stand-in engine that finds exactly the gold attributions of ``text``."""
    document = next(d for d in ev.load_documents(GOLD).values() if d["text"] == text)
    groups: dict[str, list[dict]] = {}
    for record in document["quotes"]:
        groups.setdefault(record["group"], []).append(record)
    found = []
    for number, records in enumerate(groups.values(), 1):
        first = records[0]
        mention = None
        if first["speaker_spans"]:
            mention = Mention(Span.of(text, *first["speaker_spans"][0]))
        content = Content.of(text, [(r["start"], r["end"]) for r in records])
        found.append(Attribution(f"a{number}", AttributionType(first["type"]), content, None,
                                 mention, None, 1.0, "gold", 0))
    return Result(text, tuple(found), ())


def test_evaluate_runs_the_engine_writes_predictions_and_scores(monkeypatch, tmp_path):
    """With an engine that finds the gold, every figure is perfect; timing is reported."""
    monkeypatch.setattr(ev, "extract", gold_extract)
    out = tmp_path / "pred.jsonl"
    metrics = ev.evaluate(GOLD, parser=None, split="dev", out=out)
    assert metrics["documents"] == 3 and metrics["words"] > 0 and metrics["seconds"] >= 0
    assert all(metrics["modes"][m]["e2e_f1"] == 1.0 for m in MODES)
    assert len(ev.load_documents(out)) == 3


def test_evaluate_command_is_registered_and_runs(monkeypatch, tmp_path, capsys):
    """``attribution evaluate`` parses its options, prints the table and saves the metrics."""
    monkeypatch.setattr(ev, "extract", gold_extract)
    monkeypatch.setattr(ev, "load_parser", lambda: None)
    cli = argparse.ArgumentParser(prog="attribution")
    ev.register(cli.add_subparsers(dest="command"))
    metrics_path = tmp_path / "metrics.json"
    args = cli.parse_args(["evaluate", str(GOLD), "--split", "dev", "--limit", "2",
                           "--out", str(tmp_path / "p.jsonl"), "--json", str(metrics_path),
                           "--by-type", "--merge-groups"])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "exact-trim" in printed and "gold type" in printed and "words/s" in printed
    metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
    assert (metrics["documents"], metrics["merge_groups"]) == (2, True)


def test_evaluate_command_rejects_a_limit_below_one():
    """--limit counts documents: zero is an error, not "all"."""
    cli = argparse.ArgumentParser(prog="attribution")
    ev.register(cli.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        cli.parse_args(["evaluate", str(GOLD), "--limit", "0"])
