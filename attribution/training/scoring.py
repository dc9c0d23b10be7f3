"""Score a model set on UD test data and measure its speed, size and memory.

Accuracy comes from the CoNLL 2018 shared-task scorer that Stanza uses for its own
evaluations (``udtools.udeval``, reached through ``stanza.models.common.utils.ud_scores``),
in two settings:

- **raw text**: the whole pipeline runs on the documents' text, so tokenizer errors count too
  (token and sentence F1 come from this run);
- **gold tokens**: the gold words are given and only pos, lemma and depparse run, so the
  figures are the tagger's and parser's own, with predicted tags.

Speed is measured on one thread over whole documents, the way the service parses articles.
"""

from __future__ import annotations

import io
import resource
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import treebanks

METRICS = ("Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS")
GOLD_TOKEN_METRICS = ("UPOS", "Lemmas", "UAS", "LAS")
TAGGING_PROCESSORS = "pos,lemma,depparse"
BLANKED_COLUMNS = 8  # LEMMA … MISC of a CoNLL-U word line, emptied for gold-token runs


@dataclass(frozen=True)
class TestSet:
    """A named evaluation set: its documents as CoNLL-U sentence blocks."""

    name: str
    documents: tuple[treebanks.Document, ...]

    @property
    def conllu(self) -> str:
        """The gold CoNLL-U text of the whole set."""
        return "".join(s + "\n\n" for doc in self.documents for s in doc.sentences)


def limited(documents: Sequence[treebanks.Document], limit: int | None) -> tuple:
    """The first ``limit`` sentences, cut at a document boundary or inside the last document."""
    if not limit:
        return tuple(documents)
    kept, left = [], limit
    for doc in documents:
        if left <= 0:
            break
        kept.append(treebanks.Document(doc.doc_id, doc.sentences[:left]))
        left -= len(doc.sentences)
    return tuple(kept)


def ewt_test(ud_dir: Path, limit: int | None = None) -> TestSet:
    """UD English EWT test."""
    path = treebanks.split_file(ud_dir, treebanks.EWT_DIR, "test")
    return TestSet("EWT test", limited(list(treebanks.read_documents(path)), limit))


def gum_news_test(ud_dir: Path, limit: int | None = None) -> TestSet:
    """GUM's news documents of the test split."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gum-news-test.conllu"
        treebanks.build_gum_news(ud_dir, "test", out)
        documents = list(treebanks.read_documents(out))
    return TestSet("GUM news test", limited(documents, limit))


def _token_lines(sentence: str) -> Iterator[list[str]]:
    """The surface-token lines of a sentence: MWT ranges and words outside them."""
    covered_to = 0
    for line in sentence.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue
        if "-" in cols[0]:
            covered_to = int(cols[0].split("-")[1])
            yield cols
        elif int(cols[0]) > covered_to:
            yield cols


def sentence_text(sentence: str) -> str:
    """Rebuild a sentence's text from its tokens and their ``SpaceAfter=No`` marks."""
    parts = []
    for cols in _token_lines(sentence):
        parts.append(cols[1])
        if "SpaceAfter=No" not in cols[9]:
            parts.append(" ")
    return "".join(parts).strip()


def document_text(document: treebanks.Document) -> str:
    """The raw text of a document, with a blank line at each ``# newpar``."""
    text = ""
    for sentence in document.sentences:
        if text and any(line.startswith("# newpar") for line in sentence.splitlines()):
            text += "\n\n"
        elif text:
            text += " "
        text += sentence_text(sentence)
    return text


def blank_annotations(sentence: str) -> str:
    """Keep only ids and forms, so a gold-token run cannot see gold tags or trees."""
    lines = []
    for line in sentence.splitlines():
        if line.startswith("#"):
            lines.append(line)
            continue
        cols = line.split("\t")
        lines.append("\t".join(cols[:2] + ["_"] * BLANKED_COLUMNS))
    return "\n".join(lines)


def parse_raw(pipeline: Any, test: TestSet) -> str:
    """Run the whole pipeline on each document's text; return CoNLL-U."""
    return "\n\n".join(f"{pipeline(document_text(doc)):C}" for doc in test.documents) + "\n\n"


