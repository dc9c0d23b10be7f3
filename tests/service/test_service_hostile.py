"""Hostile and malformed requests are client errors in the JSON shape; every answer is hardened.

Issue 13: deep nesting, huge numbers, charsets that cannot decode, coerced types, a missing
``Allow``, HTML without a CSP, any ``Host`` accepted, no answer when the queue is full or a
text outlasts its budget.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from attribution.service import create_app
from attribution.service.guards import SECURITY_HEADERS
from flask.testing import FlaskClient
from stanza.models.common.doc import Document

from attribution import limits


@pytest.fixture
def client(fake_parser: Any) -> FlaskClient:
    """The app around the fake parser, with a body limit the hostile bodies fit under."""
    config = {"TESTING": True, "MAX_CONTENT_LENGTH": 100_000, "CHECK_LANGUAGE": False}
    return create_app(config, pipeline=fake_parser).test_client()


def post_raw(client: FlaskClient, body: str | bytes, content_type: str = "application/json"):
    """POST a raw body to /v1/attributions."""
    return client.post("/v1/attributions", data=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize("body", [
    "[" * 5000 + "]" * 5000,
    '{"text": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"text": ' + "9" * 5000 + "}",
    '{"text": "a b", "options": {"min_confidence": ' + "9" * 5000 + "}}",
], ids=["deep-array", "deep-in-field", "huge-integer", "huge-option"])
def test_unreadable_json_is_400(client: FlaskClient, body: str) -> None:
    """JSON too deep or numbers too long to read are the client's error, in the JSON shape."""
    response = post_raw(client, body)
    assert response.status_code == 400
    assert response.get_json()["code"] == 400


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "base64", "no-such"])
def test_charsets_that_cannot_decode_are_400(client: FlaskClient, charset: str) -> None:
    """A text/plain body in a codec that fails, is not text or does not exist: 400."""
    response = post_raw(client, "héllo wörld".encode(), f"text/plain; charset={charset}")
    assert response.status_code == 400
    assert charset in response.get_json()["message"]


@pytest.mark.parametrize("options", [
    {"resolve_speakers": 0}, {"resolve_speakers": "yes"}, {"resolve_speakers": None},
    {"min_confidence": "0.5"}, {"min_confidence": True}, {"min_confidence": 1e308 * 10},
], ids=["bool-0", "bool-yes", "bool-null", "float-string", "float-bool", "float-inf"])
def test_option_types_are_strict(client: FlaskClient, options: dict[str, Any]) -> None:
    """Booleans must be JSON booleans and confidences JSON numbers: no coercion, 422."""
    response = client.post("/v1/attributions", json={"text": "It works.", "options": options})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]["json"]["options"]) == list(options)


def test_real_booleans_and_numbers_are_accepted(client: FlaskClient) -> None:
    """The strict fields still take what the spec says."""
    options = {"resolve_speakers": False, "min_confidence": 1}
    response = client.post("/v1/attributions", json={"text": "It works.", "options": options})
    assert response.status_code == 200


def test_method_not_allowed_lists_the_allowed_methods(client: FlaskClient) -> None:
    """RFC 9110: a 405 carries Allow."""
    response = client.get("/v1/attributions")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.get_json()["code"] == 405


@pytest.mark.parametrize("path", ["/", "/static/index.html", "/docs", "/healthz",
                                  "/openapi.json", "/no-such-page"])
def test_every_answer_has_the_security_headers(client: FlaskClient, path: str) -> None:
    """nosniff, no referrer, no framing everywhere; a CSP on every HTML page."""
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    if response.mimetype == "text/html":
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_review_page_served_from_static_has_its_strict_policy(client: FlaskClient) -> None:
    """/static/index.html is the review page: no inline script allowed there either."""
    policy = client.get("/static/index.html").headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy


def test_hosts_outside_the_allow_list_are_refused(fake_parser: Any) -> None:
    """TRUSTED_HOSTS (ATTRIBUTION_TRUSTED_HOSTS) set: another Host is a 400 naming it."""
    app = create_app({"TESTING": True, "TRUSTED_HOSTS": ["localhost"]}, pipeline=fake_parser)
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 200
    refused = client.get("/healthz", headers={"Host": "rebind.example"})
    assert refused.status_code == 400
    assert "rebind.example" in refused.get_json()["message"]


class BlockingParser:
    """Parses only when released, so a test can hold the pipeline busy."""

    model_name = "blocking"
    manifest: dict[str, str] = {}

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()

    def __call__(self, text: str) -> Document:
        """Wait for `release`, then return an empty parse."""
        self.started.set()
        self.release.wait(30)
        return Document([], text=text)


def test_a_full_queue_answers_503_with_retry_after() -> None:
    """MAX_QUEUE 0: while one text parses, the next request is refused at once."""
    parser = BlockingParser()
    app = create_app({"TESTING": True, "MAX_QUEUE": 0, "RETRY_AFTER": 7,
                      "CHECK_LANGUAGE": False}, pipeline=parser)
    first: list[int] = []
    worker = threading.Thread(target=lambda: first.append(app.test_client().post(
        "/v1/attributions", json={"text": "one"}).status_code))
    worker.start()
    try:
        assert parser.started.wait(30)
        refused = app.test_client().post("/v1/attributions", json={"text": "two"})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "7"
        assert app.test_client().get("/readyz").status_code == 200
    finally:
        parser.release.set()
        worker.join(30)
    assert first == [200]


class OverBudgetParser:
    """A parser that has used up the request's time budget when it returns."""

    model_name = "over-budget"
    manifest: dict[str, str] = {}

    def __call__(self, text: str) -> Document:
        """Check the deadline the way the real parser does between stages."""
        threading.Event().wait(0.01)
        limits.check_deadline()
        return Document([], text=text)


def test_a_text_over_its_time_budget_answers_503() -> None:
    """The budget runs out: a JSON 503 saying so, and the worker is free again."""
    app = create_app({"TESTING": True, "TIME_BUDGET": 0.001, "CHECK_LANGUAGE": False},
                     pipeline=OverBudgetParser())
    response = app.test_client().post("/v1/attributions", json={"text": "It works."})
    assert response.status_code == 503
    assert "time budget" in response.get_json()["message"]
    assert app.test_client().get("/healthz").status_code == 200


def test_batch_ids_are_counted_not_compared_pairwise(client: FlaskClient) -> None:
    """Repeated ids are named once each, whatever their number."""
    documents = [{"id": "a", "text": "x"}] * 3 + [{"id": "b", "text": "y"}] * 2
    response = client.post("/v1/attributions/batch", json={"documents": documents})
    assert response.status_code == 422
    assert "['a', 'b']" in str(response.get_json()["errors"])
