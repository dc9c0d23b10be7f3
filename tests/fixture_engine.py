"""The engine on a hand-checked CoNLL-U fixture, with only the learned models a test names."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from attribution.extract import extract_document
from attribution.model import Attribution, Result
from attribution.parse import from_conllu

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conllu"


class Expect(NamedTuple):
    """One expected attribution: what a reviewer would check first."""

    rule: str
    content: tuple[str, ...]
    cue: str | None
    speaker: str | None
    addressee: str | None = None
    type: str = "indirect"
    nested_in: str | None = None


def summary(attribution: Attribution) -> Expect:
    """The `Expect` view of an attribution the engine returned."""
    return Expect(
        attribution.rule,
        tuple(span.text for span in attribution.content.spans),
        attribution.cue.span.text if attribution.cue else None,
        attribution.speaker.span.text if attribution.speaker else None,
        attribution.addressee.span.text if attribution.addressee else None,
        attribution.type.value,
        attribution.nested_in,
    )


def extract_fixture(fixture: str, text: str, *, cue_model: Any = None,
                    argument_model: Any = None) -> Result:
    """Attributions in ``text`` parsed as ``fixture`` says, uncalibrated, with no learned
    model unless one is passed (so rows do not change when a bundled model is retrained)."""
    conllu = (FIXTURES / f"{fixture}.conllu").read_text(encoding="utf-8")
    return extract_document(text, from_conllu(conllu, text), cue_model=cue_model,
                            calibrator=None, argument_model=argument_model)