def parse_gold_tokens(pipeline: Any, test: TestSet) -> str:
    """Run pos, lemma and depparse on the gold words of each document; return CoNLL-U."""
    from stanza.utils.conll import CoNLL

    outputs = []
    for doc in test.documents:
        blanked = "\n\n".join(blank_annotations(s) for s in doc.sentences) + "\n\n"
        document = CoNLL.conll2doc(input_str=blanked)
        outputs.append(f"{pipeline(document, processors=TAGGING_PROCESSORS):C}")
    return "\n\n".join(outputs) + "\n\n"


def conll18_scores(gold: str, system: str, metrics: Sequence[str] = METRICS) -> dict[str, float]:
    """F1 × 100 of each metric from the CoNLL 2018 scorer, gold and system as CoNLL-U text."""
    from stanza.models.common.utils import ud_scores

    evaluation = ud_scores(io.StringIO(gold), io.StringIO(system))
    return {name: round(100 * evaluation[name].f1, 2) for name in metrics}


def evaluate(pipeline: Any, test: TestSet) -> dict[str, Any]:
    """Raw-text and gold-token scores of one test set."""
    return {
        "sentences": sum(len(d.sentences) for d in test.documents),
        "raw_text": conll18_scores(test.conllu, parse_raw(pipeline, test)),
        "gold_tokens": conll18_scores(test.conllu, parse_gold_tokens(pipeline, test),
                                      GOLD_TOKEN_METRICS),
    }


@contextmanager
def processor_timer(pipeline: Any) -> Iterator[dict[str, float]]:
    """Accumulate the seconds each processor of ``pipeline`` spends while the block runs."""
    seconds: dict[str, float] = {name: 0.0 for name in pipeline.processors}
    originals = {name: proc.process for name, proc in pipeline.processors.items()}

    def timed(name: str, process: Any) -> Any:
        def run(document: Any) -> Any:
            started = time.perf_counter()
            try:
                return process(document)
            finally:
                seconds[name] += time.perf_counter() - started
        return run

    for name, proc in pipeline.processors.items():
        proc.process = timed(name, originals[name])
    try:
        yield seconds
    finally:
        for name, proc in pipeline.processors.items():
            proc.process = originals[name]


def throughput(pipeline: Any, texts: Sequence[str], repeats: int = 1) -> dict[str, Any]:
    """Parse each text once per repeat: tokens and words per second, each processor's share.

    Wall-clock rates are what a user sees on a quiet machine; words per CPU second is the
    steadier figure when other processes compete for the cores. With several repeats the
    figures are those of the median run (by seconds), and every run's words/s is listed.
    """
    runs = sorted((_timed_run(pipeline, texts) for _ in range(max(1, repeats))),
                  key=lambda run: run["seconds"])
    result = runs[len(runs) // 2]
    if len(runs) > 1:
        result["runs_words_per_s"] = sorted(run["words_per_s"] for run in runs)
    return result


def _timed_run(pipeline: Any, texts: Sequence[str]) -> dict[str, Any]:
    tokens = words = 0
    with processor_timer(pipeline) as per_processor:
        started, cpu_started = time.perf_counter(), time.process_time()
        for text in texts:
            document = pipeline(text)
            tokens += document.num_tokens
            words += document.num_words
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    return {
        "documents": len(texts), "tokens": tokens, "words": words,
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2),
        "tokens_per_s": round(tokens / seconds), "words_per_s": round(words / seconds),
        "words_per_cpu_s": round(words / cpu_seconds),
        "processor_seconds": {k: round(v, 2) for k, v in per_processor.items()},
        "processor_share": {k: round(100 * v / seconds, 1) for k, v in per_processor.items()},
    }


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MiB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def model_size_mb(model_dir: Path) -> float:
    """The size on disk of the model files in a directory, in MB (10^6 bytes)."""
    return round(sum(p.stat().st_size for p in model_dir.glob("*.pt")) / 1e6, 1)


