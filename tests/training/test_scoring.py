"""Scoring helpers: raw text rebuilt from CoNLL-U, blanked gold tokens, CoNLL 2018 scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.training import scoring, treebanks

DATA = Path(__file__).parent / "data"


def documents(name: str) -> list[treebanks.Document]:
    """The documents of a fixture file."""
    return list(treebanks.read_documents(DATA / name))


def test_sentence_text_uses_surface_tokens_and_space_after() -> None:
    """A multi-word token gives its surface form once; ``SpaceAfter=No`` glues tokens."""
    (sentence,) = documents("tiny_ewt.conllu")[0].sentences
    assert scoring.sentence_text(sentence) == "I can't go."


def test_document_text_breaks_paragraphs() -> None:
    """Sentences of one paragraph are joined by a space; ``# newpar`` starts a new one."""
    assert scoring.document_text(documents("tiny_gum.conllu")[0]) == (
        "Voters said no.\n\nIt failed.")


def test_blank_annotations_keeps_only_ids_and_forms() -> None:
    """Gold-token runs see no gold lemma, tag, head or relation."""
    (sentence,) = documents("tiny_ewt.conllu")[0].sentences
    blanked = scoring.blank_annotations(sentence)
    words = [line.split("\t") for line in blanked.splitlines() if not line.startswith("#")]
    assert [w[:2] for w in words][:2] == [["1", "I"], ["2-3", "can't"]]
    assert all(set(w[2:]) == {"_"} for w in words)


@pytest.mark.parametrize(("limit", "sizes"), [(None, [2, 1, 1, 1]), (3, [2, 1]), (1, [1])])
def test_limited_cuts_after_n_sentences(limit: int | None, sizes: list[int]) -> None:
    """``--limit`` keeps the first N sentences, cutting inside a document when needed."""
    kept = scoring.limited(documents("tiny_gum.conllu"), limit)
    assert [len(d.sentences) for d in kept] == sizes


def test_gold_scores_itself_perfectly() -> None:
    """The CoNLL 2018 scorer gives 100 on every metric when system equals gold."""
    gold = scoring.TestSet("tiny", tuple(documents("tiny_gum.conllu"))).conllu
    assert set(scoring.conll18_scores(gold, gold).values()) == {100.0}


def test_markdown_table_has_a_row_per_setting() -> None:
    """Each test set gives a raw-text row and a gold-token row."""
    scores = dict.fromkeys(scoring.METRICS, 90.0)
    results = {
        "accuracy": {"EWT test": {"raw_text": scores, "gold_tokens": scores}},
        "speed": {"news": {"documents": 1, "words": 10, "tokens_per_s": 5, "words_per_s": 5}},
        "model": {"size_mb": 1.0}, "load_seconds": 1.0,
        "peak_rss_parsing_mb": 1.0, "peak_rss_mb": 2.0,
    }
    table = scoring.markdown_table(results)
    assert "| EWT test | raw text | 90.00 |" in table
    assert "| EWT test | gold tokens, predicted tags | – | – | 90.00 |" in table


class FakeProcessor:
    def __init__(self) -> None:
        self.process = lambda document: document


class FakeDocument:
    num_tokens = 4
    num_words = 5


class FakePipeline:
    """What `scoring.throughput` needs of a Stanza pipeline."""

    def __init__(self) -> None:
        self.processors = {"tokenize": FakeProcessor(), "depparse": FakeProcessor()}

    def __call__(self, text: str) -> FakeDocument:
        document = FakeDocument()
        for processor in self.processors.values():
            document = processor.process(document)
        return document


def test_throughput_repeats_report_the_median_run_and_restore_the_processors() -> None:
    pipeline = FakePipeline()
    originals = {name: p.process for name, p in pipeline.processors.items()}
    result = scoring.throughput(pipeline, ["a b c", "d e"], repeats=3)
    assert (result["documents"], result["words"], result["tokens"]) == (2, 10, 8)
    assert len(result["runs_words_per_s"]) == 3
    assert result["runs_words_per_s"] == sorted(result["runs_words_per_s"])
    assert set(result["processor_seconds"]) == {"tokenize", "depparse"}
    assert {name: p.process for name, p in pipeline.processors.items()} == originals


def test_markdown_table_names_the_inference_code() -> None:
    scores = dict.fromkeys(scoring.METRICS, 90.0)
    results = {
        "accuracy": {"EWT test": {"raw_text": scores, "gold_tokens": scores}},
        "speed": {"news": {"documents": 1, "words": 10, "tokens_per_s": 5, "words_per_s": 5,
                           "runs_words_per_s": [4, 5, 6]}},
        "model": {"size_mb": 1.0}, "load_seconds": 1.0,
        "peak_rss_parsing_mb": 1.0, "peak_rss_mb": 2.0, "speedups": ["depparse: x"],
    }
    table = scoring.markdown_table(results)
    assert "| news | 1 | 10 | 5 | 5 | – | 4, 5, 6 |" in table
    assert "Inference: depparse: x." in table
    del results["speedups"]
    assert "Inference: Stanza's own inference code." in scoring.markdown_table(results)
