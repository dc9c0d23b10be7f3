"""The ``attribution models`` command line: parsing, processor order and resumption."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from attribution.training import cli, recipe


def parse(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv`` with only the ``models`` subcommands registered."""
    parser = argparse.ArgumentParser(prog="attribution")
    cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


@pytest.mark.parametrize(("argv", "func"), [
    (["models", "train", "--ud", "u", "--out", "o"], cli.train),
    (["models", "package", "--work", "w", "--out", "o"], cli.package),
    (["models", "evaluate", "--ud", "u"], cli.evaluate),
    (["models", "info"], cli.info),
])
def test_subcommands_are_registered(argv: list[str], func: object) -> None:
    """Each subcommand sets ``func``, the way service/cli.py dispatches."""
    assert parse(argv).func is func


def test_train_defaults() -> None:
    """Training uses one thread, a local work folder and the full recipe by default."""
    args = parse(["models", "train", "--ud", "u", "--out", "o"])
    assert (args.threads, args.work, args.only, args.max_steps) == (1, cli.DEFAULT_WORK,
                                                                    None, None)


@pytest.mark.parametrize(("only", "expected"), [
    (None, list(recipe.PROCESSORS)),
    ("depparse,pos", ["pos", "depparse"]),   # dependency order, not the order typed
    (" lemma ", ["lemma"]),
])
def test_processors_in_dependency_order(only: str | None, expected: list[str]) -> None:
    """``--only`` selects processors; they always run in pipeline order."""
    assert cli.processors(only) == expected


def test_unknown_processor_is_refused() -> None:
    """A misspelt processor stops the command with the valid names."""
    with pytest.raises(SystemExit, match="depparse"):
        cli.processors("parser")


def test_train_skips_finished_processors(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    """A second run continues: finished processors are skipped, the rest train in order."""
    trained: list[tuple[str, dict[str, str]]] = []
    monkeypatch.setattr(recipe, "prepare", lambda layout: None)
    monkeypatch.setattr(recipe, "finished", lambda layout, p: p in {"tokenize", "mwt"})
    monkeypatch.setattr(recipe, "train",
                        lambda layout, p, threads, overrides: trained.append((p, overrides)) or 1.0)
    args = parse(["models", "train", "--ud", "u", "--out", str(tmp_path / "o"),
                  "--work", str(tmp_path / "w"), "--max-steps", "5"])
    assert cli.train(args) == 0
    assert [p for p, _ in trained] == ["pos", "lemma", "depparse"]
    assert trained[0][1] == {"--max_steps": "5", "--eval_interval": "5"}
    assert not (tmp_path / "o").exists()  # nothing to package: no model files were made


def test_warm_start_reaches_only_the_parser(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    """``--warm-start`` makes the parser continue from the prepared file; the tagger does not."""
    trained: list[tuple[str, dict[str, str]]] = []
    monkeypatch.setattr(recipe, "prepare", lambda layout: None)
    monkeypatch.setattr(recipe, "finished", lambda layout, p: False)
    monkeypatch.setattr(recipe, "train",
                        lambda layout, p, threads, overrides: trained.append((p, overrides)) or 1.0)
    monkeypatch.setattr(recipe, "warm_start",
                        lambda layout, source, overrides: (tmp_path / "warm.pt", ["deprel.W1"]))
    args = parse(["models", "train", "--ud", "u", "--out", str(tmp_path / "o"),
                  "--work", str(tmp_path / "w"), "--only", "pos,depparse",
                  "--warm-start", "old.pt"])
    assert cli.train(args) == 0
    assert dict(trained)["depparse"]["--continue_from"] == str(tmp_path / "warm.pt")
    assert "--continue_from" not in dict(trained)["pos"]
