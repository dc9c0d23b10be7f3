"""Offsets index the exact input string, whatever it holds (CRLF, control characters, emoji).

The engine is replaced by `canned_result`, whose spans cut the text in two halves, so these
tests check that the service neither changes the text nor the offsets on the way through.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

TEXTS = [
    ("crlf", "The mayor said:\r\n\r\n“We will open it.”\r\nShe left."),
    ("lone cr", "First line.\rSecond line, said Ana."),
    ("control characters", "He said\x00 that\x07 the\x1b[31m vote\x0b\x0c was close."),
    ("emoji and astral", "“Great 👍🏽 news,” wrote 𝒜na on X. 🇫🇷 flags follow."),
    ("combining marks", "Zoe\u0301 said the cafe\u0301 would close. Ne\u0303o agreed."),
    ("right to left", "The envoy said \u202eevil\u202c things in عربى and עברית."),
    ("zero width", "He\u200b said\u200d it\ufeff was fine."),
    ("lone surrogate", "A broken \ud800 character, said the editor."),
]


def check_offsets(text: str, body: dict[str, Any]) -> None:
    """Every span in the answer cuts its own text out of ``text``."""
    assert body["meta"]["characters"] == len(text)
    for item in body["attributions"]:
        content = item["content"]
        assert text[content["start"]:content["end"]] == content["text"]
        for start, end in content["spans"]:
            assert 0 <= start <= end <= len(text)
        for part in ("cue", "speaker", "addressee"):
            if item[part]:
                assert text[item[part]["start"]:item[part]["end"]] == item[part]["text"]
    for speaker in body["speakers"]:
        for mention in speaker["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_json_offsets_index_exact_input(client: FlaskClient, canned: Any, name: str,
                                        text: str) -> None:
    """A JSON body keeps the text as sent, and the offsets index it."""
    response = client.post("/v1/attributions", json={"text": text})
    assert response.status_code == 200
    check_offsets(text, response.get_json())


@pytest.mark.parametrize(("name", "text"), TEXTS[:-1], ids=[name for name, _ in TEXTS[:-1]])
def test_plain_text_offsets_index_exact_input(client: FlaskClient, canned: Any, fake_parser: Any,
                                              name: str, text: str) -> None:
    """A text/plain body reaches the engine byte for byte decoded (CRLF is not normalised)."""
    response = client.post("/v1/attributions", data=text.encode("utf-8"),
                           content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    assert fake_parser.calls == [text]
    check_offsets(text, response.get_json())


@pytest.mark.pipeline
def test_real_pipeline_takes_any_input(parser: Any) -> None:
    """The real pipeline answers 200 with consistent offsets for every odd text, never 500."""
    from attribution.service import create_app

    client = create_app({"TESTING": True}, pipeline=parser).test_client()
    text = "\n".join(text for _, text in TEXTS)
    response = client.post("/v1/attributions", json={"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    check_offsets(text, response.get_json())
