"""``attribution batch --engine ray``: the local engine's records, through Ray Data.

A local Ray cluster (2 CPUs, loopback, no dashboard) is started once for the module. The
documents are short sentences of our own; the tests marked ``pipeline`` run the real bundled
models in the actors, the others a fake parser sent to the actors by value.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attribution.service.cli as cli
import pytest
from stanza.models.common.doc import Document

from attribution.nlp import load_parser

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")
cloudpickle = pytest.importorskip("ray.cloudpickle")

from attribution.service import corpus  # noqa: E402 - only with ray installed

SENTENCES = [
    "The librarian said the archive would reopen in May.",
    "“Nobody reads the old maps,” a volunteer told the radio.",
    "According to the museum, the roof leaks in two places.",
    "Parents complained that the bus had been late all week.",
    "The mayor denied that the orchard would be sold.",
    "“We kept every letter,” the curator said. She added that some were in Welsh.",
    "An engineer at the mill admitted the wheel was cracked.",
]
DOCUMENTS = 22
CRASH = "CRASH"  # the text the crashing parser fails on
KILL_AFTER_PARTS = 3


def documents(n: int = DOCUMENTS) -> list[dict[str, Any]]:
    """``n`` documents d0…, then an empty text and a text that is not a string."""
    docs: list[dict[str, Any]] = [{"id": f"d{i}", "text": SENTENCES[i % len(SENTENCES)]}
                                  for i in range(n)]
    return [*docs, {"id": "empty", "text": "  "}, {"id": "number", "text": 5}]


def write_jsonl(path: Path, docs: list[Any]) -> Path:
    """A JSONL file of ``docs`` (strings are written as they are)."""
    path.write_text("".join((d if isinstance(d, str) else json.dumps(d)) + "\n" for d in docs),
                    encoding="utf-8")
    return path


def without_time(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its one timing figure (``meta.elapsed_ms``)."""
    if "meta" in record:
        record = {**record, "meta": {k: v for k, v in record["meta"].items()
                                     if k != "elapsed_ms"}}
    return record


