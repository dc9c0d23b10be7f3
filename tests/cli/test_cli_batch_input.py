"""``attribution batch``: folders of .txt files, repeated ids, readable errors, the summary.

Runs go through ``cli.main`` with the fake parser of ``conftest.py``; ``named_engine`` makes
every text give three attributions, so the summary's counts can be checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attribution.service.cli as cli
import pytest

TEXT = "“The ice is thinner than last year,” a fisherman told the local radio."


def batch(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stderr of ``attribution batch ARGV --workers 1``."""
    code = cli.main(["batch", *argv, "--workers", "1"])
    return code, capsys.readouterr().err


def answers(path: Path) -> list[dict[str, Any]]:
    """Every line of OUT, parsed."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def jsonl(path: Path, lines: list[str]) -> str:
    """A JSONL file of raw ``lines``; its path."""
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return str(path)


def test_a_folder_of_text_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each .txt file is a document named after the file, in sorted order; others ignored."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("b-second.txt", "a-first.txt", "c-third.txt"):
        (folder / name).write_text(TEXT, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    (folder / "d-old.txt").write_bytes(TEXT.replace("“", "").encode("utf-8") + b"caf\xe9")
    out = tmp_path / "out.jsonl"
    code, _ = batch([str(folder), str(out)], capsys)
    rows = answers(out)
    assert code == 0
    assert [r["id"] for r in rows] == ["a-first", "b-second", "c-third", "d-old"]
    assert "attributions" in rows[0] and rows[0]["meta"]["characters"] == len(TEXT)
    assert "d-old.txt" in rows[3]["error"]["message"]
    assert "--encoding" in rows[3]["error"]["message"]


def test_folder_encoding_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding decodes a folder's files."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "old.txt").write_bytes("The café reopened, the owner said.".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    code, _ = batch([str(folder), str(out), "--encoding", "latin-1"], capsys)
    assert code == 0 and answers(out)[0]["meta"]["characters"] == 34


def test_a_folder_without_text_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder with no .txt file is one readable error, and nothing is written."""
    code, err = batch([str(tmp_path), str(tmp_path / "out.jsonl")], capsys)
    assert code == 1 and "holds no .txt files" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_summary_line(tmp_path: Path, named_engine: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    """The last stderr line counts documents, attributions, errors and time."""
    lines = [json.dumps({"id": f"d{i}", "text": named_engine}) for i in range(3)] + ["{bad"]
    out = tmp_path / "out.jsonl"
    code, err = batch([jsonl(tmp_path / "in.jsonl", lines), str(out)], capsys)
    last = err.strip().splitlines()[-1]
    assert code == 0
    assert last.startswith("batch: 4 documents, 9 attributions, 1 errors, ")
    assert last.endswith(" s")


def test_summary_counts_what_resume_skipped(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A resumed run counts its own documents and says how many were done before."""
    source = jsonl(tmp_path / "in.jsonl", [json.dumps({"id": f"d{i}", "text": TEXT})
                                           for i in range(3)])
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "d0", "attributions": []}) + "\n", encoding="utf-8")
    code, err = batch([source, str(out), "--resume"], capsys)
    assert code == 0 and "batch: 2 documents" in err and "1 already done" in err


@pytest.mark.parametrize("content", [
    "The minister said the talks would resume.\nShe added that nothing was agreed.",
    "id,text\n1,The minister said the talks would resume.",
    json.dumps([{"id": "a", "text": TEXT}]),
])
def test_no_document_attributed_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        content: str) -> None:
    """Plain text, CSV or one JSON array: every line fails, so the exit code is 1, with a hint."""
    source = tmp_path / "in.jsonl"
    source.write_text(content + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = batch([str(source), str(out)], capsys)
    assert code == 1
    assert all("error" in row for row in answers(out))
    assert "no document of" in err and "folder of .txt files" in err


def test_an_empty_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An input with no documents fails at once."""
    code, err = batch([jsonl(tmp_path / "in.jsonl", ["", "  "]), str(tmp_path / "o")], capsys)
    assert code == 1 and "holds no documents" in err


def test_repeated_ids_get_an_error_line(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The first document with an id is attributed; later ones get an error line, in place."""
    lines = [json.dumps({"id": i, "text": TEXT}) for i in ("a", "b", "a", "c", "a")]
    out = tmp_path / "out.jsonl"
    code, _ = batch([jsonl(tmp_path / "in.jsonl", lines), str(out)], capsys)
    rows = answers(out)
    assert code == 0
    assert [r["id"] for r in rows] == ["a", "b", "a", "c", "a"]
    assert ["error" in r for r in rows] == [False, False, True, False, True]
    assert rows[2]["error"]["code"] == 422
    assert "Document 3 repeats the id 'a'" in rows[2]["error"]["message"]


@pytest.mark.parametrize(("line", "words"), [
    ('{"id": "x", "text": "A said B." "extra"}', ["Line 1 is not JSON", "at character 33",
                                                  '{"id": "a1"']),
    ('["a", "b"]', ["Line 1 holds a JSON array, not an object"]),
    ('"just a string"', ["Line 1 holds a JSON string"]),
    ('{"id": "x"}', ['Line 1 has no "text" field']),
    ('{"id": "x", "text": 3}', ['Line 1 has a "text" that is not a string']),
])
def test_error_messages_are_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     line: str, words: list[str]) -> None:
    """Messages name the line and say what a line must hold, without JSON-parser jargon."""
    out = tmp_path / "out.jsonl"
    batch([jsonl(tmp_path / "in.jsonl", [line]), str(out)], capsys)
    message = answers(out)[0]["error"]["message"]
    assert "column" not in message and "send {" not in message
    for word in words:
        assert word in message


def test_workers_fork_after_one_load(tmp_path: Path, parser_class: Any) -> None:
    """Two worker processes share the parser loaded once before the fork; same lines."""
    loads: list[int] = []

    def factory() -> Any:
        loads.append(1)
        return parser_class()

    source = Path(jsonl(tmp_path / "in.jsonl", [json.dumps({"id": f"d{i}", "text": TEXT})
                                                for i in range(20)]))
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        cli.run_batch(source, out, workers=workers, factory=factory)
        outs.append([{k: v for k, v in row.items() if k != "meta"} for row in answers(out)])
    assert loads == [1, 1]
    assert outs[0] == outs[1] and len(outs[0]) == 20
