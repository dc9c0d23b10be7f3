"""The model loader: where it looks and in what order, its error message, and a real parse.

Order: an explicit directory (argument, then ``ATTRIBUTION_MODEL_DIR``) wins over the official
Stanza models under ``STANZA_RESOURCES_DIR``, which win over the bundled models. Only the last
test loads a model (the bundled one, through the session ``parser`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution import nlp
from attribution.errors import ModelNotFoundError

EXPLICIT = "explicit model directory"
OFFICIAL = "official Stanza models"
BUNDLED = "bundled models"


def model_dir(path: Path, processors: tuple[str, ...] = nlp.PROCESSORS) -> Path:
    """A directory holding empty model files for ``processors``."""
    path.mkdir(parents=True)
    for processor in processors:
        (path / f"{processor}.pt").write_bytes(b"")
    return path


def official_dir(path: Path) -> Path:
    """A Stanza resources directory that looks like it has the English models."""
    (path / "en" / "depparse").mkdir(parents=True)
    (path / "resources.json").write_text("{}")
    return path


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Empty places for all three sources, with the environment pointing at them."""
    paths = {name: tmp_path / name for name in ("explicit", "official", "bundled")}
    monkeypatch.delenv(nlp.MODEL_DIR_ENV, raising=False)
    monkeypatch.setenv(nlp.STANZA_DIR_ENV, str(paths["official"]))
    monkeypatch.setattr(nlp, "BUNDLED_DIR", paths["bundled"])
    return paths


@pytest.mark.parametrize(("present", "expected"), [
    ({"explicit", "official", "bundled"}, EXPLICIT),
    ({"explicit", "bundled"}, EXPLICIT),
    ({"official", "bundled"}, OFFICIAL),
    ({"bundled"}, BUNDLED),
    ({"official"}, OFFICIAL),
])
def test_first_usable_source_wins(places: dict[str, Path], present: set[str],
                                  expected: str) -> None:
    """Explicit beats official beats bundled; an absent source is passed over."""
    if "explicit" in present:
        model_dir(places["explicit"])
    if "official" in present:
        official_dir(places["official"])
    if "bundled" in present:
        model_dir(places["bundled"])
    explicit = places["explicit"] if "explicit" in present else None
    assert nlp.choose_source(explicit).name == expected


def test_environment_variable_names_the_explicit_directory(
        places: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """``ATTRIBUTION_MODEL_DIR`` is used when no directory is passed."""
    model_dir(places["explicit"])
    model_dir(places["bundled"])
    monkeypatch.setenv(nlp.MODEL_DIR_ENV, str(places["explicit"]))
    source = nlp.choose_source()
    assert (source.name, source.path) == (EXPLICIT, places["explicit"])


def test_argument_beats_environment_variable(places: dict[str, Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory passed in code wins over the environment variable."""
    monkeypatch.setenv(nlp.MODEL_DIR_ENV, str(model_dir(tmp_path / "from-env")))
    argument = model_dir(places["explicit"])
    assert nlp.choose_source(argument).path == argument


def test_a_broken_explicit_directory_is_an_error_not_a_fallback(
        places: dict[str, Path]) -> None:
    """Asking for a directory that lacks models fails, even when bundled models exist."""
    model_dir(places["bundled"])
    model_dir(places["explicit"], ("tokenize", "mwt", "pos"))
    with pytest.raises(ModelNotFoundError, match="missing lemma.pt, depparse.pt"):
        nlp.choose_source(places["explicit"])


def test_error_names_every_place_and_the_fix(places: dict[str, Path]) -> None:
    """With nothing usable, the message lists each place, why it failed, and what to do."""
    with pytest.raises(ModelNotFoundError) as raised:
        nlp.choose_source()
    message = str(raised.value)
    for name, path in ((OFFICIAL, places["official"]), (BUNDLED, places["bundled"])):
        assert f"{name}: {path}" in message
    assert "no resources.json" in message and "no such directory" in message
    for fix in (nlp.MODEL_DIR_ENV, nlp.STANZA_DIR_ENV, "attribution models train"):
        assert fix in message


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p.mkdir(), "no resources.json"),
    (lambda p: (p.mkdir(), (p / "resources.json").write_text("{}")), "no English depparse"),
])
def test_official_source_needs_resources_and_english_depparse(tmp_path: Path, make,
                                                              reason: str) -> None:
    """The official models count only with a resources.json and an English parser."""
    make(tmp_path / "stanza")
    source = nlp.official_source(tmp_path / "stanza")
    assert not source.usable and reason in source.reason


def test_pretrain_is_passed_when_present(tmp_path: Path) -> None:
    """A model set with ``pretrain.pt`` gives it to the tagger and the parser."""
    path = model_dir(tmp_path / "models")
    assert "pos_pretrain_path" not in nlp._directory_kwargs(path)
    (path / "pretrain.pt").write_bytes(b"")
    kwargs = nlp._directory_kwargs(path)
    assert kwargs["pos_pretrain_path"] == kwargs["depparse_pretrain_path"] == str(
        path / "pretrain.pt")
    assert (Path(kwargs["dir"]) / "resources.json").read_text() == "{}"


def test_manifest_is_read_when_present(tmp_path: Path) -> None:
    """A model directory's manifest is read; a directory without one gives an empty dict."""
    assert nlp.read_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text('{"name": "m"}')
    assert nlp.read_manifest(tmp_path) == {"name": "m"}


SPEECH_SENTENCES = [  # (sentence, [(word, head word, relation)]); None is the root
    ("The minister said the talks had failed.",
     [("said", None, "root"), ("minister", "said", "nsubj"), ("failed", "said", "ccomp")]),
    ("Officials said the plan would fail.",
     [("said", None, "root"), ("Officials", "said", "nsubj"), ("fail", "said", "ccomp"),
      ("plan", "fail", "nsubj")]),
]


@pytest.mark.pipeline
@pytest.mark.parametrize(("text", "arcs"), SPEECH_SENTENCES)
def test_bundled_models_parse_reported_speech(parser, text: str,
                                              arcs: list[tuple[str, str | None, str]]) -> None:
    """The real pipeline finds the speech verb, its subject and its clausal complement."""
    (sentence,) = parser(text).sentences
    words = {w.text: w for w in sentence.words}
    for word, head, relation in arcs:
        found = words[word]
        head_text = sentence.words[found.head - 1].text if found.head else None
        assert (head_text, found.deprel) == (head, relation), word


@pytest.mark.pipeline
def test_bundled_pipeline_keeps_its_one_word(parser) -> None:
    """The tokenizer of the licensed models expands this "its" into "it" + "s"; the pipeline
    joins it again before tagging (`attribution.tokens`), so it is read as a possessive."""
    (sentence,) = parser("“We cannot staff them safely,” its chair told reporters.").sentences
    its = next(w for w in sentence.words if w.text.lower().startswith("it"))
    assert (its.text, its.upos, its.deprel) == ("its", "PRON", "nmod:poss")
