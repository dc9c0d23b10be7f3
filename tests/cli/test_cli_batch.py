"""``attribution batch``: one output line per input line, nothing dropped, resumable.

An interruption is simulated with a document whose parse raises KeyboardInterrupt (the
fake parser's "STOP"), and a kill in mid-write with a cut-off last line; the real-process
test kills a real run with SIGKILL half-way and resumes it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import attribution.service.cli as cli
import pytest
from stanza.models.common.doc import Document

SENTENCES = [
    "The harbour master said the ferry would sail at dawn.",
    "“The ice is thinner than last year,” a fisherman told the local radio.",
    "According to the weather office, the storm will pass by noon.",
    "Residents complained that the road had been closed for a week.",
    "The council denied that it had cut the snow-clearing budget.",
    "“We did what we could,” the mayor said on Friday.",
]


def write_input(path: Path, lines: list[Any]) -> Path:
    """A JSONL file of ``lines`` (dicts are dumped; strings are written as they are)."""
    path.write_text("".join((json.dumps(x) if not isinstance(x, str) else x) + "\n"
                            for x in lines), encoding="utf-8")
    return path


def read_output(path: Path) -> list[dict[str, Any]]:
    """Every line of OUT, parsed."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def documents(n: int) -> list[dict[str, str]]:
    """``n`` documents with ids d0, d1, ... and an extra field that is ignored."""
    return [{"id": f"d{i}", "text": SENTENCES[i % len(SENTENCES)], "source": "mine"}
            for i in range(n)]


class WorkerParser:
    """A fake parser defined here, so that worker processes can unpickle its factory."""

    model_name = "fake-model"

    def __call__(self, text: str) -> Document:
        """An empty parse of ``text``."""
        return Document([], text=text)


def make_fake_parser() -> WorkerParser:
    """A module-level factory: picklable for a process pool."""
    return WorkerParser()


def test_every_line_gets_one_answer(tmp_path: Path, parser_class: Any) -> None:
    """Good and bad lines alike give exactly one output line each, in order, with an id."""
    lines: list[Any] = [*documents(2), "{not json", "[1, 2]", {"id": "no-text"},
                        {"text": "No id here, said the clerk."}, {"id": 7, "text": "  "}, ""]
    out = tmp_path / "out.jsonl"
    cli.run_batch(write_input(tmp_path / "in.jsonl", lines), out, factory=parser_class)
    answers = read_output(out)
    assert [a["id"] for a in answers] == ["d0", "d1", "line-3", "line-4", "no-text", "line-6",
                                          "7"]
    assert [a.get("error", {}).get("code") for a in answers] == [None, None, 422, 422, 422,
                                                                 None, 422]
    assert set(answers[0]) == {"id", "attributions", "speakers", "meta"}


def test_existing_output_needs_resume(tmp_path: Path, parser_class: Any) -> None:
    """Without --resume an existing OUT is never overwritten."""
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="--resume"):
        cli.run_batch(write_input(tmp_path / "in.jsonl", documents(1)), out, factory=parser_class)
    assert out.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_run_resumes_to_one_line_each(tmp_path: Path, parser_class: Any,
                                                  workers: int) -> None:
    """Stopped after 3 documents with a half-written 4th line, a resume completes the file."""
    docs = documents(8)
    stop = [*docs[:3], {"id": "d3", "text": "STOP"}, *docs[4:]]
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        cli.run_batch(write_input(tmp_path / "stop.jsonl", stop), out, workers=1,
                      factory=parser_class)
    with out.open("a", encoding="utf-8") as cut:
        cut.write('{"id": "d3", "attribu')
    source = write_input(tmp_path / "in.jsonl", docs)
    factory = make_fake_parser if workers > 1 else parser_class
    cli.run_batch(source, out, workers=workers, resume=True, factory=factory)
    ids = [a["id"] for a in read_output(out)]
    assert Counter(ids) == Counter(d["id"] for d in docs)
    assert ids == [d["id"] for d in docs]


def test_resume_counts_repeated_ids(tmp_path: Path, parser_class: Any) -> None:
    """Two input lines with one id give two output lines, also across a resume."""
    docs = [{"id": "same", "text": SENTENCES[0]}, {"id": "same", "text": SENTENCES[1]},
            {"id": "other", "text": SENTENCES[2]}]
    source = write_input(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "same", "attributions": []}) + "\n", encoding="utf-8")
    cli.run_batch(source, out, resume=True, factory=parser_class)
    assert [a["id"] for a in read_output(out)] == ["same", "same", "other"]


@pytest.mark.parametrize("damage", ["{corrupt", '{"id": "d4", "attributions": []}', "[]"],
                         ids=["corrupt-line", "line-out-of-order", "line-without-id"])
def test_resume_keeps_input_order_whatever_out_holds(tmp_path: Path, parser_class: Any,
                                                     damage: str) -> None:
    """A bad line in the middle of OUT: it and what follows are done again, in input order."""
    docs = documents(6)
    source = write_input(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out.jsonl"
    cli.run_batch(source, out, factory=parser_class)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join([*lines[:2], damage + "\n", *lines[3:]]), encoding="utf-8")
    cli.run_batch(source, out, resume=True, factory=parser_class)
    assert [a["id"] for a in read_output(out)] == [d["id"] for d in docs]


def test_resume_of_a_finished_file_adds_nothing(tmp_path: Path, parser_class: Any) -> None:
    """Resuming a complete OUT leaves it as it was."""
    source = write_input(tmp_path / "in.jsonl", documents(3))
    out = tmp_path / "out.jsonl"
    cli.run_batch(source, out, factory=parser_class)
    before = out.read_text(encoding="utf-8")
    cli.run_batch(source, out, resume=True, factory=parser_class)
    assert out.read_text(encoding="utf-8") == before


@pytest.mark.pipeline
def test_real_run_killed_and_resumed(tmp_path: Path) -> None:
    """A real ``attribution batch`` killed with SIGKILL half-way, then resumed: one line each."""
    docs = documents(20)
    source = write_input(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "attribution.service.cli", "batch", str(source), str(out),
               "--workers", "1"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 3:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    written = out.read_text(encoding="utf-8").count("\n")
    assert 3 <= written < len(docs)
    subprocess.run([*command, "--resume"], check=True, timeout=600, stderr=subprocess.DEVNULL)
    assert Counter(a["id"] for a in read_output(out)) == Counter(d["id"] for d in docs)