def jsonl_texts(path: Path, limit: int | None = None) -> list[str]:
    """The ``text`` fields of a JSON-lines file, used as input only."""
    import json

    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts[:limit] if limit else texts


def run_benchmark(model_dir: Path | None, ud_dir: Path, limit: int | None = None,
                  extra_texts: Sequence[str] = (), extra_name: str = "extra",
                  speedups: bool = True, repeats: int = 1) -> dict[str, Any]:
    """Load the models on one thread, time them on news text, then score them.

    ``speedups=False`` measures Stanza's own inference code instead of `attribution.speedups`.
    """
    import stanza
    import torch

    from .. import speedups as inference
    from ..nlp import load_parser

    started = time.perf_counter()
    parser = load_parser(model_dir, threads=1)
    load_seconds = round(time.perf_counter() - started, 2)
    if not speedups:
        inference.remove(parser.pipeline)
    rss_after_load = peak_rss_mb()
    parser("Warm up the pipeline.")
    news = gum_news_test(ud_dir)
    news_texts = [document_text(d) for d in news.documents]
    speed = {news.name: throughput(parser.pipeline, news_texts, repeats)}
    if extra_texts:
        speed[extra_name] = throughput(parser.pipeline, extra_texts, repeats)
    peak_after_speed = peak_rss_mb()
    tests = (ewt_test(ud_dir, limit), gum_news_test(ud_dir, limit))
    return {
        "model": {"source": parser.source.name, "path": str(parser.source.path),
                  "name": parser.model_name, "size_mb": model_size_mb(parser.source.path)},
        "versions": {"stanza": stanza.__version__, "torch": torch.__version__},
        "threads": torch.get_num_threads(), "limit": limit,
        "speedups": inference.installed(parser.pipeline),
        "load_seconds": load_seconds, "rss_after_load_mb": rss_after_load,
        "peak_rss_parsing_mb": peak_after_speed, "speed": speed,
        "accuracy": {test.name: evaluate(parser.pipeline, test) for test in tests},
        "peak_rss_mb": peak_rss_mb(),
    }


def markdown_table(results: dict[str, Any]) -> str:
    """The benchmark's figures as Markdown tables: accuracy, then cost."""
    header = ("| test set | setting | tokens F1 | sentences F1 | UPOS | lemmas | UAS | LAS |\n"
              "|---|---|---|---|---|---|---|---|\n")
    rows = []
    for name, scores in results["accuracy"].items():
        raw, gold = scores["raw_text"], scores["gold_tokens"]
        rows.append(f"| {name} | raw text | {raw['Tokens']:.2f} | {raw['Sentences']:.2f} | "
                    f"{raw['UPOS']:.2f} | {raw['Lemmas']:.2f} | {raw['UAS']:.2f} | "
                    f"{raw['LAS']:.2f} |")
        rows.append(f"| {name} | gold tokens, predicted tags | – | – | {gold['UPOS']:.2f} | "
                    f"{gold['Lemmas']:.2f} | {gold['UAS']:.2f} | {gold['LAS']:.2f} |")
    speed_rows = [f"| {name} | {s['documents']} | {s['words']} | {s['tokens_per_s']} | "
                  f"{s['words_per_s']} | {s.get('words_per_cpu_s', '–')} | "
                  f"{', '.join(map(str, s.get('runs_words_per_s', [s['words_per_s']])))} |"
                  for name, s in results["speed"].items()]
    inference = ("; ".join(results["speedups"]) if results.get("speedups")
                 else "Stanza's own inference code")
    return (header + "\n".join(rows) + "\n\n"
            "| speed input (1 thread) | documents | words | tokens/s | words/s | words/CPU s "
            "| words/s of each run |\n"
            "|---|---|---|---|---|---|---|\n" + "\n".join(speed_rows) + "\n\n"
            f"Inference: {inference}. "
            f"Model size {results['model']['size_mb']} MB; load {results['load_seconds']} s; "
            f"peak RSS {results['peak_rss_parsing_mb']} MiB after loading and parsing "
            f"({results['peak_rss_mb']} MiB at the end of the scoring runs).\n")
