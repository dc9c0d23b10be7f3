"""Every endpoint and every error status through the Flask test client, as tables.

Each case is a request and the status it must get; every answer, success or error, is JSON,
and every error has the one shape ``{"code", "status", "message"[, "errors"]}``.
"""

from __future__ import annotations

from typing import Any

import pytest
from attribution.service import create_app
from flask import Flask
from flask.testing import FlaskClient

ARTICLE = "The minister said on Tuesday that the bridge would open in May."
FRENCH = ("Le ministre a déclaré mardi que le nouveau pont ouvrirait au printemps prochain, "
          "mais les ingénieurs ont averti que le budget avait déjà doublé et que des retards "
          "étaient probables selon eux.")

CASES: list[tuple[str, str, str, dict[str, Any], int]] = [
    # (name, method, path, request kwargs, status)
    ("json body", "POST", "/v1/attributions", {"json": {"text": ARTICLE}}, 200),
    ("plain body", "POST", "/v1/attributions",
     {"data": ARTICLE, "content_type": "text/plain"}, 200),
    ("plain latin-1", "POST", "/v1/attributions",
     {"data": "Café owners said so.".encode("latin-1"),
      "content_type": "text/plain; charset=latin-1"}, 200),
    ("all options", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"types": ["direct"], "min_confidence": 0.5,
                                            "resolve_speakers": False}}}, 200),
    ("batch", "POST", "/v1/attributions/batch",
     {"json": {"documents": [{"id": "1", "text": ARTICLE}]}}, 200),
    ("health", "GET", "/healthz", {}, 200),
    ("ready", "GET", "/readyz", {}, 200),
    ("version", "GET", "/version", {}, 200),
    ("openapi", "GET", "/openapi.json", {}, 200),
    # 400: malformed JSON, undecodable bytes
    ("malformed json", "POST", "/v1/attributions",
     {"data": '{"text": ', "content_type": "application/json"}, 400),
    ("json bad utf-8", "POST", "/v1/attributions",
     {"data": b'{"text": "\xff\xfe"}', "content_type": "application/json"}, 400),
    ("plain bad utf-8", "POST", "/v1/attributions",
     {"data": b"caf\xe9 said", "content_type": "text/plain"}, 400),
    ("unknown charset", "POST", "/v1/attributions",
     {"data": "x", "content_type": "text/plain; charset=no-such"}, 400),
    # 413: body over MAX_CONTENT_LENGTH, text over MAX_TEXT_CHARS, too many documents
    ("body too large", "POST", "/v1/attributions",
     {"data": "word " * 1000, "content_type": "text/plain"}, 413),
    ("text too long", "POST", "/v1/attributions", {"json": {"text": "a " * 300}}, 413),
    ("too many documents", "POST", "/v1/attributions/batch",
     {"json": {"documents": [{"id": str(i), "text": "Hi."} for i in range(4)]}}, 413),
    # 415: content types
    ("xml", "POST", "/v1/attributions", {"data": "<a/>", "content_type": "application/xml"}, 415),
    ("form", "POST", "/v1/attributions", {"data": {"text": ARTICLE}}, 415),
    ("no content type", "POST", "/v1/attributions", {"data": b"text"}, 415),
    ("batch as plain", "POST", "/v1/attributions/batch",
     {"data": ARTICLE, "content_type": "text/plain"}, 415),
    # 422: validation
    ("empty text", "POST", "/v1/attributions", {"json": {"text": ""}}, 422),
    ("blank text", "POST", "/v1/attributions", {"json": {"text": " \r\n\t "}}, 422),
    ("blank plain", "POST", "/v1/attributions", {"data": "  \n", "content_type": "text/plain"},
     422),
    ("no text", "POST", "/v1/attributions", {"json": {}}, 422),
    ("text not a string", "POST", "/v1/attributions", {"json": {"text": 42}}, 422),
    ("body not an object", "POST", "/v1/attributions", {"json": ["text"]}, 422),
    ("unknown top field", "POST", "/v1/attributions", {"json": {"text": ARTICLE, "x": 1}}, 422),
    ("unknown option", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"language": "fr"}}}, 422),
    ("bad type name", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"types": ["quote"]}}}, 422),
    ("empty types", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"types": []}}}, 422),
    ("confidence > 1", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"min_confidence": 1.5}}}, 422),
    ("confidence bool", "POST", "/v1/attributions",
     {"json": {"text": ARTICLE, "options": {"min_confidence": True}}}, 422),
    ("not english", "POST", "/v1/attributions", {"json": {"text": FRENCH}}, 422),
    ("batch no documents", "POST", "/v1/attributions/batch", {"json": {"documents": []}}, 422),
    ("batch repeated id", "POST", "/v1/attributions/batch",
     {"json": {"documents": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}}, 422),
    ("batch doc without id", "POST", "/v1/attributions/batch",
     {"json": {"documents": [{"text": "x"}]}}, 422),
    # 404, 405
    ("unknown path", "GET", "/v2/attributions", {}, 404),
    ("wrong method", "GET", "/v1/attributions", {}, 405),
    ("delete health", "DELETE", "/healthz", {}, 405),
]


@pytest.mark.parametrize(("name", "method", "path", "kwargs", "status"), CASES,
                         ids=[case[0] for case in CASES])
def test_status_and_json_shape(client: FlaskClient, name: str, method: str, path: str,
                               kwargs: dict[str, Any], status: int) -> None:
    """Each request gets its status, as JSON; errors carry code, status name and message."""
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body is not None
    if status >= 400:
        assert body["code"] == status
        assert set(body) <= {"code", "status", "message", "errors"}
        assert body["status"] and body["message"]


