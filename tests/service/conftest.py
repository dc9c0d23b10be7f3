"""Fixtures for the service tests: a fake parser, the app around it, its test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from attribution.service import create_app
from flask import Flask
from flask.testing import FlaskClient
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


class FakeParser:
    """A Parser-like callable: an empty Stanza Document of the text, no model needed."""

    model_name = "fake-model"
    manifest = {"name": "fake-model", "treebank": "none"}

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, text: str) -> Document:
        """Record the text and return an empty parse of it."""
        self.calls.append(text)
        return Document([], text=text)


def canned_result(text: str) -> Result:
    """Two attributions over the first and second halves of ``text``, one speaker each."""
    half = len(text) // 2
    first = Attribution(
        "a1", AttributionType.DIRECT, Content.of(text, [(0, half)]), None,
        Mention(Span.of(text, 0, 1), "e1"), None, 0.9, "quote", 0,
    )
    second = Attribution(
        "a2", AttributionType.INDIRECT, Content.of(text, [(half, len(text))]),
        Cue(Span.of(text, half, half + 1), "say"), None, Mention(Span.of(text, 0, 1), None),
        0.4, "said-ccomp", 1, nested_in="a1",
    )
    speaker = Speaker("e1", "Ana Ruiz", SpeakerKind.PERSON, False,
                      (Span.of(text, 0, 1),), ("a1",))
    return Result(text, (first, second), (speaker,))


@pytest.fixture
def make_result() -> Callable[[str], Result]:
    """`canned_result`, for tests that build records without the engine."""
    return canned_result


@pytest.fixture
def fake_parser() -> FakeParser:
    """A fresh fake parser."""
    return FakeParser()


@pytest.fixture
def app(fake_parser: FakeParser) -> Flask:
    """The real app with the fake parser injected and small limits."""
    config = {"TESTING": True, "MAX_TEXT_CHARS": 500, "MAX_CONTENT_LENGTH": 2000,
              "MAX_BATCH_DOCUMENTS": 3}
    return create_app(config, pipeline=fake_parser)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def canned(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Result]]:
    """Replace the engine with `canned_result` (the service calls ``attribution.extract``)."""

    def fake_extract(text: str, parse: Any, *, resolve_speakers: bool = True,
                     rules_only: bool = False) -> Result:
        parse(text)
        return canned_result(text)

    monkeypatch.setattr(attribution, "extract", fake_extract)
    yield canned_result
