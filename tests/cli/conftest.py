"""Fixtures for the command-line tests: a fake parser and a fake engine result."""

from __future__ import annotations

from typing import Any

import attribution.service.cli
import pytest
from stanza.models.common.doc import Document

import attribution
from attribution.model import (
    Attribution,
    AttributionType,
    Content,
    Cue,
    Mention,
    Result,
    Span,
    Speaker,
    SpeakerKind,
)

NAMED = "“We will win,” Ana Ruiz said. An aide said it was close. It was announced that it ended."


class FakeParser:
    """A Parser-like callable returning an empty Stanza Document; no model needed."""

    model_name = "fake-model"
    manifest: dict[str, Any] = {}

    def __call__(self, text: str) -> Document:
        """An empty parse of ``text``; the text "STOP" interrupts like Ctrl-C."""
        if text == "STOP":
            raise KeyboardInterrupt
        return Document([], text=text)


def named_result(text: str) -> Result:
    """Three attributions of `NAMED`: a named speaker, an anonymous one, and none."""
    quote = Attribution("a1", AttributionType.DIRECT, Content.of(text, [(0, 14)]),
                        Cue(Span.of(text, 24, 28), "say"), Mention(Span.of(text, 15, 23), "e1"),
                        None, 0.9, "quote", 0)
    aide = Attribution("a2", AttributionType.INDIRECT, Content.of(text, [(43, 55)]),
                       Cue(Span.of(text, 38, 42), "say"), Mention(Span.of(text, 30, 37), "e2"),
                       None, 0.7, "said-ccomp", 1)
    nobody = Attribution("a3", AttributionType.INDIRECT, Content.of(text, [(76, 87)]),
                         Cue(Span.of(text, 63, 72), "announce"), None, None, 0.6, "passive", 2)
    speakers = (
        Speaker("e1", "Ana Ruiz", SpeakerKind.PERSON, False, (Span.of(text, 15, 23),), ("a1",)),
        Speaker("e2", "An aide", SpeakerKind.PERSON, True, (Span.of(text, 30, 37),), ("a2",)),
    )
    return Result(text, (quote, aide, nobody), speakers)


@pytest.fixture(autouse=True)
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CLI test loads `FakeParser` instead of the real models."""
    monkeypatch.setattr(attribution.service.cli, "load_parser", lambda *a, **k: FakeParser())


@pytest.fixture
def named_engine(monkeypatch: pytest.MonkeyPatch) -> str:
    """Replace the engine with `named_result`; the text it is made for."""
    monkeypatch.setattr(attribution, "extract",
                        lambda text, parse, **kwargs: named_result(text))
    return NAMED


@pytest.fixture
def parser_class() -> type[FakeParser]:
    """The fake parser class."""
    return FakeParser
