"""The recipe's command lines, early-stop overrides, resumption check and packaging."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from attribution.training import recipe


@pytest.fixture
def layout(tmp_path: Path) -> recipe.Layout:
    """A layout in an empty work folder."""
    return recipe.Layout(tmp_path / "ud", tmp_path / "work")


def flag_value(cmd: list[str], flag: str) -> str:
    """The value following ``flag`` in a command line."""
    return cmd[cmd.index(flag) + 1]


@pytest.mark.parametrize(("processor", "module"), [
    ("tokenize", "stanza.models.tokenizer"),
    ("mwt", "stanza.models.mwt_expander"),
    ("pos", "stanza.models.tagger"),
    ("lemma", "stanza.models.lemmatizer"),
    ("depparse", "stanza.models.parser"),
])
def test_command_runs_the_stanza_trainer_as_a_module(layout: recipe.Layout, processor: str,
                                                     module: str) -> None:
    """Each processor trains with ``python -m <trainer> --mode train`` on the CPU."""
    cmd = recipe.command(layout, processor)
    assert cmd[:5] == [sys.executable, "-m", module, "--mode", "train"]
    assert "--cpu" in cmd
    assert flag_value(cmd, "--save_dir") == str(layout.models)
    assert flag_value(cmd, "--save_name") == f"{processor}.pt"


@pytest.mark.parametrize(("processor", "has_pretrain"), [
    ("tokenize", False), ("mwt", False), ("pos", True), ("lemma", False), ("depparse", True),
])
def test_only_tagger_and_parser_get_word_vectors(layout: recipe.Layout, processor: str,
                                                 has_pretrain: bool) -> None:
    """The GloVe pretrain is passed to the tagger and the parser, and to no one else."""
    cmd = recipe.command(layout, processor)
    assert ("--wordvec_pretrain_file" in cmd) == has_pretrain
    if has_pretrain:
        assert flag_value(cmd, "--wordvec_pretrain_file") == str(layout.pretrain)


def test_settings_become_flags_and_valueless_flags_stand_alone(layout: recipe.Layout) -> None:
    """``{"--share_hid": ""}`` gives a bare flag; other settings give flag and value."""
    cmd = recipe.command(layout, "pos")
    assert "--share_hid" in cmd and "" not in cmd
    assert flag_value(cmd, "--batch_size") == recipe.SETTINGS["pos"]["--batch_size"]


def test_overrides_replace_settings(layout: recipe.Layout) -> None:
    """An override wins over the recipe's value, and the flag appears once."""
    cmd = recipe.command(layout, "depparse", {"--max_steps": "10"})
    assert cmd.count("--max_steps") == 1 and flag_value(cmd, "--max_steps") == "10"


def test_parser_keeps_a_checkpoint_in_the_work_folder(layout: recipe.Layout) -> None:
    """The parser writes a checkpoint it resumes from when the command runs again."""
    cmd = recipe.command(layout, "depparse")
    assert flag_value(cmd, "--checkpoint_save_name").startswith(str(layout.models))


@pytest.mark.parametrize(("processor", "max_steps", "expected"), [
    ("tokenize", 50, {"--steps": "50", "--eval_steps": "50"}),
    ("pos", 10_000, {"--max_steps": "10000", "--eval_interval": "400"}),
    ("depparse", 20, {"--max_steps": "20", "--eval_interval": "20",
                      "--checkpoint_interval": "20"}),
    ("mwt", 50, {"--num_epoch": "1"}),
    ("lemma", 50, {"--num_epoch": "1"}),
    ("pos", None, {}),
])
def test_limit_overrides(processor: str, max_steps: int | None,
                         expected: dict[str, str]) -> None:
    """``--max-steps`` caps steps and evaluation intervals; epoch trainers run one epoch."""
    assert recipe.limit_overrides(processor, max_steps) == expected


def test_finished_needs_a_recorded_cost_and_a_model(layout: recipe.Layout) -> None:
    """A processor counts as trained only when its run ended and its model file exists."""
    layout.models.mkdir(parents=True)
    assert not recipe.finished(layout, "pos")
    layout.model("pos").write_bytes(b"model")
    assert not recipe.finished(layout, "pos")  # e.g. a tagger killed mid-run
    (layout.work / "costs.json").write_text(json.dumps({"pos": [{"seconds": 5}]}))
    assert recipe.finished(layout, "pos")
    assert not recipe.finished(layout, "depparse")


def test_package_copies_models_and_pretrain(layout: recipe.Layout, tmp_path: Path) -> None:
    """Packaging copies the five models plus the pretrain, renamed ``pretrain.pt``."""
    layout.models.mkdir(parents=True)
    layout.data.mkdir(parents=True)
    for processor in recipe.PROCESSORS:
        layout.model(processor).write_bytes(processor.encode())
    layout.pretrain.write_bytes(b"vectors")
    out = tmp_path / "out"
    copied = recipe.package(layout, out)
    assert sorted(p.name for p in copied) == sorted(
        [f"{p}.pt" for p in recipe.PROCESSORS] + ["pretrain.pt"])
    assert (out / "pretrain.pt").read_bytes() == b"vectors"


def test_package_refuses_an_unfinished_run(layout: recipe.Layout, tmp_path: Path) -> None:
    """Packaging names the models that are missing instead of copying a partial set."""
    with pytest.raises(FileNotFoundError, match="depparse.pt"):
        recipe.package(layout, tmp_path / "out")


BUNDLED_PARSER = Path(recipe.__file__).parents[1] / "models" / "en" / "depparse.pt"
SCORERS = ("unlabeled", "deprel", "linearization", "distance")


def bundled_parser_config() -> dict:
    import torch

    return torch.load(BUNDLED_PARSER, map_location="cpu", weights_only=True)["config"]


def warm_overrides(**sizes: int) -> dict[str, str]:
    """Overrides that give the recipe's parser the bundled parser's sizes, then ``sizes``."""
    config = bundled_parser_config()
    keys = ("hidden_dim", "num_layers", "char_hidden_dim", "deep_biaff_hidden_dim",
            "word_emb_dim", "transformed_dim")
    return {f"--{key}": str(sizes.get(key, config[key])) for key in keys}


def test_warm_start_keeps_every_parameter_when_the_sizes_agree(layout: recipe.Layout) -> None:
    import torch

    layout.models.mkdir(parents=True)
    path, left_out = recipe.warm_start(layout, BUNDLED_PARSER, warm_overrides())
    assert left_out == []
    warm = torch.load(path, map_location="cpu", weights_only=True)
    assert "optimizer_state_dict" not in warm
    source = torch.load(BUNDLED_PARSER, map_location="cpu", weights_only=True)["model"]
    assert warm["model"].keys() == source.keys()


def test_warm_start_leaves_resized_scorers_to_start_fresh(layout: recipe.Layout) -> None:
    import torch

    layout.models.mkdir(parents=True)
    path, left_out = recipe.warm_start(layout, BUNDLED_PARSER,
                                       warm_overrides(deep_biaff_hidden_dim=37))
    assert left_out
    assert {name.split(".")[0] for name in left_out} == set(SCORERS)
    kept = torch.load(path, map_location="cpu", weights_only=True)["model"]
    assert any(name.startswith("parserlstm.") for name in kept)
    assert not any(name in kept for name in left_out)
