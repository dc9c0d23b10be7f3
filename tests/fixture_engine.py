"""The engine on a hand-checked CoNLL-U fixture, with only the learned models a test names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attribution.extract import extract_document
from attribution.model import Result
from attribution.parse import from_conllu

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conllu"


def extract_fixture(fixture: str, text: str, *, cue_model: Any = None,
                    argument_model: Any = None) -> Result:
    """Attributions in ``text`` parsed as ``fixture`` says, uncalibrated, with no learned
    model unless one is passed (so rows do not change when a bundled model is retrained)."""
    conllu = (FIXTURES / f"{fixture}.conllu").read_text(encoding="utf-8")
    return extract_document(text, from_conllu(conllu, text), cue_model=cue_model,
                            calibrator=None, argument_model=argument_model)
