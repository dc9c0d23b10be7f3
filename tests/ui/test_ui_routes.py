"""The review page's routes through the Flask test client: the page, its assets, /v1/render.

The engine is replaced by a fake ``extract`` returning a hand-built result, so these tests
check the web layer only; the app is the real `create_app` with an injected dummy parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from attribution.service import create_app
from flask import Flask
from flask.testing import FlaskClient

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

TEXT = 'An aide said "<script>alert(1)</script> is fine".'


def fake_result(text: str) -> Result:
    """One direct quote by an anonymous aide when the text is `TEXT`; nothing otherwise."""
    if text != TEXT:
        return Result(text, (), ())
    start = text.index('"')
    quote = Attribution(
        "a1", AttributionType.DIRECT, Content.of(text, [(start, len(text) - 1)]),
        Cue(Span.of(text, 8, 12), "say"), Mention(Span.of(text, 0, 7), "e1"), None,
        0.9, "say-ccomp", 0,
    )
    aide = Speaker("e1", "An aide", SpeakerKind.PERSON, True, (Span.of(text, 0, 7),), ("a1",))
    return Result(text, (quote,), (aide,))


def fake_extract(text: str, parse: Any, *, resolve_speakers: bool = True,
                 rules_only: bool = False) -> Result:
    """Stands in for `attribution.extract`."""
    return fake_result(text)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The real app with a dummy parser and the fake engine."""
    monkeypatch.setattr(attribution, "extract", fake_extract)
    yield create_app({"LOAD_PIPELINE": "never", "CHECK_LANGUAGE": False, "TESTING": True},
                     pipeline=lambda text: None)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


def test_page_is_served_with_a_strict_policy(client: FlaskClient) -> None:
    """GET / answers the page, which loads only its own script and style sheet."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = response.get_data(as_text=True)
    assert 'src="ui/review.js"' in page and 'href="ui/review.css"' in page
    assert "http://" not in page and "https://" not in page


@pytest.mark.parametrize(("path", "mimetype"), [
    ("/ui/review.js", "text/javascript"),
    ("/ui/highlight.js", "text/javascript"),
    ("/ui/exports.js", "text/javascript"),
    ("/ui/review.css", "text/css"),
])
def test_assets_are_served_from_the_package(client: FlaskClient, path: str,
                                            mimetype: str) -> None:
    """Script and style sheet come from the package and reach nothing outside it."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    source = response.get_data(as_text=True)
    assert "://" not in source and "@import" not in source
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source


@pytest.mark.parametrize("body", [
    {"json": {"text": TEXT}},
    {"data": TEXT.encode(), "content_type": "text/plain; charset=utf-8"},
])
def test_render_answers_an_escaped_highlighted_document(client: FlaskClient,
                                                        body: dict[str, Any]) -> None:
    """POST /v1/render (JSON or plain text) answers HTML with the quote highlighted."""
    response = client.post("/v1/render", **body)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    document = response.get_data(as_text=True)
    assert 'data-attr="a1" data-role="content"' in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<script" not in document


def test_render_applies_the_request_options(client: FlaskClient) -> None:
    """Options are the service's: a minimum confidence above the quote's drops it."""
    response = client.post("/v1/render", json={"text": TEXT, "options": {"min_confidence": 0.95}})
    assert response.status_code == 200
    assert 'data-attr="a1"' not in response.get_data(as_text=True)


@pytest.mark.parametrize(("body", "status"), [
    ({"json": {"text": "   "}}, 422),
    ({"json": {"text": TEXT, "options": {"colour": "red"}}}, 422),
    ({"json": {"words": TEXT}}, 422),
    ({"data": "<xml/>", "content_type": "application/xml"}, 415),
    ({"data": b"{not json", "content_type": "application/json"}, 400),
    ({"data": b"\xff\xfe\xfa", "content_type": "text/plain; charset=utf-8"}, 400),
])
def test_render_errors_use_the_service_error_shape(client: FlaskClient, body: dict[str, Any],
                                                   status: int) -> None:
    """Bad requests answer the service's JSON error with a message in words."""
    response = client.post("/v1/render", **body)
    assert response.status_code == status
    assert response.is_json
    assert response.json["code"] == status
    assert response.json["message"]


def test_render_without_models_is_503() -> None:
    """With no pipeline loaded, /v1/render says so like /v1/attributions does."""
    client = create_app({"LOAD_PIPELINE": "never", "TESTING": True}).test_client()
    response = client.post("/v1/render", json={"text": "She said it works."})
    assert response.status_code == 503
    assert "loaded" in response.json["message"]


def test_text_over_the_limit_is_413(app: Flask) -> None:
    """The service's text limit applies to /v1/render too."""
    app.config["MAX_TEXT_CHARS"] = 10
    response = app.test_client().post("/v1/render", json={"text": TEXT})
    assert response.status_code == 413
    assert "limit" in response.json["message"]
