"""``attribution extract``'s input: encodings, limits and checks before the models load, help.

A bad input (undecodable, binary, empty, too long) must fail with one readable line naming
what to do, and before the models are loaded; the length limit comes from ``--max-chars``,
else from the service's ``ATTRIBUTION_MAX_TEXT_CHARS``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import attribution.service.cli as cli
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = "The minister said on Tuesday that the café on the harbour would reopen in May."


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command."""
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, parser_class: type) -> list[str]:
    """Record each model load (the fake parser is still used)."""
    calls: list[str] = []

    def load(*args: object, **kwargs: object) -> object:
        calls.append("load")
        return parser_class()

    monkeypatch.setattr(cli, "load_parser", load)
    return calls


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> str:
    """A file holding ``data``; its path as a string."""
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


BAD_INPUTS = [
    # (bytes, command-line options, words the one-line message must hold)
    (ENGLISH.encode("latin-1"), [], ["article.txt", "not valid utf-8", "--encoding latin-1"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], ["article.txt", "--encoding"]),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", [], ["article.txt", "binary file"]),
    (b"", [], ["empty"]),
    (b" \n\t\r\n", [], ["empty"]),
    (ENGLISH.encode(), ["--max-chars", "20"], ["the limit is 20", "--max-chars"]),
]


@pytest.mark.parametrize(("data", "options", "words"), BAD_INPUTS)
def test_bad_input_fails_before_the_models_load(tmp_path: Path, loads: list[str],
                                                capsys: pytest.CaptureFixture[str],
                                                data: bytes, options: list[str],
                                                words: list[str]) -> None:
    """One line on stderr that says what is wrong and how to fix it; exit 1; no model load."""
    code, out, err = run_cli(["extract", write(tmp_path, data), *options], capsys)
    assert (code, out, loads) == (1, "", [])
    assert err.startswith("attribution: ") and err.count("\n") == 1
    for word in words:
        assert word in err


@pytest.mark.parametrize(("encoding", "text"), [
    ("latin-1", ENGLISH), ("cp1252", "“Quoted,” she said — twice."), ("utf-16", ENGLISH),
])
def test_encoding_option_reads_other_encodings(tmp_path: Path, encoding: str, text: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding decodes the file; offsets count the decoded characters."""
    path = write(tmp_path, text.encode(encoding))
    code, out, _ = run_cli(["extract", path, "--encoding", encoding], capsys)
    assert code == 0
    assert json.loads(out)["meta"]["characters"] == len(text)


def test_unknown_encoding_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An encoding Python does not know is refused by the argument parser (exit 2)."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["extract", "x.txt", "--encoding", "no-such-codec"])
    assert stop.value.code == 2 and "unknown encoding" in capsys.readouterr().err


@pytest.mark.parametrize(("variable", "option", "limit", "ok"), [
    (None, None, None, True),            # the default, 200,000 characters
    ("30", None, 30, False),             # the service's variable
    ("30", "5000", 5000, True),          # the option wins over the variable
    (None, "30", 30, False),
])
def test_max_chars_option_and_the_service_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        variable: str | None, option: str | None, limit: int | None, ok: bool) -> None:
    """--max-chars, else ATTRIBUTION_MAX_TEXT_CHARS, else the default, limits the text."""
    if variable is not None:
        monkeypatch.setenv("ATTRIBUTION_MAX_TEXT_CHARS", variable)
    options = ["--max-chars", option] if option else []
    code, _, err = run_cli(["extract", write(tmp_path, ENGLISH.encode()), *options], capsys)
    assert code == (0 if ok else 1)
    if not ok:
        assert f"the limit is {limit}" in err


def test_a_bad_limit_variable_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A variable that is not a positive whole number is an error that names it."""
    monkeypatch.setenv("ATTRIBUTION_MAX_TEXT_CHARS", "lots")
    code, _, err = run_cli(["extract", write(tmp_path, ENGLISH.encode())], capsys)
    assert code == 1 and "ATTRIBUTION_MAX_TEXT_CHARS" in err and "'lots'" in err


class Terminal(io.StringIO):
    """Standard input that is a terminal."""

    def isatty(self) -> bool:
        """Always a terminal."""
        return True


def test_a_terminal_on_stdin_prints_usage(monkeypatch: pytest.MonkeyPatch, loads: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """With no FILE and a terminal on stdin, extract explains itself instead of waiting."""
    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(SystemExit) as stop:
        cli.main(["extract"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and loads == []
    assert err.startswith("usage: attribution extract") and "standard input" in err


def test_missing_file_is_one_readable_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A file error names the file and the reason, without errno numbers."""
    code, _, err = run_cli(["extract", "/no/such/file.txt"], capsys)
    assert code == 1
    assert err == "attribution: /no/such/file.txt: No such file or directory\n"


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``--help`` prints."""
    with pytest.raises(SystemExit):
        cli.main([*argv, "--help"])
    return capsys.readouterr().out


def test_help_texts_are_plain_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    """No reStructuredText quotes; serve, its options and --format have help."""
    top = help_text([], capsys)
    assert "``" not in top and "serve" in top and "examples:" in top
    serve = help_text(["serve"], capsys)
    assert "gunicorn" in serve and "address to listen on" in serve and "port" in serve
    extract = help_text(["extract"], capsys)
    for words in ("table: speaker", "--encoding", "--max-chars", "ATTRIBUTION_MAX_TEXT_CHARS"):
        assert words in extract


@pytest.mark.pipeline
def test_real_run_writes_nothing_on_stderr(tmp_path: Path) -> None:
    """With the real models, stderr stays empty: no Stanza warning, no status line."""
    path = write(tmp_path, "“We will sail at dawn,” the harbour master said.".encode())
    done = subprocess.run([sys.executable, "-m", "attribution.service.cli", "extract", path,
                           "--format", "table"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert (done.returncode, done.stderr) == (0, "")
    assert "harbour master" in done.stdout