def jsonl_records(folder: Path) -> list[dict[str, Any]]:
    """Every record of a folder's JSONL part files."""
    return [json.loads(line) for part in sorted(folder.glob("*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def parquet_records(folder: Path) -> list[dict[str, Any]]:
    """Every record of a folder's Parquet part files."""
    return [json.loads(r) for part in sorted(folder.glob("*.parquet"))
            for r in pq.read_table(part)["record"].to_pylist()]


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by id, each id once (the test fails on a repeated id)."""
    counts = Counter(r["id"] for r in records)
    assert [i for i, n in counts.items() if n > 1] == []
    return {r["id"]: without_time(r) for r in records}


class CrashingParser:
    """A fake parser: an empty parse, or a crash for the text `CRASH`."""

    model_name = "fake-model"

    def __call__(self, text: str) -> Document:
        """An empty Stanza document of ``text``."""
        if text == CRASH:
            raise RuntimeError("the parser broke")
        return Document([], text=text)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A local Ray cluster of 2 CPUs on loopback for the module; its GCS address."""
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # CrashingParser to actors
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
             log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def local_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The local engine's records of `documents` with the real models, by id."""
    folder = tmp_path_factory.mktemp("local")
    out = folder / "out.jsonl"
    cli.run_batch(write_jsonl(folder / "in.jsonl", documents()), out, workers=1,
                  factory=functools.partial(load_parser, threads=1))
    return by_id([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])


def run(source: Path, out: Path, **job: Any) -> int:
    """Run the Ray engine on the test cluster."""
    return corpus.run_corpus(corpus.CorpusJob(str(source), str(out), **job))


@pytest.mark.pipeline
def test_ray_jsonl_equals_local(cluster: str, local_records: dict[str, Any],
                                tmp_path: Path) -> None:
    """JSONL in, JSONL out on 2 actors: the local engine's record for every id, once each."""
    source = write_jsonl(tmp_path / "in.jsonl", documents())
    assert run(source, tmp_path / "out", actors=2, block_kib=1) == 0
    assert len(list((tmp_path / "out").glob("*.jsonl"))) > 1
    records = by_id(jsonl_records(tmp_path / "out"))
    assert records == local_records
    assert records["empty"]["error"]["code"] == 422
    assert sum(len(r.get("attributions", ())) for r in records.values()) > DOCUMENTS


@pytest.mark.pipeline
def test_ray_parquet_in_and_out(cluster: str, local_records: dict[str, Any],
                                tmp_path: Path) -> None:
    """Parquet with id and text in, Parquet part files out: the same records as locally."""
    docs = [d for d in documents() if isinstance(d["text"], str)]
    source = tmp_path / "in"
    source.mkdir()
    pq.write_table(pa.Table.from_pylist(docs), source / "docs.parquet")
    assert run(source, tmp_path / "out", output_format="parquet", actors=2) == 0
    table = pq.read_table(tmp_path / "out")
    assert table.column_names == ["id", "record", "attributions", "error"]
    assert by_id(parquet_records(tmp_path / "out")) == {
        d["id"]: local_records[d["id"]] for d in docs}


def test_a_failing_document_is_an_error_row(cluster: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A parser crash and a line that is not JSON are error rows; the others are answered."""
    lines = [*documents(4), {"id": "boom", "text": CRASH}, "{not json"]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    assert run(source, tmp_path / "out", factory=CrashingParser) == 0
    records = by_id(jsonl_records(tmp_path / "out"))
    assert {i: r["error"]["code"] for i, r in records.items() if "error" in r} == {
        "boom": 500, "empty": 422, "number": 422, "line-8": 422}
    assert set(records) == {"d0", "d1", "d2", "d3", "boom", "empty", "number", "line-8"}
    assert "batch: 8 documents, 0 attributions, 4 errors" in capsys.readouterr().err


def test_a_folder_of_text_files(cluster: str, tmp_path: Path) -> None:
    """A folder of .txt files: one row each, id = file name without .txt."""
    source = tmp_path / "articles"
    source.mkdir()
    for i, text in enumerate(SENTENCES):
        (source / f"art-{i}.txt").write_text(text, encoding="utf-8")
    (source / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert run(source, tmp_path / "out", factory=CrashingParser) == 0
    records = by_id(jsonl_records(tmp_path / "out"))
    assert set(records) == {f"art-{i}" for i in range(len(SENTENCES))} | {"latin"}
    assert records["latin"]["error"]["code"] == 422
    assert records["art-0"]["meta"]["characters"] == len(SENTENCES[0])


def test_existing_output_needs_resume(cluster: str, tmp_path: Path) -> None:
    """Without --resume, an OUT holding part files is refused and left as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.jsonl").write_text("precious\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="--resume"):
        run(write_jsonl(tmp_path / "in.jsonl", documents(2)), out, factory=CrashingParser)
    assert (out / "old.jsonl").read_text(encoding="utf-8") == "precious\n"


def wait_for_parts(out: Path, process: subprocess.Popen[bytes], parts: int) -> None:
    """Wait until OUT holds ``parts`` part files while the run still goes on."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and len(list(out.glob("*.jsonl"))) >= parts:
            return
        time.sleep(0.05)
    raise AssertionError("the run ended, or wrote nothing, before it could be killed")


@pytest.mark.pipeline
def test_killed_run_resumed_has_every_id_once(cluster: str, tmp_path: Path) -> None:
    """A real run on the cluster killed with SIGKILL part-way, then resumed: each id once."""
    docs = documents()
    source = write_jsonl(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "attribution.service.cli", "batch", str(source),
               str(out), "--engine", "ray", "--address", cluster, "--actors", "1",
               "--block-kib", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_parts(out, process, KILL_AFTER_PARTS)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    written = len(jsonl_records_lenient(out))
    assert 0 < written < len(docs)
    assert run(source, out, resume=True, actors=2, block_kib=1) == 0
    assert Counter(r["id"] for r in jsonl_records(out)) == Counter(d["id"] for d in docs)


def jsonl_records_lenient(folder: Path) -> list[str]:
    """The complete lines of a folder's part files (a kill may have cut the last one)."""
    return [line for part in folder.glob("*.jsonl")
            for line in part.read_text(encoding="utf-8").splitlines(keepends=True)
            if line.endswith("\n")]