def test_attribution_answer_shape(client: FlaskClient, canned: Any) -> None:
    """The answer holds attributions and speakers in issue 3's shape, and meta."""
    body = client.post("/v1/attributions", json={"text": ARTICLE}).get_json()
    first = body["attributions"][0]
    assert list(first) == ["id", "type", "content", "cue", "speaker", "addressee",
                           "confidence", "rule", "sentence", "nested_in"]
    assert first["content"]["spans"] == [[first["content"]["start"], first["content"]["end"]]]
    assert body["speakers"][0]["mentions"] == [{"text": "T", "start": 0, "end": 1}]
    assert body["meta"]["model"] == "fake-model"
    assert body["meta"]["characters"] == len(ARTICLE)
    assert body["meta"]["elapsed_ms"] >= 0


@pytest.mark.parametrize(("options", "ids", "speaker_ids"), [
    ({}, ["a1", "a2"], ["a1"]),
    ({"types": ["direct"]}, ["a1"], ["a1"]),
    ({"types": ["indirect", "mixed"]}, ["a2"], []),
    ({"min_confidence": 0.5}, ["a1"], ["a1"]),
    ({"min_confidence": 0.95}, [], []),
    ({"types": ["indirect"], "min_confidence": 0.5}, [], []),
])
def test_options_filter(client: FlaskClient, canned: Any, options: dict[str, Any],
                        ids: list[str], speaker_ids: list[str]) -> None:
    """Types and min_confidence keep only matching attributions; speakers list only those."""
    body = client.post("/v1/attributions", json={"text": ARTICLE, "options": options}).get_json()
    assert [a["id"] for a in body["attributions"]] == ids
    assert body["speakers"][0]["attributions"] == speaker_ids


def test_batch_keeps_order_and_isolates_errors(client: FlaskClient) -> None:
    """One item per document, in order, each with its id; a bad document fails alone."""
    documents = [{"id": "ok", "text": ARTICLE}, {"id": "blank", "text": "  "},
                 {"id": "long", "text": "a " * 300}]
    body = client.post("/v1/attributions/batch", json={"documents": documents}).get_json()
    assert [item["id"] for item in body["results"]] == ["ok", "blank", "long"]
    assert "attributions" in body["results"][0]
    assert [item.get("error", {}).get("code") for item in body["results"]] == [None, 422, 413]


def test_version_reports_manifest(client: FlaskClient) -> None:
    """/version gives the package version and the model manifest."""
    body = client.get("/version").get_json()
    assert body["version"] == "0.1.0"
    assert body["model"]["manifest"] == {"name": "fake-model", "treebank": "none"}


def test_not_loaded_is_503() -> None:
    """Without models, /readyz and the attribution endpoints answer 503; /healthz stays 200."""
    client = create_app({"LOAD_PIPELINE": "never"}).test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/version").get_json()["model"] is None
    for response in (client.get("/readyz"),
                     client.post("/v1/attributions", json={"text": ARTICLE}),
                     client.post("/v1/attributions/batch",
                                 json={"documents": [{"id": "1", "text": ARTICLE}]})):
        assert response.status_code == 503
        assert "Retry" in response.get_json()["message"]


def test_failed_load_is_503_and_the_reason_only_in_the_log(tmp_path: Any, caplog: Any) -> None:
    """A model directory that does not work leaves the app up (unless served: see wsgi.py),
    answering 503; where it looked is a server path, so it is logged, not told to clients."""
    client = create_app({"MODEL_DIR": str(tmp_path / "missing")}).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "could not be loaded" in response.get_json()["message"]
    assert str(tmp_path) not in response.get_data(as_text=True)
    assert str(tmp_path / "missing") in caplog.text


def test_unexpected_error_is_json_500(app: Flask, fake_parser: Any) -> None:
    """A crash inside the pipeline gives a logged 500 in the JSON shape, without internals."""
    def crash(text: str) -> None:
        raise RuntimeError("secret internals")

    app.extensions["attribution"].parser = crash
    response = app.test_client().post("/v1/attributions", json={"text": ARTICLE})
    assert response.status_code == 500
    assert response.get_json()["code"] == 500
    assert "secret" not in response.get_data(as_text=True)
    batch = app.test_client().post("/v1/attributions/batch",
                                   json={"documents": [{"id": "x", "text": ARTICLE}]})
    assert batch.status_code == 200
    assert batch.get_json()["results"][0]["error"]["code"] == 500


def test_bad_load_mode_is_refused() -> None:
    """An unknown LOAD_PIPELINE value fails at start, naming the allowed ones."""
    with pytest.raises(ValueError, match="eager"):
        create_app({"LOAD_PIPELINE": "lazy"})


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """ATTRIBUTION_* variables are read as JSON into the config; the config argument wins."""
    monkeypatch.setenv("ATTRIBUTION_MAX_TEXT_CHARS", "123")
    monkeypatch.setenv("ATTRIBUTION_CHECK_LANGUAGE", "false")
    app = create_app({"LOAD_PIPELINE": "never", "MAX_BATCH_DOCUMENTS": 7})
    assert (app.config["MAX_TEXT_CHARS"], app.config["CHECK_LANGUAGE"]) == (123, False)
    assert app.config["MAX_BATCH_DOCUMENTS"] == 7


@pytest.mark.parametrize("most", [7, 32])
def test_openapi_states_the_batch_limit(most: int) -> None:
    """The document says how many documents a batch may hold (``maxItems``), as configured:
    a batch the spec allows is never answered 413 for its size."""
    app = create_app({"LOAD_PIPELINE": "never", "MAX_BATCH_DOCUMENTS": most})
    spec = app.test_client().get("/openapi.json").get_json()
    documents = spec["components"]["schemas"]["BatchRequest"]["properties"]["documents"]
    assert (documents["minItems"], documents["maxItems"]) == (1, most)
