"""``attribution extract``: the exact input text in, each output format out; plugins; serve."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path
from typing import Any

import attribution.service.cli as cli
import pytest


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command."""
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_json_keeps_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file is read as exact UTF-8: CRLF is not turned into LF, so offsets match the file."""
    text = "Line one, said Ana.\r\n\r\n“Line two,” she added.\r\n"
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, _ = run_cli(["extract", str(path)], capsys)
    assert code == 0
    answer = json.loads(out)
    assert answer["meta"]["characters"] == len(text)
    assert set(answer) == {"attributions", "speakers", "meta"}


def test_extract_reads_stdin(monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    """'-' (the default) reads standard input; jsonl prints one line."""
    stdin = io.TextIOWrapper(io.BytesIO("He said “yes”.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run_cli(["extract", "--format", "jsonl"], capsys)
    assert code == 0
    assert out.count("\n") == 1 and json.loads(out)["meta"]["characters"] == 14


def test_extract_table_names_speakers(tmp_path: Path, named_engine: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The table shows who said what, marks anonymous sources, and says when none is named."""
    path = tmp_path / "a.txt"
    path.write_text(named_engine, encoding="utf-8")
    code, out, _ = run_cli(["extract", str(path), "--format", "table"], capsys)
    assert code == 0
    assert "3 attributions, 2 speakers" in out
    assert "Ana Ruiz (direct) →" in out
    assert "An aide [anonymous] (indirect) →" in out
    assert "(no source named) (indirect) →" in out
    assert "“We will win,”" in out


def test_extract_html(tmp_path: Path, named_engine: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    """--format html prints the page of attribution.render."""
    path = tmp_path / "a.txt"
    path.write_text(named_engine, encoding="utf-8")
    code, out, _ = run_cli(["extract", str(path), "--format", "html"], capsys)
    assert code == 0 and "<" in out and "Ana Ruiz" in out


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\xff\xfe not utf-8", "utf-8"),
    ("Le ministre a déclaré mardi que le nouveau pont ouvrirait au printemps prochain, mais les "
     "ingénieurs ont averti que le budget avait déjà doublé.".encode(), "English"),
])
def test_extract_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               content: bytes, message: str) -> None:
    """Bad input prints one message on stderr and exits 1, without a traceback."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run_cli(["extract", str(path)], capsys)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is an error message, not a traceback."""
    code, _, err = run_cli(["extract", "/no/such/file.txt"], capsys)
    assert code == 1 and "No such file" in err


def test_plugins_add_subcommands(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """An importable plugin's register() adds a subcommand; a missing plugin is skipped."""
    plugin = types.ModuleType("fake_plugin")

    def register(subparsers: Any) -> None:
        hello = subparsers.add_parser("hello")
        hello.set_defaults(func=lambda args: print("hi") or 3)

    plugin.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_plugin", plugin)
    monkeypatch.setattr(cli, "PLUGINS", ("fake_plugin", "no_such_plugin_module"))
    code, out, _ = run_cli(["hello"], capsys)
    assert (code, out) == (3, "hi\n")


def test_broken_plugin_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin that exists but fails to import raises, instead of vanishing silently."""
    def broken_import(name: str) -> None:
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr(cli, "PLUGINS", ("attribution.evaluate",))
    monkeypatch.setattr(cli.importlib, "import_module", broken_import)
    with pytest.raises(ModuleNotFoundError):
        cli.build_parser()


def test_serve_execs_gunicorn_with_repo_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """serve replaces itself with gunicorn, the repository config, and the given address."""
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: calls.append(argv))
    cli.main(["serve", "--host", "0.0.0.0", "--port", "9001"])
    argv = calls[0]
    assert argv[1:3] == ["-m", "gunicorn"]
    assert "0.0.0.0:9001" in argv and cli.GUNICORN_CONF in argv
    assert argv[-1] == "attribution.service.wsgi:app"
